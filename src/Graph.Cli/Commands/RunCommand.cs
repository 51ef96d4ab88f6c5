using System.CommandLine;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<DirectoryInfo>("INPUT_DIR") { Description = "Folder of input files, CSV or .xlsx (CONTRACT.md section 1)." };
        var command = new Command("run", "The main job: load INPUT_DIR into the store, then analyze it and write the ring outputs to --out.")
        {
            input, LoadCommand.Encoding, LoadCommand.Quarantine, LoadCommand.BatchSize, LoadCommand.Atomic, AnalyzeCommand.Output, AnalyzeCommand.Threshold, AnalyzeCommand.Top, AnalyzeCommand.Fdr, AnalyzeCommand.Seed, AnalyzeCommand.Config, AnalyzeCommand.Pushdown, AnalyzeCommand.Threads,
        };
        command.SetAction(CancellableAction.Of((parse, ct) =>
        {
            if (AnalyzeCommand.ReadOptions(parse) is null || AnalyzeCommand.ReadThreads(parse) is null
                || LoadCommand.ReadEncoding(parse) is not { } encoding || LoadCommand.ReadLoadOptions(parse) is not { } load)
                return ExitCodes.BadInput;
            using var store = GlobalOptions.OpenStore(parse, load);
            // --pushdown that cannot be done fails before the load, not after it.
            AnalyzeCommand.PushdownSource(parse, store, out int pushdownError);
            if (pushdownError != ExitCodes.Ok) return pushdownError;
            int code = LoadCommand.Run(store, parse.GetRequiredValue(input).FullName, encoding, out var summary, parse.GetValue(LoadCommand.Quarantine)?.FullName, ct);
            if (code != ExitCodes.Ok) return code;
            Console.WriteLine();
            return AnalyzeCommand.Run(parse, store, LoadCommand.FileCounts(summary!), ct);
        }));
        return command;
    }
}
