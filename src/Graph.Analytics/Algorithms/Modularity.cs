using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms;

/// <summary>
/// Partition quality measures computed directly from their definitions. Deliberately independent of the
/// optimizers (no shared code with <see cref="Leiden"/> or <see cref="Louvain"/>), so tests can check the
/// quality an optimizer reports against it.
/// </summary>
/// <remarks>
/// Conventions: a self-loop of weight w (stored once in the CSR arrays) adds 2w to its node's strength and
/// 2w to its community's internal arc weight, as in Newman's definition and in igraph and networkx.
/// Community ids may be any non-negative ints; they need not be consecutive.
/// </remarks>
public static class Modularity
{
    /// <summary>
    /// Newman–Girvan modularity with resolution γ (Reichardt and Bornholdt 2006):
    /// <c>Q = 1/(2m) Σ_c [ in_c − γ K_c² / (2m) ]</c>, where in_c is the weight of arcs inside community c
    /// (each edge counted from both ends), K_c the total strength of its nodes and 2m the total strength.
    /// Defined as 0 for a graph without edges. O(n + m).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute(CsrGraph graph, ReadOnlySpan<int> membership, double resolution = 1.0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = CheckMembership(graph, membership, out int communitySlots);
        var internalWeight = new double[communitySlots];
        var strength = new double[communitySlots];
        double total = 0;
        for (int v = 0; v < n; v++)
        {
            int c = membership[v];
            var targets = graph.Neighbors(v);
            var weights = graph.NeighborWeights(v);
            for (int i = 0; i < targets.Length; i++)
            {
                int u = targets[i];
                double w = u == v ? 2.0 * weights[i] : weights[i];
                strength[c] += w;
                total += w;
                if (membership[u] == c) internalWeight[c] += w;
            }
        }
        if (total == 0) return 0;
        double q = 0;
        for (int c = 0; c < communitySlots; c++)
            q += internalWeight[c] - resolution * strength[c] * strength[c] / total;
        return q / total;
    }

    /// <summary>
    /// Constant Potts Model quality (Traag, Van Dooren and Nesterov 2011):
    /// <c>H = Σ_c [ e_c − γ Σ_{i&lt;j in c} n_i n_j ]</c>, where e_c is the weight of edges inside c (each
    /// edge once, self-loops included) and n_i the node weights (1 when <paramref name="nodeWeights"/> is
    /// empty, so the penalty is γ·C(|c|, 2)). Higher is better; singletons score 0 minus nothing. O(n + m).
    /// </summary>
    public static double Cpm(CsrGraph graph, ReadOnlySpan<int> membership, double resolution, ReadOnlySpan<double> nodeWeights = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = CheckMembership(graph, membership, out int communitySlots);
        if (!nodeWeights.IsEmpty && nodeWeights.Length != n)
            throw new ArgumentException("Node weights must be empty (all 1) or have one entry per node.", nameof(nodeWeights));
        var weightSum = new double[communitySlots];
        var weightSquares = new double[communitySlots];
        double internalEdges = 0;
        for (int v = 0; v < n; v++)
        {
            int c = membership[v];
            double nv = nodeWeights.IsEmpty ? 1.0 : nodeWeights[v];
            weightSum[c] += nv;
            weightSquares[c] += nv * nv;
            var targets = graph.Neighbors(v);
            var weights = graph.NeighborWeights(v);
            for (int i = 0; i < targets.Length; i++)
            {
                int u = targets[i];
                // Count each edge once: from its smaller end (a self-loop from its only end).
                if (u >= v && membership[u] == c) internalEdges += weights[i];
            }
        }
        double penalty = 0;
        for (int c = 0; c < communitySlots; c++)
            penalty += (weightSum[c] * weightSum[c] - weightSquares[c]) / 2.0;
        return internalEdges - resolution * penalty;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CheckMembership(CsrGraph graph, ReadOnlySpan<int> membership, out int communitySlots)
    {
        int n = graph.NodeCount;
        if (membership.Length != n)
            throw new ArgumentException($"Membership has {membership.Length} entries but the graph has {n} nodes.", nameof(membership));
        int max = -1;
        for (int v = 0; v < n; v++)
        {
            int c = membership[v];
            if (c < 0) throw new ArgumentException($"Node {v} has negative community id {c}.", nameof(membership));
            if (c > max) max = c;
        }
        communitySlots = max + 1;
        return n;
    }
}
