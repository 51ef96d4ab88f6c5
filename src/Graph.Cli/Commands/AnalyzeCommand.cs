using System.CommandLine;
using Graph.Analytics.Detection;
using Graph.Pipeline;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class AnalyzeCommand
{
    internal static readonly Option<DirectoryInfo> Output = new("--out") { Description = "Folder for rings.csv, rings.xlsx, ring_members.csv, rings.json and run.json.", Required = true };
    internal static readonly Option<double?> Threshold = new("--threshold") { Description = "Flag rings scoring at least this (0–100) instead of by false-discovery rate." };
    internal static readonly Option<int?> Top = new("--top") { Description = "Flag the K best-scoring rings (the ones a team can investigate this week) instead of by false-discovery rate." };
    internal static readonly Option<double?> Fdr = new("--fdr") { Description = "False-discovery rate the flags aim at (default 0.05)." };
    internal static readonly Option<int?> Seed = new("--seed") { Description = "Seed of the community detection; the same data and seed give byte-identical rings.csv." };
    internal static readonly Option<int> Threads = CreateThreads();
    internal static readonly Option<FileInfo?> Config = new("--config") { Description = "JSON file overriding the detection defaults (weights, hubs, allowlist, threshold)." };
    internal static readonly Option<bool> Pushdown = new("--pushdown")
    {
        Description = "Neo4j store with Graph Data Science only: find components and Leiden communities on the server " +
                      $"(gds.wcc, gds.leiden; modularity, gamma {PushdownGamma:0.0}, --seed; unweighted holder-contact point graph), " +
                      "then score them in-process with the same scorer and write the same outputs.",
    };

    private static Option<int> CreateThreads() => new("--threads")
    {
        Description = "Threads for community detection (default 0: one per core). Only the speed changes: any number gives the same communities.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>The --threads value, or null (after printing why) when it is negative.</summary>
    internal static int? ReadThreads(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        if (threads >= 0) return threads;
        CliErrors.BadInput($"--threads {threads}: give 0 (one per core) or a positive number.");
        return null;
    }

    /// <summary>Resolution of the server's Leiden: GDS optimizes modularity, not the in-process CPM, so the CPM resolution does not carry over.</summary>
    internal const double PushdownGamma = 1.0;

    public static Command Create()
    {
        var command = new Command("analyze",
            "Detect agent-refund rings in the store: link analysis over shared contact points, Leiden communities, " +
            "explainable scores, stable ring ids. Writes CONTRACT.md section 2 and keeps the run in the store.")
        {
            Output, Threshold, Top, Fdr, Seed, Config, Pushdown, Threads,
        };
        command.SetAction(CancellableAction.Of((parse, ct) =>
        {
            using var store = GlobalOptions.OpenStore(parse);
            return Run(parse, store, fileCounts: null, ct);
        }));
        return command;
    }

    /// <summary>Reads the detection options from --config/--threshold/--seed; null (after printing why) when invalid.</summary>
    internal static DetectionOptions? ReadOptions(ParseResult parse)
    {
        DetectionOptions options;
        try
        {
            options = DetectionOptions.Load(parse.GetValue(Config)?.FullName);
            ApplyFlagOptions(options, parse.GetValue(Threshold), parse.GetValue(Top), parse.GetValue(Fdr));
        }
        catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidOperationException)
        {
            CliErrors.BadInput(e.Message);
            return null;
        }
        if (parse.GetValue(Seed) is { } s) options.Seed = s;
        var errors = options.Validate();
        if (errors.Count == 0) return options;
        foreach (var e in errors) Console.Error.WriteLine($"error: {e}");
        return null;
    }

    /// <summary>--threshold, --top and --fdr: at most one flag rule may be named; naming one switches to it.</summary>
    internal static void ApplyFlagOptions(DetectionOptions options, double? threshold, int? top, double? fdr)
    {
        int named = (threshold is null ? 0 : 1) + (top is null ? 0 : 1) + (fdr is null ? 0 : 1);
        if (named > 1) throw new ArgumentException("Name one flag rule: --threshold, --top or --fdr.");
        if (threshold is { } t) { options.FlagBy = FlagMethod.Score; options.FlagThreshold = t; }
        if (top is { } k) { options.FlagBy = FlagMethod.Top; options.FlagTop = k; }
        if (fdr is { } q) { options.FlagBy = FlagMethod.FalseDiscoveryRate; options.FalseDiscoveryRate = q; }
    }

    internal static int Run(ParseResult parse, IGraphStore store, IReadOnlyDictionary<string, long>? fileCounts, CancellationToken ct)
    {
        var options = ReadOptions(parse);
        if (options is null) return ExitCodes.BadInput;
        if (ReadThreads(parse) is not { } threads) return ExitCodes.BadInput;
        var communities = PushdownSource(parse, store, out int pushdownError);
        if (pushdownError != ExitCodes.Ok) return pushdownError;
        var outDir = parse.GetRequiredValue(Output).FullName;
        Analyze(store, options, outDir, fileCounts, ct, communities, threads);
        Console.WriteLine($"Outputs: {outDir} (rings.csv, rings.xlsx, ring_members.csv, rings.json, run.json)");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// With --pushdown, where the communities come from (the Neo4j server's Graph Data Science); null without it, or
    /// when it cannot be done: then the one-line reason is printed and <paramref name="exitCode"/> says how to exit
    /// (a store that is not Neo4j is a wrong command line; a server without GDS is a failure).
    /// </summary>
    internal static ExternalCommunitySource? PushdownSource(ParseResult parse, IGraphStore store, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (!parse.GetValue(Pushdown)) return null;
        if (store.CommunityPushdown is not { } server)
        {
            exitCode = CliErrors.BadInput($"--pushdown needs a Neo4j store (--store http://HOST:7474); {store.Location} is not one. Leave out --pushdown to analyze in-process.");
            return null;
        }
        if (server.PushdownUnavailable() is { } why)
        {
            exitCode = CliErrors.Failure($"--pushdown: {why}. Leave out --pushdown to analyze in-process.");
            return null;
        }
        return new ExternalCommunitySource("neo4j-gds", (options, _) =>
            server.DetectCommunitiesOnServer(PushdownGamma, options.Seed, options.MinRingHolders)
                .Select(static c => new ExternalCommunity(c.Holders, c.ContactKeys())).ToList());
    }

    /// <summary>Runs the analysis with progress and prints its masked summary; shared by analyze, run and demo.</summary>
    internal static AnalysisResult Analyze(
        IGraphStore store, DetectionOptions options, string outDir, IReadOnlyDictionary<string, long>? fileCounts, CancellationToken ct,
        ExternalCommunitySource? communities = null, int threads = 0)
    {
        var result = ProgressSink.Run(sink => new AnalysisRunner(store, options)
        {
            FileCounts = fileCounts,
            Communities = communities,
            Threads = threads,
            Progress = new ActionProgress<string>(sink.Stage),
        }.Run(outDir, ct));
        PrintSummary(result, options);
        return result;
    }

    /// <summary>How the flags were decided, in words: "at a 5% false-discovery rate (evidence ≥ 6.2 decades, score ≥ 31.5)".</summary>
    internal static string FlagRuleText(FlagDecision? decision, DetectionOptions options)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return options.FlagBy switch
        {
            FlagMethod.Score => string.Format(ci, "at score >= {0:0.#}", options.FlagThreshold),
            FlagMethod.Top => string.Format(ci, "as the top {0}", options.FlagTop),
            _ => decision?.EvidenceCut is { } cut
                ? string.Format(ci, "at a {0:0.##}% false-discovery rate (evidence >= {1:0.#} decades, lowest flagged score {2:0.#})", options.FalseDiscoveryRate * 100, cut, decision.LowestFlaggedScore ?? 0)
                : string.Format(ci, "at a {0:0.##}% false-discovery rate (no ring has enough evidence)", options.FalseDiscoveryRate * 100),
        };
    }

    private static void PrintSummary(AnalysisResult result, DetectionOptions options)
    {
        var rings = result.Run.Rings;
        int flagged = rings.Count(r => r.Flagged);
        Console.WriteLine($"Run {result.Run.RunId}: {rings.Count} candidate rings, {flagged} flagged {FlagRuleText(result.Report.Flagging, options)}.");
        Console.WriteLine("Time per stage: " + string.Join(", ", result.Report.Timings.Select(t => $"{t.Stage} {t.Seconds:0.00}s")));
        Console.Write(AnalysisSummary.Format(rings, top: 10, reasons: 2));
    }
}
