using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class LouvainTests
{
    private static Louvain Run(CsrGraph graph, int seed = 0)
    {
        var louvain = new Louvain(graph, new LouvainOptions { Seed = seed });
        louvain.Run();
        return louvain;
    }

    [Fact]
    public void Two_triangles_joined_by_an_edge_are_two_communities()
    {
        var louvain = Run(TestGraphs.TwoTrianglesJoined());

        Assert.Equal([0, 0, 0, 1, 1, 1], louvain.Membership);
        Assert.Equal(5.0 / 14.0, louvain.Quality, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Reported_modularity_equals_the_independently_computed_one(int seed)
    {
        var graph = TestGraphs.Random(500, 2000, seed);

        var louvain = Run(graph, seed);

        Assert.Equal(Modularity.Compute(graph, louvain.Membership), louvain.Quality, 9);
        Assert.True(TestGraphs.IsCanonical(louvain.Membership, louvain.CommunityCount));
    }

    [Fact]
    public void Same_seed_gives_identical_membership()
    {
        var graph = TestGraphs.Planted(3000, 0.3, 2).BuildGraph();

        Assert.Equal(Run(graph, 5).Membership, Run(graph, 5).Membership);
    }

    [Fact]
    public void Cancelled_token_throws()
    {
        var louvain = new Louvain(TestGraphs.TwoTrianglesJoined());

        Assert.ThrowsAny<OperationCanceledException>(() => louvain.Run(new CancellationToken(canceled: true)));
    }
}
