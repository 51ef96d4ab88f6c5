using System.Diagnostics;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Evaluation;
using Graph.Ingest;
using Graph.Pipeline;
using Graph.Storage;
using Graph.Synthetic;
using Xunit.Abstractions;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// End to end on the project's own generator: generate an insurer into a temp folder, load it into a temp
/// SQLite store, analyse, and compare the flagged rings with the truth file.
/// </summary>
public class GeneratedInsurerQualityTests(ITestOutputHelper output)
{
    internal sealed record Outcome(TruthEvaluator Evaluation, AnalysisResult Result, string OutDir, string Work);

    /// <param name="reuse">A folder kept between runs (generated and loaded once), or null for a fresh temp folder.</param>
    internal static Outcome GenerateLoadAnalyze(int holders, int seed, DetectionOptions options, Action<string>? log = null, string? reuse = null,
        GeneratorProfile profile = GeneratorProfile.Classic)
    {
        string work = reuse ?? Path.Combine(Path.GetTempPath(), "fg-quality-" + Guid.NewGuid().ToString("N")[..8]);
        string data = Path.Combine(work, "data"), truth = Path.Combine(work, "truth.json"), outDir = Path.Combine(work, "out");
        var sw = Stopwatch.StartNew();
        bool fresh = !File.Exists(truth);
        if (fresh) new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed, Profile = profile }).Generate(data, truth);
        log?.Invoke($"generate {sw.Elapsed.TotalSeconds:0.0}s");
        sw.Restart();
        using var store = GraphStores.Open(Path.Combine(work, "store.db"));
        Dictionary<string, long>? counts = null;
        if (fresh)
        {
            var summary = new FolderLoader(store).Load(data);
            counts = summary.Files.ToDictionary(f => f.File, f => f.Read);
        }
        log?.Invoke($"load {sw.Elapsed.TotalSeconds:0.0}s");
        sw.Restart();
        var result = new AnalysisRunner(store, options) { FileCounts = counts }.Run(outDir);
        log?.Invoke($"analyze {sw.Elapsed.TotalSeconds:0.0}s: " + string.Join(", ", result.Report.Timings.Select(t => $"{t.Stage}={t.Seconds:0.00}")));
        var evaluation = new TruthEvaluator(TruthFile.Load(truth), result.Run.Rings);
        evaluation.Run();
        return new Outcome(evaluation, result, outDir, work);
    }

    [Fact]
    public void Two_rings_whose_victims_acted_behind_the_same_carrier_addresses_stay_two()
    {
        // Hard tuning seed 3: a terminated agent's ring and a slow ring share a community and three carrier addresses,
        // 13 and 8 of their victims behind each and almost no one else. Counted as values the two rings shared, those
        // addresses made them one (the slow ring missed); network addresses do not join pieces
        // (ControllerGrouping.JoinAtCommonValues), and both are found.
        var outcome = GenerateLoadAnalyze(20_000, seed: 3, new DetectionOptions(), output.WriteLine, profile: GeneratorProfile.Hard);
        try
        {
            var e = outcome.Evaluation;
            output.WriteLine(e.Format());
            Assert.True(e.TrueRings >= 9, "the generator must plant rings");
            Assert.True(e.Recall == 1.0, $"recall {e.Recall:0.000}; missed {string.Join(", ", e.Missed)}");
            Assert.True(e.Precision == 1.0, $"precision {e.Precision:0.000}; false positives {string.Join(", ", e.FalsePositives)}");
        }
        finally
        {
            Directory.Delete(outcome.Work, recursive: true);
        }
    }

    [Fact]
    public void Twenty_thousand_holders_recall_and_precision_at_least_0_9_and_no_decoy_flagged()
    {
        var outcome = GenerateLoadAnalyze(20_000, seed: 7, new DetectionOptions(), output.WriteLine);
        try
        {
            var e = outcome.Evaluation;
            output.WriteLine(e.Format());
            Assert.True(e.TrueRings > 0, "the generator must plant rings");
            Assert.True(e.Recall >= 0.9, $"recall {e.Recall:0.000}; missed {string.Join(", ", e.Missed)}");
            Assert.True(e.Precision >= 0.9, $"precision {e.Precision:0.000}; false positives {string.Join(", ", e.FalsePositives)}");
            Assert.Equal(0, e.DecoysFlagged);

            // The same store analysed again: byte-identical rings.csv, every ring keeps its id.
            using var store = GraphStores.Open(Path.Combine(outcome.Work, "store.db"));
            var again = new AnalysisRunner(store, new DetectionOptions()).Run(Path.Combine(outcome.Work, "out2"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(outcome.OutDir, "rings.csv")), File.ReadAllBytes(Path.Combine(outcome.Work, "out2", "rings.csv")));
            Assert.All(again.Run.Changes, c => Assert.Equal(RingLineage.Continued, c.Lineage));
        }
        finally
        {
            Directory.Delete(outcome.Work, recursive: true);
        }
    }

    [Fact]
    public void After_a_nightly_increment_rings_found_before_keep_their_ids()
    {
        string work = Path.Combine(Path.GetTempPath(), "fg-increment-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string data = Path.Combine(work, "data"), truthPath = Path.Combine(work, "truth.json");
            new InsurerGenerator(new GeneratorOptions { Holders = 20_000, Seed = 11, Increments = 1 }).Generate(data, truthPath);
            var truth = TruthFile.Load(truthPath);
            using var store = GraphStores.Open(Path.Combine(work, "store.db"));
            new FolderLoader(store).Load(data);
            var first = new AnalysisRunner(store, new DetectionOptions()).Run(Path.Combine(work, "out1"));
            new FolderLoader(store).Load(InsurerGenerator.IncrementDirectory(data, 1));
            var second = new AnalysisRunner(store, new DetectionOptions()).Run(Path.Combine(work, "out2"));

            var before = new TruthEvaluator(truth.AsOf(0), first.Run.Rings);
            before.Run();
            var after = new TruthEvaluator(truth.AsOf(1), second.Run.Rings);
            after.Run();
            output.WriteLine("base: " + before.Format());
            output.WriteLine("increment 1: " + after.Format());
            Assert.True(before.FoundAs.Count > 0);
            Assert.Equal(0, after.DecoysFlagged);
            int kept = 0, both = 0;
            foreach (var (group, ringId) in before.FoundAs)
            {
                if (!after.FoundAs.TryGetValue(group, out var laterId)) continue;
                both++;
                if (laterId == ringId) kept++;
            }
            output.WriteLine($"{kept} of {both} rings found in both runs kept their id");
            Assert.True(both >= before.FoundAs.Count - 1, "rings found in the base run are found again");
            Assert.Equal(both, kept);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// A harness for larger runs: set FRAUDGRAPH_QUALITY="holders:seed,seed,..." (e.g. "200000:1,2,3"); without it, one
    /// small insurer (5,000 holders, seed 2). Each seed must find planted rings with recall and precision of at least
    /// 0.8 and flag no decoy (the 20,000-holder test above holds the 0.9 bar; the held-out insurer's figure is
    /// tests/Graph.Cli.Tests/HeldOutDetectionTests.cs).
    /// </summary>
    [Fact]
    public void Quality_harness_finds_the_planted_rings_of_each_seed()
    {
        var spec = Environment.GetEnvironmentVariable("FRAUDGRAPH_QUALITY") is { Length: > 0 } asked ? asked : "5000:2";
        var parts = spec.Split(':');
        int holders = int.Parse(parts[0]);
        var report = new List<string>();
        foreach (var s in parts[1].Split(','))
        {
            var reuse = Environment.GetEnvironmentVariable("FRAUDGRAPH_REUSE") is { Length: > 0 } r ? Path.Combine(r, $"h{holders}-s{s}") : null;
            var outcome = GenerateLoadAnalyze(holders, int.Parse(s), DetectionOptions.Load(Environment.GetEnvironmentVariable("FRAUDGRAPH_CONFIG")), output.WriteLine, reuse);
            var e = outcome.Evaluation;
            report.Add($"seed {s}: " + e.Format());
            Assert.True(e.TrueRings > 0, $"seed {s}: the generator planted no ring");
            Assert.True(e.Recall >= 0.8, $"seed {s}: recall {e.Recall:0.000}; missed {string.Join(", ", e.Missed)}");
            Assert.True(e.Precision >= 0.8, $"seed {s}: precision {e.Precision:0.000}; false positives {string.Join(", ", e.FalsePositives)}");
            Assert.Equal(0, e.DecoysFlagged);
            var keep = Environment.GetEnvironmentVariable("FRAUDGRAPH_KEEP");
            if (!string.IsNullOrEmpty(keep))
            {
                Directory.CreateDirectory(keep);
                foreach (var f in Directory.GetFiles(outcome.OutDir)) File.Copy(f, Path.Combine(keep, $"seed{s}-" + Path.GetFileName(f)), true);
                File.Copy(Path.Combine(outcome.Work, "truth.json"), Path.Combine(keep, $"seed{s}-truth.json"), true);
                File.WriteAllText(Path.Combine(keep, $"seed{s}-missed.txt"), string.Join("\n", outcome.Evaluation.Missed) + "\n--fp\n" + string.Join("\n", outcome.Evaluation.FalsePositives) + "\n--decoys\n" + string.Join("\n", outcome.Evaluation.FlaggedDecoys));
            }
            if (reuse is null) Directory.Delete(outcome.Work, recursive: true);
        }
        foreach (var line in report) output.WriteLine(line);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "fraudgraph-quality.txt"), string.Join("\n", report));
    }
}
