using System.Runtime.CompilerServices;
using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Algorithms;

/// <summary>
/// Leiden community detection: V. A. Traag, L. Waltman and N. J. van Eck (2019), "From Louvain to Leiden:
/// guaranteeing well-connected communities", Scientific Reports 9:5233, doi:10.1038/s41598-019-41695-z.
/// </summary>
/// <remarks>
/// <para><b>Objective.</b> Maximizes <c>Σ_ij (A_ij − γ' n_i n_j) δ(c_i, c_j)</c>: the Constant Potts Model
/// (<see cref="LeidenObjective.Cpm"/>, n_i the node weights, γ' = γ) or modularity
/// (<see cref="LeidenObjective.Modularity"/>, n_i the strengths, γ' = γ / 2m).</para>
/// <para><b>Phases.</b> Each level runs (1) fast local moving: unstable nodes move to the best
/// neighbouring cluster, and only neighbours of moved nodes become unstable again; (2) refinement: inside
/// each cluster, singletons merge only with well-connected sub-clusters, chosen at random with probability
/// ∝ exp(gain / θ); (3) aggregation: each refined sub-cluster becomes a node, starting in the cluster its
/// members had after (1). Levels repeat until local moving leaves every node in its own cluster (on graphs of
/// <see cref="ParallelMinimumNodes"/> or more: merges fewer than 5% of them, GVE-Leiden's aggregation tolerance).
/// An iteration is one such multilevel pass; iterations repeat from the previous result
/// until nothing changes (or <see cref="LeidenOptions.MaxIterations"/>).</para>
/// <para><b>Parallel.</b> On graphs of <see cref="ParallelMinimumNodes"/> or more, all three phases run on
/// <see cref="LeidenOptions.Threads"/> threads, in the manner of
/// GVE-Leiden (S. Sahu, 2024, "Fast Leiden algorithm for community detection in shared memory setting",
/// arXiv:2312.13936) and networkit's ParallelLeiden, but deterministic: local moving decides a round of nodes
/// against one state and applies the decisions in a fixed order, re-deciding a node whose clusters changed
/// under it; refinement works on each cluster alone with a random stream of its own; aggregation builds each
/// new node alone. So the communities depend on the graph, the options and the seed, never on the number of
/// threads or on timing.</para>
/// <para><b>Implementation notes.</b> Unstable nodes are visited in sweeps over a random order of blocks
/// of consecutive ids rather than igraph's shuffled queue, and graphs of 50,000 nodes or more are renumbered
/// cluster by cluster after the first local moving (which then counts as the first iteration's level-0 moving);
/// both keep memory reads near each other, which is what bounds the speed on large graphs. Results are always
/// reported in the caller's node ids.</para>
/// <para><b>Guarantee.</b> Every community is connected: refined clusters are connected by construction,
/// and a final pass splits any community that is not (which can only raise the quality), so the
/// guarantee holds in every case, not only at convergence.</para>
/// <para><b>Determinism.</b> The same graph, options and seed give the same membership on every run, on any
/// number of threads; communities are numbered 0..k-1 in order of their smallest node id.</para>
/// <para><b>Complexity.</b> Near-linear on sparse graphs: each level costs O(n + m) time beyond the moves,
/// and levels shrink geometrically. Memory: about 20 scratch arrays of n entries plus one per thread, allocated
/// once, two buffers for the aggregated graphs (room for the arcs leaving the refined clusters of the level they
/// aggregate, plus an eighth; a level goes beside the last one's arcs when it fits there, so the second buffer is often
/// never allocated) and, on graphs of 50,000 nodes or more, one renumbered copy of the neighbour ids (4 bytes
/// per arc; the weights too when they differ, 4 more). There, with two threads or more, the first buffer is reserved
/// up front with room for all the arcs, and a thread of its own touches the memory the later phases will need while
/// the first local moving runs (see PageToucher): memory touched for the first time is slow on virtual machines.
/// Measured figures are in docs/benchmarks.md.</para>
/// <para><b>Compiling.</b> The methods with loops are compiled optimized at once
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>): each runs a few times per detection, so compiled quick
/// first it would run its loops unoptimized until recompiled while running (on-stack replacement, a few ms each on
/// the thread that runs it).</para>
/// </remarks>
/// <example>
/// <code>
/// var leiden = new Leiden(graph, new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = 0.05, Seed = 42 });
/// leiden.Run(cancellationToken);
/// int[] community = leiden.Membership;
/// </code>
/// </example>
public sealed class Leiden
{
    /// <summary>
    /// Graphs with fewer nodes are worked on node by node on one thread, the classic sequential way (rounds and
    /// waking threads would cost more than they save); larger ones in rounds on <see cref="LeidenOptions.Threads"/>.
    /// </summary>
    public const int ParallelMinimumNodes = 20_000;

