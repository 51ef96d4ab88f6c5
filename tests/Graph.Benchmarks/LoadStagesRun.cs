using System.Diagnostics;
using System.Runtime.InteropServices;
using Graph.Core;
using Graph.Ingest;
using Graph.Storage;
using Graph.Storage.Sqlite;

namespace Graph.Benchmarks;

/// <summary>
/// Where a load's time goes (issue 13): <c>load-stages --data DIR [--work DIR] [--rounds 1]</c> loads the insurer in
/// <c>DIR</c> twice per round: once into a target that drops every record (reading, parsing, normalizing and
/// quarantining only, on one thread), then into a fresh SQLite store as <c>fraudgraph load</c> does, timing the
/// store's share: preparing batches (on the parsing thread, CPU only), writing them and the commit (on the store's
/// thread, wall and CPU). The difference between the load's wall and the store's writes and commit is time the store
/// waited for the parser. Run it with <c>DOTNET_gcConcurrent=0</c> to match the command line's garbage collector.
/// </summary>
public static class LoadStagesRun
{
    public static int Execute(string[] args)
    {
        string? data = null, work = null;
        int rounds = 1;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--data": data = args[i + 1]; break;
                case "--work": work = args[i + 1]; break;
                case "--rounds": rounds = Math.Max(1, int.Parse(args[i + 1])); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (data is null) { Console.Error.WriteLine("usage: load-stages --data DIR [--work DIR] [--rounds N]"); return 2; }
        var folder = work is null ? Directory.CreateTempSubdirectory("fraudgraph-load-stages-") : Directory.CreateDirectory(work);
        var quarantine = Path.Combine(folder.FullName, "quarantine");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine("stage                 wall s    CPU s       rows   GC pause s   GCs gen0/1/2");
        for (int round = 0; round < rounds; round++)
        {
            var (parseWall, parseCpu, rows, parseGc) = Timed(() =>
                new FolderLoader(new DroppingTarget(), new LoaderOptions { ParseAhead = 0, QuarantineFolder = quarantine }).Load(data).Read);
            Console.WriteLine($"parse only          {parseWall,8:F1} {parseCpu,8:F1} {rows,10:N0} {parseGc}");

            var path = Path.Combine(folder.FullName, $"store-{round}.db");
            foreach (var file in Directory.GetFiles(folder.FullName, $"store-{round}.db*")) File.Delete(file);
            using var store = new SqliteGraphStore(path);
            var timed = new TimedTarget(store);
            var (loadWall, loadCpu, loaded, loadGc) = Timed(() =>
                new FolderLoader(timed, new LoaderOptions { QuarantineFolder = quarantine }).Load(data).Loaded);
            Console.WriteLine($"load                {loadWall,8:F1} {loadCpu,8:F1} {loaded,10:N0} {loadGc}");
            Console.WriteLine($"  store prepares             {timed.PreparingCpu.TotalSeconds,8:F1}   (on the parsing thread)");
            Console.WriteLine($"  store writes      {timed.Writing.Elapsed.TotalSeconds,8:F1} {timed.WritingCpu.TotalSeconds,8:F1}");
            Console.WriteLine($"  store commit      {timed.Committing.Elapsed.TotalSeconds,8:F1} {timed.CommittingCpu.TotalSeconds,8:F1}");
            Console.WriteLine($"  store file        {new FileInfo(path).Length / 1048576.0,8:F0} MiB");
        }
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg")[..14]}");
        if (work is null) folder.Delete(recursive: true);
        return 0;
    }

    /// <summary>Wall and CPU seconds of <paramref name="action"/>, and the garbage collector's pauses and collections during it.</summary>
    private static (double Wall, double Cpu, long Result, string Gc) Timed(Func<long> action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        long result = action();
        process.Refresh();
        var gc = $"{(GC.GetTotalPauseDuration() - pause).TotalSeconds,12:F1}   " +
                 $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}";
        return (clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds, result, gc);
    }

    /// <summary>Takes every record and keeps none: what the loader costs without a store.</summary>
    private sealed class DroppingTarget : IGraphLoadTarget, ILoadTransaction
    {
        public bool HasLoaded(string fingerprint) => false;
        public ILoadTransaction BeginLoad(LoadInfo info) => this;
        public void Write(IReadOnlyList<InputRecord> batch) { }
        public void Commit() { }
        public string? Outcome => null;
        public void Dispose() { }
    }

    /// <summary>Passes everything to a store and times its writes and its commit (wall, and CPU of the store's thread).</summary>
    private sealed class TimedTarget(IGraphLoadTarget store) : IGraphLoadTarget
    {
        public Stopwatch Writing { get; } = new();
        public Stopwatch Committing { get; } = new();
        public TimeSpan PreparingCpu { get; private set; }
        public TimeSpan WritingCpu { get; private set; }
        public TimeSpan CommittingCpu { get; private set; }
        public bool HasLoaded(string fingerprint) => store.HasLoaded(fingerprint);
        public ILoadTransaction BeginLoad(LoadInfo info) => new Transaction(store.BeginLoad(info), this);

        private sealed class Transaction(ILoadTransaction inner, TimedTarget owner) : ILoadTransaction
        {
            public void Write(IReadOnlyList<InputRecord> batch) => Prepare(batch)();

            public Action Prepare(IReadOnlyList<InputRecord> batch)
            {
                var cpu = ThreadCpu.Now();
                var write = inner.Prepare(batch);
                owner.PreparingCpu += ThreadCpu.Now() - cpu;
                return () =>
                {
                    owner.Writing.Start();
                    var cpu = ThreadCpu.Now();
                    write();
                    owner.WritingCpu += ThreadCpu.Now() - cpu;
                    owner.Writing.Stop();
                };
            }

            public void Commit()
            {
                owner.Committing.Start();
                var cpu = ThreadCpu.Now();
                inner.Commit();
                owner.CommittingCpu += ThreadCpu.Now() - cpu;
                owner.Committing.Stop();
            }

            public string? Outcome => inner.Outcome;
            public void Dispose() => inner.Dispose();
        }
    }

    /// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): the store's share, apart from the parser's.</summary>
    private static class ThreadCpu
    {
        private const int ClockThreadCpuTime = 3;

        public static TimeSpan Now()
        {
            if (!OperatingSystem.IsLinux()) return TimeSpan.Zero;
            _ = clock_gettime(ClockThreadCpuTime, out var t);
            return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", SetLastError = false)]
        private static extern int clock_gettime(int clock, out TimeSpec time);
    }
}
