using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graph.Cli.Tests;

/// <summary>
/// A loopback HTTP proxy in front of the real Neo4j 3.1.1 test server that makes it look as if it had Graph Data
/// Science, so <c>--pushdown</c> can run end to end here: the procedure list names the GDS procedures, and the
/// <c>CALL gds.*</c> statements are answered by the proxy — <c>gds.leiden.write</c> writes a <c>community</c>
/// property on every holder and contact point, the connected component of the holder—contact point graph it
/// belongs to (read from and written to the real server). Every other request goes to the real server unchanged,
/// so the snapshot, <c>gds/communities.cypher</c>, the ring write-back and the outputs are the real thing.
/// </summary>
public sealed class GdsProxy : IDisposable
{
    private static readonly string[] Procedures = ["gds.graph.project", "gds.wcc.write", "gds.leiden.write", "gds.graph.drop"];

    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly Uri _target;
    private readonly Task _loop;

    public GdsProxy(string target)
    {
        _target = new Uri(target);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Url { get; }

    /// <summary>The GDS procedures called, in order.</summary>
    public List<string> Calls { get; } = [];

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            try { await Handle(context); }
            catch (Exception e)
            {
                context.Response.StatusCode = 500;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(e.Message));
                context.Response.Close();
            }
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        if (request.HttpMethod == "POST" && JsonNode.Parse(body) is JsonObject json && json["statements"] is JsonArray { Count: 1 } statements
            && statements[0]!["statement"]!.GetValue<string>() is var text && Answer(text) is { } answer)
        {
            await Reply(context.Response, 200, answer.ToJsonString());
            return;
        }
        // Anything else: to the real server, as it came.
        using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, request.Url!.PathAndQuery));
        if (request.HttpMethod != "GET") forward.Content = new StringContent(body, Encoding.UTF8, "application/json");
        forward.Headers.Accept.ParseAdd("application/json");
        using var response = await _http.SendAsync(forward);
        var text2 = await response.Content.ReadAsStringAsync();
        // Discovery documents and a new transaction's Location name the real server's address: point them at the proxy.
        var real = _target.GetLeftPart(UriPartial.Authority);
        if (response.Headers.Location is { } location)
            context.Response.Headers["Location"] = location.ToString().Replace(real, Url, StringComparison.Ordinal);
        await Reply(context.Response, (int)response.StatusCode, text2.Replace(real, Url, StringComparison.Ordinal));
    }

    private static async Task Reply(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    /// <summary>The proxy's own answer to a GDS statement, or null to forward it.</summary>
    private JsonObject? Answer(string statement)
    {
        if (statement.Contains("CALL dbms.procedures()", StringComparison.Ordinal))
            return Result(["name"], Procedures.Select(p => new JsonArray(p)).ToArray());
        var call = Procedures.FirstOrDefault(p => statement.Contains("CALL " + p + "(", StringComparison.Ordinal));
        if (call is null) return null;
        lock (Calls) Calls.Add(call);
        return call switch
        {
            "gds.graph.project" => Result(["graphName", "nodeCount", "relationshipCount"], [new JsonArray("g", 0, 0)]),
            "gds.wcc.write" => Result(["nodePropertiesWritten", "componentCount"], [new JsonArray(0, 0)]),
            "gds.leiden.write" => WriteComponentsAsCommunities(),
            _ => Result(["graphName"], [new JsonArray("g")]),
        };
    }

    private JsonObject WriteComponentsAsCommunities()
    {
        var links = Query("MATCH (h:Policyholder)-[:LINKED_TO]->(c:ContactPoint) RETURN DISTINCT h.holder_id, labels(c), c.value");
        var holders = Query("MATCH (h:Policyholder) RETURN h.holder_id");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int Node(string key) => index.TryGetValue(key, out int i) ? i : index[key] = index.Count;
        foreach (var row in holders) Node("h|" + row[0]!.GetValue<string>());
        var pairs = new List<(int, int)>();
        foreach (var row in links)
        {
            var label = row[1]!.AsArray().Select(l => l!.GetValue<string>()).First(l => l != "ContactPoint");
            pairs.Add((Node("h|" + row[0]!.GetValue<string>()), Node(label + "|" + row[2]!.GetValue<string>())));
        }
        var parent = Enumerable.Range(0, index.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var (a, b) in pairs) parent[Find(a)] = Find(b);

        var rows = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var (key, node) in index)
        {
            int bar = key.IndexOf('|');
            var label = key[..bar];
            if (!rows.TryGetValue(label, out var list)) rows[label] = list = [];
            list.Add(new JsonObject { ["value"] = key[(bar + 1)..], ["community"] = Find(node) });
        }
        var statements = new JsonArray();
        foreach (var (label, list) in rows)
            statements.Add(new JsonObject
            {
                ["statement"] = label == "h"
                    ? "UNWIND $rows AS row MATCH (n:Policyholder {holder_id: row.value}) SET n.community = row.community"
                    : $"UNWIND $rows AS row MATCH (n:{label} {{value: row.value}}) SET n.community = row.community",
                ["parameters"] = new JsonObject { ["rows"] = list },
            });
        Post(new JsonObject { ["statements"] = statements });
        return Result(["communityCount", "modularity", "nodePropertiesWritten"], [new JsonArray(index.Values.Select(Find).Distinct().Count(), 0.5, index.Count)]);
    }

    private List<JsonArray> Query(string statement)
    {
        var answer = Post(new JsonObject { ["statements"] = new JsonArray(new JsonObject { ["statement"] = statement }) });
        return answer["results"]![0]!["data"]!.AsArray().Select(d => d!["row"]!.AsArray()).ToList();
    }

    private JsonNode Post(JsonObject body)
    {
        using var response = _http.PostAsync(new Uri(_target, "/db/data/transaction/commit"), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")).Result;
        var answer = JsonNode.Parse(response.Content.ReadAsStringAsync().Result)!;
        if (answer["errors"] is JsonArray { Count: > 0 } errors) throw new InvalidOperationException(errors.ToJsonString());
        return answer;
    }

    /// <summary>A transactional-endpoint answer with one result.</summary>
    private static JsonObject Result(string[] columns, JsonArray[] rows) => new()
    {
        ["results"] = new JsonArray(new JsonObject
        {
            ["columns"] = new JsonArray(columns.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            ["data"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject { ["row"] = r, ["meta"] = new JsonArray() }).ToArray()),
        }),
        ["errors"] = new JsonArray(),
    };

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _http.Dispose();
    }
}
