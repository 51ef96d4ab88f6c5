using Graph.Analytics.Detection;
using Graph.Ingest;
using Graph.Pipeline;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Issue 13: the load's speed work changes no result. The default load (parsing and planning on a second thread,
/// the store's indexes built once at commit) and the plainest one (one thread, every batch written as soon as it is
/// parsed, small batches) must give the same rings, byte for byte. bench/speed_identity.sh compares builds before
/// and after the speed work on 200,000 holders; this is its CI-sized counterpart within one build.
/// </summary>
public sealed class LoadPathRingsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_load_on_two_threads_and_one_on_one_thread_in_small_batches_give_byte_identical_rings()
    {
        var data = _dir.Combine("data");
        new InsurerGenerator(new GeneratorOptions { Holders = 10_000, Seed = 13 }).Generate(data, _dir.Combine("truth.json"));

        var twoThreads = LoadAndAnalyze("two-threads", data, new LoaderOptions { QuarantineFolder = _dir.Combine("q1") }, threads: 0);
        var oneThread = LoadAndAnalyze("one-thread", data, new LoaderOptions { ParseAhead = 0, BatchSize = 97, QuarantineFolder = _dir.Combine("q2") }, threads: 1);

        Assert.Equal(twoThreads.Counts, oneThread.Counts);
        Assert.All(twoThreads.Counts, f => Assert.Equal(f.Read, f.Loaded + f.Quarantined));
        Assert.True(twoThreads.Flagged > 0, "the generated insurer should have flagged rings, or the comparison proves little");
        foreach (var file in new[] { "rings.csv", "ring_members.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(twoThreads.Out, file)), File.ReadAllBytes(Path.Combine(oneThread.Out, file)));
    }

    private (string Out, int Flagged, (string, long Read, long Loaded, long Quarantined)[] Counts) LoadAndAnalyze(
        string name, string data, LoaderOptions options, int threads)
    {
        using var store = GraphStores.Open(_dir.Combine(name + ".db"));
        var summary = new FolderLoader(store, options).Load(data);
        var output = _dir.Combine(name);
        var result = new AnalysisRunner(store, new DetectionOptions()) { Threads = threads }.Run(output);
        return (output, result.Run.Rings.Count(r => r.Flagged), [.. summary.Files.Select(f => (f.File, f.Read, f.Loaded, f.Quarantined))]);
    }
}
