using System.CommandLine;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Evaluation;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<FileInfo>("--truth") { Description = "The generator's ground-truth JSON.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object (for scripts) instead of text." };
        var command = new Command("evaluate",
            "Compare the store's latest analysis run with a generator's ground truth: ring recall and precision, precision of the top 25/50/100 " +
            "of the ranked list, its average precision, recall per ring kind and look-alikes flagged per decoy kind.")
        {
            truth, json,
        };
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse, readOnly: true);
            var run = store.ReadLatestAnalysis();
            if (run is null) return CliErrors.BadInput("The store has no analysis run yet: run 'fraudgraph analyze' first.");
            var file = parse.GetRequiredValue(truth);
            if (!file.Exists) return CliErrors.BadInput($"{file.FullName}: no such truth file.");
            TruthFile truthFile;
            try { truthFile = TruthFile.Load(file.FullName); }
            catch (InvalidDataException e)
            {
                return CliErrors.BadInput(e.Message);
            }
            var evaluator = Evaluate(run, truthFile);
            Console.Write(parse.GetValue(json) ? evaluator.FormatJson(run.RunId) + "\n" : $"run {run.RunId}: " + evaluator.Format());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints the text report of <paramref name="run"/> against the truth file (the demo's last step).</summary>
    internal static void Print(AnalysisRun run, string truthFile) => Console.Write($"run {run.RunId}: " + Evaluate(run, TruthFile.Load(truthFile)).Format());

    private static TruthEvaluator Evaluate(AnalysisRun run, TruthFile truth)
    {
        var evaluator = new TruthEvaluator(truth, run.Rings);
        evaluator.Run();
        return evaluator;
    }
}
