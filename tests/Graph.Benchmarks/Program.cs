using BenchmarkDotNet.Running;
using Graph.Benchmarks;

// Two modes:
//   dotnet run -c Release --project tests/Graph.Benchmarks -- leiden --nodes 1000000 [--objective cpm|modularity]
//       [--resolution R] [--seed S] [--mixing MU] [--algorithm leiden|louvain] [--iterations N] [--edge-file DIR]
//     generates a planted-partition graph and prints seconds per stage, communities, NMI and memory per edge;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- bdn [BenchmarkDotNet arguments]
//     runs the BenchmarkDotNet classes.
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(CommunityBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] is "leiden" or "louvain")
    return PlantedPartitionRun.Execute(args);

Console.Error.WriteLine("usage: Graph.Benchmarks leiden --nodes N [options] | bdn [BenchmarkDotNet arguments]");
return 2;
