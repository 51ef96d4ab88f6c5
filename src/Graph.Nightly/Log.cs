using Microsoft.Extensions.Logging;

namespace Graph.Nightly;

/// <summary>
/// Nightly batch log messages, event ids 3500–3599 (inside the 3000–3999 block of the worker area; the SQLite store
/// uses 3000–3099). They carry folder names, counts, fingerprints, run and ring
/// ids and timings only: never a field value of the input (it is personal data), and never an exception message
/// from the store (it may quote values).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Nightly worker started ({Mode}): inbox {Inbox}, output {Output}, store {Store}")]
    public static partial void WorkerStarted(ILogger logger, string mode, string inbox, string output, string store);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Next cycle at {Next} ({TimeZone}), in {Delay}")]
    public static partial void NextWakeUp(ILogger logger, string next, string timeZone, TimeSpan delay);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Cycle started: {Ready} complete increment folder(s) in the inbox, {Incomplete} still arriving")]
    public static partial void CycleStarted(ILogger logger, int ready, int incomplete);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Information, Message = "Loading increment {Folder}")]
    public static partial void IncrementLoading(ILogger logger, string folder);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Information, Message = "Increment {Folder} loaded: read {Read} rows, loaded {Loaded}, quarantined {Quarantined} in {ElapsedMs} ms")]
    public static partial void IncrementLoaded(ILogger logger, string folder, long read, long loaded, long quarantined, long elapsedMs);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Information, Message = "Increment {Folder} was already loaded (fingerprint {Fingerprint}); archiving it without loading again")]
    public static partial void IncrementAlreadyLoaded(ILogger logger, string folder, string fingerprint);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "Increment {Folder} failed to load and was moved to {Destination}: {Reason}")]
    public static partial void IncrementFailed(ILogger logger, string folder, string destination, string reason);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Debug, Message = "Folder {Folder} has no _READY marker yet; left for a later cycle")]
    public static partial void IncrementIncomplete(ILogger logger, string folder);

    [LoggerMessage(EventId = 3508, Level = LogLevel.Information, Message = "Analysis started")]
    public static partial void AnalysisStarted(ILogger logger);

    [LoggerMessage(EventId = 3509, Level = LogLevel.Information, Message = "Analysis {RunId} finished: {Rings} rings, {Flagged} flagged, in {ElapsedMs} ms")]
    public static partial void AnalysisFinished(ILogger logger, string runId, int rings, int flagged, long elapsedMs);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Information, Message = "Changes since {PreviousRunId}: {New} new, {Grown} grown, {Shrunk} shrunk, {Merged} merged, {Split} split, {Dissolved} dissolved, {ScoreMoved} moved score by 10+")]
    public static partial void ChangesSummary(ILogger logger, string previousRunId, int @new, int grown, int shrunk, int merged, int split, int dissolved, int scoreMoved);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Information, Message = "Cycle finished in {ElapsedMs} ms: {Loaded} loaded, {AlreadyLoaded} already loaded, {Failed} failed; run {RunId}")]
    public static partial void CycleFinished(ILogger logger, long elapsedMs, int loaded, int alreadyLoaded, int failed, string runId);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Information, Message = "Nothing new to load; no analysis run")]
    public static partial void NothingToDo(ILogger logger);

    [LoggerMessage(EventId = 3513, Level = LogLevel.Warning, Message = "An interrupted cycle started at {StartedAt} is being finished (baseline run {BaselineRunId})")]
    public static partial void ResumingInterruptedCycle(ILogger logger, DateTimeOffset startedAt, string baselineRunId);

    [LoggerMessage(EventId = 3514, Level = LogLevel.Warning, Message = "Cycle stopped on request during {Stage}; a load in progress was rolled back, and the next start resumes")]
    public static partial void CycleCancelled(ILogger logger, string stage);

    // The exception message is not logged: a store's message may quote values.
    [LoggerMessage(EventId = 3515, Level = LogLevel.Error, Message = "Cycle failed during {Stage} ({ExceptionType}); increments not yet loaded stay in the inbox for the next cycle")]
    public static partial void CycleFailed(ILogger logger, string stage, string exceptionType);

    [LoggerMessage(EventId = 3516, Level = LogLevel.Error, Message = "Another nightly cycle holds {LockFile}; this one does nothing")]
    public static partial void AnotherCycleRunning(ILogger logger, string lockFile);

    [LoggerMessage(EventId = 3517, Level = LogLevel.Information, Message = "Moved {Folder} to {Destination}")]
    public static partial void Moved(ILogger logger, string folder, string destination);

    [LoggerMessage(EventId = 3518, Level = LogLevel.Information, Message = "Removed {Path}, left by an interrupted analysis")]
    public static partial void StalePartialRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 3519, Level = LogLevel.Information, Message = "Run outputs written to {Folder}")]
    public static partial void RunWritten(ILogger logger, string folder);

    [LoggerMessage(EventId = 3520, Level = LogLevel.Critical, Message = "The nightly worker stopped after an unexpected {ExceptionType}")]
    public static partial void WorkerCrashed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 3521, Level = LogLevel.Error, Message = "The cycle ended with {ExceptionType}; increments not loaded stay in the inbox, and the next cycle resumes")]
    public static partial void CycleAborted(ILogger logger, string exceptionType);
}
