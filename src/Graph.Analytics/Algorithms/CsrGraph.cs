using System.Diagnostics;

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

    public CsrGraph(int[] offsets, int[] targets, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        if (offsets.Length == 0) throw new ArgumentException("Offsets must hold NodeCount + 1 entries.", nameof(offsets));
        if (targets.Length != weights.Length) throw new ArgumentException("Targets and weights must have the same length.", nameof(weights));
        if (offsets[^1] != targets.Length) throw new ArgumentException("The last offset must equal the number of targets.", nameof(offsets));
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        Debug.Assert(offsets[0] == 0);
    }

    public ReadOnlySpan<int> Neighbors(int v) => Targets.AsSpan(Offsets[v], Offsets[v + 1] - Offsets[v]);

    public ReadOnlySpan<float> NeighborWeights(int v) => Weights.AsSpan(Offsets[v], Offsets[v + 1] - Offsets[v]);

    public int Degree(int v) => Offsets[v + 1] - Offsets[v];
}
