namespace Graph.Analytics.Algorithms;

/// <summary>
/// An undirected weighted graph in compressed-sparse-row form. The neighbours of node <c>v</c> are
/// <c>Targets[Offsets[v] .. Offsets[v+1])</c> with weights at the same positions in <c>Weights</c>. Every
/// undirected edge {u, v} is stored twice (u→v and v→u); a self-loop once. Node ids are 0..NodeCount-1.
/// </summary>
public sealed class CsrGraph
{
    /// <summary>Length NodeCount + 1; <c>Offsets[0] == 0</c>, non-decreasing.</summary>
    public int[] Offsets { get; }

    /// <summary>Length <c>Offsets[NodeCount]</c>: the neighbour ids.</summary>
    public int[] Targets { get; }

    /// <summary>Same length as <see cref="Targets"/>: the edge weights (positive).</summary>
    public float[] Weights { get; }

    public int NodeCount => Offsets.Length - 1;

    /// <summary>Number of stored arcs (twice the undirected edges, plus self-loops once).</summary>
    public int ArcCount => Targets.Length;

    /// <exception cref="ArgumentException">The offsets do not start at 0, decrease, or do not end at the number of targets;
    /// or a target is not a node of the graph.</exception>
    public CsrGraph(int[] offsets, int[] targets, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        if (offsets.Length == 0) throw new ArgumentException("Offsets must hold NodeCount + 1 entries.", nameof(offsets));
        if (targets.Length != weights.Length) throw new ArgumentException("Targets and weights must have the same length.", nameof(weights));
        if (offsets[0] != 0) throw new ArgumentException($"The first offset must be 0, not {offsets[0]}.", nameof(offsets));
        if (offsets[^1] != targets.Length) throw new ArgumentException("The last offset must equal the number of targets.", nameof(offsets));
        // Checked once here (O(n + m), small beside building the arrays) so that the algorithms' unchecked loops
        // cannot read past a neighbour list or index a node that does not exist.
        for (int v = 0; v < offsets.Length - 1; v++)
            if (offsets[v + 1] < offsets[v])
                throw new ArgumentException($"Offsets must not decrease: node {v} starts at {offsets[v]} and ends at {offsets[v + 1]}.", nameof(offsets));
        int nodeCount = offsets.Length - 1;
        for (int i = 0; i < targets.Length; i++)
            if ((uint)targets[i] >= (uint)nodeCount)
                throw new ArgumentException($"Target {i} is node {targets[i]}, outside 0..{nodeCount - 1}.", nameof(targets));
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
    }

    public ReadOnlySpan<int> Neighbors(int v) => Targets.AsSpan(Offsets[v], Offsets[v + 1] - Offsets[v]);

    public ReadOnlySpan<float> NeighborWeights(int v) => Weights.AsSpan(Offsets[v], Offsets[v + 1] - Offsets[v]);

    public int Degree(int v) => Offsets[v + 1] - Offsets[v];
}
