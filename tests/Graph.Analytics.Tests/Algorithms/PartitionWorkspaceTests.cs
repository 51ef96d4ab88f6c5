using Graph.Analytics.Algorithms;
using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Tests.Algorithms;

public class PartitionWorkspaceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Refinement_in_rounds_counts_exactly_the_arcs_inside_refined_clusters(int threads)
    {
        // Aggregation sizes its buffers by these counts: a count too low would pack a chunk over the next one.
        var graph = TestGraphs.Random(30_000, 120_000, 11, weighted: true);
        using var team = new WorkerTeam(threads);
        var workspace = new PartitionWorkspace(graph.NodeCount, 0.01, new FastRandom(3), team, inRounds: true);
        var level = LevelGraph.Base(graph, Enumerable.Repeat(1.0, graph.NodeCount).ToArray());
        var membership = Enumerable.Range(0, graph.NodeCount).ToArray();

        int clusters = workspace.FastLocalMove(level, membership, CancellationToken.None);
        workspace.Refine(level, membership, clusters, 0.01, CancellationToken.None);

        int[] refined = workspace.Refined;
        long inside = 0;
        for (int v = 0; v < graph.NodeCount; v++)
            for (int a = graph.Offsets[v]; a < graph.Offsets[v + 1]; a++)
                if (graph.Targets[a] != v && refined[graph.Targets[a]] == refined[v]) inside++;
        Assert.True(inside > 0);
        Assert.Equal(inside, workspace.JoinedArcs!.Sum(x => (long)x));
    }

    [Fact]
    public void Aggregating_into_reused_buffers_gives_the_same_levels_as_fresh_ones()
    {
        // The second aggregation of a workspace writes into buffers longer than its level: the level must still
        // have exactly its own nodes and arcs, and a third aggregation (back into the first buffers) must agree with
        // a fresh workspace's.
        var graph = TestGraphs.Random(25_000, 100_000, 12, weighted: true);
        using var team = new WorkerTeam(2);
        var ones = Enumerable.Repeat(1.0, graph.NodeCount).ToArray();
        var reused = new PartitionWorkspace(graph.NodeCount, 0.01, new FastRandom(5), team, inRounds: true);
        var levelGraph = LevelGraph.Base(graph, ones);
        var membership = Enumerable.Range(0, graph.NodeCount).ToArray();
        int clusters = reused.FastLocalMove(levelGraph, membership, CancellationToken.None);
        int refinedCount = reused.Refine(levelGraph, membership, clusters, 0.01, CancellationToken.None);
        var refined = (int[])reused.Refined.Clone();

        var first = reused.Aggregate(levelGraph, refined, refinedCount, membership, reused.JoinedArcs, CancellationToken.None);
        var again = reused.Aggregate(levelGraph, refined, refinedCount, membership, null, CancellationToken.None);
        var third = reused.Aggregate(levelGraph, refined, refinedCount, membership, reused.JoinedArcs, CancellationToken.None);
        var fresh = new PartitionWorkspace(graph.NodeCount, 0.01, new FastRandom(5), team, inRounds: true)
            .Aggregate(levelGraph, refined, refinedCount, membership, null, CancellationToken.None);

        foreach (var (g, m) in new[] { first, again, third })
        {
            Assert.Equal(refinedCount, g.NodeCount);
            Assert.Equal(fresh.Graph.Offsets.AsSpan(0, refinedCount + 1).ToArray(), g.Offsets.AsSpan(0, refinedCount + 1).ToArray());
            int arcs = fresh.Graph.Offsets[refinedCount];
            Assert.Equal(fresh.Graph.Targets.AsSpan(0, arcs).ToArray(), g.Targets.AsSpan(0, arcs).ToArray());
            for (int a = 0; a < arcs; a++) Assert.Equal(fresh.Graph.Weights[a], g.Weights[a]);
            Assert.Equal(fresh.Graph.NodeWeights.AsSpan(0, refinedCount).ToArray(), g.NodeWeights.AsSpan(0, refinedCount).ToArray());
            Assert.Equal(fresh.Membership.AsSpan(0, refinedCount).ToArray(), m.AsSpan(0, refinedCount).ToArray());
            Assert.Equal(fresh.Graph.MaxDegree, g.MaxDegree);
        }
    }
}
