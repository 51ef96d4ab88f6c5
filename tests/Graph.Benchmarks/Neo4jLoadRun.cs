using System.Diagnostics;
using Graph.Ingest;
using Graph.Storage.Neo4j;
using Graph.Synthetic;
using Microsoft.Extensions.Logging;

namespace Graph.Benchmarks;

/// <summary>
/// Rows per second loading a generated insurer into a Neo4j server over HTTP (the figure in docs/benchmarks.md):
/// <c>neo4j-load --url http://127.0.0.1:PORT [--holders 200000] [--batch 5000] [--mode Atomic|CommitPerBatch]</c>.
/// The server must hold no policyholders yet (start a throwaway one with <c>.ci/neo4j.sh start</c>).
/// </summary>
public static class Neo4jLoadRun
{
    public static int Execute(string[] args)
    {
        string? url = null;
        int holders = 200_000, batch = 5_000;
        var mode = Neo4jLoadMode.Atomic;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--url": url = args[i + 1]; break;
                case "--holders": holders = int.Parse(args[i + 1]); break;
                case "--batch": batch = int.Parse(args[i + 1]); break;
                case "--mode": mode = Enum.Parse<Neo4jLoadMode>(args[i + 1], ignoreCase: true); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (url is null) { Console.Error.WriteLine("usage: neo4j-load --url http://127.0.0.1:PORT [--holders N] [--batch B] [--mode Atomic|CommitPerBatch]"); return 2; }

        var folder = Directory.CreateTempSubdirectory("fraudgraph-bench-");
        try
        {
            var data = Path.Combine(folder.FullName, "data");
            new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = 1 }).Generate(data, null);
            var uri = Neo4jOptions.FromUri(url);
            var batches = new BatchLog();
            using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = uri.Uri, Database = uri.Database, User = uri.User, Password = uri.Password, BatchSize = batch, LoadMode = mode }, batches);
            if (store.GetStatistics(0).Nodes.Any(n => n.Key == "Policyholder" && n.Value > 0))
            {
                Console.Error.WriteLine("The server already holds policyholders: use an empty throwaway server for the benchmark.");
                return 2;
            }

            var clock = Stopwatch.StartNew();
            var summary = new FolderLoader(store, new LoaderOptions { BatchSize = batch }).Load(data);
            double loadSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var snapshot = store.ReadSnapshot();
            double readSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"Neo4j {store.ServerVersion} ({store.Protocol}), {holders:N0} holders: {summary.Read:N0} rows read, {summary.Loaded:N0} loaded " +
                              $"in {loadSeconds:N1} s = {summary.Loaded / loadSeconds:N0} rows/s at {batch:N0} rows per request ({mode}); " +
                              $"snapshot of {snapshot.Holders.Count:N0} holders, {snapshot.Links.Count:N0} links read in {readSeconds:N1} s");
            Console.WriteLine(batches.Summary());
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Sums the store's per-batch log lines (event 4104) by record kind: where the load time goes.</summary>
    private sealed class BatchLog : ILogger
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
}
