using BenchmarkDotNet.Running;
using Graph.Benchmarks;

// Two modes:
//   dotnet run -c Release --project tests/Graph.Benchmarks -- leiden --nodes 1000000 [--objective cpm|modularity]
//       [--resolution R] [--seed S] [--mixing MU] [--algorithm leiden|louvain] [--iterations N] [--edge-file DIR]
//     generates a planted-partition graph and prints seconds per stage, communities, NMI and memory per edge;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- neo4j-load --url http://127.0.0.1:PORT [--holders N] [--batch B] [--in-flight N] [--mode Batched|Atomic] [--server-pid PID]
//     loads a generated insurer into the embedded store and into an empty Neo4j server over HTTP and prints rows per second of each;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- neo4j-content --url http://127.0.0.1:PORT
//     prints a Neo4j graph's node and relationship counts and its checksum (tests/Shared/Neo4jGraphContent.cs), to compare loads;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- explorer --store FILE.db [--runs N]
//     starts the explorer (fraudgraph serve) on a free loopback port over an analysed store and prints API response times;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- explorer-render --store FILE.db [--big-ring 300] [--runs 5]
//     the same, then times a big ring's page in headless Chromium (tests/web-browser/render-timing.mjs) until its graph is drawn;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- address [--count 1000000] [--holders 20000] [--seed S]
//     normalizes the synthetic generator's addresses (and a rewritten spelling of each) with the address parser,
//     timed against the plain normalization, and says how many parse;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- input-forms [--holders 200000] [--seed 1]
//     loads one generated insurer as UTF-8, GB18030 and UTF-16 CSV and as .xlsx, and prints each form's encoding check and load time;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- load-stages --data DIR [--work DIR] [--rounds N]
//     loads a folder once with no store (parsing alone) and once into a fresh SQLite store, timing the store's writes and commit;
//   dotnet run -c Release --project tests/Graph.Benchmarks -- bdn [BenchmarkDotNet arguments]
//     runs the BenchmarkDotNet classes.
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(CommunityBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "neo4j-load")
    return Neo4jLoadRun.Execute(args);
if (args.Length == 3 && args[0] == "neo4j-content" && args[1] == "--url")
{
    Console.WriteLine(Graph.TestSupport.Neo4jGraphContent.Read(args[2]));
    return 0;
}
if (args.Length > 0 && args[0] == "explorer")
    return await ExplorerRun.ExecuteAsync(args);
if (args.Length > 0 && args[0] == "explorer-render")
    return await ExplorerRenderRun.ExecuteAsync(args);
if (args.Length > 0 && args[0] == "address")
    return AddressRun.Execute(args);
if (args.Length > 0 && args[0] == "input-forms")
    return InputFormsRun.Execute(args);
if (args.Length > 0 && args[0] == "load-stages")
    return LoadStagesRun.Execute(args);
if (args.Length > 0 && args[0] is "leiden" or "louvain")
    return PlantedPartitionRun.Execute(args);

Console.Error.WriteLine("usage: Graph.Benchmarks leiden --nodes N [options] | neo4j-load --url URL [options] | neo4j-content --url URL | explorer --store FILE [--runs N] | explorer-render --store FILE [--runs N] | address [--count N] | input-forms [--holders N] | load-stages --data DIR | bdn [BenchmarkDotNet arguments]");
return 2;
