using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Algorithms;

/// <summary>
/// Builds a <see cref="CsrGraph"/> from an undirected edge list. Duplicate edges (in either direction) are
/// merged by summing their weights; every edge is stored in both directions, a self-loop once; each
/// neighbour list is sorted by target id, so the same edges in any order give the same arrays.
/// </summary>
/// <remarks>
/// Building takes O(n + m log d) time (a counting sort by source, then a sort of each neighbour list of
/// length d) and holds the edge list plus the CSR arrays: about 28 bytes per undirected edge at the peak.
/// </remarks>
public sealed class CsrGraphBuilder
{
    private int[] _sources;
    private int[] _targets;
    private float[] _weights;
    private int _count;
    private int _nodeCount;

    /// <param name="nodeCount">Nodes known in advance (isolated nodes included); grows with the edges.</param>
    /// <param name="edgeCapacity">Expected number of edges, to avoid regrowing the buffers.</param>
    public CsrGraphBuilder(int nodeCount = 0, int edgeCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(edgeCapacity);
        _nodeCount = nodeCount;
        int capacity = Math.Max(edgeCapacity, 16);
        _sources = new int[capacity];
        _targets = new int[capacity];
        _weights = new float[capacity];
    }

    /// <summary>Nodes of the graph to be built: the largest id seen plus one, or more if declared.</summary>
    public int NodeCount => _nodeCount;

    /// <summary>Edges added so far, duplicates not yet merged.</summary>
    public int EdgeCount => _count;

    /// <summary>Makes sure nodes 0..<paramref name="nodeCount"/>-1 exist, even without edges.</summary>
    public void EnsureNodeCount(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        if (nodeCount > _nodeCount) _nodeCount = nodeCount;
    }

    /// <summary>Adds the undirected edge {u, v}; u == v is a self-loop.</summary>
    public void AddEdge(int u, int v, float weight = 1f)
    {
        if (u < 0 || v < 0) ThrowHelper.EdgeOutOfRange(_count, u, v, int.MaxValue);
        if (!(weight > 0f) || float.IsPositiveInfinity(weight)) ThrowHelper.BadWeight(_count, weight);
        if (_count == _sources.Length) Grow();
        _sources[_count] = u;
        _targets[_count] = v;
        _weights[_count] = weight;
        _count++;
        int max = u > v ? u : v;
        if (max >= _nodeCount) _nodeCount = max + 1;
    }

    private void Grow()
    {
        int capacity = (int)Math.Min((long)_sources.Length * 2, Array.MaxLength);
        if (capacity == _sources.Length) throw new InvalidOperationException("The edge list is too large for one CSR graph.");
        Array.Resize(ref _sources, capacity);
        Array.Resize(ref _targets, capacity);
        Array.Resize(ref _weights, capacity);
    }

    /// <summary>Builds the graph. The builder can be reused (more edges added, built again).</summary>
    public CsrGraph Build() =>
        FromEdges(_nodeCount, _sources.AsSpan(0, _count), _targets.AsSpan(0, _count), _weights.AsSpan(0, _count));

    /// <summary>
    /// Builds a graph from parallel arrays of edge endpoints and weights (an empty <paramref name="weights"/>
    /// means weight 1 for every edge).
    /// </summary>
    public static CsrGraph FromEdges(int nodeCount, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        if (sources.Length != targets.Length)
            throw new ArgumentException("Sources and targets must have the same length.", nameof(targets));
        bool unitWeights = weights.IsEmpty;
        if (!unitWeights && weights.Length != sources.Length)
            throw new ArgumentException("Weights must be empty (all 1) or have one entry per edge.", nameof(weights));

        int m = sources.Length;
        var offsets = new int[nodeCount + 1];
        long arcs = 0;
        for (int i = 0; i < m; i++)
        {
            int u = sources[i], v = targets[i];
            if ((uint)u >= (uint)nodeCount || (uint)v >= (uint)nodeCount) ThrowHelper.EdgeOutOfRange(i, u, v, nodeCount);
            if (!unitWeights)
            {
                float w = weights[i];
                if (!(w > 0f) || float.IsPositiveInfinity(w)) ThrowHelper.BadWeight(i, w);
            }
            offsets[u + 1]++;
            if (u != v) offsets[v + 1]++;
            arcs += u != v ? 2 : 1;
        }
        if (arcs > Array.MaxLength) throw new ArgumentException($"{m} edges need {arcs} arcs, more than one array can hold.", nameof(sources));

        for (int v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];

        var outTargets = new int[arcs];
        var outWeights = new float[arcs];
        var next = new int[nodeCount];
        Array.Copy(offsets, next, nodeCount);
        for (int i = 0; i < m; i++)
        {
            int u = sources[i], v = targets[i];
            float w = unitWeights ? 1f : weights[i];
            int p = next[u]++;
            outTargets[p] = v;
            outWeights[p] = w;
            if (u != v)
            {
                p = next[v]++;
                outTargets[p] = u;
                outWeights[p] = w;
            }
        }

        // Sort each neighbour list, then merge runs of equal targets in place; `write` trails `start`
        // once a duplicate has been seen, and `next` is reused to hold the new offsets.
        int write = 0;
        for (int v = 0; v < nodeCount; v++)
        {
            int start = offsets[v], end = offsets[v + 1];
            next[v] = write;
            if (end - start > 1 && !IsStrictlySorted(outTargets, start, end))
                Array.Sort(outTargets, outWeights, start, end - start);
            int i = start;
            while (i < end)
            {
                int t = outTargets[i];
                double w = outWeights[i];
                int j = i + 1;
                while (j < end && outTargets[j] == t) w += outWeights[j++];
                outTargets[write] = t;
                outWeights[write] = (float)w;
                write++;
                i = j;
            }
        }

        if (write == arcs) return new CsrGraph(offsets, outTargets, outWeights);

        Array.Copy(next, offsets, nodeCount);
        offsets[nodeCount] = write;
        Array.Resize(ref outTargets, write);
        Array.Resize(ref outWeights, write);
        return new CsrGraph(offsets, outTargets, outWeights);
    }

    private static bool IsStrictlySorted(int[] values, int start, int end)
    {
        for (int i = start + 1; i < end; i++)
            if (values[i - 1] >= values[i]) return false;
        return true;
    }
}
