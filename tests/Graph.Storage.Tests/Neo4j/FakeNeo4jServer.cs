using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>One request the fake server received.</summary>
public sealed record FakeRequest(string Method, string Path, string? Authorization, string? Affinity, JObject? Body)
{
    /// <summary>The Cypher text of a Query API body, or of the first statement of a transactional body.</summary>
    public string? Statement => Body?["statement"]?.Value<string>() ?? (Body?["statements"] as JArray)?.FirstOrDefault()?["statement"]?.Value<string>();
}

/// <summary>What the fake answers: a status, a JSON body and extra headers.</summary>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>How long the server waits before it answers; meanwhile it takes further requests (a client's retries).</summary>
    public TimeSpan Delay { get; init; }

    public static FakeResponse Json(object body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body is string s ? s : JToken.FromObject(body).ToString(), headers);
}

/// <summary>
/// A loopback HTTP server on 127.0.0.1 and a free port that answers like Neo4j, as scripted by a handler: for
/// wire-level tests of the parts a Neo4j 3.1 server cannot show (the Query API, 4.x/5.x discovery, 401, 5xx).
/// </summary>
public sealed class FakeNeo4jServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<FakeRequest, FakeResponse> _handler;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();

    public FakeNeo4jServer(Func<FakeRequest, FakeResponse> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>Requests other than discovery and schema, in order.</summary>
    public List<FakeRequest> WorkRequests() =>
        Requests.Where(r => r.Method != "GET" && !(r.Statement?.StartsWith("CREATE CONSTRAINT", StringComparison.Ordinal) ?? false)).ToList();

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            FakeResponse response;
            try
            {
                string text;
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) text = await reader.ReadToEndAsync();
                var request = new FakeRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath,
                    context.Request.Headers["Authorization"], context.Request.Headers["neo4j-cluster-affinity"],
                    text.Length > 0 ? JObject.Parse(text) : null);
                Requests.Enqueue(request);
                response = _handler(request);
            }
            catch (Exception)
            {
                response = new FakeResponse(500, "");
            }
            // A slow answer waits without holding the loop or a thread, so the server takes the client's retry meanwhile.
            if (response.Delay > TimeSpan.Zero) _ = AnswerLater(context, response);
            else await Answer(context, response);
        }
    }

    private async Task AnswerLater(HttpListenerContext context, FakeResponse response)
    {
        try { await Task.Delay(response.Delay, _stopping.Token); }
        catch (OperationCanceledException) { return; }
        await Answer(context, response);
    }

    private static async Task Answer(HttpListenerContext context, FakeResponse response)
    {
        try
        {
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json";
            if (response.Headers is not null)
                foreach (var (name, value) in response.Headers) context.Response.AddHeader(name, value);
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception)
        {
            try { context.Response.Abort(); } catch (Exception) { /* the client went away */ }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { /* stopped listening */ }
        _stopping.Dispose();
    }

    // Discovery documents as the real servers send them (trimmed to the entries the store reads).
    public static object Root5(int port) => new
    {
        bolt_routing = $"neo4j://127.0.0.1:7687",
        query = $"http://127.0.0.1:{port}/db/{{databaseName}}/query/v2",
        transaction = $"http://127.0.0.1:{port}/db/{{databaseName}}/tx",
        bolt_direct = "bolt://127.0.0.1:7687",
        neo4j_version = "5.26.0",
        neo4j_edition = "enterprise",
    };

    public static object Root44(int port) => new
    {
        bolt_routing = "neo4j://127.0.0.1:7687",
        transaction = $"http://127.0.0.1:{port}/db/{{databaseName}}/tx",
        bolt_direct = "bolt://127.0.0.1:7687",
        neo4j_version = "4.4.30",
        neo4j_edition = "community",
    };

    public static object Root3(int port) => new
    {
        management = $"http://127.0.0.1:{port}/db/manage/",
        data = $"http://127.0.0.1:{port}/db/data/",
    };

    /// <summary>A Query API answer with these columns and rows.</summary>
    public static FakeResponse QueryResult(string[] fields, params object?[][] rows) =>
        FakeResponse.Json(new JObject { ["data"] = new JObject { ["fields"] = new JArray(fields), ["values"] = JArray.FromObject(rows) }, ["bookmarks"] = new JArray("b1") }, 202);

    /// <summary>A transactional-endpoint answer: one empty result per statement of the request.</summary>
    public static FakeResponse TxResult(FakeRequest request, params (string[] Columns, object?[][] Rows)[] results)
    {
        int count = (request.Body?["statements"] as JArray)?.Count ?? 0;
        var array = new JArray();
        for (int i = 0; i < count; i++)
        {
            var (columns, rows) = i < results.Length ? results[i] : ([], []);
            array.Add(new JObject
            {
                ["columns"] = new JArray(columns),
                ["data"] = new JArray(rows.Select(r => new JObject { ["row"] = JArray.FromObject(r), ["meta"] = new JArray() })),
            });
        }
        return FakeResponse.Json(new JObject { ["results"] = array, ["errors"] = new JArray() });
    }

    public static FakeResponse Error(int status, string code, string message) =>
        FakeResponse.Json(new JObject { ["errors"] = new JArray(new JObject { ["code"] = code, ["message"] = message }) }, status);
}
