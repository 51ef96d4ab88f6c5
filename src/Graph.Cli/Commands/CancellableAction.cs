using System.CommandLine;

namespace Graph.Cli.Commands;

/// <summary>
/// A command's work with the token that Ctrl+C (SIGINT) and SIGTERM cancel. System.CommandLine registers its signal
/// handler only once the action has returned its task, so a body that runs synchronously inside the action would finish
/// (or be killed by the signal's default action) before its token could ever fire: the body runs on the thread pool instead.
/// </summary>
internal static class CancellableAction
{
    public static Func<ParseResult, CancellationToken, Task<int>> Of(Func<ParseResult, CancellationToken, int> body) =>
        (parse, ct) => Task.Run(() => body(parse, ct), CancellationToken.None);
}
