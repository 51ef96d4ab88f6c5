using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// One level of the multilevel optimizers: CSR arrays (self-loop arcs may be present; the phases skip them;
/// the arc arrays may be longer than <c>Offsets[NodeCount]</c>, the node arrays than <c>NodeCount</c>) plus a weight
/// per node. At level 0 the arrays are the
/// caller's <see cref="CsrGraph"/> arrays, not a copy; at higher levels a node is a set of level-0 nodes, its weight is
/// their sum, and an arc's weight sums many level-0 arcs (see <see cref="ArcWeights"/>).
/// </summary>
/// <remarks>
/// The phases optimize the unified objective of Traag et al.: Σ_ij (A_ij − γ' n_i n_j) δ(c_i, c_j). With
/// n_i the strength and γ' = γ / 2m this is modularity; with n_i the node weight and γ' = γ it is CPM.
/// So the node weight is all a level needs to know about the objective.
/// </remarks>
internal sealed class LevelGraph
{
    /// <param name="nodeCount">Nodes, when the arrays are longer (reused buffers); null: the node weights' length.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LevelGraph(int[] offsets, int[] targets, ArcWeights weights, double[] nodeWeights, int? nodeCount = null)
    {
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        NodeWeights = nodeWeights;
        NodeCount = nodeCount ?? nodeWeights.Length;
        int max = 0;
        for (int v = 0; v < NodeCount; v++)
            max = Math.Max(max, offsets[v + 1] - offsets[v]);
        MaxDegree = max;
        UnitNodeWeights = nodeWeights.AsSpan(0, NodeCount).IndexOfAnyExcept(1.0) < 0;
    }

    /// <summary>Level 0: the caller's graph as it is.</summary>
    public static LevelGraph Base(CsrGraph graph, double[] nodeWeights) => new(graph.Offsets, graph.Targets, new ArcWeights(graph.Weights), nodeWeights);

    public int[] Offsets { get; }
    public int[] Targets { get; }
    public ArcWeights Weights { get; }
    public double[] NodeWeights { get; }
    public int NodeCount { get; }

    /// <summary>The most arcs of any node: what a node's list of neighbouring clusters can hold, its own cluster aside.</summary>
    public int MaxDegree { get; }

    /// <summary>Every node weighs exactly 1 (level 0 under CPM without node weights): a cluster's weight is its size.</summary>
    public bool UnitNodeWeights { get; }
}

/// <summary>
/// The arc weights of a level: at level 0 the caller's float weights (not copied), at aggregated levels doubles. An
/// aggregated arc sums many level-0 arcs, up to millions on a large graph; igraph keeps them as doubles, and so does
/// this, so the small terms of a large sum are not lost; only sums that are whole numbers below 2^24 (an unweighted graph
/// of up to 16 million arcs, worked on in rounds) are kept in floats, which hold them exactly. Reading one is a branch
/// that goes the same way for a whole level.
/// </summary>
internal readonly struct ArcWeights
{
    private readonly float[]? _given;
    private readonly double[]? _summed;

    public ArcWeights(float[] given) => _given = given;

    public ArcWeights(double[] summed) => _summed = summed;

    /// <summary>
    /// The caller's weights at level 0, or an aggregated level's sums when they are whole numbers that floats hold exactly
    /// (see <c>PartitionWorkspace.ChooseArcSums</c>); null when the sums are doubles.
    /// </summary>
    public float[]? Given => _given;

    public double this[int arc]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _summed is { } summed ? summed[arc] : _given![arc];
    }
}
