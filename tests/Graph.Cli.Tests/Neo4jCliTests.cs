using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Graph.Cli.Tests;

/// <summary>
/// The real Neo4j server for command-line tests: <c>NEO4J_URI</c> (an opt-in Neo4j 5) or <c>FRAUDGRAPH_NEO4J_URL</c>
/// (the 3.1.1 server <c>.ci/neo4j.sh</c> starts). While this fixture lives it holds a lock file named after the
/// server, which the storage tests' fixture takes too: both test assemblies wipe the same database, and
/// <c>dotnet test</c> runs assemblies in parallel.
/// </summary>
public sealed class Neo4jCliServer : IDisposable
{
    private readonly FileStream? _lock;

    public Neo4jCliServer()
    {
        Url = Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 } uri ? uri
            : Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_URL") is { Length: > 0 } url ? url : null;
        if (Url is not null) _lock = Neo4jServerLock.Acquire(Url);
    }

    public string? Url { get; }

    public bool IsOptIn => Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 };

    public string RequireUrl() => Url ?? throw new InvalidOperationException(
        "No Neo4j server: set FRAUDGRAPH_NEO4J_URL (eval \"$(bash .ci/neo4j.sh start)\") or NEO4J_URI.");

    /// <summary>Runs one Cypher statement through the HTTP API (3.x or 4.x/5.x transactional endpoint) and returns the first value.</summary>
    public JsonElement? Scalar(string statement) => Scalar(RequireUrl(), IsOptIn, statement);

    /// <summary>The same against the server at <paramref name="url"/> (<paramref name="modern"/>: a 4.x/5.x endpoint).</summary>
    public static JsonElement? Scalar(string url, bool modern, string statement)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        if (Environment.GetEnvironmentVariable("NEO4J_USER") is { Length: > 0 } user)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + Environment.GetEnvironmentVariable("NEO4J_PASSWORD"))));
        var database = Environment.GetEnvironmentVariable("NEO4J_DATABASE") is { Length: > 0 } db ? db : "neo4j";
        var path = modern ? $"/db/{database}/tx/commit" : "/db/data/transaction/commit";
        var body = JsonSerializer.Serialize(new { statements = new[] { new { statement } } });
        var response = http.PostAsync(url.TrimEnd('/') + path, new StringContent(body, Encoding.UTF8, "application/json")).Result;
        using var doc = JsonDocument.Parse(response.Content.ReadAsStringAsync().Result);
        var errors = doc.RootElement.GetProperty("errors");
        if (errors.GetArrayLength() > 0) throw new InvalidOperationException(errors[0].GetRawText());
        var data = doc.RootElement.GetProperty("results")[0].GetProperty("data");
        return data.GetArrayLength() == 0 ? null : data[0].GetProperty("row")[0].Clone();
    }

    /// <summary>Deletes everything, in slices (a benchmark-sized graph does not fit one transaction).</summary>
    public void Wipe()
    {
        while (Scalar("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)")!.Value.GetInt64() > 0) { }
    }

    public void Dispose() => _lock?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class Neo4jCliCollection : ICollectionFixture<Neo4jCliServer>
{
    public const string Name = "Neo4j server (CLI)";
}

/// <summary>A command-line test against the real Neo4j server: skipped without one, except under CI=true where it fails.</summary>
public sealed class Neo4jCliFactAttribute : FactAttribute
{
    public Neo4jCliFactAttribute()
    {
        bool configured = Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 } || Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_URL") is { Length: > 0 };
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!configured && !ci) Skip = "No Neo4j server: set FRAUDGRAPH_NEO4J_URL (eval \"$(bash .ci/neo4j.sh start)\") or NEO4J_URI.";
    }
}

/// <summary>A CLI fact that needs the 3.1.1 test server itself (a proxy that speaks only its protocol): skipped, with the reason, on an opt-in server.</summary>
public sealed class Neo4j31CliFactAttribute : FactAttribute
{
    public Neo4j31CliFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 }) Skip = "Needs the Neo4j 3.1.1 test server; NEO4J_URI names another server.";
        else Skip = new Neo4jCliFactAttribute().Skip;
    }
}

