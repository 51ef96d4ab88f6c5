using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Algorithms;

/// <summary>
/// Parameters of <see cref="PlantedPartitionGenerator"/>. The defaults (sizes 5–200 with exponent 1.5, degrees
/// 5–70 with exponent 2.5, μ = 0.2) give about 32 nodes per community and 4.9 edges per node. A test and benchmark
/// tool, internal (Graph.Analytics.Tests and Graph.Benchmarks see it), not part of the library.
/// </summary>
internal sealed class PlantedPartitionOptions
{
    public int NodeCount { get; init; } = 10_000;

    public int MinCommunitySize { get; init; } = 5;

    public int MaxCommunitySize { get; init; } = 200;

    /// <summary>
    /// Exponent τ₂ of the community-size power law P(s) ∝ s^−τ₂ on [min, max]; 0 gives uniform sizes.
    /// The default 1.5 gives a mean size of about 31 on [5, 200] (1M nodes → about 32,000 communities).
    /// </summary>
    public double CommunitySizeExponent { get; init; } = 1.5;

    public int MinDegree { get; init; } = 5;

    public int MaxDegree { get; init; } = 70;

    /// <summary>Exponent τ₁ of the degree power law P(k) ∝ k^−τ₁ on [min, max]; 0 gives uniform degrees.</summary>
    public double DegreeExponent { get; init; } = 2.5;

    /// <summary>μ: the fraction of each node's edges that leave its community.</summary>
    public double Mixing { get; init; } = 0.2;

    public int Seed { get; init; }

    public void Validate()
    {
        var problems = new List<string>();
        if (NodeCount < 0) problems.Add($"NodeCount {NodeCount} must be ≥ 0.");
        if (MinCommunitySize < 1 || MaxCommunitySize < MinCommunitySize) problems.Add($"Community sizes [{MinCommunitySize}, {MaxCommunitySize}] must satisfy 1 ≤ min ≤ max.");
        if (MinDegree < 1 || MaxDegree < MinDegree) problems.Add($"Degrees [{MinDegree}, {MaxDegree}] must satisfy 1 ≤ min ≤ max.");
        if (!(Mixing >= 0 && Mixing <= 1)) problems.Add($"Mixing {Mixing} must be in [0, 1].");
        if (!(CommunitySizeExponent >= 0) || !(DegreeExponent >= 0)) problems.Add("Exponents must be ≥ 0.");
        if (problems.Count > 0) throw new ArgumentException("Invalid planted-partition options: " + string.Join(" ", problems));
    }
}

/// <summary>
/// Generates a graph with known communities, in the spirit of the LFR benchmark (Lancichinetti, Fortunato and
/// Radicchi 2008): community sizes and node degrees follow power laws, and a fraction μ of each node's edges
/// goes outside its community. Used to test and benchmark community detection against a ground truth.
/// </summary>
/// <remarks>
/// Simplifications against LFR, chosen for speed on millions of nodes: nodes are assigned to communities in
/// random order; a node's internal degree (1−μ)k is capped at its community size − 1, and its external degree
/// then scaled to keep the ratio μ; internal edges follow the Chung–Lu model inside each community
/// (P(i~j) = min(1, k_i k_j / Σk)); external edges pair random stubs, dropping pairs that fall inside one
/// community. Time O(n + Σ s_c² + m), memory O(m).
/// </remarks>
internal sealed class PlantedPartitionGenerator
{
    private readonly PlantedPartitionOptions _options;
    private int[]? _membership;
    private int[] _sources = [];
    private int[] _targets = [];

