using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

/// <summary>
/// Leiden's invariants on generated graphs (FsCheck): every node in exactly one community, every community
/// connected, and a quality never below that of leaving every node alone — each checked with the independent
/// measures of <see cref="Modularity"/> and a plain BFS, not with anything Leiden computes itself. A failure is
/// shrunk by FsCheck to a smaller graph and printed as a case that can be pasted into a unit test.
/// </summary>
public sealed class LeidenProperties
{
    private const int Cases = 300;

    /// <summary>One run: a graph as an edge list, and the options to run Leiden with.</summary>
    public sealed record LeidenCase(
        int Nodes, (int U, int V, float W)[] Edges, LeidenObjective Objective, double Resolution, double Randomness,
        int MaxIterations, int Seed, double[]? NodeWeights, int[]? Start)
    {
        public CsrGraph Graph() => TestGraphs.FromEdges(Nodes, Edges);

        public Leiden Run()
        {
            var leiden = new Leiden(Graph(),
                new LeidenOptions { Objective = Objective, Resolution = Resolution, Randomness = Randomness, MaxIterations = MaxIterations, Seed = Seed },
                NodeWeights, Start);
            leiden.Run();
            return leiden;
        }

        /// <summary>The objective's quality of <paramref name="membership"/>, computed independently of Leiden.</summary>
        public double Quality(CsrGraph graph, int[] membership) => Objective == LeidenObjective.Cpm
            ? Modularity.Cpm(graph, membership, Resolution, NodeWeights)
            : Modularity.Compute(graph, membership, Resolution);

        public override string ToString() =>
            $"{Objective} γ={Resolution} θ={Randomness} iterations={MaxIterations} seed={Seed} n={Nodes} " +
            $"edges=[{string.Join(", ", Edges.Select(e => $"({e.U},{e.V},{e.W})"))}]" +
            (NodeWeights is null ? "" : $" nodeWeights=[{string.Join(", ", NodeWeights)}]") +
            (Start is null ? "" : $" start=[{string.Join(", ", Start)}]");
    }

    /// <summary>
    /// Graphs of 1–60 nodes: uniform random ones, and ones with planted groups (dense inside, a few edges between),
    /// which is where the refinement and aggregation phases have work to do; some self-loops and repeated edges;
    /// unit or random weights; both objectives over a range of resolutions; sometimes CPM node weights or a random
    /// starting partition.
    /// </summary>
    public static Arbitrary<LeidenCase> Runs() => Arb.From(
        from n in Gen.Choose(1, 60)
        from groups in Gen.Choose(1, Math.Max(1, n / 4))
        from planted in Gen.Elements(true, false)
        from groupOf in Gen.ArrayOf(Gen.Choose(0, groups - 1), n)
        from edgeCount in Gen.Choose(0, 4 * n)
        from ends in Gen.ArrayOf(Gen.Two(Gen.Choose(0, n - 1)), edgeCount)
        from unitWeights in Gen.Elements(true, false)
        from weights in Gen.ArrayOf(Gen.Choose(1, 100).Select(w => unitWeights ? 1f : w / 10f), edgeCount)
        from objective in Gen.Elements(LeidenObjective.Cpm, LeidenObjective.Modularity)
        from resolution in objective == LeidenObjective.Cpm
            ? Gen.Elements(0.0, 0.005, 0.01, 0.05, 0.2, 0.5, 1.0, 3.0)
            : Gen.Elements(0.0, 0.3, 0.7, 1.0, 1.5, 3.0)
        from randomness in Gen.Elements(0.0, 0.01, 0.01, 0.5)
        from iterations in Gen.Elements(-1, -1, 1, 2)
        from seed in Gen.Choose(0, 1000)
        from nodeWeights in objective == LeidenObjective.Cpm
            ? Gen.Frequency((3, Gen.Constant<double[]?>(null)), (1, Gen.ArrayOf(Gen.Choose(0, 30).Select(w => w / 10.0), n).Select(a => (double[]?)a)))
            : Gen.Constant<double[]?>(null)
        from start in Gen.Frequency((4, Gen.Constant<int[]?>(null)), (1, Gen.ArrayOf(Gen.Choose(0, n - 1), n).Select(a => (int[]?)a)))
        let edges = ends
            // Planted: keep an edge inside a group, and one in four across groups.
            .Select((e, i) => (U: e.Item1, V: planted ? Inside(e.Item1, e.Item2, groupOf, i) : e.Item2, W: weights[i]))
            .ToArray()
        select new LeidenCase(n, edges, objective, resolution, randomness, iterations, seed, nodeWeights, start));

    /// <summary>For a planted graph: <paramref name="v"/> itself when it is in <paramref name="u"/>'s group or one edge in four, else a node of that group.</summary>
    private static int Inside(int u, int v, int[] group, int index)
    {
        if (group[u] == group[v] || index % 4 == 0) return v;
        for (int k = 1; k < group.Length; k++)
        {
            int w = (v + k) % group.Length;
            if (group[w] == group[u]) return w;
        }
        return v;
    }

    [Property(MaxTest = Cases)]
    public Property Every_node_is_in_exactly_one_community() => Prop.ForAll(Runs(), c =>
    {
        var leiden = c.Run();
        var membership = leiden.Membership;
        // One entry per node, ids 0..k-1, each of them used.
        return membership.Length == c.Nodes
            && membership.All(m => m >= 0 && m < leiden.CommunityCount)
            && membership.Distinct().Count() == leiden.CommunityCount;
    });

