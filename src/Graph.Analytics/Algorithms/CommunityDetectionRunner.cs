using System.Diagnostics;

namespace Graph.Analytics.Algorithms;

/// <summary>Which algorithm <see cref="CommunityDetectionRunner"/> runs.</summary>
public enum CommunityAlgorithm
{
    /// <summary><see cref="Leiden"/>: connected communities, CPM or modularity (the default).</summary>
    Leiden,

    /// <summary><see cref="Louvain"/>: plain modularity, the classic baseline.</summary>
    Louvain,

    /// <summary><see cref="ConnectedComponents"/>: each component is one community.</summary>
    Components,
}

/// <summary>Settings of <see cref="CommunityDetectionRunner"/> (the <c>fraudgraph communities</c> command).</summary>
/// <remarks>
/// <para>The defaults are Leiden with CPM at γ = <see cref="LeidenOptions.DefaultCpmResolution"/>. Fraud
/// rings are small communities in a very large graph, exactly where modularity's resolution limit merges
/// them: its null model is global, so two small groups joined by a single edge already look "more connected
/// than expected" in a graph of millions of edges. CPM compares each community with a fixed density γ
/// instead, so a group of five is judged the same in a graph of ten nodes or ten million.</para>
/// <para>Measured on the 1M-node planted-partition graph of <see cref="PlantedPartitionOptions"/> defaults
/// (32,211 communities of 5–200 nodes, μ = 0.2, 4.8M edges), NMI against the planted communities: CPM
/// γ = 0.01 (default) 0.985 with 32,795 communities; modularity γ = 1 0.806 with 894 communities (Louvain
/// 0.803) — the resolution limit at work; modularity γ = 100 0.969. Per connected component changes nothing
/// for CPM (it is local, and Leiden's communities never span components). See docs/benchmarks.md.</para>
/// </remarks>
public sealed class CommunityDetectionOptions
{
    public CommunityAlgorithm Algorithm { get; init; } = CommunityAlgorithm.Leiden;

    /// <summary>Leiden only; Louvain always optimizes modularity.</summary>
    public LeidenObjective Objective { get; init; } = LeidenObjective.Cpm;

    /// <summary>γ; null means the objective's default (see <see cref="LeidenOptions.EffectiveResolution"/>).</summary>
    public double? Resolution { get; init; }

    public int Seed { get; init; }

    /// <summary>Leiden's refinement randomness θ.</summary>
    public double Randomness { get; init; } = 0.01;

    /// <summary>
    /// Leiden's iteration limit (−1: until an iteration changes nothing). Default 2, as in leidenalg and
    /// python-igraph. Measured on the 1M-node planted-partition graph at the default CPM resolution: two
    /// iterations took 2.9 s with NMI 0.9851; running to convergence took 10 iterations and 9.8 s for a
    /// quality 0.001% higher and the same NMI.
    /// </summary>
    public int MaxIterations { get; init; } = 2;

    /// <summary>Leiden's threads (0: one per logical core); the communities are the same on any number.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Null: the nodes are the ids the edge list names. N: the nodes are 0..N-1, each written with a community even
    /// when the file never names it (an id of N or more in the file is an error).
    /// </summary>
    public int? NodeCount { get; init; }

    internal LeidenOptions ToLeidenOptions() => new()
    {
        Objective = Objective,
        Resolution = Resolution,
        Seed = Seed,
        Randomness = Randomness,
        MaxIterations = MaxIterations,
        Threads = Threads,
    };
}

/// <summary>What one community-detection run did and how long each stage took.</summary>
public sealed class CommunityDetectionReport
{
    public required string Algorithm { get; init; }
    public required string Objective { get; init; }
    public required double Resolution { get; init; }
    public required int Seed { get; init; }
    public required int NodeCount { get; init; }

    /// <summary>Distinct undirected edges after merging duplicates (self-loops included).</summary>
    public required long EdgeCount { get; init; }

