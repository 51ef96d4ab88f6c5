using System.CommandLine;
using Graph.Analytics.Algorithms;

namespace Graph.Cli.Commands;

public static class CommunitiesCommand
{
    public static Command Create()
    {
        var edges = new Option<FileInfo>("--edges") { Description = "Edge list: two integer node ids per line, optional weight (duplicates are merged, weights summed); one id alone on a line is a node without edges; '#' starts a comment.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write one 'node community' line per node.", Required = true };
        var algorithm = new Option<CommunityAlgorithm>("--algorithm") { Description = "leiden, louvain or components.", DefaultValueFactory = _ => CommunityAlgorithm.Leiden };
        var objective = new Option<LeidenObjective>("--objective") { Description = "Leiden's objective: cpm (default: no resolution limit, finds small groups) or modularity.", DefaultValueFactory = _ => LeidenObjective.Cpm };
        var resolution = new Option<double?>("--resolution") { Description = "Resolution γ; default depends on the objective." };
        var nodes = new Option<int?>("--nodes")
        {
            HelpName = "N",
            Description = "The graph has nodes 0..N-1: every one gets a community, also those in no edge; an id of N or more is an error.",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same graph and seed give the same communities.", DefaultValueFactory = _ => 0 };
        var threads = AnalyzeCommand.Threads;
        var command = new Command("communities",
            "Run the engine's community detection on any graph given as an edge list (for graphs exported from elsewhere and benchmarks).")
        {
            edges, output, algorithm, objective, resolution, seed, threads, nodes,
        };
        command.SetAction(CancellableAction.Of((parse, ct) =>
        {
            if (AnalyzeCommand.ReadThreads(parse) is not { } threadCount) return ExitCodes.BadInput;
            var options = new CommunityDetectionOptions
            {
                Algorithm = parse.GetValue(algorithm),
                Objective = parse.GetValue(objective),
                Resolution = parse.GetValue(resolution),
                Seed = parse.GetValue(seed),
                Threads = threadCount,
                NodeCount = parse.GetValue(nodes),
            };
            CommunityDetectionReport report;
            try
            {
                report = new CommunityDetectionRunner(parse.GetRequiredValue(edges).FullName, parse.GetRequiredValue(output).FullName, options).Run(ct);
            }
            catch (FileNotFoundException e) { return CliErrors.BadInput(e.Message); }
            catch (EdgeListFormatException e) { return CliErrors.BadInput(e.Message); }
            catch (ArgumentException e) { return CliErrors.BadInput(e.Message); }
            Console.WriteLine($"nodes {report.NodeCount:N0} ({report.IsolatedNodeCount:N0} isolated), edges {report.EdgeCount:N0} from {report.InputEdgeLines:N0} edge lines " +
                              $"({report.DuplicateEdgesMerged:N0} duplicate edges merged, weights summed), components {report.ComponentCount:N0} (largest {report.LargestComponentSize:N0})");
            Console.WriteLine($"{report.Algorithm} ({report.Objective}, resolution {report.Resolution:G4}, seed {report.Seed}): " +
                              $"{report.CommunityCount:N0} communities, modularity {report.Modularity:F4}, quality {report.Quality:G6}, iterations {report.Iterations}");
            Console.WriteLine($"seconds: read {report.ReadSeconds:F2}, build {report.BuildSeconds:F2}, components {report.ComponentsSeconds:F2}, " +
                              $"detection {report.DetectionSeconds:F2}, write {report.WriteSeconds:F2}, total {report.TotalSeconds:F2}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