    /// <summary>
    /// On graphs worked on in rounds, a level whose local moving leaves more than this share of its nodes apart ends
    /// the iteration (GVE-Leiden's aggregation tolerance): aggregating it again would shrink the graph by a few
    /// percent for the cost of a pass over all its arcs, and the next iteration starts from the result anyway.
    /// </summary>
    private const double AggregationTolerance = 0.95;

    private readonly CsrGraph _graph;
    private readonly LeidenOptions _options;
    private readonly double[]? _nodeWeights;
    private readonly int[]? _initialMembership;
    private int[]? _membership;

    /// <param name="graph">Undirected graph; weights must be positive.</param>
    /// <param name="options">Objective, resolution, randomness, iterations and seed (null: defaults).</param>
    /// <param name="nodeWeights">
    /// CPM node weights n_i (null: 1 per node). Not allowed with modularity, whose node weights are the strengths.
    /// </param>
    /// <param name="initialMembership">Partition to start from (null: singletons); ids in 0..n-1.</param>
    public Leiden(CsrGraph graph, LeidenOptions? options = null, double[]? nodeWeights = null, int[]? initialMembership = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ThrowHelper.RequirePositiveWeights(graph, nameof(graph));
        options ??= new LeidenOptions();
        options.Validate();
        int n = graph.NodeCount;
        if (nodeWeights is not null)
        {
            if (options.Objective != LeidenObjective.Cpm)
                throw new ArgumentException("Node weights apply to the CPM objective only; modularity uses the node strengths.", nameof(nodeWeights));
            if (nodeWeights.Length != n)
                throw new ArgumentException($"Node weights have {nodeWeights.Length} entries but the graph has {n} nodes.", nameof(nodeWeights));
            for (int v = 0; v < n; v++)
                if (!(nodeWeights[v] >= 0) || double.IsInfinity(nodeWeights[v]))
                    throw new ArgumentException($"Node {v} has weight {nodeWeights[v]}; node weights must be finite and ≥ 0.", nameof(nodeWeights));
        }
        if (initialMembership is not null)
        {
            if (initialMembership.Length != n)
                throw new ArgumentException($"Initial membership has {initialMembership.Length} entries but the graph has {n} nodes.", nameof(initialMembership));
            for (int v = 0; v < n; v++)
                if ((uint)initialMembership[v] >= (uint)n)
                    throw new ArgumentException($"Node {v} starts in community {initialMembership[v]}; ids must be in 0..{n - 1}.", nameof(initialMembership));
        }
        _graph = graph;
        _options = options;
        _nodeWeights = nodeWeights;
        _initialMembership = initialMembership;
    }

    /// <summary>Community of each node, 0..<see cref="CommunityCount"/>-1, numbered by smallest node id.</summary>
    public int[] Membership
    {
        get
        {
            if (_membership is null) ThrowHelper.NotRun(nameof(Leiden));
            return _membership;
        }
    }

    /// <summary>Number of communities.</summary>
    public int CommunityCount { get; private set; }

    /// <summary>
    /// Quality of <see cref="Membership"/> under the chosen objective and resolution, on the scale of
    /// <see cref="Modularity.Compute"/> (modularity) or <see cref="Modularity.Cpm"/> (CPM).
    /// </summary>
    public double Quality { get; private set; }

    /// <summary>
    /// Modularity (γ = 1) of <see cref="Membership"/>, the same number <see cref="Algorithms.Modularity.Compute"/> gives,
    /// when the run could sum it on the way: on graphs worked on in rounds whose arc weights are whole numbers (then
    /// every sum is exact in any order); null otherwise.
    /// </summary>
    public double? StandardModularity { get; private set; }

