using System.Diagnostics;
using System.Globalization;
using Graph.Analytics.Algorithms;

namespace Graph.Benchmarks;

/// <summary>
/// The plain benchmark: one planted-partition graph, one detection, figures per stage. Not BenchmarkDotNet,
/// because a 1M-node run takes seconds and needs its NMI checked, not a statistical timing distribution.
/// </summary>
internal static class PlantedPartitionRun
{
    public static int Execute(string[] args)
    {
        int nodes = 1_000_000;
        int seed = 1;
        double mixing = 0.2;
        double? resolution = null;
        int iterations = new CommunityDetectionOptions().MaxIterations;
        var objective = LeidenObjective.Cpm;
        var algorithm = args[0] == "louvain" ? CommunityAlgorithm.Louvain : CommunityAlgorithm.Leiden;
        string? edgeFileDirectory = null;
        int threads = 0;
        for (int i = 1; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--nodes": nodes = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--mixing": mixing = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--resolution": resolution = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--iterations": iterations = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--objective": objective = value == "modularity" ? LeidenObjective.Modularity : LeidenObjective.Cpm; i++; break;
                case "--algorithm": algorithm = value == "louvain" ? CommunityAlgorithm.Louvain : CommunityAlgorithm.Leiden; i++; break;
                case "--edge-file": edgeFileDirectory = value; i++; break;
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformationText()}, load average {LoadAverage()}");
        var clock = Stopwatch.StartNew();
        var generator = new PlantedPartitionGenerator(new PlantedPartitionOptions { NodeCount = nodes, Mixing = mixing, Seed = seed });
        generator.Run();
        Console.WriteLine($"generate   {clock.Elapsed.TotalSeconds,8:F2} s   {nodes:N0} nodes, {generator.EdgeCount:N0} edges, {generator.CommunityCount:N0} planted communities, mixing {mixing}");

        if (edgeFileDirectory is not null)
            return RunThroughFiles(generator, edgeFileDirectory, algorithm, objective, resolution, seed, iterations);

        clock.Restart();
        var graph = generator.BuildGraph();
        Console.WriteLine($"build      {clock.Elapsed.TotalSeconds,8:F2} s   {graph.ArcCount:N0} arcs");

        clock.Restart();
        var components = new ConnectedComponents(graph);
        components.Run();
        Console.WriteLine($"components {clock.Elapsed.TotalSeconds,8:F2} s   {components.Count:N0} components, largest {components.LargestSize:N0}");

        long before = GC.GetTotalMemory(forceFullCollection: true);
        // CPU time next to wall time: the machine is shared, and wall time alone says more about the neighbours.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long faultsBefore = MinorFaults();
        clock.Restart();
        int[] membership;
        int communities;
        string detail;
        if (algorithm == CommunityAlgorithm.Louvain)
        {
            var louvain = new Louvain(graph, new LouvainOptions { Seed = seed, Resolution = resolution ?? 1.0 });
            louvain.Run();
            (membership, communities) = (louvain.Membership, louvain.CommunityCount);
            detail = $"louvain modularity γ={resolution ?? 1.0}, quality {louvain.Quality:F4}, levels {louvain.Levels}";
        }
        else
        {
            var options = new LeidenOptions { Objective = objective, Resolution = resolution, Seed = seed, MaxIterations = iterations, Threads = threads };
            var leiden = new Leiden(graph, options);
            leiden.Run();
            (membership, communities) = (leiden.Membership, leiden.CommunityCount);
            detail = $"leiden {objective} γ={options.EffectiveResolution}, quality {leiden.Quality:F4}, iterations {leiden.Iterations}, threads {options.EffectiveThreads}";
        }
        double detection = clock.Elapsed.TotalSeconds;
        long during = GC.GetTotalMemory(forceFullCollection: false);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double detectionCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine($"detection  {detection,8:F2} s   ({detectionCpu:F2} s CPU) {communities:N0} communities; {detail}; page faults {MinorFaults() - faultsBefore:N0}");

        clock.Restart();
        double nmi = Nmi.Compute(generator.Membership, membership);
        double modularity = Modularity.Compute(graph, membership);
        Console.WriteLine($"evaluate   {clock.Elapsed.TotalSeconds,8:F2} s   NMI {nmi:F4}, modularity {modularity:F4}");

        long edges = generator.EdgeCount;
        Console.WriteLine($"memory     managed heap before detection {before / (double)edges:F1} B/edge (graph and generator), " +
                          $"allocated by detection {allocated / (double)edges:F1} B/edge, heap after {during / (double)edges:F1} B/edge; " +
                          $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (double)edges:F1} B/edge ({Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB)");
        return 0;
    }

    private static int RunThroughFiles(PlantedPartitionGenerator generator, string directory, CommunityAlgorithm algorithm, LeidenObjective objective, double? resolution, int seed, int iterations)
    {
        Directory.CreateDirectory(directory);
        string edgesPath = Path.Combine(directory, "edges.txt");
        string outPath = Path.Combine(directory, "communities.txt");
        using (var writer = new StreamWriter(edgesPath))
        {
            var s = generator.Sources;
            var t = generator.Targets;
            for (int i = 0; i < s.Length; i++)
            {
                writer.Write(s[i]);
                writer.Write(' ');
                writer.Write(t[i]);
                writer.Write('\n');
            }
        }
        // The planted partition beside the edges, so other tools (bench/igraph_compare.py) can be scored the same way.
        using (var writer = new StreamWriter(Path.Combine(directory, "planted.txt")))
        {
            var m = generator.Membership;
            for (int v = 0; v < m.Length; v++) writer.Write($"{v} {m[v]}\n");
        }
        var runner = new CommunityDetectionRunner(edgesPath, outPath, new CommunityDetectionOptions
        {
            Algorithm = algorithm, Objective = objective, Resolution = resolution, Seed = seed, MaxIterations = iterations,
        });
        var report = runner.Run();
        Console.WriteLine($"read {report.ReadSeconds:F2} s, build {report.BuildSeconds:F2} s, components {report.ComponentsSeconds:F2} s, " +
                          $"detection {report.DetectionSeconds:F2} s, write {report.WriteSeconds:F2} s, total {report.TotalSeconds:F2} s");
        Console.WriteLine($"{report.NodeCount:N0} nodes, {report.EdgeCount:N0} edges, {report.CommunityCount:N0} communities, modularity {report.Modularity:F4}, quality {report.Quality:F4}");

        // Read the output back to compare with the planted partition (file ids are the generator's node ids).
        var found = new int[generator.Membership.Length];
        foreach (string line in File.ReadLines(outPath))
        {
            int space = line.IndexOf(' ');
            found[int.Parse(line.AsSpan(0, space), CultureInfo.InvariantCulture)] = int.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
        }
        Console.WriteLine($"NMI {Nmi.Compute(generator.Membership, found):F4}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
        return 0;
    }

    private static long MinorFaults()
    {
        try { return long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ')[8], CultureInfo.InvariantCulture); }
        catch (IOException) { return 0; }
    }

    internal static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    internal static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}