    /// <summary>Lines with an edge in the input file.</summary>
    public required long InputEdgeLines { get; init; }

    /// <summary>Edge lines that repeated an edge already listed (in either direction) and were merged into it, weights summed.</summary>
    public long DuplicateEdgesMerged => InputEdgeLines - EdgeCount;

    /// <summary>Nodes without an edge (named alone on a line, or below the declared node count): each is its own community.</summary>
    public required int IsolatedNodeCount { get; init; }

    public required int ComponentCount { get; init; }
    public required int LargestComponentSize { get; init; }
    public required int CommunityCount { get; init; }

    /// <summary>Modularity (γ = 1) of the communities found, whatever the objective, for comparison.</summary>
    public required double Modularity { get; init; }

    /// <summary>The optimized objective's value (equals <see cref="Modularity"/> for modularity at γ = 1).</summary>
    public required double Quality { get; init; }

    /// <summary>Leiden iterations (0 for the other algorithms).</summary>
    public required int Iterations { get; init; }

    public required double ReadSeconds { get; init; }
    public required double BuildSeconds { get; init; }
    public required double ComponentsSeconds { get; init; }
    public required double DetectionSeconds { get; init; }
    public required double WriteSeconds { get; init; }
    public double TotalSeconds => ReadSeconds + BuildSeconds + ComponentsSeconds + DetectionSeconds + WriteSeconds;
}

/// <summary>
/// Reads an edge list, builds the CSR graph, finds connected components, detects communities and writes
/// one <c>node community</c> line per node (node ids as in the input file, communities numbered 0..k-1 in
/// order of their smallest node id). Stage timings go into the returned <see cref="CommunityDetectionReport"/>.
/// </summary>
public sealed class CommunityDetectionRunner
{
    private readonly string _edgesPath;
    private readonly string _outputPath;
    private readonly CommunityDetectionOptions _options;

