using System.Diagnostics;
using System.Globalization;
using Graph.Storage;
using Graph.Web;

namespace Graph.Benchmarks;

/// <summary>
/// How long the ring page of a big ring takes to show its graph in a real browser (docs/benchmarks.md, "Explorer"):
/// <c>explorer-render --store FILE [--big-ring 300] [--runs 5] [--serve SECONDS] [--web-root DIR]</c>. Serves the store through
/// <see cref="MergedRingStore"/> (the largest rings joined in memory into one ring of at least --big-ring victims), then
/// runs tests/web-browser/render-timing.mjs, which opens that ring's page in headless Chromium --runs times, each cold,
/// and prints the median time from navigation start to the laid-out graph painted on the canvas. With --serve the
/// explorer only serves the store for that long (to look at the page by hand); --web-root serves other pages (another
/// version of wwwroot, to compare).
/// </summary>
public static class ExplorerRenderRun
{
    public static async Task<int> ExecuteAsync(string[] args)
    {
        if (ExplorerRun.Options(args, "--store", "--runs", "--big-ring", "--serve", "--web-root") is not { } given) return 2;
        string? storePath = given.GetValueOrDefault("--store");
        int runs = ExplorerRun.Number(given, "--runs", 5);
        int bigRing = ExplorerRun.Number(given, "--big-ring", 300);
        int serveSeconds = ExplorerRun.Number(given, "--serve", 0);
        string? webRoot = given.GetValueOrDefault("--web-root");
        if (storePath is null || !File.Exists(storePath)) { Console.Error.WriteLine("usage: explorer-render --store FILE.db [--big-ring VICTIMS] [--runs N] [--serve SECONDS] [--web-root DIR] (an analysed SQLite store)"); return 2; }
        var walker = FindWalker();
        if (walker is null) { Console.Error.WriteLine("tests/web-browser/render-timing.mjs not found above the current folder; run from the repository."); return 2; }
        if (!Directory.Exists(Path.Combine(walker, "node_modules", "playwright-core"))) { Console.Error.WriteLine($"run `npm ci` in {walker} first (playwright-core)."); return 2; }

        using var store = new MergedRingStore(GraphStores.Open(storePath), bigRing);
        if (store.ReadLatestAnalysis() is null) { Console.Error.WriteLine($"{storePath} has no analysis run; run `fraudgraph run` first."); return 2; }
        Console.WriteLine($"Ring page render over {store.Location}: {MergedRingStore.RingId} = the largest rings joined to {store.Victims:N0} victims; " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");

        var options = new ExplorerOptions { Store = storePath, Urls = ["http://127.0.0.1:0"], ReportTools = Graph.Evidence.ReportTools.None, WebRoot = webRoot };
        await using var explorer = await ExplorerApp.StartAsync(options, store);
        // The server's first answer for the ring (reading its records) is timed by `explorer`; here the browser is
        // what is cold, so the server answers once before the page loads.
        using (var http = new HttpClient { BaseAddress = explorer.Address, Timeout = TimeSpan.FromMinutes(5) })
        {
            var clock = Stopwatch.StartNew();
            using var warm = await http.GetAsync($"/api/rings/{MergedRingStore.RingId}");
            warm.EnsureSuccessStatusCode();
            Console.WriteLine($"server: GET /api/rings/{MergedRingStore.RingId} first answer {clock.Elapsed.TotalMilliseconds:N0} ms ({(await warm.Content.ReadAsByteArrayAsync()).Length:N0} bytes)");
        }

        if (serveSeconds > 0)
        {
            // For looking at the page (or profiling it) by hand instead of timing it.
            Console.WriteLine($"serving {explorer.Address}ring.html?id={MergedRingStore.RingId} for {serveSeconds} s");
            // Ctrl+C (or SIGTERM) stops the host; stop waiting then too.
            try { await Task.Delay(TimeSpan.FromSeconds(serveSeconds), explorer.App.Lifetime.ApplicationStopping); }
            catch (OperationCanceledException) { }
            return 0;
        }
        var start = new ProcessStartInfo("node") { WorkingDirectory = walker, UseShellExecute = false };
        foreach (var a in new[] { "render-timing.mjs", explorer.Address.ToString(), MergedRingStore.RingId, "--runs", runs.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        await node.WaitForExitAsync();
        return node.ExitCode;
    }

    /// <summary>tests/web-browser in the repository above the current folder (or above this program's folder).</summary>
    private static string? FindWalker()
    {
        foreach (var from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "web-browser");
                if (File.Exists(Path.Combine(candidate, "render-timing.mjs"))) return candidate;
            }
        return null;
    }
}
