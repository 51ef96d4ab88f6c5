using System.CommandLine;
using Graph.Analytics.Detection;
using Graph.Ingest;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Cli.Commands;

public static class DemoCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo>("--dir") { Description = "Where the demo lives.", DefaultValueFactory = _ => new DirectoryInfo("demo") };
        var holders = new Option<int>("--holders") { Description = "Size of the demo insurer.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("demo",
            "Generate a 20,000-holder insurer into ./demo, load it into ./demo/fraudgraph.db, find the rings and check them against the planted truth.")
        {
            folder, holders,
        };
        command.SetAction(CancellableAction.Of((parse, ct) => Run(parse.GetRequiredValue(folder).FullName, parse.GetValue(holders), ct)));
        return command;
    }

    private static int Run(string demoDir, int holders, CancellationToken ct)
    {
        var dataDir = Path.Combine(demoDir, "data");
        var truthFile = Path.Combine(demoDir, "truth.json");
        Console.WriteLine($"== 1. Generating a synthetic insurer ({holders:N0} holders) into {dataDir}");
        int code = GenerateCommand.Run(new GeneratorOptions { Holders = holders, Seed = 1 }, dataDir, truthFile);
        if (code != ExitCodes.Ok) return code;

        var storePath = Path.Combine(demoDir, "fraudgraph.db");
        Console.WriteLine();
        Console.WriteLine($"== 2. Loading it into {storePath}");
        using var store = GraphStores.Open(storePath);
        code = LoadCommand.Run(store, dataDir, InputEncoding.Auto, out var summary, quarantine: null, ct);
        if (code != ExitCodes.Ok) return code;

        Console.WriteLine();
        Console.WriteLine("== 3. What is in the store");
        StatsCommand.Print(store.GetStatistics(10));

        var outDir = Path.Combine(demoDir, "out");
        Console.WriteLine();
        Console.WriteLine($"== 4. Looking for agent-refund rings; results in {outDir}");
        var result = AnalyzeCommand.Analyze(store, DetectionOptions.Load(), outDir, LoadCommand.FileCounts(summary!), ct);

        Console.WriteLine();
        Console.WriteLine("== 5. Checked against the generator's ground truth");
        EvaluateCommand.Print(result.Run, truthFile);
        Console.WriteLine();
        Console.WriteLine($"Next: open {Path.Combine(outDir, "rings.csv")}, or rerun any step, e.g. " +
                          $"'fraudgraph --store {storePath} analyze --out {outDir}'.");
        return ExitCodes.Ok;
    }
}
