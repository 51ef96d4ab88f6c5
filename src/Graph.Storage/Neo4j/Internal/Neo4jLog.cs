using Microsoft.Extensions.Logging;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// Log messages of the Neo4j store, event ids 4100–4199. None holds credentials or personal data: only the
/// safe location (scheme, host, port), statement file names, counts and timings.
/// </summary>
internal static partial class Neo4jLog
{
    [LoggerMessage(4100, LogLevel.Information, "Connected to Neo4j {Version} at {Location} using the {Protocol} protocol")]
    public static partial void Connected(ILogger logger, string location, string version, string protocol);

    [LoggerMessage(4101, LogLevel.Debug, "{Method} {Path} -> {Status} in {Milliseconds} ms")]
    public static partial void Request(ILogger logger, string method, string path, int status, long milliseconds);

    [LoggerMessage(4102, LogLevel.Warning, "Neo4j request failed transiently ({Code}); retry {Attempt} of {MaxRetries} in {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, int attempt, int maxRetries, string code, double delayMs);

    [LoggerMessage(4103, LogLevel.Information, "Schema ensured: {Statements} constraint statements ({Syntax} syntax)")]
    public static partial void SchemaEnsured(ILogger logger, int statements, string syntax);

    [LoggerMessage(4104, LogLevel.Debug, "Wrote {Rows} {Kind} rows and {Links} links in {Milliseconds} ms")]
    public static partial void BatchWritten(ILogger logger, int rows, string kind, int links, long milliseconds);

    [LoggerMessage(4105, LogLevel.Information, "Load committed: {Records} records, {Links} links in {Milliseconds} ms")]
    public static partial void LoadCommitted(ILogger logger, long records, long links, long milliseconds);

    [LoggerMessage(4106, LogLevel.Warning, "Load rolled back after {Records} records: nothing was committed")]
    public static partial void LoadRolledBack(ILogger logger, long records);

    [LoggerMessage(4109, LogLevel.Information, "Resuming a load: {Batches} batches were committed by {Attempts} earlier attempts and are skipped")]
    public static partial void LoadResuming(ILogger logger, int batches, int attempts);

    [LoggerMessage(4110, LogLevel.Warning, "Load stopped after {Committed} of {Built} batches committed; the journal lets the same load resume")]
    public static partial void LoadInterrupted(ILogger logger, int committed, int built);

    [LoggerMessage(4111, LogLevel.Information, "Import files written: {Nodes} nodes, {Relationships} relationships in {Files} files")]
    public static partial void ImportWritten(ILogger logger, long nodes, long relationships, int files);

    [LoggerMessage(4107, LogLevel.Information, "Snapshot read: {Holders} holders, {Contacts} contact points, {Links} links in {Milliseconds} ms")]
    public static partial void SnapshotRead(ILogger logger, int holders, int contacts, int links, long milliseconds);

    [LoggerMessage(4108, LogLevel.Information, "Analysis run {RunId} saved with {Rings} rings")]
    public static partial void AnalysisSaved(ILogger logger, string runId, int rings);
}