    public CommunityDetectionRunner(string edgesPath, string outputPath, CommunityDetectionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(edgesPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= new CommunityDetectionOptions();
        if (!Enum.IsDefined(options.Algorithm)) throw new ArgumentException($"Algorithm {(int)options.Algorithm} is not known; use Leiden, Louvain or Components.", nameof(options));
        if (options.Algorithm == CommunityAlgorithm.Leiden) options.ToLeidenOptions().Validate();
        if (options.Algorithm == CommunityAlgorithm.Louvain) new LouvainOptions { Resolution = options.Resolution ?? 1.0 }.Validate();
        if (options.NodeCount is < 0) throw new ArgumentException($"The node count {options.NodeCount} is negative; give the number of nodes, ids 0..N-1.", nameof(options));
        _edgesPath = edgesPath;
        _outputPath = outputPath;
        _options = options;
    }

    /// <summary>The report of the last <see cref="Run"/>, or null.</summary>
    public CommunityDetectionReport? Report { get; private set; }

    /// <exception cref="FileNotFoundException">The edge list does not exist.</exception>
    /// <exception cref="EdgeListFormatException">A line of the edge list is malformed.</exception>
    public CommunityDetectionReport Run(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        EdgeList edges = EdgeListReader.Read(_edgesPath, _options.NodeCount, cancellationToken);
        double read = Lap(clock);

        CsrGraph graph = edges.BuildGraph();
        int[] originalIds = edges.OriginalIds;
        long inputEdgeLines = edges.EdgeCount;
        // The edge list (12 bytes per line) is not needed past this point; let the GC take it during detection.
        edges = null!;
        double build = Lap(clock);

        var components = new ConnectedComponents(graph);
        components.Run(cancellationToken);
        double componentsSeconds = Lap(clock);

        int[] membership;
        int communities;
        double quality;
        int iterations = 0;
        double? standardModularity = null;
        string objective;
        double resolution;
        switch (_options.Algorithm)
        {
            case CommunityAlgorithm.Louvain:
            {
                resolution = _options.Resolution ?? 1.0;
                var louvain = new Louvain(graph, new LouvainOptions { Resolution = resolution, Seed = _options.Seed });
                louvain.Run(cancellationToken);
                (membership, communities, quality, objective) = (louvain.Membership, louvain.CommunityCount, louvain.Quality, "modularity");
                break;
            }
            case CommunityAlgorithm.Components:
                resolution = 0;
                (membership, communities, objective) = (components.Membership, components.Count, "none");
                quality = double.NaN;
                break;
            default:
            {
                var leidenOptions = _options.ToLeidenOptions();
                resolution = leidenOptions.EffectiveResolution;
                var leiden = new Leiden(graph, leidenOptions);
                leiden.Run(cancellationToken);
                (membership, communities, quality, iterations) = (leiden.Membership, leiden.CommunityCount, leiden.Quality, leiden.Iterations);
                standardModularity = leiden.StandardModularity;
                objective = leidenOptions.Objective == LeidenObjective.Cpm ? "cpm" : "modularity";
                break;
            }
        }
        // Leiden gives it when it summed it on the way (the same number); otherwise one more pass over the arcs.
        double modularity = standardModularity ?? Modularity.Compute(graph, membership);
        if (double.IsNaN(quality)) quality = modularity;
        double detection = Lap(clock);

        WriteMembership(_outputPath, originalIds, membership, cancellationToken);
        double write = Lap(clock);

        Report = new CommunityDetectionReport
        {
            Algorithm = _options.Algorithm.ToString().ToLowerInvariant(),
            Objective = objective,
            Resolution = resolution,
            Seed = _options.Seed,
            NodeCount = graph.NodeCount,
            EdgeCount = CountEdges(graph),
            InputEdgeLines = inputEdgeLines,
            IsolatedNodeCount = CountIsolated(graph),
            ComponentCount = components.Count,
            LargestComponentSize = components.LargestSize,
            CommunityCount = communities,
            Modularity = modularity,
            Quality = quality,
            Iterations = iterations,
            ReadSeconds = read,
            BuildSeconds = build,
            ComponentsSeconds = componentsSeconds,
            DetectionSeconds = detection,
            WriteSeconds = write,
        };
        return Report;
    }

    private static double Lap(Stopwatch clock)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }

    private static int CountIsolated(CsrGraph graph)
    {
        int isolated = 0;
        for (int v = 0; v < graph.NodeCount; v++)
            if (graph.Degree(v) == 0) isolated++;
        return isolated;
    }

    private static long CountEdges(CsrGraph graph)
    {
        long selfLoops = 0;
        for (int v = 0; v < graph.NodeCount; v++)
            foreach (int u in graph.Neighbors(v))
                if (u == v) selfLoops++;
        return (graph.ArcCount - selfLoops) / 2 + selfLoops;
    }

    /// <summary>Writes "originalId community\n" per node, formatting into a byte buffer (no string per line).</summary>
    public static void WriteMembership(string path, ReadOnlySpan<int> originalIds, ReadOnlySpan<int> membership, CancellationToken cancellationToken = default)
    {
        if (originalIds.Length != membership.Length)
            throw new ArgumentException("Need one original id per node.", nameof(originalIds));
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        var buffer = new byte[1 << 20];
        int used = 0;
        for (int v = 0; v < membership.Length; v++)
        {
            if (used > buffer.Length - 32)
            {
                stream.Write(buffer, 0, used);
                used = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
            originalIds[v].TryFormat(buffer.AsSpan(used), out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            used += written;
            buffer[used++] = (byte)' ';
            membership[v].TryFormat(buffer.AsSpan(used), out written, provider: System.Globalization.CultureInfo.InvariantCulture);
            used += written;
            buffer[used++] = (byte)'\n';
        }
        stream.Write(buffer, 0, used);
    }
}
