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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Aggregating_level_after_level_beside_the_last_gives_the_levels_a_fresh_workspace_gives(bool shrinking)
    {
        // Each level is aggregated into the buffer of the level before it (after or before its arcs) when its room fits
        // there, else into the other buffer. A ring lattice grouped by triples loses most of its arcs at each level, so
        // its levels fit beside each other; a random graph barely shrinks, so its levels alternate between the buffers.
        const int n = 30_000;
        var graph = shrinking ? Lattice(n) : TestGraphs.Random(n, 4 * n, 13, weighted: true);
        using var team = new WorkerTeam(2);
        var reused = new PartitionWorkspace(n, 0.01, new FastRandom(5), team, inRounds: true);
        var level = LevelGraph.Base(graph, Enumerable.Repeat(1.0, n).ToArray());
        bool besideOnce = false;
        for (int depth = 0; depth < 4; depth++)
        {
            int count = (level.NodeCount + 2) / 3;
            var triples = Enumerable.Range(0, level.NodeCount).Select(v => v / 3).ToArray();
            var before = level;
            var (next, membership) = reused.Aggregate(level, triples, count, triples, null, CancellationToken.None);
            var (fresh, freshMembership) = new PartitionWorkspace(n, 0.01, new FastRandom(5), team, inRounds: true)
                .Aggregate(level, triples, count, triples, null, CancellationToken.None);

            Assert.Equal(count, next.NodeCount);
            Assert.Equal(Arcs(fresh), Arcs(next));
            Assert.Equal(fresh.NodeWeights.AsSpan(0, count).ToArray(), next.NodeWeights.AsSpan(0, count).ToArray());
            Assert.Equal(freshMembership.AsSpan(0, count).ToArray(), membership.AsSpan(0, count).ToArray());
            Assert.Equal(fresh.MaxDegree, next.MaxDegree);
            if (ReferenceEquals(next.Targets, before.Targets))
            {
                besideOnce = true;
                // Beside, never over, the arcs of the level it was made from.
                Assert.True(next.Offsets[count] <= before.Offsets[0] || next.Offsets[0] >= before.Offsets[before.NodeCount]);
            }
            level = next;
        }
        Assert.Equal(shrinking, besideOnce);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Clusters_are_connected_only_when_each_is_one_piece_inside_itself(bool linked)
    {
        // Cluster 0: a path 0-1-2. Cluster 1: nodes 3 and 4, reachable from each other only through node 5 of
        // cluster 2, unless linked directly. Cluster 2: node 5 alone.
        var edges = new List<(int, int)> { (0, 1), (1, 2), (2, 3), (3, 5), (5, 4) };
        if (linked) edges.Add((3, 4));
        var graph = TestGraphs.FromEdges(6, edges.ToArray());
        using var team = new WorkerTeam(1);
        var workspace = new PartitionWorkspace(6, 0.01, new FastRandom(1), team, inRounds: true);
        var level = LevelGraph.Base(graph, Enumerable.Repeat(1.0, 6).ToArray());
        int[] membership = [0, 0, 0, 1, 1, 2];

        Assert.Equal(linked, workspace.ClustersConnected(level, membership, 3, CancellationToken.None));
        // The same partition numbered otherwise gives the same answer.
        Assert.Equal(linked, workspace.ClustersConnected(level, [2, 2, 2, 0, 0, 1], 3, CancellationToken.None));
    }

    /// <summary>Node v linked to v + 1 and v + 2 (around the ring) and, every 50th node, to a node far away.</summary>
    private static CsrGraph Lattice(int n)
    {
        var edges = new List<(int, int)>();
        for (int v = 0; v < n; v++)
        {
            edges.Add((v, (v + 1) % n));
            edges.Add((v, (v + 2) % n));
            if (v % 50 == 0) edges.Add((v, (v + n / 2 + 7) % n));
        }
        return TestGraphs.FromEdges(n, edges.ToArray());
    }

    /// <summary>A level's arcs as (node, target, weight), wherever in its arrays they are.</summary>
    private static List<(int Node, int Target, double Weight)> Arcs(LevelGraph level)
    {
        var arcs = new List<(int, int, double)>();
        for (int v = 0; v < level.NodeCount; v++)
            for (int a = level.Offsets[v]; a < level.Offsets[v + 1]; a++) arcs.Add((v, level.Targets[a], level.Weights[a]));
        return arcs;
    }
}
