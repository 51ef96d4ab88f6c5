using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class LeidenTests
{
    private static Leiden RunLeiden(CsrGraph graph, LeidenOptions? options = null, double[]? nodeWeights = null)
    {
        var leiden = new Leiden(graph, options, nodeWeights);
        leiden.Run();
        return leiden;
    }

    private static readonly LeidenOptions ModularityOptions = new() { Objective = LeidenObjective.Modularity, Seed = 1 };

    // ---- Tiny graphs with exact answers -------------------------------------------------------------

    [Theory]
    [InlineData(LeidenObjective.Modularity, 1.0)]
    [InlineData(LeidenObjective.Cpm, 0.2)]
    public void Two_triangles_joined_by_an_edge_are_two_communities(LeidenObjective objective, double resolution)
    {
        var leiden = RunLeiden(TestGraphs.TwoTrianglesJoined(), new LeidenOptions { Objective = objective, Resolution = resolution });

        Assert.Equal(2, leiden.CommunityCount);
        Assert.Equal([0, 0, 0, 1, 1, 1], leiden.Membership);
    }

    [Fact]
    public void Two_triangles_reach_the_known_optimal_modularity_of_five_fourteenths()
    {
        var leiden = RunLeiden(TestGraphs.TwoTrianglesJoined(), ModularityOptions);

        Assert.Equal(5.0 / 14.0, leiden.Quality, 12);
    }

    [Fact]
    public void Ring_of_ten_five_cliques_gives_one_community_per_clique_with_modularity()
    {
        var graph = TestGraphs.RingOfCliques(10, 5);

        var leiden = RunLeiden(graph, ModularityOptions);

        Assert.True(TestGraphs.SamePartition(TestGraphs.RingOfCliquesMembership(10, 5), leiden.Membership));
    }

    [Fact]
    public void Ring_of_thirty_cliques_shows_the_resolution_limit_of_modularity_but_not_of_cpm()
    {
        // 30 five-cliques: above s(s-1)+2 = 22 cliques, merging neighbouring cliques raises modularity
        // (Fortunato and Barthélemy 2007), while CPM keeps each clique, whatever the ring length.
        var graph = TestGraphs.RingOfCliques(30, 5);
        var cliques = TestGraphs.RingOfCliquesMembership(30, 5);

        var modularity = RunLeiden(graph, ModularityOptions);
        var cpm = RunLeiden(graph, new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = 0.1, Seed = 1 });

        Assert.True(modularity.CommunityCount < 30, $"modularity found {modularity.CommunityCount} communities");
        Assert.True(modularity.Quality > Modularity.Compute(graph, cliques));
        Assert.True(TestGraphs.SamePartition(cliques, cpm.Membership));
    }

    [Fact]
    public void Disconnected_graph_never_puts_separate_parts_together()
    {
        // Two triangles and an isolated node, no edges between them.
        var graph = TestGraphs.FromEdges(7, (0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5));

        foreach (var objective in new[] { LeidenObjective.Modularity, LeidenObjective.Cpm })
        {
            var leiden = RunLeiden(graph, new LeidenOptions { Objective = objective, Resolution = objective == LeidenObjective.Cpm ? 0.01 : 1.0 });
            Assert.Equal([0, 0, 0, 1, 1, 1, 2], leiden.Membership);
        }
    }

    [Fact]
    public void Single_node_is_one_community()
    {
        var leiden = RunLeiden(TestGraphs.FromEdges(1, Array.Empty<(int, int)>()), ModularityOptions);

        Assert.Equal([0], leiden.Membership);
        Assert.Equal(1, leiden.CommunityCount);
        Assert.Equal(0, leiden.Quality);
    }

    [Fact]
    public void Empty_graph_has_no_communities()
    {
        var leiden = RunLeiden(TestGraphs.FromEdges(0, Array.Empty<(int, int)>()));

        Assert.Empty(leiden.Membership);
        Assert.Equal(0, leiden.CommunityCount);
    }

    [Fact]
    public void Self_loops_count_in_the_reported_quality_like_the_independent_measure()
    {
        var graph = TestGraphs.FromEdges(6, (0, 1, 1f), (1, 2, 1f), (0, 2, 1f), (3, 4, 1f), (4, 5, 1f), (3, 5, 1f), (2, 3, 1f), (0, 0, 3f), (5, 5, 0.5f));

        var modularity = RunLeiden(graph, ModularityOptions);
        var cpm = RunLeiden(graph, new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = 0.3 });

        Assert.Equal(Modularity.Compute(graph, modularity.Membership), modularity.Quality, 12);
        Assert.Equal(Modularity.Cpm(graph, cpm.Membership, 0.3), cpm.Quality, 9);
        Assert.Equal([0, 0, 0, 1, 1, 1], modularity.Membership);
    }

    [Fact]
    public void A_heavy_edge_decides_where_a_node_belongs()
    {
        // Square 0-1-2-3-0: the heavy edges 0–1 and 2–3 pair the nodes, not the light ones.
        var graph = TestGraphs.FromEdges(4, (0, 1, 10f), (1, 2, 1f), (2, 3, 10f), (3, 0, 1f));

        var leiden = RunLeiden(graph, ModularityOptions);

        Assert.Equal([0, 0, 1, 1], leiden.Membership);
    }

    [Fact]
    public void Node_weights_change_what_cpm_considers_dense()
    {
        // A triangle: with unit weights γ=0.5 keeps it whole (3 edges > 0.5·3 pairs); heavy nodes make the
        // same edges too sparse for their weight, and the triangle falls apart.
        var graph = TestGraphs.FromEdges(3, (0, 1), (1, 2), (0, 2));
        var options = new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = 0.5 };

        var light = RunLeiden(graph, options);
        var heavy = RunLeiden(graph, options, nodeWeights: [3, 3, 3]);

        Assert.Equal(1, light.CommunityCount);
        Assert.Equal(3, heavy.CommunityCount);
        Assert.Equal(Modularity.Cpm(graph, heavy.Membership, 0.5, [3, 3, 3]), heavy.Quality, 12);
    }

    [Fact]
    public void Karate_club_reaches_its_known_best_modularity()
    {
        var graph = TestGraphs.KarateClub();

        var leiden = RunLeiden(graph, ModularityOptions);

        Assert.Equal(0.4198, leiden.Quality, 4);
        Assert.Equal(4, leiden.CommunityCount);
    }

    [Theory]
    [InlineData(1, LeidenObjective.Modularity)]
    [InlineData(2, LeidenObjective.Modularity)]
    [InlineData(3, LeidenObjective.Modularity)]
    [InlineData(1, LeidenObjective.Cpm)]
    [InlineData(2, LeidenObjective.Cpm)]
    [InlineData(3, LeidenObjective.Cpm)]
    public void Tiny_weighted_graphs_reach_the_optimum_found_by_exhaustive_search(int seed, LeidenObjective objective)
    {
        var graph = TestGraphs.Random(9, 16, seed);
        double resolution = objective == LeidenObjective.Cpm ? 0.3 : 1.0;
        Func<int[], double> quality = objective == LeidenObjective.Cpm
            ? m => Modularity.Cpm(graph, m, resolution)
            : m => Modularity.Compute(graph, m, resolution);

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = objective, Resolution = resolution, Seed = seed });

        Assert.Equal(TestGraphs.ExhaustiveBest(graph.NodeCount, quality), leiden.Quality, 6);
    }

    [Fact]
    public void Two_disjoint_rings_are_never_joined()
    {
        var edges = Enumerable.Range(0, 10).SelectMany(i => new[] { (i, (i + 1) % 10), (10 + i, 10 + (i + 1) % 10) }).ToArray();
        var graph = TestGraphs.FromEdges(20, edges);

        foreach (var options in new[] { ModularityOptions, new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = 0.05 } })
        {
            var leiden = RunLeiden(graph, options);
            for (int v = 0; v < 10; v++) Assert.NotEqual(leiden.Membership[v], leiden.Membership[10 + v]);
            Assert.Empty(TestGraphs.DisconnectedCommunities(graph, leiden.Membership));
        }
    }

    [Fact]
    public void Nodes_with_only_self_loops_stay_apart()
    {
        // igraph's regression case: two nodes, each with a loop. Apart: (2 − 1 + 2 − 1) / 4 = 0.5; together 0.
        var graph = TestGraphs.FromEdges(2, (0, 0), (1, 1));

        var leiden = RunLeiden(graph, ModularityOptions);

        Assert.Equal([0, 1], leiden.Membership);
        Assert.Equal(0.5, leiden.Quality, 12);
    }

    [Theory]
    [InlineData(LeidenObjective.Modularity)]
    [InlineData(LeidenObjective.Cpm)]
    public void Edgeless_graph_leaves_every_node_alone(LeidenObjective objective)
    {
        var leiden = RunLeiden(TestGraphs.FromEdges(5, Array.Empty<(int, int)>()), new LeidenOptions { Objective = objective });

        Assert.Equal([0, 1, 2, 3, 4], leiden.Membership);
        Assert.Equal(0, leiden.Quality);
    }

    [Fact]
    public void Ring_with_self_loops_scores_like_the_independent_measure_under_cpm()
    {
        var edges = Enumerable.Range(0, 6).SelectMany(i => new[] { (i, (i + 1) % 6), (i, i) }).ToArray();
        var graph = TestGraphs.FromEdges(6, edges);

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = 0.4 });

        Assert.Equal(Modularity.Cpm(graph, leiden.Membership, 0.4), leiden.Quality, 12);
        Assert.Equal(TestGraphs.ExhaustiveBest(6, m => Modularity.Cpm(graph, m, 0.4)), leiden.Quality, 9);
    }

    // ---- Invariants on seeded random graphs ---------------------------------------------------------

    public static TheoryData<int, LeidenObjective> RandomCases() => new()
    {
        { 1, LeidenObjective.Modularity }, { 2, LeidenObjective.Modularity }, { 3, LeidenObjective.Modularity },
        { 1, LeidenObjective.Cpm }, { 2, LeidenObjective.Cpm }, { 3, LeidenObjective.Cpm },
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Every_node_is_in_exactly_one_community_numbered_canonically(int seed, LeidenObjective objective)
    {
        var graph = TestGraphs.Random(600, 1500, seed);

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = objective, Resolution = objective == LeidenObjective.Cpm ? 0.05 : 1.0, Seed = seed });

        Assert.Equal(graph.NodeCount, leiden.Membership.Length);
        Assert.True(TestGraphs.IsCanonical(leiden.Membership, leiden.CommunityCount));
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Every_community_is_connected(int seed, LeidenObjective objective)
    {
        var graph = TestGraphs.Random(800, 1600, seed);

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = objective, Resolution = objective == LeidenObjective.Cpm ? 0.02 : 1.0, Seed = seed });

        Assert.Empty(TestGraphs.DisconnectedCommunities(graph, leiden.Membership));
    }

    [Theory]
    [InlineData(1, LeidenObjective.Cpm, false, 1)]
    [InlineData(2, LeidenObjective.Cpm, false, -1)]
    [InlineData(3, LeidenObjective.Modularity, false, 1)]
    [InlineData(4, LeidenObjective.Cpm, true, 1)]
    [InlineData(5, LeidenObjective.Modularity, true, -1)]
    public void In_rounds_every_community_is_connected_and_scored_like_the_independent_measure(int seed, LeidenObjective objective, bool weighted, int iterations)
    {
        // On graphs worked on in rounds, the final split is skipped when the communities are known to be connected and the
        // weights are whole (then scored from per-community sums); weighted graphs always take the split.
        const int n = Leiden.ParallelMinimumNodes + 5_000;
        var graph = weighted ? TestGraphs.Random(n, 3 * n, seed, weighted: true) : SimpleRandom(n, 3 * n, seed);
        double resolution = objective == LeidenObjective.Cpm ? 0.02 : 1.0;

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = objective, Resolution = resolution, Seed = seed, MaxIterations = iterations, Threads = 2 });

        Assert.Empty(TestGraphs.DisconnectedCommunities(graph, leiden.Membership));
        Assert.True(TestGraphs.IsCanonical(leiden.Membership, leiden.CommunityCount));
        double expected = objective == LeidenObjective.Cpm
            ? Modularity.Cpm(graph, leiden.Membership, resolution)
            : Modularity.Compute(graph, leiden.Membership, resolution);
        Assert.Equal(expected, leiden.Quality, 6);
        // The standard modularity summed on the way, with whole weights only, is the independent measure's number exactly.
        if (weighted) Assert.Null(leiden.StandardModularity);
        else Assert.Equal(Modularity.Compute(graph, leiden.Membership), leiden.StandardModularity!.Value);
    }

    /// <summary>A random graph of distinct edges of weight 1, without self-loops: all its arc weights the same.</summary>
    private static CsrGraph SimpleRandom(int n, int edges, int seed)
    {
        var random = new Random(seed);
        var pairs = new HashSet<(int, int)>();
        while (pairs.Count < edges)
        {
            int u = random.Next(n), v = random.Next(n);
            if (u != v) pairs.Add((Math.Min(u, v), Math.Max(u, v)));
        }
        return TestGraphs.FromEdges(n, pairs.ToArray());
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Reported_quality_equals_the_independently_computed_one(int seed, LeidenObjective objective)
    {
        var graph = TestGraphs.Random(500, 2000, seed);
        double resolution = objective == LeidenObjective.Cpm ? 0.05 : 0.7;

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = objective, Resolution = resolution, Seed = seed });

        double expected = objective == LeidenObjective.Cpm
            ? Modularity.Cpm(graph, leiden.Membership, resolution)
            : Modularity.Compute(graph, leiden.Membership, resolution);
        Assert.Equal(expected, leiden.Quality, 6);
    }

    [Fact]
    public void Odd_settings_on_many_random_graphs_keep_every_invariant()
    {
        // A small fuzz: greedy and very random refinement, zero and huge resolutions, a random start, graphs
        // with isolated nodes, loops and repeated edges.
        var random = new Random(2024);
        for (int round = 0; round < 60; round++)
        {
            int n = random.Next(1, 80);
            var graph = TestGraphs.Random(n, random.Next(0, 3 * n), seed: round);
            var objective = round % 2 == 0 ? LeidenObjective.Cpm : LeidenObjective.Modularity;
            double resolution = new[] { 0.0, 0.05, 0.5, 1.0, 5.0, 100.0 }[random.Next(6)];
            double randomness = new[] { 0.0, 0.01, 1.0, 100.0 }[random.Next(4)];
            int[]? start = round % 3 == 0 ? Enumerable.Range(0, n).Select(_ => random.Next(n)).ToArray() : null;
            var options = new LeidenOptions
            {
                Objective = objective, Resolution = resolution, Randomness = randomness, Seed = round, MaxIterations = round % 4 == 0 ? 1 : -1,
            };

            var leiden = new Leiden(graph, options, initialMembership: start);
            leiden.Run();

            string context = $"round {round}: n={n}, {objective}, γ={resolution}, θ={randomness}";
            Assert.True(TestGraphs.IsCanonical(leiden.Membership, leiden.CommunityCount), context);
            Assert.True(TestGraphs.DisconnectedCommunities(graph, leiden.Membership).Count == 0, context);
            double expected = objective == LeidenObjective.Cpm
                ? Modularity.Cpm(graph, leiden.Membership, resolution)
                : Modularity.Compute(graph, leiden.Membership, resolution);
            Assert.True(Math.Abs(expected - leiden.Quality) <= 1e-6 * (1 + Math.Abs(expected)), context);
            // Never worse than leaving every node alone, whose quality is known without running anything.
            double singletons = objective == LeidenObjective.Cpm
                ? Modularity.Cpm(graph, Enumerable.Range(0, n).ToArray(), resolution)
                : Modularity.Compute(graph, Enumerable.Range(0, n).ToArray(), resolution);
            Assert.True(leiden.Quality >= singletons - 1e-9, context);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Leiden_modularity_is_at_least_louvains_on_the_same_graph(int seed)
    {
        var graph = TestGraphs.Planted(3000, 0.45, seed).BuildGraph();

        var leiden = RunLeiden(graph, new LeidenOptions { Objective = LeidenObjective.Modularity, Seed = seed });
        var louvain = new Louvain(graph, new LouvainOptions { Seed = seed });
        louvain.Run();

        Assert.True(leiden.Quality >= louvain.Quality - 1e-9, $"Leiden {leiden.Quality} < Louvain {louvain.Quality}");
    }

    [Fact]
    public void More_iterations_never_lower_the_quality()
    {
        var graph = TestGraphs.Planted(3000, 0.4, 5).BuildGraph();

        var one = RunLeiden(graph, new LeidenOptions { Objective = LeidenObjective.Modularity, Seed = 5, MaxIterations = 1 });
        var converged = RunLeiden(graph, new LeidenOptions { Objective = LeidenObjective.Modularity, Seed = 5 });

        Assert.True(converged.Quality >= one.Quality - 1e-12);
        Assert.True(converged.Iterations >= 1);
    }

    [Fact]
    public void Starting_from_a_given_partition_keeps_a_partition_that_is_already_optimal()
    {
        var graph = TestGraphs.RingOfCliques(6, 4);
        var cliques = TestGraphs.RingOfCliquesMembership(6, 4);

        var leiden = new Leiden(graph, ModularityOptions, initialMembership: cliques);
        leiden.Run();

        Assert.Equal(cliques, leiden.Membership);
        Assert.Equal(1, leiden.Iterations);
    }

    // ---- Planted partitions -------------------------------------------------------------------------

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Default_settings_recover_planted_communities_at_mixing_two_tenths(int seed)
    {
        var planted = TestGraphs.Planted(20_000, 0.2, seed);

        var leiden = RunLeiden(planted.BuildGraph(), new LeidenOptions { Seed = seed });

        double nmi = Nmi.Compute(planted.Membership, leiden.Membership);
        Assert.True(nmi >= 0.9, $"NMI {nmi:F3}");
    }

    [Fact]
    public void Large_graphs_renumbered_for_locality_keep_every_invariant()
    {
        // Above 50,000 nodes Leiden renumbers the nodes internally after the first local moving; the result
        // must still be in the caller's node ids, connected, canonical and scored like the independent measure.
        var planted = TestGraphs.Planted(60_000, 0.3, 21);
        var graph = planted.BuildGraph();

        var first = RunLeiden(graph, new LeidenOptions { Seed = 4 });
        var second = RunLeiden(graph, new LeidenOptions { Seed = 4 });

        Assert.True(Nmi.Compute(planted.Membership, first.Membership) >= 0.9);
        Assert.True(TestGraphs.IsCanonical(first.Membership, first.CommunityCount));
        Assert.Empty(TestGraphs.DisconnectedCommunities(graph, first.Membership));
        Assert.Equal(Modularity.Cpm(graph, first.Membership, LeidenOptions.DefaultCpmResolution), first.Quality, 4);
        Assert.Equal(first.Membership, second.Membership);
    }

    // ---- Determinism and cancellation ---------------------------------------------------------------

    [Fact]
    public void Same_seed_gives_identical_membership()
    {
        var graph = TestGraphs.Planted(5000, 0.3, 3).BuildGraph();
        var options = new LeidenOptions { Seed = 99 };

        var first = RunLeiden(graph, options);
        var second = RunLeiden(graph, options);

        Assert.Equal(first.Membership, second.Membership);
        Assert.Equal(first.Quality, second.Quality);
    }

    [Theory]
    [InlineData(LeidenObjective.Cpm, 0.01, false)]
    [InlineData(LeidenObjective.Modularity, 0.01, false)]
    [InlineData(LeidenObjective.Cpm, 0.0, false)]
    [InlineData(LeidenObjective.Cpm, 0.01, true)]
    public void Any_number_of_threads_gives_the_same_communities(LeidenObjective objective, double randomness, bool idsByCommunity)
    {
        // Large enough to run in parallel and to be renumbered for locality. With ids grouped by community, every
        // round of local moving decides neighbours together: the case where decisions go out of date the most.
        var planted = TestGraphs.Planted(60_000, 0.3, 8);
        var graph = idsByCommunity ? TestGraphs.RenumberedByCommunity(planted) : planted.BuildGraph();
        LeidenOptions Options(int threads) => new() { Objective = objective, Randomness = randomness, Seed = 3, Threads = threads, MaxIterations = -1 };

        var one = RunLeiden(graph, Options(1));
        var two = RunLeiden(graph, Options(2));
        var five = RunLeiden(graph, Options(5));

        Assert.True(graph.NodeCount >= Leiden.ParallelMinimumNodes);
        Assert.Equal(one.Membership, two.Membership);
        Assert.Equal(one.Membership, five.Membership);
        Assert.Equal(one.Quality, two.Quality);
        Assert.Equal(one.Quality, five.Quality);
        Assert.Equal(one.Iterations, five.Iterations);
        Assert.Empty(TestGraphs.DisconnectedCommunities(graph, one.Membership));
    }

    [Fact]
    public void Unit_arc_weights_summed_in_floats_give_what_halved_weights_summed_in_doubles_give()
    {
        // Large enough to be worked on in rounds and renumbered. Unit arc weights are counted in ints by level 0's local
        // moving and summed in floats at the aggregated levels (whole numbers, exact); halves are not whole, so they are
        // summed in doubles throughout. Halving the arc weights, γ and θ halves every gain exactly (node weights stay 1),
        // so both must take every decision alike.
        var graph = TestGraphs.Planted(60_000, 0.3, 14).BuildGraph();
        var halves = new float[graph.ArcCount];
        Array.Fill(halves, 0.5f);
        var halved = new CsrGraph(graph.Offsets, graph.Targets, halves);

        var whole = RunLeiden(graph, new LeidenOptions { Resolution = 0.01, Randomness = 0.01, Seed = 6, Threads = 2, MaxIterations = -1 });
        var half = RunLeiden(halved, new LeidenOptions { Resolution = 0.005, Randomness = 0.005, Seed = 6, Threads = 2, MaxIterations = -1 });

        Assert.True(whole.Iterations > 1);
        Assert.Equal(whole.Membership, half.Membership);
        Assert.Equal(whole.Quality / 2, half.Quality, 6);
    }

    [Fact]
    public void Ids_grouped_by_community_are_recovered_as_well_as_random_ids()
    {
        // The parallel local moving re-decides a node whose neighbours moved in the same round; on a graph numbered
        // community by community that happens to most nodes, and the answer must be as good as on random ids.
        var planted = TestGraphs.Planted(60_000, 0.2, 9);
        var grouped = TestGraphs.RenumberedByCommunity(planted);
        var groupedTruth = new int[planted.Membership.Length];
        var order = TestGraphs.CommunityOrder(planted);
        for (int v = 0; v < order.Length; v++) groupedTruth[order[v]] = planted.Membership[v];

        var random = RunLeiden(planted.BuildGraph(), new LeidenOptions { Seed = 2, Threads = 2 });
        var byCommunity = RunLeiden(grouped, new LeidenOptions { Seed = 2, Threads = 2 });

        double nmiRandom = Nmi.Compute(planted.Membership, random.Membership);
        double nmiGrouped = Nmi.Compute(groupedTruth, byCommunity.Membership);
        Assert.True(nmiGrouped >= 0.9, $"NMI {nmiGrouped:F4} on ids grouped by community");
        Assert.True(nmiGrouped >= nmiRandom - 0.01, $"NMI {nmiGrouped:F4} grouped, {nmiRandom:F4} random");
    }

    [Fact]
    public void Cancellation_throws_and_leaves_no_result()
    {
        var graph = TestGraphs.Planted(20_000, 0.2, 1).BuildGraph();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var leiden = new Leiden(graph);

        Assert.ThrowsAny<OperationCanceledException>(() => leiden.Run(cancellation.Token));
        Assert.Throws<InvalidOperationException>(() => leiden.Membership);
    }

    [Fact]
    public void Cancellation_during_the_run_is_noticed()
    {
        var graph = TestGraphs.Planted(50_000, 0.3, 1).BuildGraph();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var leiden = new Leiden(graph, new LeidenOptions { MaxIterations = 50 });

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            // Repeat so that a machine fast enough to finish one run inside 20 ms still sees the token.
            for (int i = 0; i < 1000; i++) leiden.Run(cancellation.Token);
        });
    }

    // ---- Argument checks ----------------------------------------------------------------------------

    [Fact]
    public void Invalid_options_are_all_reported_together()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Leiden(TestGraphs.TwoTrianglesJoined(), new LeidenOptions { Resolution = -1, Randomness = double.NaN, MaxIterations = 0, Threads = -1 }));

        Assert.Contains("Resolution", error.Message);
        Assert.Contains("Randomness", error.Message);
        Assert.Contains("MaxIterations", error.Message);
        Assert.Contains("Threads", error.Message);
    }

    [Fact]
    public void A_hand_built_graph_with_a_negative_weight_is_refused()
    {
        var graph = new CsrGraph([0, 1, 2], [1, 0], [-1f, -1f]);

        Assert.Throws<ArgumentException>(() => new Leiden(graph));
        Assert.Throws<ArgumentException>(() => new Louvain(graph));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NaN)]
    public void A_weight_that_is_not_positive_and_finite_is_refused_naming_its_arc(float bad)
    {
        var graph = new CsrGraph([0, 2, 3, 4], [1, 2, 0, 0], [1f, bad, 1f, bad]);

        var error = Assert.Throws<ArgumentException>(() => new Leiden(graph));
        Assert.Contains("Arc 1 has weight", error.Message);
    }

    [Fact]
    public void Node_weights_are_refused_with_modularity()
    {
        Assert.Throws<ArgumentException>(() =>
            new Leiden(TestGraphs.TwoTrianglesJoined(), ModularityOptions, nodeWeights: new double[6]));
    }
}
