using Microsoft.Extensions.Logging;

namespace Graph.Storage.Sqlite;

/// <summary>Log messages of the SQLite store (event ids 3000–3099). Counts and timings only: never personal data.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Opened SQLite store {Location} at schema version {Version} ({Applied} migrations applied)")]
    public static partial void Opened(ILogger logger, string location, int version, int applied);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Load committed: {Records} records, {Links} links, {Stubs} stubs in {Milliseconds} ms")]
    public static partial void LoadCommitted(ILogger logger, long records, long links, long stubs, long milliseconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Load rolled back after {Records} records: the store is unchanged")]
    public static partial void LoadRolledBack(ILogger logger, long records);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Snapshot read: {Holders} holders, {Contacts} contact points, {Links} links, {Events} events in {Milliseconds} ms")]
    public static partial void SnapshotRead(ILogger logger, int holders, int contacts, int links, int events, long milliseconds);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Analysis run {RunId} saved: {Rings} rings")]
    public static partial void AnalysisSaved(ILogger logger, string runId, int rings);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "The load's WAL could not be kept for a later copy into the store file ({Reason}); it is copied when its connection closes, and the indexes the load left pending are built when the store is next opened for writing")]
    public static partial void CheckpointDeferFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "WAL copied into the store file in {Milliseconds} ms")]
    public static partial void WalCopied(ILogger logger, long milliseconds);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Copying the load's WAL into the store file failed ({Reason}); the data is safe in the WAL, and the next connection to close last copies it")]
    public static partial void WalCopyFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Built {Count} indexes a load left pending in {Milliseconds} ms")]
    public static partial void PendingIndexesBuilt(ILogger logger, int count, long milliseconds);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Building the indexes a load left pending failed ({Reason}); they stay listed, and the next load builds them")]
    public static partial void PendingIndexesFailed(ILogger logger, string reason);
}