    public PlantedPartitionGenerator(PlantedPartitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The planted community of each node, 0..<see cref="CommunityCount"/>-1.</summary>
    public int[] Membership
    {
        get
        {
            if (_membership is null) ThrowHelper.NotRun(nameof(PlantedPartitionGenerator));
            return _membership;
        }
    }

    public int CommunityCount { get; private set; }

    public int EdgeCount { get; private set; }

    /// <summary>Edge endpoints: edge i is {Sources[i], Targets[i]}, weight 1, no self-loops or duplicates.</summary>
    public ReadOnlySpan<int> Sources => _sources.AsSpan(0, EdgeCount);

    /// <inheritdoc cref="Sources"/>
    public ReadOnlySpan<int> Targets => _targets.AsSpan(0, EdgeCount);

    /// <summary>Builds the CSR graph of the generated edges.</summary>
    public CsrGraph BuildGraph() => CsrGraphBuilder.FromEdges(_options.NodeCount, Sources, Targets);

    public void Run(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = _options;
        int n = o.NodeCount;
        var random = new FastRandom(o.Seed);

        // Community sizes: draw until the nodes are used up, then give the remainder to communities with room.
        var sizes = new List<int>();
        long assigned = 0;
        while (assigned < n)
        {
            int s = SamplePowerLaw(random, o.MinCommunitySize, o.MaxCommunitySize, o.CommunitySizeExponent);
            if (assigned + s > n) s = (int)(n - assigned);
            sizes.Add(s);
            assigned += s;
        }
        if (sizes.Count > 1 && sizes[^1] < o.MinCommunitySize)
        {
            int leftover = sizes[^1];
            sizes.RemoveAt(sizes.Count - 1);
            for (int i = 0; leftover > 0; i = (i + 1) % sizes.Count)
            {
                if (sizes[i] < o.MaxCommunitySize || i == sizes.Count - 1) { sizes[i]++; leftover--; }
            }
        }
        int k = sizes.Count;

        // Random node order, cut into consecutive communities.
        var nodes = new int[n];
        for (int v = 0; v < n; v++) nodes[v] = v;
        random.Shuffle(nodes);
        var membership = new int[n];
        var start = new int[k + 1];
        for (int c = 0; c < k; c++) start[c + 1] = start[c] + sizes[c];
        for (int c = 0; c < k; c++)
            for (int i = start[c]; i < start[c + 1]; i++) membership[nodes[i]] = c;

        var internalDegree = new int[n];
        var externalDegree = new int[n];
        long externalStubs = 0;
        for (int v = 0; v < n; v++)
        {
            int size = sizes[membership[v]];
            int degree = SamplePowerLaw(random, o.MinDegree, o.MaxDegree, o.DegreeExponent);
            // Random rounding keeps the expected share of outside edges at exactly μ even for small degrees.
            int inside = RoundRandomly(random, (1 - o.Mixing) * degree);
            int outside = degree - inside;
            if (inside > size - 1)
            {
                inside = size - 1;
                outside = o.Mixing >= 1 ? degree : RoundRandomly(random, inside * o.Mixing / (1 - o.Mixing));
            }
            internalDegree[v] = inside;
            externalDegree[v] = outside;
            externalStubs += outside;
        }

        var sources = new List<int>(capacity: (int)Math.Min(int.MaxValue / 2, (long)n * (o.MinDegree + o.MaxDegree) / 4 + 16));
        var targets = new List<int>(sources.Capacity);

        // Internal edges: Chung–Lu inside each community.
        for (int c = 0; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double total = 0;
            for (int i = start[c]; i < start[c + 1]; i++) total += internalDegree[nodes[i]];
            if (total == 0) continue;
            for (int i = start[c]; i < start[c + 1]; i++)
            {
                int a = nodes[i];
                double ka = internalDegree[a] / total;
                for (int j = i + 1; j < start[c + 1]; j++)
                {
                    int b = nodes[j];
                    if (random.NextDouble() < ka * internalDegree[b])
                    {
                        sources.Add(a);
                        targets.Add(b);
                    }
                }
            }
        }

        // External edges: pair shuffled stubs; pairs inside one community (or repeated pairs) are dropped.
        var stubs = new int[externalStubs];
        long p = 0;
        for (int v = 0; v < n; v++)
            for (int i = 0; i < externalDegree[v]; i++) stubs[p++] = v;
        random.Shuffle(stubs);
        // Sorting the pair keys both removes repeats and keeps the edge order independent of hashing.
        var keys = new long[stubs.LongLength / 2];
        long keyCount = 0;
        for (long i = 0; i + 1 < stubs.LongLength; i += 2)
        {
            int a = stubs[i], b = stubs[i + 1];
            if (membership[a] == membership[b]) continue;
            keys[keyCount++] = a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
        }
        Array.Sort(keys, 0, (int)keyCount);
        for (long i = 0; i < keyCount; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1]) continue;
            sources.Add((int)(keys[i] >> 32));
            targets.Add((int)(keys[i] & 0xFFFFFFFF));
        }

        _sources = [.. sources];
        _targets = [.. targets];
        EdgeCount = _sources.Length;
        _membership = membership;
        CommunityCount = k;
    }

    private static int RoundRandomly(FastRandom random, double value)
    {
        int floor = (int)Math.Floor(value);
        return random.NextDouble() < value - floor ? floor + 1 : floor;
    }

    /// <summary>An integer in [min, max] with P(x) ∝ x^−exponent (continuous inverse CDF, floored).</summary>
    private static int SamplePowerLaw(FastRandom random, int min, int max, double exponent)
    {
        double u = random.NextDouble();
        double lo = min, hi = max + 1.0;
        double x;
        if (exponent == 0) x = lo + u * (hi - lo);
        else if (Math.Abs(exponent - 1) < 1e-12) x = lo * Math.Pow(hi / lo, u);
        else
        {
            double e = 1 - exponent;
            double a = Math.Pow(lo, e), b = Math.Pow(hi, e);
            x = Math.Pow(a + u * (b - a), 1 / e);
        }
        int value = (int)x;
        return value < min ? min : value > max ? max : value;
    }
}
