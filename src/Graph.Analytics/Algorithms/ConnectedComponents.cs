using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Algorithms;

/// <summary>
/// Connected components of an undirected <see cref="CsrGraph"/> by union–find with path halving and union
/// by size (Tarjan 1975). Components are numbered in order of their smallest node id, so the numbering is
/// the same on every run and every machine.
/// </summary>
/// <remarks>
/// Time O(m α(n)), memory three arrays of n ints. Components bound the work of community detection:
/// no community crosses a component.
/// </remarks>
public sealed class ConnectedComponents
{
    private readonly CsrGraph _graph;
    private int[]? _membership;
    private int[]? _sizes;
    private int[]? _componentOffsets;
    private int[]? _nodesByComponent;

    public ConnectedComponents(CsrGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
    }

    /// <summary>Component id of each node, 0..<see cref="Count"/>-1; component 0 holds node 0.</summary>
    public int[] Membership => _membership ?? Fail<int[]>();

    /// <summary>Number of components (isolated nodes count as components of size 1).</summary>
    public int Count { get; private set; }

    /// <summary>Nodes per component, indexed by component id.</summary>
    public int[] Sizes => _sizes ?? Fail<int[]>();

    /// <summary>Size of the largest component (0 for an empty graph).</summary>
    public int LargestSize { get; private set; }

    /// <summary>
    /// The nodes of component c are <c>NodesByComponent[ComponentOffsets[c] .. ComponentOffsets[c+1])</c>,
    /// in increasing id order.
    /// </summary>
    public int[] ComponentOffsets => _componentOffsets ?? Fail<int[]>();

    /// <inheritdoc cref="ComponentOffsets"/>
    public int[] NodesByComponent => _nodesByComponent ?? Fail<int[]>();

    /// <summary>Nodes of component <paramref name="component"/>, in increasing id order.</summary>
    public ReadOnlySpan<int> NodesOf(int component)
    {
        var offsets = ComponentOffsets;
        return NodesByComponent.AsSpan(offsets[component], offsets[component + 1] - offsets[component]);
    }

    public void Run(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int n = _graph.NodeCount;
        int[] offsets = _graph.Offsets, targets = _graph.Targets;
        var parent = new int[n];
        var size = new int[n];
        for (int v = 0; v < n; v++)
        {
            parent[v] = v;
            size[v] = 1;
        }

        for (int v = 0; v < n; v++)
        {
            if ((v & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            int rv = Find(parent, v);
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
            {
                int u = targets[a];
                // Each undirected edge is stored twice; one direction is enough.
                if (u <= v) continue;
                int ru = Find(parent, u);
                if (ru == rv) continue;
                if (size[ru] > size[rv]) (ru, rv) = (rv, ru);
                parent[ru] = rv;
                size[rv] += size[ru];
            }
        }

        // Number the roots by first appearance in id order; `size` is reused as the root → component map.
        var membership = new int[n];
        Array.Fill(size, -1);
        int count = 0;
        for (int v = 0; v < n; v++)
        {
            int r = Find(parent, v);
            if (size[r] < 0) size[r] = count++;
            membership[v] = size[r];
        }

        var sizes = new int[count];
        for (int v = 0; v < n; v++) sizes[membership[v]]++;
        var componentOffsets = new int[count + 1];
        int largest = 0;
        for (int c = 0; c < count; c++)
        {
            componentOffsets[c + 1] = componentOffsets[c] + sizes[c];
            if (sizes[c] > largest) largest = sizes[c];
        }
        var nodes = new int[n];
        var next = parent; // no longer needed as a forest
        Array.Copy(componentOffsets, next, count);
        for (int v = 0; v < n; v++) nodes[next[membership[v]]++] = v;

        _membership = membership;
        _sizes = sizes;
        _componentOffsets = componentOffsets;
        _nodesByComponent = nodes;
        Count = count;
        LargestSize = largest;
    }

    private static int Find(int[] parent, int v)
    {
        while (parent[v] != v)
        {
            // Path halving: every other node on the path skips to its grandparent.
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    private static T Fail<T>()
    {
        ThrowHelper.NotRun(nameof(ConnectedComponents));
        return default!;
    }
}