    /// <summary>Iterations run (each a full multilevel pass).</summary>
    public int Iterations { get; private set; }

    /// <summary>Runs the algorithm; can be called again (it starts over from the same inputs).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; results are left unchanged.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int n = _graph.NodeCount;
        double resolution = _options.EffectiveResolution;
        bool modularity = _options.Objective == LeidenObjective.Modularity;
        double[] nodeWeights = modularity ? Strengths(_graph, out _) : _nodeWeights ?? Ones(n);
        double totalStrength = 0;
        if (modularity)
            for (int v = 0; v < n; v++) totalStrength += nodeWeights[v];
        double scaledResolution = modularity ? (totalStrength > 0 ? resolution / totalStrength : 0) : resolution;

        var membership = LargeArrays.Uninitialized<int>(n);
        if (_initialMembership is not null) Array.Copy(_initialMembership, membership, n);
        else for (int v = 0; v < n; v++) membership[v] = v;

        var random = new FastRandom(_options.Seed);
        // The size of the graph, never the thread count, decides how it is worked on: the result stays the same.
        bool inRounds = n >= ParallelMinimumNodes;
        using var team = new WorkerTeam(inRounds ? _options.EffectiveThreads : 1);
        var workspace = new PartitionWorkspace(n, scaledResolution, random, team, inRounds);
        workspace.ChooseArcSums(_graph.Weights, _graph.Offsets[n]);
        var baseLevel = LevelGraph.Base(_graph, nodeWeights);
        var previous = LargeArrays.Uninitialized<int>(n);
        var aggregateOf = LargeArrays.Uninitialized<int>(n);
        // Singletons are numbered already (renumbering them would touch a fresh array of n entries for nothing).
        int communities = _initialMembership is null ? n : workspace.Renumber(n, membership);

