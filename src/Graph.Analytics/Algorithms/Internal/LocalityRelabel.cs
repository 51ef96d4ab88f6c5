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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LevelGraph ByCluster(LevelGraph graph, int[] membership, int clusterCount, int[] newId, WorkerTeam team, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        // Only level 0 is renumbered: its weights are the caller's floats.
        float[] weights = graph.Weights.Given ?? throw new ArgumentException("Only level 0 is renumbered.", nameof(graph));

        var start = LargeArrays.Zeroed<int>(clusterCount + 1);
        for (int v = 0; v < n; v++) start[membership[v] + 1]++;
        for (int c = 0; c < clusterCount; c++) start[c + 1] += start[c];
        for (int v = 0; v < n; v++) newId[v] = start[membership[v]]++;

        var oldId = LargeArrays.Uninitialized<int>(n);
        for (int v = 0; v < n; v++) oldId[newId[v]] = v;

        var newOffsets = LargeArrays.Uninitialized<int>(n + 1);
        newOffsets[0] = 0;
        var newNodeWeights = LargeArrays.Uninitialized<double>(n);
        for (int i = 0; i < n; i++)
        {
            int v = oldId[i];
            newOffsets[i + 1] = newOffsets[i] + (offsets[v + 1] - offsets[v]);
            newNodeWeights[i] = graph.NodeWeights[v];
        }

        var newTargets = LargeArrays.Uninitialized<int>(newOffsets[n]);
        var newWeights = LargeArrays.Uninitialized<float>(newTargets.Length);
        const int chunk = 16384;
        team.For((n + chunk - 1) / chunk, (c, _) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = c * chunk, last = Math.Min(i + chunk, n); i < last; i++)
            {
                int v = oldId[i];
                int write = newOffsets[i];
                for (int a = offsets[v], end = offsets[v + 1]; a < end; a++, write++)
                {
                    newTargets[write] = newId[targets[a]];
                    newWeights[write] = weights[a];
                }
            }
        });

        // The cluster of new node i is the cluster of the old node it came from.
        var newMembership = LargeArrays.Uninitialized<int>(n);
        for (int i = 0; i < n; i++) newMembership[i] = membership[oldId[i]];
        Array.Copy(newMembership, membership, n);

        return new LevelGraph(newOffsets, newTargets, new ArcWeights(newWeights), newNodeWeights);
    }
}
