using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Polly;
using Polly.Retry;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>What discovery found: the server's version and the protocol the store will speak.</summary>
internal sealed record Neo4jServerInfo(string Version, int Major, int Minor, Neo4jProtocol Protocol, string? Edition)
{
    /// <summary>Schema syntax: 4.4 and later understand <c>FOR ... REQUIRE</c> and <c>IF NOT EXISTS</c>.</summary>
    public bool ModernSchema => Major > 4 || (Major == 4 && Minor >= 4);
}

/// <summary>
/// Neo4j's HTTP interfaces behind one small surface: discovery, auto-commit requests (retried when transient),
/// and explicit transactions. Synchronous for loads, snapshots, runs and evidence (<see cref="HttpClient.Send(HttpRequestMessage, CancellationToken)"/>
/// keeps that free of sync-over-async); asynchronous auto-commit requests for the web explorer's queries.
/// </summary>
internal sealed class Neo4jConnection : IDisposable
{
    private static readonly JsonSerializerSettings SerializerSettings = new()
    {
        NullValueHandling = NullValueHandling.Include,
        DateParseHandling = DateParseHandling.None,
    };

    private readonly HttpClient _http;
    private readonly Neo4jOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly string _location;
    private Neo4jServerInfo? _server;
    private long _transientRetries;

