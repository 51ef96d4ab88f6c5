using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Core;
using Graph.Storage;
using Graph.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Graph.Benchmarks;

/// <summary>
/// Response times of the explorer's API over a real store and a real Kestrel on a free loopback port (the figures in
/// docs/benchmarks.md, "Explorer"): <c>explorer --store FILE [--runs 20]</c>. Times <c>GET /api/rings</c> cold (the first
/// request loads the latest run) and warm (median of N, each sort), <c>GET /api/rings/{the ring with most holders}</c>,
/// and one page of the neighbours of the contact point shared by the most holders.
/// </summary>
public static class ExplorerRun
{
    public static async Task<int> ExecuteAsync(string[] args)
    {
        if (Options(args, "--store", "--runs", "--big-ring") is not { } given) return 2;
        string? storePath = given.GetValueOrDefault("--store");
        int runs = Number(given, "--runs", 20);
        int bigRing = Number(given, "--big-ring", 300);
        if (storePath is null || !File.Exists(storePath)) { Console.Error.WriteLine("usage: explorer --store FILE.db [--runs N] [--big-ring VICTIMS] (an analysed SQLite store)"); return 2; }

        // The store as it is, plus (in memory only) one ring of at least --big-ring victims joined from the largest rings.
        using var store = new MergedRingStore(GraphStores.Open(storePath), bigRing);
        var runsInStore = store.ListRuns();
        if (runsInStore.Count == 0) { Console.Error.WriteLine($"{storePath} has no analysis run; run `fraudgraph run` first."); return 2; }
        var holderCount = store.GetStatistics(0).Nodes.First(n => n.Key == "Policyholder").Value;
        Console.WriteLine($"Explorer over {store.Location}: {holderCount:N0} holders, run {runsInStore[0].RunId} with {runsInStore[0].Rings:N0} rings; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"(plus {MergedRingStore.RingId}: the largest rings joined in memory to at least {bigRing:N0} victims, for the big ring page)");

        var options = new ExplorerOptions { Store = storePath, Urls = ["http://127.0.0.1:0"], ReportTools = Graph.Evidence.ReportTools.None, WarmUp = false };
        await using var app = ExplorerApp.Build(options, store);
        // Not ExplorerApp.StartAsync, and no warm-up: the first request is to be timed cold.
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };

        var holderPrefix = (await store.FindHoldersByIdPrefixAsync("H", 1)) is { Count: > 0 } firstHolder ? firstHolder[0].HolderId[..^3] : "H";
        var cold = await Time(http, "/api/rings");
        Console.WriteLine($"GET /api/rings                      cold {cold.Ms,8:N1} ms  ({cold.Bytes:N0} bytes; loads the run into memory)");
        foreach (var sort in new[] { "score", "size", "amount", "changed" })
        {
            var warm = await Median(http, $"/api/rings?sort={sort}", runs);
            Console.WriteLine($"GET /api/rings?sort={sort,-8}        warm {warm.Ms,8:N1} ms  (median of {runs}, {warm.Bytes:N0} bytes)");
        }
        var filtered = await Median(http, "/api/rings?flagged=true&from=2024-01-01&to=2024-12-31&sort=changed", runs);
        Console.WriteLine($"GET /api/rings?flagged&from&to      warm {filtered.Ms,8:N1} ms  (median of {runs})");

        var largest = await http.GetFromJsonAsync<JsonElement>("/api/rings?sort=size&take=2");
        foreach (var ring in largest.GetProperty("rings").EnumerateArray())
        {
            var ringId = ring.GetProperty("ringId").GetString();
            var first = await Time(http, $"/api/rings/{ringId}");
            var detail = await Median(http, $"/api/rings/{ringId}", Math.Max(3, runs / 4));
            var graph = (await http.GetFromJsonAsync<JsonElement>($"/api/rings/{ringId}")).GetProperty("graph");
            Console.WriteLine($"GET /api/rings/{ringId} ({(ringId == MergedRingStore.RingId ? "joined" : "largest in the run")}: {ring.GetProperty("holders").GetInt32():N0} victims, " +
                              $"{graph.GetProperty("nodes").GetArrayLength():N0} nodes, {graph.GetProperty("edges").GetArrayLength():N0} edges)  " +
                              $"first {first.Ms:N1} ms, median {detail.Ms:N1} ms  ({detail.Bytes:N0} bytes)");
        }

        // The most-shared contact point, reached as a page would: from one of its holders' neighbours (its id is a token).
        var top = store.GetStatistics(1).MostShared;
        if (top.Count > 0)
        {
            var point = new ContactPointKey(top[0].Kind, top[0].Value);
            var holder = (await store.ReadContactPointHoldersAsync(point, 0, 1)).Holders[0].HolderId;
            var around = await http.GetFromJsonAsync<JsonElement>($"/api/nodes/h:{holder}/neighbours?take=200");
            var hub = around.GetProperty("nodes").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == point.Kind.EntityType())
                .OrderByDescending(n => n.GetProperty("degree").GetInt32()).First();
            var hubId = hub.GetProperty("id").GetString();
            var page1 = await Median(http, $"/api/nodes/{hubId}/neighbours?take=50", runs);
            var deep = await Median(http, $"/api/nodes/{hubId}/neighbours?skip={Math.Max(0, top[0].Holders - 250)}&take=200", runs);
            Console.WriteLine($"GET /api/nodes/(most shared {hub.GetProperty("kind").GetString()}, {top[0].Holders:N0} holders)/neighbours  " +
                              $"first page of 50: {page1.Ms:N1} ms, a page of 200 near the end: {deep.Ms:N1} ms (medians of {runs})");
            if (top[0].Kind == ContactKind.Phone && top[0].Value.Length == 11)
            {
                var masked = Uri.EscapeDataString(Mask.Phone(top[0].Value));
                var byPhone = await Median(http, $"/api/search?q={masked}", runs);
                Console.WriteLine($"GET /api/search?q=(that phone masked)  {byPhone.Ms:N1} ms (median of {runs}; at most 50 holders)");
            }
        }
        var byId = await Median(http, $"/api/search?q={Uri.EscapeDataString(holderPrefix)}", runs);
        Console.WriteLine($"GET /api/search?q={holderPrefix} (holder id prefix)  {byId.Ms:N1} ms (median of {runs})");
        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// The <c>--name value</c> pairs after the mode (args[0]), for the explorer benchmarks; null, with the message
    /// printed, when one is not among <paramref name="known"/>.
    /// </summary>
    internal static Dictionary<string, string>? Options(string[] args, params string[] known)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            if (Array.IndexOf(known, args[i]) < 0) { Console.Error.WriteLine($"unknown option {args[i]}"); return null; }
            options[args[i]] = args[i + 1];
        }
        return options;
    }

    /// <summary>An integer option, or <paramref name="fallback"/> when it is not given.</summary>
    internal static int Number(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static async Task<(double Ms, long Bytes)> Time(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        double ms = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return (ms, body.Length);
    }

    private static async Task<(double Ms, long Bytes)> Median(HttpClient http, string url, int runs)
    {
        var times = new double[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) (times[i], bytes) = await Time(http, url);
        Array.Sort(times);
        return (times[runs / 2], bytes);
    }
}