        // On a large graph, do the first local moving in the caller's node order, then renumber the nodes
        // cluster by cluster so that everything after it reads nearby memory (see LocalityRelabel).
        LevelGraph level0 = baseLevel;
        int[]? newId = null;
        PageToucher? toucher = null;
        try
        {
            if (n >= LocalityRelabel.MinimumNodes)
            {
                newId = LargeArrays.Uninitialized<int>(n);
                var newOffsets = LargeArrays.Uninitialized<int>(n + 1);
                var newTargets = LargeArrays.Uninitialized<int>(_graph.Offsets[n]);
                // With a second thread to spare, the arrays needed after the first local moving are touched for the
                // first time beside it, in the order they will be needed, instead of on the way (see PageToucher).
                if (team.Size > 1)
                {
                    var later = workspace.ArraysNeededAfterLocalMoving();
                    // The first aggregation's room is every arc not made internal by refinement: never more than all
                    // arcs (on the planted graph of docs/benchmarks.md, 1M nodes and mixing 0.2, 76% of them).
                    var aggregation = workspace.ReserveFirstAggregation(_graph.Offsets[n]);
                    toucher = new PageToucher([later[0], newId, newOffsets, newTargets, aggregateOf, .. later[1..], .. aggregation, previous]);
                }
                int clusters = workspace.FastLocalMove(baseLevel, membership, cancellationToken);
                level0 = LocalityRelabel.ByCluster(baseLevel, membership, clusters, newId, newOffsets, newTargets, team, cancellationToken);
            }

            int cap = _options.MaxIterations < 0 ? LeidenOptions.ConvergenceIterationCap : _options.MaxIterations;
            int iterations = 0;
            bool connected = false;
            while (iterations < cap && n > 0)
            {
                iterations++;
                // The last iteration allowed ends the loop whatever it changes: nothing to compare it with.
                bool last = iterations == cap;
                if (!last) Array.Copy(membership, previous, n);
                // The first local moving above is the first iteration's level-0 moving, done before the renumbering:
                // every node is stable already, so that iteration goes straight on to refinement.
                bool levelZeroSettled = iterations == 1 && newId is not null;
                connected = RunIteration(workspace, team, level0, membership, aggregateOf, levelZeroSettled, inRounds, cancellationToken);
                communities = workspace.Renumber(n, membership);
                if (!last && membership.AsSpan().SequenceEqual(previous)) break;
            }

            // Split and score on the renumbered graph, whose communities are runs of nearby ids; then number the
            // communities in the caller's ids.
            // The arrays the iterations are done with serve as scratch: memory touched for the first time is slow.
            // The split is skipped where it could change nothing: every community known to be connected (see RunIteration)
            // and the arc weights whole numbers, whose sums inside communities are then the same in any order.
            int count = communities;
            (double Once, double Both)? inside = null;
            if (!(inRounds && connected && workspace.WholeArcSums))
            {
                count = CommunityCleanup.SplitDisconnected(level0, membership, communities, aggregateOf, workspace.SpareNodes, team, out var sums, cancellationToken);
                // In rounds, the split's searches summed the arcs inside communities already (in another order than a
                // pass over the nodes: the node-by-node path keeps its own sum, whose rounding its results are pinned to).
                if (inRounds) inside = sums;
            }
            // With whole weights, one pass gives each community's inside weight and strength, exact: the arcs inside
            // communities for the quality, and the standard modularity the caller's report shows beside it.
            CommunitySums? perCommunity = inRounds && workspace.WholeArcSums ? CommunitySums.Of(level0, membership, count, team) : null;
            if (perCommunity is not null && inside is null) inside = (perCommunity.InsideTotal / 2, perCommunity.InsideTotal);
            Quality = modularity
                ? ModularityOf(level0, membership, count, totalStrength, resolution, team, inside?.Both)
                : CpmOf(level0, membership, count, resolution, team, inside?.Once);
            if (newId is not null)
            {
                // Reads at random places of membership, independent of each other: split over the team.
                var inCallerOrder = previous;
                int[] renumbered = membership, map = newId;
                const int chunk = 65536;
                team.For((n + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, _) =>
                {
                    for (int v = c * chunk, end = Math.Min(v + chunk, n); v < end; v++) inCallerOrder[v] = renumbered[map[v]];
                });
                membership = inCallerOrder;
            }
            workspace.Renumber(n, membership);
            StandardModularity = perCommunity?.StandardModularity(workspace.RenumberedAs);
            _membership = membership;
            CommunityCount = count;
            Iterations = iterations;
        }
        finally
        {
            toucher?.Dispose();
        }
    }

    /// <summary>
    /// One multilevel pass: move, refine, aggregate until every cluster is a single node. Returns true when every
    /// community it leaves is known to be connected: each aggregated node is a refined cluster, connected by construction
    /// (unless a level had to be aggregated by its clusters), so a community is connected when the nodes of the last level
    /// that make it up are connected there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunIteration(PartitionWorkspace workspace, WorkerTeam team, LevelGraph baseLevel, int[] membership, int[] aggregateOf, bool levelZeroSettled, bool inRounds, CancellationToken cancellationToken)
    {
        int n = baseLevel.NodeCount;
        for (int v = 0; v < n; v++) aggregateOf[v] = v;
        LevelGraph level = baseLevel;
        int[] levelMembership = membership;
        bool nodesConnected = true;
        bool communitiesConnected;

        while (true)
        {
            int clusters = levelZeroSettled && level == baseLevel
                ? workspace.AdoptClusters(level, levelMembership)
                : workspace.FastLocalMove(level, levelMembership, cancellationToken);
            if (clusters == level.NodeCount || (inRounds && clusters > AggregationTolerance * level.NodeCount))
            {
                // Only in rounds, where the final split can be skipped; and only above level 0, whose clusters the final
                // split checks anyway.
                communitiesConnected = inRounds && nodesConnected && (clusters == level.NodeCount
                    || (level != baseLevel && workspace.ClustersConnected(level, levelMembership, clusters, cancellationToken)));
                break;
            }

            int refinedCount = workspace.Refine(level, levelMembership, clusters, _options.Randomness, cancellationToken);
            int[] partition = workspace.Refined;
            int[]? internalArcs = workspace.JoinedArcs;
            if (refinedCount == level.NodeCount)
            {
                // Refinement merged nothing: aggregating by it would not shrink the graph, so aggregate by the
                // clusters themselves (as igraph does) to make progress.
                partition = levelMembership;
                refinedCount = clusters;
                internalArcs = null;
                nodesConnected = false;
            }

            const int chunk = 65536;
            team.For((n + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, _) =>
            {
                for (int v = c * chunk, end = Math.Min(v + chunk, n); v < end; v++) aggregateOf[v] = partition[aggregateOf[v]];
            }, parallel: n >= ParallelMinimumNodes);
            (level, levelMembership) = workspace.Aggregate(level, partition, refinedCount, levelMembership, internalArcs, cancellationToken);
        }

        if (!ReferenceEquals(levelMembership, membership))
            for (int v = 0; v < n; v++) membership[v] = levelMembership[aggregateOf[v]];
        return communitiesConnected;
    }

    /// <summary>Strength of each node: the sum of its arc weights, a self-loop counted twice.</summary>
    internal static double[] Strengths(CsrGraph graph, out double total)
    {
        int n = graph.NodeCount;
        var strength = LargeArrays.Uninitialized<double>(n);
        int[] offsets = graph.Offsets, targets = graph.Targets;
        float[] weights = graph.Weights;
        total = 0;
        for (int v = 0; v < n; v++)
        {
            double s = 0;
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                s += targets[a] == v ? 2.0 * weights[a] : weights[a];
            strength[v] = s;
            total += s;
        }
        return strength;
    }

    private static double[] Ones(int n)
    {
        var ones = LargeArrays.Uninitialized<double>(n);
        Array.Fill(ones, 1.0);
        return ones;
    }

    /// <summary>Modularity of a partition of a level (node weights = strengths), as <see cref="Modularity.Compute"/> reports it.</summary>
    /// <param name="insideWeight">The weight of the arcs inside communities, each arc and a self-loop twice, when known.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ModularityOf(LevelGraph graph, int[] membership, int count, double totalStrength, double resolution, WorkerTeam team, double? insideWeight = null)
    {
        if (totalStrength == 0) return 0;
        double inside = insideWeight ?? InternalArcWeight(graph, membership, team, selfLoopFactor: 2.0, eachEdgeOnce: false);
        var communityStrength = new double[count];
        for (int v = 0; v < membership.Length; v++) communityStrength[membership[v]] += graph.NodeWeights[v];
        double penalty = 0;
        for (int c = 0; c < count; c++) penalty += communityStrength[c] * communityStrength[c];
        return (inside - resolution * penalty / totalStrength) / totalStrength;
    }

    /// <summary>CPM quality of a partition of a level, as <see cref="Modularity.Cpm"/> reports it.</summary>
    /// <param name="insideWeight">The weight of the edges inside communities, each once, when known.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CpmOf(LevelGraph graph, int[] membership, int count, double resolution, WorkerTeam team, double? insideWeight)
    {
        double inside = insideWeight ?? InternalArcWeight(graph, membership, team, selfLoopFactor: 1.0, eachEdgeOnce: true);
        var sum = new double[count];
        var squares = new double[count];
        for (int v = 0; v < membership.Length; v++)
        {
            double nv = graph.NodeWeights[v];
            sum[membership[v]] += nv;
            squares[membership[v]] += nv * nv;
        }
        double penalty = 0;
        for (int c = 0; c < count; c++) penalty += (sum[c] * sum[c] - squares[c]) / 2.0;
        return inside - resolution * penalty;
    }

    /// <summary>
    /// Weight of the arcs inside communities, summed per fixed chunk of nodes and then in chunk order, so the total
    /// (rounding included) is the same on any number of threads.
    /// </summary>
    private static double InternalArcWeight(LevelGraph graph, int[] membership, WorkerTeam team, double selfLoopFactor, bool eachEdgeOnce)
    {
        const int chunk = 65536;
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        var partial = new double[(n + chunk - 1) / chunk];
        team.For(partial.Length, (c, _) =>
        {
            double inside = 0;
            for (int v = c * chunk, last = Math.Min(v + chunk, n); v < last; v++)
            {
                int community = membership[v];
                for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                {
                    int u = targets[a];
                    if (membership[u] != community || (eachEdgeOnce && u < v)) continue;
                    inside += u == v ? selfLoopFactor * weights[a] : weights[a];
                }
            }
            partial[c] = inside;
        }, parallel: n >= ParallelMinimumNodes);
        double total = 0;
        foreach (double p in partial) total += p;
        return total;
    }
}
