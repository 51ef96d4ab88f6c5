using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Algorithms;

/// <summary>Parameters of <see cref="Louvain"/>.</summary>
public sealed class LouvainOptions
{
    /// <summary>Modularity resolution γ (default 1). Must be ≥ 0.</summary>
    public double Resolution { get; init; } = 1.0;

    /// <summary>Seed of the random node orders; the same seed gives the same result.</summary>
    public int Seed { get; init; }

    /// <summary>Cap on sweeps over the nodes per level (default 1000; sweeps stop earlier when nothing moves).</summary>
    public int MaxSweepsPerLevel { get; init; } = 1000;

    public void Validate()
    {
        var problems = new List<string>();
        if (!(Resolution >= 0) || double.IsInfinity(Resolution)) problems.Add($"Resolution {Resolution} must be a finite number ≥ 0.");
        if (MaxSweepsPerLevel < 1) problems.Add($"MaxSweepsPerLevel {MaxSweepsPerLevel} must be at least 1.");
        if (problems.Count > 0) throw new ArgumentException("Invalid Louvain options: " + string.Join(" ", problems));
    }
}

/// <summary>
/// Louvain community detection: V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre (2008), "Fast
/// unfolding of communities in large networks", J. Stat. Mech. P10008, doi:10.1088/1742-5468/2008/10/P10008.
/// The plain algorithm, kept as a baseline for <see cref="Leiden"/> and for comparison runs.
/// </summary>
/// <remarks>
/// <para><b>Objective.</b> Modularity with resolution γ: <c>Q = 1/(2m) Σ_c [ in_c − γ K_c²/(2m) ]</c>.</para>
/// <para><b>Phases.</b> Local moving in repeated sweeps over all nodes (random block order) until a sweep moves
/// nothing, then aggregation of each community into one node; repeat until a level moves nothing.</para>
/// <para><b>Caveat.</b> Unlike Leiden, communities may come out internally disconnected (Traag et al. 2019
/// show up to a quarter of them can be badly connected); <see cref="Membership"/> is reported as found.</para>
/// <para><b>Complexity.</b> O(m) per sweep; near-linear in practice. Scratch arrays allocated once.</para>
/// </remarks>
public sealed class Louvain
{
    private readonly CsrGraph _graph;
    private readonly LouvainOptions _options;
    private int[]? _membership;

    public Louvain(CsrGraph graph, LouvainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ThrowHelper.RequirePositiveWeights(graph, nameof(graph));
        options ??= new LouvainOptions();
        options.Validate();
        _graph = graph;
        _options = options;
    }

    /// <summary>Community of each node, 0..<see cref="CommunityCount"/>-1, numbered by smallest node id.</summary>
    public int[] Membership
    {
        get
        {
            if (_membership is null) ThrowHelper.NotRun(nameof(Louvain));
            return _membership;
        }
    }

    public int CommunityCount { get; private set; }

    /// <summary>Modularity (with the chosen resolution) of <see cref="Membership"/>.</summary>
    public double Quality { get; private set; }

    /// <summary>Number of levels (aggregations plus one).</summary>
    public int Levels { get; private set; }

    public void Run(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int n = _graph.NodeCount;
        double[] strength = Leiden.Strengths(_graph, out double total);
        double scaled = total > 0 ? _options.Resolution / total : 0;
        using var team = new WorkerTeam(1);
        var workspace = new PartitionWorkspace(n, scaled, new FastRandom(_options.Seed), team, inRounds: false);
        var membership = new int[n];
        for (int v = 0; v < n; v++) membership[v] = v;
        var aggregateOf = new int[n];
        for (int v = 0; v < n; v++) aggregateOf[v] = v;

        var baseLevel = LevelGraph.Base(_graph, strength);
        var level = baseLevel;
        int[] levelMembership = membership;
        int levels = 0;
        while (n > 0)
        {
            levels++;
            int clusters = workspace.SweepLocalMove(level, levelMembership, _options.MaxSweepsPerLevel, cancellationToken);
            if (clusters == level.NodeCount) break;
            for (int v = 0; v < n; v++) aggregateOf[v] = levelMembership[aggregateOf[v]];
            (level, levelMembership) = workspace.Aggregate(level, levelMembership, clusters, levelMembership, null, cancellationToken);
            // The aggregated nodes start as singletons: node c is community c.
        }
        if (!ReferenceEquals(levelMembership, membership))
            for (int v = 0; v < n; v++) membership[v] = levelMembership[aggregateOf[v]];
        int count = workspace.Renumber(n, membership);

        _membership = membership;
        CommunityCount = count;
        Levels = levels;
        Quality = Leiden.ModularityOf(baseLevel, membership, count, total, _options.Resolution, team);
    }
}