    [Property(MaxTest = Cases)]
    public Property Every_community_is_connected() => Prop.ForAll(Runs(), c =>
    {
        var leiden = c.Run();
        return TestGraphs.DisconnectedCommunities(c.Graph(), leiden.Membership).Count == 0;
    });

    [Property(MaxTest = Cases)]
    public Property The_quality_is_never_below_that_of_the_singleton_partition() => Prop.ForAll(Runs(), c =>
    {
        var graph = c.Graph();
        var leiden = c.Run();
        double found = c.Quality(graph, leiden.Membership);
        double singletons = c.Quality(graph, Enumerable.Range(0, c.Nodes).ToArray());
        return found >= singletons - 1e-9 * (1 + Math.Abs(singletons));
    });

    [Property(MaxTest = Cases)]
    public Property The_reported_quality_is_the_independently_computed_one() => Prop.ForAll(Runs(), c =>
    {
        var leiden = c.Run();
        double expected = c.Quality(c.Graph(), leiden.Membership);
        return Math.Abs(expected - leiden.Quality) <= 1e-6 * (1 + Math.Abs(expected));
    });

    /// <summary>
    /// A graph of <see cref="Leiden.ParallelMinimumNodes"/> nodes or more, which Leiden works on in rounds on several
    /// threads (the cases above are all below it and take the sequential path): a planted partition drawn from a
    /// recipe, so that FsCheck generates and shrinks a handful of numbers rather than 100,000 edges.
    /// </summary>
    public sealed record LargeCase(
        int Nodes, double Mixing, int MinDegree, int MaxDegree, int MaxCommunitySize, bool IdsByCommunity,
        LeidenObjective Objective, double Resolution, double Randomness, int Seed)
    {
        public CsrGraph Graph()
        {
            var planted = new PlantedPartitionGenerator(new PlantedPartitionOptions
            {
                NodeCount = Nodes, Mixing = Mixing, MinDegree = MinDegree, MaxDegree = MaxDegree,
                MinCommunitySize = Math.Min(5, MaxCommunitySize), MaxCommunitySize = MaxCommunitySize, Seed = Seed,
            });
            planted.Run();
            return IdsByCommunity ? TestGraphs.RenumberedByCommunity(planted) : planted.BuildGraph();
        }

        public Leiden Run(CsrGraph graph, int threads)
        {
            var leiden = new Leiden(graph, new LeidenOptions
            {
                Objective = Objective, Resolution = Resolution, Randomness = Randomness, Seed = Seed, Threads = threads, MaxIterations = -1,
            });
            leiden.Run();
            return leiden;
        }

        public double Quality(CsrGraph graph, int[] membership) => Objective == LeidenObjective.Cpm
            ? Modularity.Cpm(graph, membership, Resolution)
            : Modularity.Compute(graph, membership, Resolution);
    }

    public static Arbitrary<LargeCase> LargeRuns() => Arb.From(
        from n in Gen.Choose(Leiden.ParallelMinimumNodes, Leiden.ParallelMinimumNodes + 10_000)
        from mixing in Gen.Elements(0.05, 0.2, 0.4, 0.6)
        from minDegree in Gen.Choose(1, 5)
        from maxDegree in Gen.Elements(10, 30, 70)
        from maxCommunity in Gen.Elements(10, 50, 200)
        from idsByCommunity in Gen.Elements(true, false)
        from objective in Gen.Elements(LeidenObjective.Cpm, LeidenObjective.Modularity)
        from resolution in objective == LeidenObjective.Cpm ? Gen.Elements(0.005, 0.05, 0.2) : Gen.Elements(0.5, 1.0, 2.0)
        from randomness in Gen.Elements(0.0, 0.01)
        from seed in Gen.Choose(0, 1000)
        select new LargeCase(n, mixing, minDegree, maxDegree, maxCommunity, idsByCommunity, objective, resolution, randomness, seed));

    [Property(MaxTest = 8)]
    public Property On_graphs_worked_in_parallel_the_invariants_hold_and_the_thread_count_changes_nothing() => Prop.ForAll(LargeRuns(), c =>
    {
        var graph = c.Graph();
        var two = c.Run(graph, threads: 2);
        var one = c.Run(graph, threads: 1);
        var membership = two.Membership;
        bool partition = membership.Length == c.Nodes
            && membership.All(m => m >= 0 && m < two.CommunityCount)
            && membership.Distinct().Count() == two.CommunityCount;
        bool connected = TestGraphs.DisconnectedCommunities(graph, membership).Count == 0;
        double found = c.Quality(graph, membership);
        double singletons = c.Quality(graph, Enumerable.Range(0, c.Nodes).ToArray());
        bool better = found >= singletons - 1e-9 * (1 + Math.Abs(singletons));
        bool sameOnOneThread = one.Membership.AsSpan().SequenceEqual(membership);
        return (partition.Label("every node in exactly one community")
            .And(connected.Label("every community connected"))
            .And(better.Label($"quality {found} not below the singletons' {singletons}"))
            .And(sameOnOneThread.Label("one thread gives the same communities as two")));
    });

    [Fact]
    public void The_generator_gives_graphs_where_communities_form()
    {
        // The properties say little if Leiden only ever returns singletons or one blob: most cases must have more
        // than one community and at least one community with several nodes.
        var sample = Runs().Generator.Sample(200, 50);
        int interesting = sample.Count(c =>
        {
            var leiden = c.Run();
            return leiden.CommunityCount > 1 && leiden.Membership.GroupBy(m => m).Any(g => g.Count() > 2);
        });
        Assert.InRange(interesting, 100, 200);
    }
}
