using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class PlantedPartitionGeneratorTests
{
    [Fact]
    public void Community_sizes_stay_in_range_and_cover_every_node()
    {
        var planted = TestGraphs.Planted(20_000, 0.2, 3, maxCommunitySize: 100);

        var sizes = planted.Membership.GroupBy(c => c).Select(g => g.Count()).ToArray();
        Assert.Equal(planted.CommunityCount, sizes.Length);
        Assert.Equal(20_000, sizes.Sum());
        Assert.All(sizes, s => Assert.InRange(s, 5, 100 + 5));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void The_share_of_edges_leaving_communities_is_near_the_mixing_parameter(double mixing)
    {
        var planted = TestGraphs.Planted(20_000, mixing, 4);

        int outside = 0;
        for (int i = 0; i < planted.EdgeCount; i++)
            if (planted.Membership[planted.Sources[i]] != planted.Membership[planted.Targets[i]]) outside++;
        double share = (double)outside / planted.EdgeCount;

        Assert.InRange(share, mixing * 0.8, mixing * 1.2);
    }

    [Fact]
    public void No_self_loops_or_repeated_edges()
    {
        var planted = TestGraphs.Planted(5000, 0.3, 5);

        var keys = new HashSet<(int, int)>();
        for (int i = 0; i < planted.EdgeCount; i++)
        {
            int a = planted.Sources[i], b = planted.Targets[i];
            Assert.NotEqual(a, b);
            Assert.True(keys.Add((Math.Min(a, b), Math.Max(a, b))));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_graph()
    {
        var first = TestGraphs.Planted(3000, 0.2, 8);
        var second = TestGraphs.Planted(3000, 0.2, 8);

        Assert.Equal(first.Membership, second.Membership);
        Assert.Equal(first.Sources.ToArray(), second.Sources.ToArray());
        Assert.Equal(first.Targets.ToArray(), second.Targets.ToArray());
    }
}
