using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class ConnectedComponentsTests
{
    private static ConnectedComponents Run(CsrGraph graph)
    {
        var components = new ConnectedComponents(graph);
        components.Run();
        return components;
    }

    [Fact]
    public void Components_are_numbered_by_their_smallest_node()
    {
        // {0, 3}, {1, 2, 4}, {5}
        var components = Run(TestGraphs.FromEdges(6, (3, 0), (4, 2), (1, 4)));

        Assert.Equal([0, 1, 1, 0, 1, 2], components.Membership);
        Assert.Equal(3, components.Count);
        Assert.Equal([2, 3, 1], components.Sizes);
        Assert.Equal(3, components.LargestSize);
        Assert.Equal([1, 2, 4], components.NodesOf(1).ToArray());
    }

    [Theory]
    [InlineData(1, 2000, 1000)]
    [InlineData(2, 2000, 1900)]
    [InlineData(3, 5000, 8000)]
    public void Components_match_a_breadth_first_search(int seed, int nodes, int edges)
    {
        var graph = TestGraphs.Random(nodes, edges, seed, weighted: false);

        var components = Run(graph);

        Assert.Equal(TestGraphs.BfsComponents(graph), components.Membership);
        Assert.Equal(components.Membership.Max() + 1, components.Count);
        Assert.Equal(nodes, components.Sizes.Sum());
    }

    [Fact]
    public void Empty_graph_has_no_components_and_isolated_nodes_are_their_own()
    {
        Assert.Equal(0, Run(TestGraphs.FromEdges(0, Array.Empty<(int, int)>())).Count);
        var isolated = Run(TestGraphs.FromEdges(3, (1, 1)));
        Assert.Equal([0, 1, 2], isolated.Membership);
    }

    [Fact]
    public void Results_before_run_are_refused()
    {
        var components = new ConnectedComponents(TestGraphs.TwoTrianglesJoined());

        Assert.Throws<InvalidOperationException>(() => components.Membership);
    }

    [Fact]
    public void Cancelled_token_throws()
    {
        var components = new ConnectedComponents(TestGraphs.TwoTrianglesJoined());

        Assert.ThrowsAny<OperationCanceledException>(() => components.Run(new CancellationToken(canceled: true)));
    }
}
