namespace Graph.Storage.Neo4j;

/// <summary>Which of Neo4j's HTTP interfaces the store speaks.</summary>
public enum Neo4jProtocol
{
    /// <summary>Chosen from the server's root discovery document and version (the default).</summary>
    Auto,
    /// <summary>The Query API, <c>POST /db/{db}/query/v2</c> (Neo4j 5.19+ and Aura).</summary>
    QueryApi,
    /// <summary>The transactional Cypher endpoint, <c>/db/{db}/tx</c> (Neo4j 4.x and 5.x).</summary>
    Transactional,
    /// <summary>The transactional Cypher endpoint of Neo4j 3.x, <c>/db/data/transaction</c> (one database).</summary>
    LegacyTransactional,
}

/// <summary>How a load reaches the server.</summary>
public enum Neo4jLoadMode
{
    /// <summary>
    /// Each batch of <see cref="Neo4jOptions.BatchSize"/> records commits on its own, together with its entry in the
    /// load journal (the <c>(:Load)</c> node), so the server's memory is bounded by a batch, not the dataset (the
    /// default). A killed or failed load is not recorded as loaded (<see cref="IGraphLoadTarget.HasLoaded"/> stays false),
    /// readers refuse to analyse while it is unfinished, and running the same load again resumes it: the batches the
    /// journal lists are skipped, the rest written (every statement is idempotent by key).
    /// </summary>
    Batched,
    /// <summary>
    /// One explicit transaction for the whole load: a failed or abandoned load leaves the store exactly as it was.
    /// The server holds the whole load in memory until commit (Neo4j 3.x needs a heap of several GB for a few
    /// hundred thousand holders): for small loads and tests.
    /// </summary>
    Atomic,
}

/// <summary>
/// Where the Neo4j server is and how to talk to it. Defaults suit a single server on a local network; call
/// <see cref="Validate"/> (the store does) to get every problem at once.
/// </summary>
public sealed class Neo4jOptions
{
    /// <summary>Smallest and largest records per batch (one <c>UNWIND $rows</c> request).</summary>
    public const int MinBatchSize = 100, MaxBatchSize = 50_000;

    /// <summary>The default <see cref="BatchSize"/>, chosen by measurement (docs/benchmarks.md).</summary>
    public const int DefaultBatchSize = 5_000;

    /// <summary>The server's HTTP address, e.g. <c>http://localhost:7474</c> or an Aura <c>https://</c> address.</summary>
    public required Uri Uri { get; init; }

    /// <summary>The database (ignored by Neo4j 3.x, which has one). Default <c>neo4j</c>.</summary>
    public string Database { get; init; } = "neo4j";

    /// <summary>User for basic authentication; null for none (a server with auth disabled).</summary>
    public string? User { get; init; }

    /// <summary>Password for basic authentication. Never printed or logged.</summary>
    public string? Password { get; init; }

    /// <summary>Records per load batch (one request, and in <see cref="Neo4jLoadMode.Batched"/> mode one transaction), 100–50,000. Default <see cref="DefaultBatchSize"/>.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// Batches sent before the first of them has committed (<see cref="Neo4jLoadMode.Batched"/> mode), 1–8. Batches
    /// in flight together never share a key or a contact point, so their order cannot matter. Default 2.
    /// </summary>
    public int BatchesInFlight { get; init; } = 2;

    /// <summary>Holders per page when the snapshot is pulled. Default 10,000.</summary>
    public int PageSize { get; init; } = 10_000;

    /// <summary>Time limit of one HTTP request. Default 5 minutes (a 10,000-row MERGE batch can be slow on a cold server).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a request that failed transiently (Neo.TransientError.*, 502/503/504, connection failure). Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>One transaction per batch with a resumable journal (default) or one for the whole load; see <see cref="Neo4jLoadMode"/>.</summary>
    public Neo4jLoadMode LoadMode { get; init; } = Neo4jLoadMode.Batched;

    /// <summary>Forces a protocol instead of discovering it. Default <see cref="Neo4jProtocol.Auto"/>.</summary>
    public Neo4jProtocol Protocol { get; init; } = Neo4jProtocol.Auto;

    /// <summary>
    /// Options for <paramref name="uri"/> with credentials from the address's user info (<c>http://user:pass@host</c>)
    /// or else the <c>NEO4J_USER</c> / <c>NEO4J_PASSWORD</c> environment variables. The returned
    /// <see cref="Uri"/> never holds the credentials. <paramref name="load"/> sets <see cref="BatchSize"/> and <see cref="LoadMode"/>.
    /// </summary>
    public static Neo4jOptions FromUri(string uri, string? database = null, ServerLoadOptions? load = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("A Neo4j store address is an absolute http:// or https:// URL, e.g. http://localhost:7474.", nameof(uri));

        string? user = Environment.GetEnvironmentVariable("NEO4J_USER");
        string? password = Environment.GetEnvironmentVariable("NEO4J_PASSWORD");
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            var parts = parsed.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : password;
            parsed = new UriBuilder(parsed) { UserName = "", Password = "" }.Uri;
        }
        return new Neo4jOptions
        {
            Uri = parsed,
            Database = string.IsNullOrWhiteSpace(database) ? "neo4j" : database,
            User = string.IsNullOrEmpty(user) ? null : user,
            Password = password,
            BatchSize = load?.BatchSize ?? DefaultBatchSize,
            LoadMode = load?.Atomic == true ? Neo4jLoadMode.Atomic : Neo4jLoadMode.Batched,
        };
    }

    /// <summary>Every problem with these options, each naming the fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Uri is null || !Uri.IsAbsoluteUri || (Uri.Scheme != Uri.UriSchemeHttp && Uri.Scheme != Uri.UriSchemeHttps))
            problems.Add("Uri must be an absolute http:// or https:// address of the Neo4j server (e.g. http://localhost:7474).");
        else if (!string.IsNullOrEmpty(Uri.UserInfo))
            problems.Add("Uri must not hold credentials; use Neo4jOptions.FromUri, User/Password, or NEO4J_USER/NEO4J_PASSWORD.");
        if (string.IsNullOrWhiteSpace(Database) || Database.Contains('/') || Database.Contains('?'))
            problems.Add("Database must be a database name such as 'neo4j'.");
        if (BatchSize < MinBatchSize || BatchSize > MaxBatchSize)
            problems.Add($"BatchSize must be between {MinBatchSize:N0} and {MaxBatchSize:N0} records per batch (was {BatchSize:N0}).");
        if (BatchesInFlight < 1 || BatchesInFlight > 8)
            problems.Add($"BatchesInFlight must be between 1 and 8 (was {BatchesInFlight}).");
        if (PageSize < 1)
            problems.Add($"PageSize must be at least 1 (was {PageSize}).");
        if (Timeout <= TimeSpan.Zero)
            problems.Add("Timeout must be positive.");
        if (MaxRetries < 0)
            problems.Add("MaxRetries must be 0 or more.");
        if (RetryDelay < TimeSpan.Zero)
            problems.Add("RetryDelay must not be negative.");
        if (User is not null && Password is null)
            problems.Add("Password is missing for the Neo4j user (set NEO4J_PASSWORD or Password).");
        return problems;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem, or returns.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid Neo4j options: " + string.Join(" ", problems));
    }

    /// <summary>The address without credentials, path or query: safe to print.</summary>
    internal string SafeLocation => Uri.GetLeftPart(UriPartial.Authority);
}
