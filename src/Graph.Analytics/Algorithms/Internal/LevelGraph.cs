namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// One level of the multilevel optimizers: CSR arrays (self-loop arcs may be present; the phases skip them;
/// the arc arrays may be longer than <c>Offsets[NodeCount]</c>) plus a weight per node. At level 0 the arrays are the caller's <see cref="CsrGraph"/> arrays, not a copy;
/// at higher levels a node is a set of level-0 nodes and its weight is their sum.
/// </summary>
/// <remarks>
/// The phases optimize the unified objective of Traag et al.: Σ_ij (A_ij − γ' n_i n_j) δ(c_i, c_j). With
/// n_i the strength and γ' = γ / 2m this is modularity; with n_i the node weight and γ' = γ it is CPM.
/// So the node weight is all a level needs to know about the objective.
/// </remarks>
internal sealed class LevelGraph
{
    public LevelGraph(int[] offsets, int[] targets, float[] weights, double[] nodeWeights)
    {
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        NodeWeights = nodeWeights;
        int max = 0;
        for (int v = 0; v < nodeWeights.Length; v++)
            max = Math.Max(max, offsets[v + 1] - offsets[v]);
        MaxDegree = max;
    }

    public int[] Offsets { get; }
    public int[] Targets { get; }
    public float[] Weights { get; }
    public double[] NodeWeights { get; }
    public int NodeCount => NodeWeights.Length;

    /// <summary>The most arcs of any node: what a node's list of neighbouring clusters can hold, its own cluster aside.</summary>
    public int MaxDegree { get; }
}
