using System.Diagnostics;
using Graph.Ingest;
using Graph.Storage.Neo4j;
using Graph.Storage.Sqlite;
using Graph.Synthetic;
using Graph.TestSupport;
using Microsoft.Extensions.Logging;

namespace Graph.Benchmarks;

/// <summary>
/// Input rows per second loading a generated insurer into a Neo4j server over HTTP, beside the embedded SQLite store's
/// figure for the same data in the same run (the figures in docs/benchmarks.md):
/// <c>neo4j-load --url http://127.0.0.1:PORT [--holders 200000] [--batch 5000] [--in-flight 2] [--mode Batched|Atomic] [--server-pid PID]</c>.
/// With <c>--server-pid</c> (the server's java process, <c>$FRAUDGRAPH_NEO4J_PID</c>) it also prints the server's CPU
/// seconds, the steadier figure on a shared machine. The server must hold no policyholders yet (start a throwaway one
/// with <c>.ci/neo4j.sh start</c>).
/// </summary>
public static class Neo4jLoadRun
{
    public static int Execute(string[] args)
    {
        string? url = null;
        int holders = 200_000, batch = Neo4jOptions.DefaultBatchSize, inFlight = 2, serverPid = 0;
        var mode = Neo4jLoadMode.Batched;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--url": url = args[i + 1]; break;
                case "--holders": holders = int.Parse(args[i + 1]); break;
                case "--batch": batch = int.Parse(args[i + 1]); break;
                case "--in-flight": inFlight = int.Parse(args[i + 1]); break;
                case "--mode": mode = Enum.Parse<Neo4jLoadMode>(args[i + 1], ignoreCase: true); break;
                case "--server-pid": serverPid = int.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (url is null)
        {
            Console.Error.WriteLine("usage: neo4j-load --url http://127.0.0.1:PORT [--holders N] [--batch B] [--in-flight N] [--mode Batched|Atomic] [--server-pid PID]");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("fraudgraph-bench-");
        try
        {
            var data = Path.Combine(folder.FullName, "data");
            new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = 1 }).Generate(data, null);

            // The embedded store first, for the ratio: same data, same machine, same minute.
            var clock = Stopwatch.StartNew();
            LoadSummary sqliteSummary;
            using (var sqlite = new SqliteGraphStore(Path.Combine(folder.FullName, "bench.db")))
                sqliteSummary = new FolderLoader(sqlite).Load(data);
            double sqliteSeconds = clock.Elapsed.TotalSeconds;

            var uri = Neo4jOptions.FromUri(url);
            var batches = new BatchLog(serverPid);
            using var store = Neo4jGraphStore.Open(new Neo4jOptions
            {
                Uri = uri.Uri, Database = uri.Database, User = uri.User, Password = uri.Password,
                BatchSize = batch, BatchesInFlight = inFlight, LoadMode = mode,
            }, batches);
            if (store.GetStatistics(0).Nodes.Any(n => n.Key == "Policyholder" && n.Value > 0))
            {
                Console.Error.WriteLine("The server already holds policyholders: use an empty throwaway server for the benchmark.");
                return 2;
            }

            double serverCpuBefore = ServerCpuSeconds(serverPid);
            var clientCpuBefore = Environment.CpuUsage.TotalTime;
            batches.Start();
            clock.Restart();
            var summary = new FolderLoader(store).Load(data);
            double loadSeconds = clock.Elapsed.TotalSeconds;
            double serverCpu = ServerCpuSeconds(serverPid) - serverCpuBefore;
            double clientCpu = (Environment.CpuUsage.TotalTime - clientCpuBefore).TotalSeconds;
            clock.Restart();
            var snapshot = store.ReadSnapshot();
            double readSeconds = clock.Elapsed.TotalSeconds;

            Console.WriteLine($"Neo4j {store.ServerVersion} ({store.Protocol}), {holders:N0} holders: {summary.Read:N0} input rows in {loadSeconds:N1} s = " +
                              $"{summary.Read / loadSeconds:N0} rows/s ({mode}, {batch:N0} records per batch, {inFlight} in flight)" +
                              (serverPid > 0 ? $"; server CPU {serverCpu:N1} s = {summary.Read / serverCpu:N0} rows per server CPU second" : "") +
                              $"; this process's CPU {clientCpu:N1} s");
            Console.WriteLine($"embedded SQLite store, same data: {sqliteSummary.Read:N0} input rows in {sqliteSeconds:N1} s = {sqliteSummary.Read / sqliteSeconds:N0} rows/s " +
                              $"(Neo4j takes {loadSeconds / sqliteSeconds:N1}x as long)");
            Console.WriteLine(store.LastLoad);
            Console.WriteLine($"snapshot of {snapshot.Holders.Count:N0} holders, {snapshot.Links.Count:N0} links read back in {readSeconds:N1} s");
            Console.WriteLine(batches.Summary());
            Console.WriteLine($"graph: {Neo4jGraphContent.Read(url)}");
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>User plus system CPU seconds of a local process (Linux /proc), 0 without a pid.</summary>
    private static double ServerCpuSeconds(int pid)
    {
        if (pid <= 0) return 0;
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100 per second on Linux).
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>
    /// Sums the store's per-batch log lines (event 4104) by record kind: where the load time goes. With a server pid, the
    /// server's CPU seconds between one committed batch and the next are put on the kind of the later batch (with batches
    /// in flight an approximation at the kind boundaries), and so is the wall time between them.
    /// </summary>
    private sealed class BatchLog(int serverPid) : ILogger
    {
        private readonly Dictionary<string, (long Rows, long Links, double Wall, double ServerCpu)> _byKind = new();
        private readonly Stopwatch _clock = new();
        private double _lastWall, _lastCpu;

        public void Start()
        {
            _lastCpu = ServerCpuSeconds(serverPid);
            _clock.Restart();
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != 4104 || state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
            var v = values.ToDictionary(p => p.Key, p => p.Value);
            var kind = (string)v["Kind"]!;
            lock (_byKind)
            {
                double wall = _clock.Elapsed.TotalSeconds, cpu = ServerCpuSeconds(serverPid);
                var (rows, links, w, c) = _byKind.GetValueOrDefault(kind);
                _byKind[kind] = (rows + (int)v["Rows"]!, links + (int)v["Links"]!, w + wall - _lastWall, c + cpu - _lastCpu);
                (_lastWall, _lastCpu) = (wall, cpu);
            }
        }

        public string Summary() => "per kind (wall and server CPU between committed batches): " +
            string.Join("; ", _byKind.Select(p => $"{p.Key}: {p.Value.Rows:N0} rows + {p.Value.Links:N0} links in {p.Value.Wall:N1} s" +
                (serverPid > 0 ? $", server CPU {p.Value.ServerCpu:N1} s = {p.Value.ServerCpu * 1e6 / Math.Max(1, p.Value.Rows):N0} µs per row" : "")));
    }
}
