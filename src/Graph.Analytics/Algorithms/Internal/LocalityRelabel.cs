using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// Renumbers the nodes of a level so that each cluster's nodes are consecutive. The phases after the first
/// local moving (refinement, aggregation, later iterations) mostly look at nodes of one cluster together;
/// with clusters consecutive, those reads hit nearby memory instead of jumping across arrays of millions of
/// entries. On the 1M-node benchmark graph (whose node ids are random with respect to its communities) this
/// costs one copy of the CSR arrays and saves more than it costs.
/// </summary>
internal static class LocalityRelabel
{
    /// <summary>Graphs below this many nodes fit in cache anyway; relabeling them only costs.</summary>
    public const int MinimumNodes = 50_000;

    /// <summary>
    /// Returns the level with node <c>v</c> renamed <c>newId[v]</c>, where nodes are ordered by cluster
    /// (clusters in id order, nodes ascending inside a cluster), and rewrites <paramref name="membership"/>
    /// to the new ids. Neighbour lists keep their order, so they are no longer sorted by target.
    /// </summary>
    /// <param name="newOffsets">Where the new level's offsets go (n + 1 entries), or null for a new array.</param>
    /// <param name="newTargets">Where the new level's arc targets go (as many as arcs), or null for a new array.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LevelGraph ByCluster(LevelGraph graph, int[] membership, int clusterCount, int[] newId, int[]? newOffsets, int[]? newTargets, WorkerTeam team, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        // Only level 0 is renumbered: its weights are the caller's floats.
        float[] weights = graph.Weights.Given ?? throw new ArgumentException("Only level 0 is renumbered.", nameof(graph));

        var start = LargeArrays.Zeroed<int>(clusterCount + 1);
        for (int v = 0; v < n; v++) start[membership[v] + 1]++;
        for (int c = 0; c < clusterCount; c++) start[c + 1] += start[c];
        for (int v = 0; v < n; v++) newId[v] = start[membership[v]]++;

        // Weights that are all the same (an unweighted graph, CPM's unit node weights) read the same in any order:
        // the renumbered level keeps the arrays instead of a permuted copy (39 MB of arc weights on the 1M-node
        // benchmark graph, memory this machine is slow to touch for the first time).
        double[] nodeWeights = graph.NodeWeights;
        bool sameArcWeights = weights.Length == 0 || WeightScans.AllEqual(weights, weights[0]);
        bool sameNodeWeights = n == 0 || nodeWeights.AsSpan(0, n).IndexOfAnyExcept(nodeWeights[0]) < 0;

        // The degrees (and weights) of the new nodes, written from the old nodes in order to their new places: writes
        // at random places, independent of each other, so the team splits them and each member's processor overlaps
        // them (no array of old ids is needed: one fresh array less); then one running sum.
        const int chunk = 16384;
        newOffsets ??= LargeArrays.Uninitialized<int>(n + 1);
        newOffsets[0] = 0;
        var newNodeWeights = sameNodeWeights ? nodeWeights : LargeArrays.Uninitialized<double>(n);
        team.For((n + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, _) =>
        {
            for (int v = c * chunk, last = Math.Min(v + chunk, n); v < last; v++)
            {
                int i = newId[v];
                newOffsets[i + 1] = offsets[v + 1] - offsets[v];
                if (!sameNodeWeights) newNodeWeights[i] = nodeWeights[v];
            }
        });
        for (int i = 0; i < n; i++) newOffsets[i + 1] += newOffsets[i];

        newTargets ??= LargeArrays.Uninitialized<int>(newOffsets[n]);
        var newWeights = sameArcWeights ? weights : LargeArrays.Uninitialized<float>(newTargets.Length);
        team.For((n + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, _) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int v = c * chunk, last = Math.Min(v + chunk, n); v < last; v++)
            {
                int write = newOffsets[newId[v]];
                int from = offsets[v], end = offsets[v + 1];
                for (int a = from; a < end; a++) newTargets[write + a - from] = newId[targets[a]];
                if (!sameArcWeights) weights.AsSpan(from, end - from).CopyTo(newWeights.AsSpan(write));
            }
        });

        // New nodes are in cluster order: cluster c holds the new ids from its start to the next cluster's (after the
        // numbering above, start[c] is where cluster c ends).
        for (int c = 0, i = 0; c < clusterCount; c++)
            for (int end = start[c]; i < end; i++) membership[i] = c;

        return new LevelGraph(newOffsets, newTargets, new ArcWeights(newWeights), newNodeWeights);
    }
}
