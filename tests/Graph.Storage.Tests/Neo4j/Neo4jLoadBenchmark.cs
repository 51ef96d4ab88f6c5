using System.Diagnostics;
using Graph.Ingest;
using Graph.Storage.Neo4j;
using Graph.Synthetic;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>Runs only when <c>FRAUDGRAPH_NEO4J_BENCH_HOLDERS</c> is set (by hand, never in CI): a benchmark, not a check.</summary>
public sealed class Neo4jBenchmarkFactAttribute : FactAttribute
{
    public Neo4jBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_BENCH_HOLDERS") is not { Length: > 0 })
            Skip = "Benchmark: set FRAUDGRAPH_NEO4J_BENCH_HOLDERS (e.g. 200000) and FRAUDGRAPH_NEO4J_URL to run it.";
    }
}

/// <summary>
/// Rows per second loading a generated insurer into the Neo4j server over HTTP (the figure in
/// docs/benchmarks.md). <c>FRAUDGRAPH_NEO4J_BENCH_BATCH</c> sets the rows per request (default 5,000),
/// <c>FRAUDGRAPH_NEO4J_BENCH_MODE</c> the load mode (Atomic or CommitPerBatch).
/// </summary>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jLoadBenchmark(Neo4jServerFixture server, ITestOutputHelper output)
{
    [Neo4jBenchmarkFact]
    public void Load_a_generated_insurer_and_report_rows_per_second()
    {
        int holders = int.Parse(Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_BENCH_HOLDERS")!);
        int batch = int.TryParse(Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_BENCH_BATCH"), out var b) ? b : 5_000;
        var mode = Enum.TryParse<Neo4jLoadMode>(Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_BENCH_MODE"), out var m) ? m : Neo4jLoadMode.Atomic;
        var folder = Directory.CreateTempSubdirectory("fraudgraph-bench-");
        try
        {
            var data = Path.Combine(folder.FullName, "data");
            new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = 1 }).Generate(data, null);
            server.Wipe();
            var batches = new BatchLog();
            using var store = Neo4jGraphStore.Open(server.Options(batch, mode), batches);

            var clock = Stopwatch.StartNew();
            var summary = new FolderLoader(store, new LoaderOptions { BatchSize = batch }).Load(data);
            var loadSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var snapshot = store.ReadSnapshot();
            var readSeconds = clock.Elapsed.TotalSeconds;

            var line = $"Neo4j {store.ServerVersion} ({store.Protocol}), {holders:N0} holders: {summary.Read:N0} rows read, {summary.Loaded:N0} loaded " +
                $"in {loadSeconds:N1} s = {summary.Loaded / loadSeconds:N0} rows/s at {batch:N0} rows per request ({mode}); " +
                $"snapshot of {snapshot.Holders.Count:N0} holders, {snapshot.Links.Count:N0} links read in {readSeconds:N1} s";
            output.WriteLine(line);
            output.WriteLine(batches.Summary());
            if (Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_BENCH_OUT") is { Length: > 0 } outFile) File.AppendAllText(outFile, line + "\n" + batches.Summary() + "\n");
            Assert.Equal(summary.Loaded, summary.Read - summary.Quarantined);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>Sums the store's per-batch log lines (event 4104) by record kind: where the load time goes.</summary>
internal sealed class BatchLog : ILogger
{
    private readonly Dictionary<string, (long Rows, long Links, long Ms)> _byKind = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != 4104 || state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
        var v = values.ToDictionary(p => p.Key, p => p.Value);
        var kind = (string)v["Kind"]!;
        var (rows, links, ms) = _byKind.GetValueOrDefault(kind);
        _byKind[kind] = (rows + (int)v["Rows"]!, links + (int)v["Links"]!, ms + (long)v["Milliseconds"]!);
    }

    public string Summary() => string.Join("; ", _byKind.Select(p => $"{p.Key}: {p.Value.Rows:N0} rows + {p.Value.Links:N0} links in {p.Value.Ms / 1000.0:N1} s"));
}