    public Neo4jConnection(Neo4jOptions options, ILogger logger, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger;
        _location = options.SafeLocation;
        // TLS certificate validation is left exactly as the platform does it: no custom callback, ever.
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = options.Timeout;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("FraudGraph", "0.1"));
        if (options.User is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}"));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
        _retry = options.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Neo4jException>(static e => e.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _transientRetries);
                    var code = args.Outcome.Exception is Neo4jException n ? n.Code : "unknown";
                    Neo4jLog.Retrying(_logger, args.AttemptNumber + 1, options.MaxRetries, code, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            }).Build();
    }

    public string Location => _location;

    /// <summary>Requests retried after a transient failure since this connection was made (a load reports its share).</summary>
    public long TransientRetries => Interlocked.Read(ref _transientRetries);

    public Neo4jServerInfo Server => _server ?? throw new InvalidOperationException("Discover() has not run.");

    /// <summary>
    /// Reads the root discovery document (<c>GET /</c>) and picks the protocol: the Query API when the document
    /// advertises it (5.19+, Aura), else the 4.x/5.x transactional endpoint, else the 3.x one (whose version comes
    /// from <c>GET /db/data/</c>).
    /// </summary>
    public Neo4jServerInfo Discover(CancellationToken ct = default)
    {
        var root = _retry.Execute(token => Send(HttpMethod.Get, "/", null, null, "discovery", token).Body, ct);
        string? version = root.Value<string>("neo4j_version");
        string? edition = root.Value<string>("neo4j_edition");
        Neo4jProtocol found;
        if (root["query"] is not null) found = Neo4jProtocol.QueryApi;
        else if (root["transaction"] is not null) found = Neo4jProtocol.Transactional;
        else if (root["data"] is not null)
        {
            found = Neo4jProtocol.LegacyTransactional;
            var data = _retry.Execute(token => Send(HttpMethod.Get, "/db/data/", null, null, "discovery", token).Body, ct);
            version ??= data.Value<string>("neo4j_version");
        }
        else throw new Neo4jException(Neo4jException.ProtocolCode,
            $"{_location} answered GET / without Neo4j's discovery document (no 'query', 'transaction' or 'data' entry); is this the Neo4j HTTP port (usually 7474)?");

        var (major, minor) = ParseVersion(version);
        // Versions too old for the protocol the document implies still get the one they advertise.
        if (found == Neo4jProtocol.QueryApi && major == 5 && minor < 19 && root["transaction"] is not null) found = Neo4jProtocol.Transactional;
        var protocol = _options.Protocol == Neo4jProtocol.Auto ? found : _options.Protocol;
        _server = new Neo4jServerInfo(version ?? "unknown", major, minor, protocol, edition);
        Neo4jLog.Connected(_logger, _location, _server.Version, protocol.ToString());
        return _server;
    }

    /// <summary>Major and minor of <c>3.1.1</c>, <c>5.26.0</c>, <c>2025.01.0</c> (calendar versions are after 5).</summary>
    internal static (int Major, int Minor) ParseVersion(string? version)
    {
        if (string.IsNullOrEmpty(version)) return (5, 0);
        var parts = version.Split('.', '-');
        int major = parts.Length > 0 && int.TryParse(parts[0], out var m) ? m : 5;
        int minor = parts.Length > 1 && int.TryParse(parts[1], out var n) ? n : 0;
        return (major, minor); // calendar versions (2025.01, ...) compare above 5 as they should
    }

    /// <summary>
    /// Runs statements each in its own auto-committed transaction (Query API) or together in one (transactional
    /// endpoint), retrying transient failures: callers use it for idempotent work only (schema, reads).
    /// </summary>
    public IReadOnlyList<CypherResult> AutoCommit(IReadOnlyList<CypherStatement> statements, CancellationToken ct = default)
    {
        var server = Server;
        if (server.Protocol == Neo4jProtocol.QueryApi)
        {
            var results = new List<CypherResult>(statements.Count);
            foreach (var statement in statements)
                results.Add(_retry.Execute(token => ParseQueryApi(Send(HttpMethod.Post, QueryBase, QueryBody(statement), null, statement.Name, token).Body), ct));
            return results;
        }
        return _retry.Execute(token =>
            ParseTransactional(Send(HttpMethod.Post, TxBase + "/commit", TxBody(statements), null, Names(statements), token, statements).Body, statements.Count), ct);
    }

    /// <summary><see cref="AutoCommit"/> without holding a thread while the server answers (the web explorer's queries).</summary>
    public async Task<IReadOnlyList<CypherResult>> AutoCommitAsync(IReadOnlyList<CypherStatement> statements, CancellationToken ct = default)
    {
        var server = Server;
        if (server.Protocol == Neo4jProtocol.QueryApi)
        {
            var results = new List<CypherResult>(statements.Count);
            foreach (var statement in statements)
                results.Add(await _retry.ExecuteAsync(async token =>
                    ParseQueryApi((await SendAsync(HttpMethod.Post, QueryBase, QueryBody(statement), statement.Name, null, token).ConfigureAwait(false)).Body), ct).ConfigureAwait(false));
            return results;
        }
        return await _retry.ExecuteAsync(async token =>
            ParseTransactional((await SendAsync(HttpMethod.Post, TxBase + "/commit", TxBody(statements), Names(statements), statements, token).ConfigureAwait(false)).Body,
                statements.Count), ct).ConfigureAwait(false);
    }

    /// <summary>Opens an explicit transaction (retried: nothing has been written yet).</summary>
    public Neo4jTransaction Begin(CancellationToken ct = default)
    {
        var server = Server;
        if (server.Protocol == Neo4jProtocol.QueryApi)
        {
            var (body, headers) = _retry.Execute(token =>
            {
                var r = Send(HttpMethod.Post, QueryBase + "/tx", new JObject(), null, "begin transaction", token);
                return (r.Body, r.Headers);
            }, ct);
            var id = body["transaction"]?.Value<string>("id")
                ?? throw new Neo4jException(Neo4jException.ProtocolCode, $"{_location} opened a Query API transaction without an id.");
            headers.TryGetValues("neo4j-cluster-affinity", out var affinity);
            return new Neo4jTransaction(this, QueryBase + "/tx/" + id, affinity?.FirstOrDefault());
        }
        var (_, txHeaders) = _retry.Execute(token =>
        {
            var r = Send(HttpMethod.Post, TxBase, new JObject { ["statements"] = new JArray() }, null, "begin transaction", token);
            return (r.Body, r.Headers);
        }, ct);
        var location = txHeaders.Location
            ?? throw new Neo4jException(Neo4jException.ProtocolCode, $"{_location} opened a transaction without a Location header.");
        var txId = location.OriginalString.TrimEnd('/').Split('/')[^1];
        return new Neo4jTransaction(this, TxBase + "/" + txId, null);
    }

    private string QueryBase => $"/db/{Uri.EscapeDataString(_options.Database)}/query/v2";

    private string TxBase => Server.Protocol == Neo4jProtocol.LegacyTransactional
        ? "/db/data/transaction"
        : $"/db/{Uri.EscapeDataString(_options.Database)}/tx";

    /// <summary>Runs statements inside an open transaction. Never retried: a failed statement rolls the transaction back on the server.</summary>
    internal IReadOnlyList<CypherResult> RunIn(string txPath, string? affinity, IReadOnlyList<CypherStatement> statements, bool commit, CancellationToken ct)
    {
        if (Server.Protocol == Neo4jProtocol.QueryApi)
        {
            var results = new List<CypherResult>(statements.Count);
            foreach (var statement in statements)
                results.Add(ParseQueryApi(Send(HttpMethod.Post, txPath, QueryBody(statement), affinity, statement.Name, ct).Body));
            if (commit) Send(HttpMethod.Post, txPath + "/commit", new JObject(), affinity, "commit", ct);
            return results;
        }
        var path = commit ? txPath + "/commit" : txPath;
        var name = commit && statements.Count == 0 ? "commit" : Names(statements);
        return ParseTransactional(Send(HttpMethod.Post, path, TxBody(statements), affinity, name, ct, statements).Body, statements.Count);
    }

    internal void RollbackIn(string txPath, string? affinity)
    {
        Send(HttpMethod.Delete, txPath, null, affinity, "rollback", CancellationToken.None);
    }

    private static JObject QueryBody(CypherStatement s)
    {
        var body = new JObject { ["statement"] = s.Text };
        if (s.Parameters is { Count: > 0 }) body["parameters"] = JObject.FromObject(s.Parameters, JsonSerializer.Create(SerializerSettings));
        return body;
    }

    private static JObject TxBody(IReadOnlyList<CypherStatement> statements)
    {
        var array = new JArray();
        var serializer = JsonSerializer.Create(SerializerSettings);
        foreach (var s in statements)
        {
            var item = new JObject { ["statement"] = s.Text, ["resultDataContents"] = new JArray("row") };
            if (s.Parameters is { Count: > 0 }) item["parameters"] = JObject.FromObject(s.Parameters, serializer);
            array.Add(item);
        }
        return new JObject { ["statements"] = array };
    }

    private static string Names(IReadOnlyList<CypherStatement> statements) =>
        statements.Count == 1 ? statements[0].Name : string.Join(", ", statements.Select(static s => s.Name).Distinct());

    private static CypherResult ParseQueryApi(JObject body)
    {
        if (body["data"] is not JObject data) return CypherResult.Empty;
        var columns = data["fields"]?.Values<string>().Select(static f => f ?? "").ToArray() ?? [];
        var rows = new List<JToken[]>();
        if (data["values"] is JArray values)
            foreach (var row in values)
                rows.Add(row is JArray a ? a.ToArray() : [row]);
        return new CypherResult(columns, rows);
    }

    private static CypherResult[] ParseTransactional(JObject body, int expected)
    {
        var results = new CypherResult[expected];
        var array = body["results"] as JArray;
        for (int i = 0; i < expected; i++)
        {
            if (array is null || i >= array.Count) { results[i] = CypherResult.Empty; continue; }
            var result = (JObject)array[i];
            var columns = result["columns"]?.Values<string>().Select(static c => c ?? "").ToArray() ?? [];
            var rows = new List<JToken[]>();
            if (result["data"] is JArray data)
                foreach (var item in data)
                    rows.Add(item["row"] is JArray row ? row.ToArray() : []);
            results[i] = new CypherResult(columns, rows);
        }
        return results;
    }

    /// <summary>
    /// One HTTP exchange (answer read by <see cref="Interpret"/>); transport failures and timeouts become transient
    /// <see cref="Neo4jException"/>s.
    /// </summary>
    private (JObject Body, HttpResponseHeaders Headers) Send(HttpMethod method, string path, JObject? body, string? affinity, string what, CancellationToken ct,
        IReadOnlyList<CypherStatement>? statements = null)
    {
        using var request = Request(method, path, body, affinity);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = _http.Send(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception ex) when (TransportError(ex, what, ct) is { } error)
        {
            throw error;
        }
        using (response) return Interpret(response, method, path, what, statements, clock, ct);
    }

    /// <summary><see cref="Send"/> without holding a thread while the server answers (auto-commit requests only).</summary>
    private async Task<(JObject Body, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string path, JObject? body, string what,
        IReadOnlyList<CypherStatement>? statements, CancellationToken ct)
    {
        using var request = Request(method, path, body, affinity: null);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            // ResponseContentRead: the whole answer is buffered when this completes, so reading it below does not block.
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransportError(ex, what, ct) is { } error)
        {
            throw error;
        }
        using (response) return Interpret(response, method, path, what, statements, clock, ct);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, JObject? body, string? affinity)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.Uri, path));
        if (body is not null)
            request.Content = new StringContent(body.ToString(Formatting.None), new UTF8Encoding(false), "application/json");
        if (affinity is not null) request.Headers.TryAddWithoutValidation("neo4j-cluster-affinity", affinity);
        return request;
    }

    /// <summary>A timeout or a lost connection as a transient <see cref="Neo4jException"/>; null for the caller's own cancellation and anything else.</summary>
    private Neo4jException? TransportError(Exception ex, string what, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => null,
        TaskCanceledException => new Neo4jException(Neo4jException.TimeoutCode,
            $"Neo4j at {_location} did not answer {what} within {_options.Timeout.TotalSeconds:0.#} s (Neo4jOptions.Timeout).", null, isTransient: true, ex),
        HttpRequestException => new Neo4jException(Neo4jException.ConnectionFailedCode,
            $"Cannot reach Neo4j at {_location} ({what}): {ex.Message}. Is the server running and is this its HTTP address?", null, isTransient: true, ex),
        _ => null,
    };

    /// <summary>
    /// One HTTP answer. Any non-2xx status, and any non-empty <c>errors</c> array in a 2xx answer, becomes a
    /// <see cref="Neo4jException"/>. With the request's <paramref name="statements"/> (transactional endpoint), an error
    /// names the one that failed: the server answers the statements before it, then stops.
    /// </summary>
    private (JObject Body, HttpResponseHeaders Headers) Interpret(HttpResponseMessage response, HttpMethod method, string path, string what,
        IReadOnlyList<CypherStatement>? statements, Stopwatch clock, CancellationToken ct)
    {
        int status = (int)response.StatusCode;
        JObject parsed;
        try
        {
            using var stream = response.Content.ReadAsStream(ct);
            using var text = new StreamReader(stream, Encoding.UTF8);
            using var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            parsed = json.Read() && json.TokenType == JsonToken.StartObject ? JObject.Load(json) : new JObject();
        }
        catch (JsonException ex)
        {
            if (!response.IsSuccessStatusCode) throw StatusError(status, null, null, what);
            throw new Neo4jException(Neo4jException.ProtocolCode, $"{_location} answered {what} with something that is not JSON: {ex.Message}", status, false, ex);
        }
        catch (IOException ex)
        {
            throw new Neo4jException(Neo4jException.ConnectionFailedCode, $"The connection to Neo4j at {_location} broke while reading the answer to {what}: {ex.Message}", status, true, ex);
        }

        var (code, message) = FirstError(parsed);
        if (code is not null && statements is { Count: > 1 } && parsed["results"] is JArray answered)
            what = statements[Math.Min(answered.Count, statements.Count - 1)].Name;
        if (!response.IsSuccessStatusCode) throw StatusError(status, code, message, what);
        if (code is not null)
            throw new Neo4jException(code, $"Neo4j rejected {what}: {code}: {message}", status, Neo4jException.IsTransientCode(code));
        Neo4jLog.Request(_logger, method.Method, path, status, clock.ElapsedMilliseconds);
        return (parsed, response.Headers);
    }

    private Neo4jException StatusError(int status, string? code, string? message, string what)
    {
        bool transient = status is 502 or 503 or 504 || Neo4jException.IsTransientCode(code);
        string detail = code is null ? "" : $": {code}: {message}";
        return status switch
        {
            401 => new Neo4jException(code ?? "Neo.ClientError.Security.Unauthorized",
                $"Neo4j at {_location} refused the credentials (HTTP 401){detail}. Set NEO4J_USER and NEO4J_PASSWORD (or the store options) to a valid user.", status),
            403 => new Neo4jException(code ?? "Neo.ClientError.Security.Forbidden",
                $"Neo4j at {_location} forbids {what} for this user (HTTP 403){detail}.", status),
            404 => new Neo4jException(code ?? Neo4jException.ProtocolCode,
                $"Neo4j at {_location} has no endpoint for {what} (HTTP 404){detail}. Check the database name and the server version.", status),
            _ => new Neo4jException(code ?? $"HTTP.{status}",
                $"Neo4j at {_location} failed {what} with HTTP {status} {(HttpStatusCode)status}{detail}.", status, transient),
        };
    }

    private static (string? Code, string? Message) FirstError(JObject body)
    {
        if (body["errors"] is JArray { Count: > 0 } errors && errors[0] is JObject first)
            return (first.Value<string>("code") ?? "Neo.DatabaseError.Unknown", first.Value<string>("message") ?? "");
        return (null, null);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An explicit server-side transaction. Disposing without <see cref="Commit"/> rolls it back.</summary>
internal sealed class Neo4jTransaction : IDisposable
{
    private readonly Neo4jConnection _connection;
    private readonly string _path;
    private readonly string? _affinity;
    private bool _finished;

    public Neo4jTransaction(Neo4jConnection connection, string path, string? affinity)
    {
        _connection = connection;
        _path = path;
        _affinity = affinity;
    }

    public bool IsOpen => !_finished;

    public IReadOnlyList<CypherResult> Run(IReadOnlyList<CypherStatement> statements, CancellationToken ct = default)
    {
        if (_finished) throw new InvalidOperationException("The Neo4j transaction has already finished.");
        try
        {
            return _connection.RunIn(_path, _affinity, statements, commit: false, ct);
        }
        catch (Neo4jException)
        {
            // Neo4j rolls the whole transaction back on any failed statement; best-effort rollback for a transport failure.
            Rollback();
            throw;
        }
    }

    /// <summary>Runs the final statements (may be none) and commits, in one request on the transactional endpoint.</summary>
    public IReadOnlyList<CypherResult> Commit(IReadOnlyList<CypherStatement>? statements = null, CancellationToken ct = default)
    {
        if (_finished) throw new InvalidOperationException("The Neo4j transaction has already finished.");
        try
        {
            var results = _connection.RunIn(_path, _affinity, statements ?? [], commit: true, ct);
            _finished = true;
            return results;
        }
        catch (Neo4jException)
        {
            Rollback();
            throw;
        }
    }

    public void Rollback()
    {
        if (_finished) return;
        _finished = true;
        try
        {
            _connection.RollbackIn(_path, _affinity);
        }
        catch (Neo4jException)
        {
            // Already gone (the server rolled it back after an error, or it will time out): nothing is committed either way.
        }
    }

    public void Dispose() => Rollback();
}
