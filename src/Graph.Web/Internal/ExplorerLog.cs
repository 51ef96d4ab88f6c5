using Microsoft.Extensions.Logging;

namespace Graph.Web.Internal;

/// <summary>
/// The explorer's log messages (event ids 7000–7099). They name users, rings and record ids, never personal values:
/// no names, phones, id numbers or search text.
/// </summary>
internal static partial class ExplorerLog
{
    [LoggerMessage(7000, LogLevel.Information, "Explorer over {Store} listening on {Urls}; personal data is masked (login required: {LoginRequired})")]
    public static partial void Started(ILogger logger, string store, string urls, bool loginRequired);

    [LoggerMessage(7001, LogLevel.Information, "User {User} logged in as {Role}")]
    public static partial void LoggedIn(ILogger logger, string user, string role);

    [LoggerMessage(7002, LogLevel.Warning, "Failed login for a user name of {Length} characters")]
    public static partial void LoginFailed(ILogger logger, int length);

    [LoggerMessage(7003, LogLevel.Warning, "User {User} unmasked ring {RingId} (audited)")]
    public static partial void Unmasked(ILogger logger, string user, string ringId);

    [LoggerMessage(7004, LogLevel.Information, "User {User} exported ring {RingId} ({Masking}); manifest SHA-256 {Sha256} (audited)")]
    public static partial void Exported(ILogger logger, string user, string ringId, string masking, string sha256);

    [LoggerMessage(7005, LogLevel.Warning, "User {User} was refused {Action} on ring {RingId}: role {Role}")]
    public static partial void Refused(ILogger logger, string user, string action, string ringId, string role);

    [LoggerMessage(7006, LogLevel.Information, "Ring cache loaded run {RunId}: {Rings} rings in {Milliseconds} ms")]
    public static partial void RunLoaded(ILogger logger, string runId, int rings, long milliseconds);

    [LoggerMessage(7008, LogLevel.Warning, "Reading the latest analysis run at start failed ({Error}); the first request will try again")]
    public static partial void WarmUpFailed(ILogger logger, string error);
}
