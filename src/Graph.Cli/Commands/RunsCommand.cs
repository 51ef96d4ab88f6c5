using System.CommandLine;
using System.Globalization;
using Graph.Nightly;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class RunsCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output") { HelpName = "DIR", Description = "The nightly output folder; its runs/RUN_ID/changes.json adds the change counts to each run." };
        var command = new Command("runs", "List past analysis runs, newest first, with their ring counts and, for nightly runs, what changed.")
        {
            output,
        };
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse, readOnly: true);
            var outDir = parse.GetValue(output);
            if (outDir is not null && !Directory.Exists(outDir)) return CliErrors.BadInput($"{outDir}: no such folder (give the nightly --output folder).");
            var entries = RunHistory.Read(store, outDir is null ? null : Path.GetFullPath(outDir));
            if (entries.Count == 0)
            {
                Console.WriteLine($"No analysis runs in {store.Location}.");
                return ExitCodes.Ok;
            }
            Console.WriteLine($"{"run",-42} {"started (UTC)",-20} {"rings",6} {"flagged",7}  changes");
            foreach (var e in entries)
            {
                var started = e.Run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var changes = e.ChangeCounts is null ? "-" : string.Join(" ", e.ChangeCounts.Select(kv => $"{kv.Key}={kv.Value}"));
                Console.WriteLine($"{e.Run.RunId,-42} {started,-20} {e.Run.Rings,6} {e.Run.Flagged,7}  {changes}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
