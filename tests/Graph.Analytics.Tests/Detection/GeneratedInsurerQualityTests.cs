using System.Diagnostics;
using Graph.Analytics.Detection;
using Graph.Ingest;
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
    internal static Outcome GenerateLoadAnalyze(int holders, int seed, DetectionOptions options, Action<string>? log = null, string? reuse = null)
    {
        string work = reuse ?? Path.Combine(Path.GetTempPath(), "fg-quality-" + Guid.NewGuid().ToString("N")[..8]);
        string data = Path.Combine(work, "data"), truth = Path.Combine(work, "truth.json"), outDir = Path.Combine(work, "out");
        var sw = Stopwatch.StartNew();
        bool fresh = !File.Exists(truth);
        if (fresh) new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed }).Generate(data, truth);
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
        }
        finally
        {
            Directory.Delete(outcome.Work, recursive: true);
        }
    }

    /// <summary>
    /// A harness for larger runs: set FRAUDGRAPH_QUALITY="holders:seed,seed,..." (e.g. "200000:1,2,3") to run it;
    /// otherwise it returns at once.
    /// </summary>
    [Fact]
    public void Quality_harness_runs_when_asked()
    {
        var spec = Environment.GetEnvironmentVariable("FRAUDGRAPH_QUALITY");
        if (string.IsNullOrEmpty(spec)) return;
        var parts = spec.Split(':');
        int holders = int.Parse(parts[0]);
        var report = new List<string>();
        foreach (var s in parts[1].Split(','))
        {
            var reuse = Environment.GetEnvironmentVariable("FRAUDGRAPH_REUSE") is { Length: > 0 } r ? Path.Combine(r, $"h{holders}-s{s}") : null;
            var outcome = GenerateLoadAnalyze(holders, int.Parse(s), DetectionOptions.Load(Environment.GetEnvironmentVariable("FRAUDGRAPH_CONFIG")), output.WriteLine, reuse);
            report.Add($"seed {s}: " + outcome.Evaluation.Format());
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
