using System.Diagnostics;
using Graph.Storage.Neo4j;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// The real Neo4j server the integration tests use: <c>NEO4J_URI</c> when set (an opt-in Neo4j 5, see
/// cypher/README.md), else <c>FRAUDGRAPH_NEO4J_URL</c> (CI starts a 3.1.1 with <c>.ci/neo4j.sh</c>), else one this
/// fixture starts itself with the same script when <c>FRAUDGRAPH_NEO4J_AUTOSTART=1</c> (opt-in: a Neo4j server
/// takes a JVM and gigabytes of heap), and stops at the end. Tests that share it run one at a time (one collection) and each starts from an empty graph.
/// </summary>
public sealed class Neo4jServerFixture : IDisposable
{
    private readonly string? _startedPid;
    private readonly string? _startError;

    private readonly FileStream? _lock;

    public Neo4jServerFixture()
    {
        Url = Neo4jServer.ConfiguredUrl;
        // The CLI tests (tests/Graph.Cli.Tests/Neo4jCliTests.cs) wipe the same server from another test process.
        if (Url is not null) _lock = Neo4jServerLock.Acquire(Url);
        if (Url is not null || !Neo4jServer.CanAutoStart) return;
        try
        {
            var (url, pid, error) = Neo4jServer.Start();
            Url = url;
            _startedPid = pid;
            _startError = error;
        }
        catch (Exception ex)
        {
            _startError = ex.Message;
        }
    }

    /// <summary>The server's address, or null when none is available.</summary>
    public string? Url { get; }

    /// <summary>The address, or a failure that says how to provide a server.</summary>
    public string RequireUrl() => Url ?? throw new InvalidOperationException(
        "No Neo4j server: set FRAUDGRAPH_NEO4J_URL (eval \"$(bash .ci/neo4j.sh start)\"), NEO4J_URI, or FRAUDGRAPH_NEO4J_AUTOSTART=1 (needs Java 17)."
        + (_startError is null ? "" : " Starting one failed: " + _startError));

    /// <summary>
    /// Options for the server: credentials from NEO4J_USER/NEO4J_PASSWORD (or the address), database from
    /// NEO4J_DATABASE (default neo4j); loads in batches unless told otherwise, as the store does by default.
    /// </summary>
    public Neo4jOptions Options(int batchSize = 5_000, Neo4jLoadMode loadMode = Neo4jLoadMode.Batched)
    {
        var o = Neo4jOptions.FromUri(RequireUrl(), Environment.GetEnvironmentVariable("NEO4J_DATABASE"));
        return new Neo4jOptions { Uri = o.Uri, Database = o.Database, User = o.User, Password = o.Password, BatchSize = batchSize, LoadMode = loadMode };
    }

    /// <summary>Deletes every node and relationship, so a test starts from an empty graph.</summary>
    public void Wipe()
    {
        using var connection = new Neo4jConnection(Options(), NullLogger.Instance);
        connection.Discover();
        // In slices: one transaction deleting a benchmark-sized graph would not fit the server's heap.
        while ((long)connection.AutoCommit([new CypherStatement("test wipe", "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)")])[0].Scalar()! > 0) { }
    }

    public void Dispose()
    {
        if (_startedPid is not null) Neo4jServer.Stop(_startedPid);
        _lock?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class Neo4jServerCollection : ICollectionFixture<Neo4jServerFixture>
{
    public const string Name = "Neo4j server";
}

/// <summary>Where the real server comes from, and whether its tests may be skipped.</summary>
public static class Neo4jServer
{
    public static string? ConfiguredUrl =>
        Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 } neo4j5 ? neo4j5
        : Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_URL") is { Length: > 0 } url ? url : null;

    /// <summary>True when the tests run against the opt-in server named by NEO4J_URI rather than the 3.1.1 one.</summary>
    public static bool IsOptInServer => Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 };

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when asked to (FRAUDGRAPH_NEO4J_AUTOSTART=1) and a server can be started here: the script is found and Java is on the PATH.</summary>
    public static bool CanAutoStart =>
        Environment.GetEnvironmentVariable("FRAUDGRAPH_NEO4J_AUTOSTART") == "1" && Script() is not null && OnPath("java");

    /// <summary>Why the real-server tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        ConfiguredUrl is not null || CanAutoStart ? null
        : "No Neo4j server: set FRAUDGRAPH_NEO4J_URL (eval \"$(bash .ci/neo4j.sh start)\"), NEO4J_URI, or FRAUDGRAPH_NEO4J_AUTOSTART=1.";

    public static string? Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, ".ci", "neo4j.sh");
            if (File.Exists(script)) return script;
        }
        return null;
    }

    public static (string? Url, string? Pid, string? Error) Start()
    {
        var psi = new ProcessStartInfo("bash", [Script()!, "start"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? url = null, pid = null;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("export FRAUDGRAPH_NEO4J_URL=", StringComparison.Ordinal)) url = line["export FRAUDGRAPH_NEO4J_URL=".Length..].Trim();
            if (line.StartsWith("export FRAUDGRAPH_NEO4J_PID=", StringComparison.Ordinal)) pid = line["export FRAUDGRAPH_NEO4J_PID=".Length..].Trim();
        }
        return (url, pid, url is null ? stderr.Result.Trim() : null);
    }

    public static void Stop(string pid)
    {
        var psi = new ProcessStartInfo("bash", [Script()!, "stop", pid]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }

    private static bool OnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, program))) return true;
        return false;
    }
}

/// <summary>
/// A test against the real Neo4j server. Skipped (with the reason) only when no server can be had AND this is
/// not CI: under <c>CI=true</c> a missing server fails the test instead of skipping it into green.
/// </summary>
public sealed class Neo4jFactAttribute : FactAttribute
{
    public Neo4jFactAttribute()
    {
        if (!Neo4jServer.IsCi && Neo4jServer.Unavailable is { } reason) Skip = reason;
    }
}

/// <summary>
/// A fact about the 3.1.1 test server itself (its bugs, or a proxy that speaks only its protocol): skipped, with the
/// reason, when <c>NEO4J_URI</c> names an opt-in server instead; otherwise the <see cref="Neo4jFactAttribute"/> rule.
/// </summary>
public sealed class Neo4j31FactAttribute : FactAttribute
{
    public Neo4j31FactAttribute()
    {
        if (Neo4jServer.IsOptInServer) Skip = "About the Neo4j 3.1.1 test server; NEO4J_URI names another server.";
        else if (!Neo4jServer.IsCi && Neo4jServer.Unavailable is { } reason) Skip = reason;
    }
}

/// <summary>The theory form of <see cref="Neo4jFactAttribute"/>: the same skip rule.</summary>
public sealed class Neo4jTheoryAttribute : TheoryAttribute
{
    public Neo4jTheoryAttribute()
    {
        if (!Neo4jServer.IsCi && Neo4jServer.Unavailable is { } reason) Skip = reason;
    }
}
