using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

/// <summary>
/// Graphs below <see cref="Leiden.ParallelMinimumNodes"/> take Leiden's sequential path, which is what the ring detector
/// runs on almost every component; speed work must not change its communities (issue 13: the same input and seed give
/// a byte-identical rings.csv). The expected fingerprints were taken from main at 9875021, before the speed work of
/// helper-21; a change to any of them means the sequential path now gives other communities.
/// </summary>
public class LeidenSequentialIdentityTests
{
    public static TheoryData<string, ulong> Cases() => new()
    {
        { "planted 5000 CPM seed 99 to convergence", 9324635145775718754UL },
        { "planted 19000 CPM seed 1 two iterations", 831144815153613327UL },
        { "random weighted 2000 modularity seed 2", 13314410845909539683UL },
        { "random weighted 3000 CPM 0.05 randomness 0.05 seed 4", 6939192650294122167UL },
        { "planted 12000 modularity seed 7 two iterations", 301101954972598121UL },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sequential_path_gives_the_same_communities_as_before_the_speed_work(string name, ulong expected)
    {
        var (graph, options) = name switch
        {
            "planted 5000 CPM seed 99 to convergence" => (TestGraphs.Planted(5000, 0.3, 3).BuildGraph(), new LeidenOptions { Seed = 99 }),
            "planted 19000 CPM seed 1 two iterations" => (TestGraphs.Planted(19_000, 0.2, 5).BuildGraph(), new LeidenOptions { Seed = 1, MaxIterations = 2 }),
            "random weighted 2000 modularity seed 2" => (TestGraphs.Random(2000, 8000, 7), new LeidenOptions { Objective = LeidenObjective.Modularity, Seed = 2 }),
            "random weighted 3000 CPM 0.05 randomness 0.05 seed 4" => (TestGraphs.Random(3000, 9000, 8), new LeidenOptions { Resolution = 0.05, Randomness = 0.05, Seed = 4 }),
            "planted 12000 modularity seed 7 two iterations" => (TestGraphs.Planted(12_000, 0.4, 6).BuildGraph(), new LeidenOptions { Objective = LeidenObjective.Modularity, Seed = 7, MaxIterations = 2 }),
            _ => throw new ArgumentException(name),
        };
        Assert.True(graph.NodeCount < Leiden.ParallelMinimumNodes);

        var leiden = new Leiden(graph, options);
        leiden.Run();

        Assert.Equal(expected, Fingerprint(leiden));
    }

    /// <summary>FNV-1a over the membership, the community count and the bits of the quality.</summary>
    private static ulong Fingerprint(Leiden leiden)
    {
        ulong hash = 14695981039346656037UL;
        void Add(long value)
        {
            for (int i = 0; i < 8; i++, value >>= 8)
            {
                hash ^= (byte)value;
                hash *= 1099511628211UL;
            }
        }
        foreach (int c in leiden.Membership) Add(c);
        Add(leiden.CommunityCount);
        Add(BitConverter.DoubleToInt64Bits(leiden.Quality));
        return hash;
    }
}
