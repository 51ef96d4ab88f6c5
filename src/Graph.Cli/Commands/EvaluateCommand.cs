using System.CommandLine;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<FileInfo>("--truth") { Description = "The generator's ground-truth JSON.", Required = true };
        var command = new Command("evaluate",
            "Compare the store's latest analysis run with a generator's ground truth: ring recall and precision per ring kind, decoys flagged.")
        {
            truth,
        };
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse);
            var run = store.ReadLatestAnalysis();
            if (run is null) return CliErrors.BadInput("The store has no analysis run yet: run 'fraudgraph analyze' first.");
            Print(run, parse.GetRequiredValue(truth).FullName);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void Print(AnalysisRun run, string truthFile)
    {
        var evaluator = new TruthEvaluator(TruthFile.Load(truthFile), run.Rings);
        evaluator.Run();
        Console.WriteLine($"run {run.RunId}: recall {evaluator.Recall:F3} ({evaluator.FoundRings}/{evaluator.TrueRings}), " +
                          $"precision {evaluator.Precision:F3} ({evaluator.FlaggedMatchingTruth}/{evaluator.FlaggedRings}), decoys flagged {evaluator.DecoysFlagged}");
        foreach (var k in evaluator.PerKind)
            Console.WriteLine($"  {(k.IsRing ? "ring " : "decoy"),-5} {k.Kind,-22} {k.Hits,4}/{k.Groups,-4} {(k.IsRing ? "found" : "flagged")}");
    }
}
