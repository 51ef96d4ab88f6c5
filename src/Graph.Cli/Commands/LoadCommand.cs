using System.CommandLine;
using System.Diagnostics;
using Graph.Ingest;
using Graph.Storage;
using Graph.Storage.Neo4j;

namespace Graph.Cli.Commands;

public static class LoadCommand
{
    internal static readonly Option<int?> BatchSize = new("--batch-size")
    {
        HelpName = "N",
        Description = $"Neo4j store: records per batch, each committed on its own with its entry in the load journal, so a killed " +
                      $"load resumes where it stopped ({Neo4jOptions.MinBatchSize:N0}–{Neo4jOptions.MaxBatchSize:N0}, default " +
                      $"{Neo4jOptions.DefaultBatchSize:N0}); lower it when the server runs out of memory. The embedded store ignores it.",
    };

    internal static readonly Option<bool> Atomic = new("--atomic")
    {
        Description = "Neo4j store: the whole load in one transaction (all or nothing; the server holds all of it in its heap " +
                      "until it commits: for small loads and tests) instead of resumable batches. The embedded store always loads in one transaction.",
    };

    /// <summary>--batch-size and --atomic as the store takes them; null, after printing why, when --batch-size is out of range.</summary>
    internal static ServerLoadOptions? ReadLoadOptions(ParseResult parse)
    {
        var size = parse.GetValue(BatchSize);
        if (size is < Neo4jOptions.MinBatchSize or > Neo4jOptions.MaxBatchSize)
        {
            CliErrors.BadInput($"--batch-size {size} is out of range: use {Neo4jOptions.MinBatchSize:N0} to {Neo4jOptions.MaxBatchSize:N0} records per batch.");
            return null;
        }
        return new ServerLoadOptions(size, parse.GetValue(Atomic));
    }

    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder of input files, CSV or .xlsx (CONTRACT.md section 1)." };
        var command = new Command("load",
            "Load a folder of CSV files (or .xlsx workbooks) into the store: the embedded store in one transaction; a Neo4j " +
            "store in resumable batches (or one transaction with --atomic). Bad rows go to DIR/quarantine/ with their line and " +
            "reason; a malformed file stops the load (exit code 2) before anything is written.")
        {
            folder, Encoding, BatchSize, Atomic, Quarantine,
        };
        // Ctrl+C cancels the token: the load stops and rolls back.
        command.SetAction(CancellableAction.Of((parse, ct) =>
        {
            if (ReadEncoding(parse) is not { } encoding || ReadLoadOptions(parse) is not { } load) return ExitCodes.BadInput;
            using var store = GlobalOptions.OpenStore(parse, load);
            return Run(store, parse.GetRequiredValue(folder).FullName, encoding, out _, parse.GetValue(Quarantine)?.FullName, ct);
        }));
        return command;
    }

    /// <summary><c>--quarantine</c> of load and run.</summary>
    internal static readonly Option<DirectoryInfo?> Quarantine = new("--quarantine")
    {
        HelpName = "DIR",
        Description = "Folder for the quarantined rows (default DIR/quarantine); for input on read-only media.",
    };

    /// <summary><c>--encoding</c> of load and run.</summary>
    internal static readonly Option<string> Encoding = new("--encoding")
    {
        HelpName = "NAME",
        Description = $"Encoding of the CSV files: {InputEncodings.Names}. Default auto: per file, a byte-order mark, " +
                      "else UTF-8 if every byte fits, else GB18030; the load prints what it used.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>The <c>--encoding</c> value; null (error printed) when it names no encoding.</summary>
    internal static InputEncoding? ReadEncoding(ParseResult parse)
    {
        var name = parse.GetValue(Encoding);
        if (InputEncodings.TryParse(name, out var encoding)) return encoding;
        CliErrors.BadInput($"--encoding {name}: not an encoding the loader reads; use one of {InputEncodings.Names}.");
        return null;
    }

    /// <summary>Rows read per input file, for <c>run.json</c> (empty when the folder was already loaded).</summary>
    internal static IReadOnlyDictionary<string, long> FileCounts(LoadSummary summary) =>
        summary.Files.ToDictionary(f => f.File, f => f.Read);

    /// <summary>Loads <paramref name="folder"/> and prints the per-file accounting; shared by load, run and demo.</summary>
    /// <param name="quarantine">The quarantine folder, or null for <c>DIR/quarantine</c>.</param>
    /// <param name="ct">Cancels the load (Ctrl+C): it throws <see cref="OperationCanceledException"/> and the store is left as it was.</param>
    internal static int Run(IGraphLoadTarget store, string folder, InputEncoding encoding, out LoadSummary? summary, string? quarantine, CancellationToken ct)
    {
        summary = null;
        if (!Directory.Exists(folder)) return CliErrors.BadInput($"{folder}: no such folder.");
        var stopwatch = Stopwatch.StartNew();
        try
        {
            summary = ProgressSink.Run(sink => new FolderLoader(store, new LoaderOptions { Encoding = encoding, QuarantineFolder = quarantine }).Load(
                folder, new ActionProgress<LoadProgress>(p => sink.Report(p.File, p.BytesRead, p.BytesTotal)), ct));
        }
        catch (MalformedInputException e)
        {
            return CliErrors.BadInput($"{e.Message.TrimEnd('.')}. Nothing was written to the store.");
        }
        if (summary.AlreadyLoaded)
        {
            Console.WriteLine($"{folder} is already loaded (fingerprint {summary.Fingerprint[..12]}): nothing changed.");
            return ExitCodes.Ok;
        }
        foreach (var w in summary.Warnings) Console.WriteLine($"warning: {w}");
        foreach (var f in summary.Files)
        {
            // What was read and how: "(GB18030, …)", or "(policyholders.xlsx, sheet "policyholders", …)".
            var from = f.Source.Length == 0 || f.Source == f.File ? f.Format : $"{f.Source}, {f.Format}";
            Console.WriteLine($"{f.File}: read={f.Read} loaded={f.Loaded} quarantined={f.Quarantined} ({from}" +
                              (f.Seconds > 0 ? $", {f.Read / f.Seconds:N0} rows/s)" : ")"));
        }
        Console.WriteLine($"total: read={summary.Read} loaded={summary.Loaded} quarantined={summary.Quarantined} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        if (summary.StoreOutcome is { } outcome) Console.WriteLine(outcome);
        if (summary.Quarantined > 0)
            Console.WriteLine($"Quarantined rows, with line numbers and reasons: {quarantine ?? Path.Combine(folder, "quarantine")}");
        return ExitCodes.Ok;
    }
}
