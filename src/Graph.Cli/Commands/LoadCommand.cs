using System.CommandLine;
using System.Diagnostics;
using Graph.Ingest;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class LoadCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder of input CSV files (CONTRACT.md section 1)." };
        var command = new Command("load",
            "Load a folder of CSV files into the store in one transaction. Bad rows go to DIR/quarantine/ with their line " +
            "and reason; a malformed file stops the load (exit code 2) and leaves the store as it was.")
        {
            folder,
        };
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse);
            return Run(store, parse.GetRequiredValue(folder).FullName, out _);
        });
        return command;
    }

    /// <summary>Rows read per input file, for <c>run.json</c> (empty when the folder was already loaded).</summary>
    internal static IReadOnlyDictionary<string, long> FileCounts(LoadSummary summary) =>
        summary.Files.ToDictionary(f => f.File, f => f.Read);

    /// <summary>Loads <paramref name="folder"/> and prints the per-file accounting; shared by load, run and demo.</summary>
    internal static int Run(IGraphStore store, string folder, out LoadSummary? summary)
    {
        summary = null;
        if (!Directory.Exists(folder)) return CliErrors.BadInput($"{folder}: no such folder.");
        var stopwatch = Stopwatch.StartNew();
        try
        {
            summary = ProgressSink.Run(sink => new FolderLoader(store).Load(
                folder, new ActionProgress<LoadProgress>(p => sink.Report(p.File, p.BytesRead, p.BytesTotal))));
        }
        catch (MalformedInputException e)
        {
            return CliErrors.BadInput($"{e.Message} Nothing was written to the store.");
        }
        if (summary.AlreadyLoaded)
        {
            Console.WriteLine($"{folder} is already loaded (fingerprint {summary.Fingerprint[..12]}): nothing changed.");
            return ExitCodes.Ok;
        }
        foreach (var w in summary.Warnings) Console.WriteLine($"warning: {w}");
        foreach (var f in summary.Files)
            Console.WriteLine($"{f.File}: read={f.Read} loaded={f.Loaded} quarantined={f.Quarantined}" +
                              (f.Seconds > 0 ? $" ({f.Read / f.Seconds:N0} rows/s)" : ""));
        Console.WriteLine($"total: read={summary.Read} loaded={summary.Loaded} quarantined={summary.Quarantined} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        if (summary.Quarantined > 0)
            Console.WriteLine($"Quarantined rows, with line numbers and reasons: {Path.Combine(folder, "quarantine")}");
        return ExitCodes.Ok;
    }
}
