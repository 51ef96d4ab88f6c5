using System.CommandLine;
using System.Diagnostics;
using Graph.Synthetic;

namespace Graph.Cli.Commands;

public static class GenerateCommand
{
    public static Command Create()
    {
        var holders = new Option<int>("--holders") { Description = "Number of policyholders.", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives byte-identical files.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the CSV files into.", Required = true };
        var truth = new Option<FileInfo?>("--truth") { Description = "Where to write the ground truth (planted rings and decoys) as JSON; must be outside --out." };
        var increments = new Option<int>("--increments") { Description = "Also write this many nightly increment folders beside --out.", DefaultValueFactory = _ => 0 };
        var profile = new Option<GeneratorProfile>("--profile")
        {
            Description = "classic (the default; the same files as always for a seed) or hard (per-seed base rates, shared infrastructure, look-alikes, small, slow and linked rings).",
            DefaultValueFactory = _ => GeneratorProfile.Classic,
        };
        var command = new Command("generate", "Write a synthetic insurer with planted agent-refund rings and look-alike decoys, in the input format.")
        {
            holders, seed, output, truth, increments, profile,
        };
        command.SetAction(parse =>
        {
            var options = new GeneratorOptions
            {
                Holders = parse.GetValue(holders),
                Seed = parse.GetValue(seed),
                Increments = parse.GetValue(increments),
                Profile = parse.GetValue(profile),
            };
            return Run(options, parse.GetRequiredValue(output).FullName, parse.GetValue(truth)?.FullName);
        });
        return command;
    }

    internal static int Run(GeneratorOptions options, string outDir, string? truthFile)
    {
        if (options.Holders <= 0) return CliErrors.BadInput("--holders must be a positive number.");
        var stopwatch = Stopwatch.StartNew();
        GenerationResult result;
        try
        {
            result = ProgressSink.Run(sink => new InsurerGenerator(options).Generate(
                outDir, truthFile, new ActionProgress<GenerationProgress>(p => sink.Report(p.Stage, p.Done, p.Total))));
        }
        catch (ArgumentException e)
        {
            return CliErrors.BadInput(e.Message);
        }
        foreach (var file in result.Files) Console.WriteLine($"{file.Name}: {file.Rows:N0} rows");
        Console.WriteLine($"Generated {options.Holders:N0} holders with {result.Rings} planted rings and {result.Decoys} decoy groups " +
                          $"into {outDir} in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        if (truthFile is not null) Console.WriteLine($"Ground truth: {truthFile}");
        return ExitCodes.Ok;
    }
}
