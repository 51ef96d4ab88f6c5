using Microsoft.Extensions.Logging;

namespace Graph.Ingest;

/// <summary>
/// Ingestion log messages, event ids 1000–1999. They carry file names, counts and timings only: never a field value
/// (the input is personal data).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Loading {Folder} ({Files} files, {Bytes} bytes, fingerprint {Fingerprint})")]
    public static partial void LoadStarting(ILogger logger, string folder, int files, long bytes, string fingerprint);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Input with fingerprint {Fingerprint} is already loaded; nothing changed")]
    public static partial void AlreadyLoaded(ILogger logger, string fingerprint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{File}: read {Read} rows, loaded {Loaded}, quarantined {Quarantined} in {ElapsedMs} ms")]
    public static partial void FileLoaded(ILogger logger, string file, long read, long loaded, long quarantined, long elapsedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Load committed: read {Read} rows, loaded {Loaded}, quarantined {Quarantined} in {ElapsedMs} ms")]
    public static partial void LoadCommitted(ILogger logger, long read, long loaded, long quarantined, long elapsedMs);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void DataWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Load stopped, nothing written: {File}, line {Line}: {Problem}")]
    public static partial void Malformed(ILogger logger, string file, long line, string problem);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Load cancelled, nothing written")]
    public static partial void Cancelled(ILogger logger);

    // The exception itself is not logged: a store's message may quote values. The caller sees and reports it.
    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Load failed ({ExceptionType}), nothing written")]
    public static partial void Failed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "{File}: optional file not present")]
    public static partial void OptionalFileAbsent(ILogger logger, string file);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "{File}: reading {Source} as {Format}")]
    public static partial void FileFormat(ILogger logger, string file, string source, string format);
}