/// <summary>
/// <c>fraudgraph</c> with <c>--store http://…</c> against the real server (3.1.1 in CI): evidence export and the
/// audit log on a Neo4j store, and <c>--pushdown</c>, which needs Graph Data Science (3.1.1 has none).
/// </summary>
[Collection(Neo4jCliCollection.Name)]
public sealed class Neo4jCliTests(Neo4jCliServer server)
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    private static List<string> ErrorLines(CliResult r) => r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    [Neo4jCliFact]
    public void A_ring_exported_from_a_neo4j_store_verifies_has_the_sqlite_stores_records_and_is_audited_there()
    {
        var url = server.RequireUrl();
        server.Wipe();
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "3000", "--seed", "7", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("local.db"), "run", dir.Combine("data"), "--out", dir.Combine("out-sqlite")));
        Ok(CliProcess.Run(dir.Path, "--store", url, "run", dir.Combine("data"), "--out", dir.Combine("out-neo4j")));
        // The same data in either store gives the same rings.
        Assert.Equal(File.ReadAllText(dir.Combine("out-sqlite", "rings.csv")), File.ReadAllText(dir.Combine("out-neo4j", "rings.csv")));
        var ring = File.ReadLines(dir.Combine("out-neo4j", "rings.csv")).Skip(1).First(l => l.Split(',')[2] == "true").Split(',')[0];

        Ok(CliProcess.Run(dir.Path, "--store", url, "export", "--ring", ring, "--out", dir.Combine("pk-neo4j")));
        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("local.db"), "export", "--ring", ring, "--out", dir.Combine("pk-sqlite")));
        var package = dir.Combine("pk-neo4j", ring);
        Ok(CliProcess.Run(dir.Path, "verify", package));
        Ok(CliProcess.Run(dir.Path, "verify", package + ".zip"));
        var records = Directory.GetFiles(dir.Combine("pk-sqlite", ring, "records"), "*.csv").Select(Path.GetFileName).Order().ToList();
        Assert.Contains("policyholders.csv", records);
        Assert.Contains("surrender_requests.csv", records);
        foreach (var file in records)
            Assert.Equal(File.ReadAllText(dir.Combine("pk-sqlite", ring, "records", file!)), File.ReadAllText(Path.Combine(package, "records", file!)));
        Assert.True(File.ReadLines(Path.Combine(package, "records", "policyholders.csv")).Count() > 3);

        // An unmasked export is refused without a reason, and audited in the Neo4j store with one.
        Assert.NotEqual(0, CliProcess.Run(dir.Path, "--store", url, "export", "--ring", ring, "--out", dir.Combine("pk-u"), "--unmasked", "--operator", "li.wei").ExitCode);
        Assert.Equal(0, server.Scalar("MATCH (a:AuditEntry) RETURN count(a)")!.Value.GetInt64());
        Ok(CliProcess.Run(dir.Path, "--store", url, "export", "--ring", ring, "--out", dir.Combine("pk-u"), "--unmasked", "--operator", "li.wei", "--reason", "police request 2026-117"));
        Ok(CliProcess.Run(dir.Path, "--store", url, "export", "--ring", ring, "--out", dir.Combine("pk-u2"), "--unmasked", "--operator", "wang.fang", "--reason", "second look"));
        var audit = CliProcess.Run(dir.Path, "--store", url, "audit");
        Ok(audit);
        int first = audit.Output.IndexOf("police request 2026-117", StringComparison.Ordinal), second = audit.Output.IndexOf("second look", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, audit.Output);
        Assert.Contains("li.wei", audit.Output);
        Assert.Contains(ring, audit.Output);
        Assert.Equal(2, server.Scalar("MATCH (a:AuditEntry) RETURN count(a)")!.Value.GetInt64());
        Assert.DoesNotContain("police request", CliProcess.Run(dir.Path, "--store", dir.Combine("local.db"), "audit").Output);
    }

    [Neo4jCliFact]
    public void The_explorer_serves_the_same_pages_from_a_neo4j_store_as_from_the_sqlite_store()
    {
        var url = server.RequireUrl();
        server.Wipe();
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "2000", "--seed", "7", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("local.db"), "run", dir.Combine("data"), "--out", dir.Combine("out-sqlite")));
        Ok(CliProcess.Run(dir.Path, "--store", url, "run", dir.Combine("data"), "--out", dir.Combine("out-neo4j")));

        using var sqlite = Explorer.Start(dir.Path, dir.Combine("local.db"));
        using var neo4j = Explorer.Start(dir.Path, url);
        var rings = sqlite.Get("/api/rings?take=100");
        Assert.True(JsonDocument.Parse(rings).RootElement.GetProperty("total").GetInt32() > 0, rings);
        Assert.Equal(rings, neo4j.Get("/api/rings?take=100"));
        var ringId = JsonDocument.Parse(rings).RootElement.GetProperty("rings")[0].GetProperty("ringId").GetString()!;
        var (ringA, ringB) = (sqlite.Get("/api/rings/" + ringId), neo4j.Get("/api/rings/" + ringId));
        Assert.Equal(Canonical(ringA), Canonical(ringB));

        // Every node of the ring: its page, and its neighbours in two pages (the explorer members of the store).
        // Contact point ids are keyed per server process, so node i of one ring page is node i of the other.
        static List<(string Id, string Kind, string Label)> Nodes(string ring) => JsonDocument.Parse(ring).RootElement.GetProperty("graph").GetProperty("nodes")
            .EnumerateArray().Select(n => (n.GetProperty("id").GetString()!, n.GetProperty("kind").GetString()!, n.GetProperty("label").GetString()!)).ToList();
        var (nodesA, nodesB) = (Nodes(ringA), Nodes(ringB));
        Assert.Contains(nodesA, n => n.Kind == "holder");
        Assert.Contains(nodesA, n => n.Kind == "phone");
        for (int i = 0; i < nodesA.Count; i++)
        {
            var (a, b) = (Uri.EscapeDataString(nodesA[i].Id), Uri.EscapeDataString(nodesB[i].Id));
            Assert.Equal(Canonical(sqlite.Get($"/api/nodes/{a}")), Canonical(neo4j.Get($"/api/nodes/{b}")));
            Assert.Equal(Canonical(sqlite.Get($"/api/nodes/{a}/neighbours?take=4")), Canonical(neo4j.Get($"/api/nodes/{b}/neighbours?take=4")));
            Assert.Equal(Canonical(sqlite.Get($"/api/nodes/{a}/neighbours?skip=4&take=4")), Canonical(neo4j.Get($"/api/nodes/{b}/neighbours?skip=4&take=4")));
        }
        // Search by holder id prefix and by a masked phone as the explorer shows it.
        var holder = nodesA.First(n => n.Kind == "holder").Id["h:".Length..];
        var phone = nodesA.First(n => n.Kind == "phone").Label;
        foreach (var q in new[] { holder[..^1], phone })
        {
            var found = sqlite.Get("/api/search?q=" + Uri.EscapeDataString(q));
            Assert.Contains("\"holders\":[{", found);
            Assert.Equal(Canonical(found), Canonical(neo4j.Get("/api/search?q=" + Uri.EscapeDataString(q))));
        }
    }

    /// <summary>A page with each contact point id (an HMAC under the serving process's own key) renamed by order of appearance.</summary>
    private static string Canonical(string body)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(body, "c:[A-Za-z0-9_-]{22}",
            m => names.TryGetValue(m.Value, out var n) ? n : names[m.Value] = "c#" + names.Count);
    }

    /// <summary>A <c>fraudgraph serve</c> child process on a free loopback port, stopped on dispose.</summary>
    private sealed class Explorer : IDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

        private Explorer(System.Diagnostics.Process process, string baseUrl)
        {
            _process = process;
            _http.BaseAddress = new Uri(baseUrl);
        }

        public static Explorer Start(string directory, string store)
        {
            var process = System.Diagnostics.Process.Start(CliProcess.StartInfo(directory, "--store", store, "serve", "--urls", "http://127.0.0.1:0"))!;
            var stderr = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline)
            {
                var line = process.StandardOutput.ReadLine();
                if (line is null) break;
                var at = line.IndexOf("listening on ", StringComparison.Ordinal);
                if (at < 0) continue;
                _ = process.StandardOutput.ReadToEndAsync(); // keep draining so the server never blocks on a full pipe
                return new Explorer(process, line[(at + "listening on ".Length)..].Trim());
            }
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("fraudgraph serve did not start: " + stderr.Result);
        }

        /// <summary>The answer's body, without the run id (it carries the run's start time, which differs between the two stores' runs).</summary>
        public string Get(string path)
        {
            using var response = _http.GetAsync(path).Result;
            var body = response.Content.ReadAsStringAsync().Result;
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
            return System.Text.RegularExpressions.Regex.Replace(body, "\"runId\":\"[^\"]*\"", "\"runId\":\"-\"");
        }

        public void Dispose()
        {
            _http.Dispose();
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
    }

    [Neo4jCliFact]
    public void Pushdown_on_a_server_without_graph_data_science_is_one_clear_line_and_exit_1_before_anything_is_loaded()
    {
        var url = server.RequireUrl();
        server.Wipe();
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "600", "--seed", "3", "--out", dir.Combine("data")));

        var run = CliProcess.Run(dir.Path, "--store", url, "run", dir.Combine("data"), "--out", dir.Combine("out"), "--pushdown");
        if (server.IsOptIn && run.ExitCode == 0)
        {
            // An opt-in server with Graph Data Science: the rings come from there, in the usual files.
            Assert.True(File.Exists(dir.Combine("out", "rings.csv")));
            Assert.Contains("neo4j-gds", File.ReadAllText(dir.Combine("out", "run.json")));
        }
        else
        {
            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(ErrorLines(run));
            Assert.StartsWith("error: --pushdown: Neo4j ", line);
            Assert.Contains("has no Graph Data Science", line);
            Assert.Contains("Leave out --pushdown", line);
            Assert.False(Directory.Exists(dir.Combine("out")));
            Assert.Equal(0, server.Scalar("MATCH (h:Policyholder) RETURN count(h)")!.Value.GetInt64());

            Ok(CliProcess.Run(dir.Path, "--store", url, "load", dir.Combine("data")));
            var analyze = CliProcess.Run(dir.Path, "--store", url, "analyze", "--out", dir.Combine("out"), "--pushdown");
            Assert.Equal(1, analyze.ExitCode);
            Assert.Equal(line, Assert.Single(ErrorLines(analyze)));
            Assert.Equal(0, server.Scalar("MATCH (r:AnalysisRun) RETURN count(r)")!.Value.GetInt64());
            Ok(CliProcess.Run(dir.Path, "--store", url, "analyze", "--out", dir.Combine("out")));
        }
    }

    [Neo4j31CliFact]
    public void Pushdown_scores_the_communities_graph_data_science_wrote_on_the_server_and_writes_the_usual_outputs()
    {
        // The 3.1.1 server behind a proxy that plays Graph Data Science (see GdsProxy); an opt-in server speaks
        // the Query API, which the proxy does not, and may have the real GDS (the test above covers that).
        var url = server.RequireUrl();
        server.Wipe();
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "2000", "--seed", "7", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("local.db"), "run", dir.Combine("data"), "--out", dir.Combine("local")));
        using var proxy = new GdsProxy(url);

        var run = CliProcess.Run(dir.Path, "--store", proxy.Url, "run", dir.Combine("data"), "--out", dir.Combine("gds"), "--pushdown");

        Ok(run);
        Assert.Equal(["gds.graph.project", "gds.wcc.write", "gds.leiden.write", "gds.graph.drop"], proxy.Calls);
        foreach (var csv in new[] { "rings.csv", "ring_members.csv" })
            Assert.Equal(File.ReadLines(dir.Combine("local", csv)).First(), File.ReadLines(dir.Combine("gds", csv)).First());
        Assert.True(File.Exists(dir.Combine("gds", "rings.json")));
        Assert.Contains("neo4j-gds", File.ReadAllText(dir.Combine("gds", "run.json")));
        // The server's communities (here: whole components) hold the planted rings the in-process Leiden finds:
        // every ring flagged in-process is flagged again with the same victims.
        static List<string> Flagged(string folder)
        {
            var flagged = File.ReadLines(Path.Combine(folder, "rings.csv")).Skip(1).Where(l => l.Split(',')[2] == "true").Select(l => l.Split(',')[0]).ToHashSet();
            return File.ReadLines(Path.Combine(folder, "ring_members.csv")).Skip(1).Select(l => l.Split(','))
                .Where(c => flagged.Contains(c[0]) && c[3] == "victim").GroupBy(c => c[0])
                .Select(g => string.Join(" ", g.Select(c => c[2]).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToList();
        }
        var local = Flagged(dir.Combine("local"));
        Assert.NotEmpty(local);
        Assert.Equal(local, Flagged(dir.Combine("gds")));
        // The rings were written back to the server like any run.
        Assert.Equal(1, server.Scalar("MATCH (r:AnalysisRun) RETURN count(r)")!.Value.GetInt64());
    }
}

/// <summary><c>--pushdown</c> on a store that is not Neo4j (no server needed, so outside the server's collection).</summary>
public sealed class PushdownCommandTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    private static List<string> ErrorLines(CliResult r) => r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    [Fact]
    public void Pushdown_on_the_sqlite_store_says_it_needs_a_neo4j_store()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "500", "--seed", "3", "--out", dir.Combine("data")));
        var run = CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out"), "--pushdown");
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(ErrorLines(run));
        Assert.Contains("--pushdown needs a Neo4j store (--store http://HOST:7474)", line);
        Assert.False(Directory.Exists(dir.Combine("out")));
        var analyze = CliProcess.Run(dir.Path, "analyze", "--out", dir.Combine("out"), "--pushdown");
        Assert.Equal(2, analyze.ExitCode);
        Assert.Contains("needs a Neo4j store", analyze.Error);
    }
}
