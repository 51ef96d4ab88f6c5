using BenchmarkDotNet.Attributes;
using Graph.Analytics.Algorithms;

namespace Graph.Benchmarks;

/// <summary>
/// Components, Leiden (CPM and modularity) and Louvain on a medium planted-partition graph
/// (100k nodes, about 500k edges, communities of 5–200 nodes, μ = 0.2).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class CommunityBenchmarks
{
    private CsrGraph _graph = null!;
    private PlantedPartitionGenerator _generator = null!;

    [Params(100_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _generator = new PlantedPartitionGenerator(new PlantedPartitionOptions { NodeCount = Nodes, Seed = 7 });
        _generator.Run();
        _graph = _generator.BuildGraph();
    }

    [Benchmark]
    public CsrGraph BuildCsr() => _generator.BuildGraph();

    [Benchmark]
    public int Components()
    {
        var components = new ConnectedComponents(_graph);
        components.Run();
        return components.Count;
    }

    [Benchmark(Baseline = true)]
    public int LeidenCpm()
    {
        var leiden = new Leiden(_graph, new LeidenOptions { Seed = 1 });
        leiden.Run();
        return leiden.CommunityCount;
    }

    [Benchmark]
    public int LeidenModularity()
    {
        var leiden = new Leiden(_graph, new LeidenOptions { Objective = LeidenObjective.Modularity, Seed = 1 });
        leiden.Run();
        return leiden.CommunityCount;
    }

    [Benchmark]
    public int Louvain()
    {
        var louvain = new Louvain(_graph, new LouvainOptions { Seed = 1 });
        louvain.Run();
        return louvain.CommunityCount;
    }
}
