using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class CsrGraphBuilderTests
{
    [Fact]
    public void Duplicate_edges_in_either_direction_merge_with_summed_weight()
    {
        var graph = TestGraphs.FromEdges(3, (0, 1, 1f), (1, 0, 2.5f), (0, 1, 0.5f), (1, 2, 1f));

        Assert.Equal([1], graph.Neighbors(0).ToArray());
        Assert.Equal([4f], graph.NeighborWeights(0).ToArray());
        Assert.Equal([0, 2], graph.Neighbors(1).ToArray());
        Assert.Equal([4f, 1f], graph.NeighborWeights(1).ToArray());
        Assert.Equal(4, graph.ArcCount);
    }

    [Fact]
    public void Self_loop_is_stored_once_and_repeats_merge()
    {
        var graph = TestGraphs.FromEdges(2, (0, 0, 1f), (0, 0, 2f), (0, 1, 1f));

        Assert.Equal([0, 1], graph.Neighbors(0).ToArray());
        Assert.Equal([3f, 1f], graph.NeighborWeights(0).ToArray());
        Assert.Equal([0], graph.Neighbors(1).ToArray());
    }

    [Fact]
    public void Neighbour_lists_are_sorted_and_symmetric_whatever_the_input_order()
    {
        var random = new Random(4);
        var edges = Enumerable.Range(0, 3000).Select(_ => (random.Next(300), random.Next(300))).ToArray();
        var shuffled = edges.OrderBy(_ => random.Next()).Select(e => (e.Item2, e.Item1)).ToArray();

        var graph = TestGraphs.FromEdges(300, edges);
        var other = TestGraphs.FromEdges(300, shuffled);

        Assert.Equal(graph.Offsets, other.Offsets);
        Assert.Equal(graph.Targets, other.Targets);
        Assert.Equal(graph.Weights, other.Weights);
        for (int v = 0; v < graph.NodeCount; v++)
        {
            var neighbours = graph.Neighbors(v);
            for (int i = 1; i < neighbours.Length; i++) Assert.True(neighbours[i - 1] < neighbours[i]);
            var weights = graph.NeighborWeights(v);
            for (int i = 0; i < neighbours.Length; i++)
            {
                int u = neighbours[i];
                int back = graph.Neighbors(u).BinarySearch(v);
                Assert.True(back >= 0);
                Assert.Equal(weights[i], graph.NeighborWeights(u)[back]);
            }
        }
    }

    [Fact]
    public void Declared_node_count_keeps_isolated_nodes()
    {
        var builder = new CsrGraphBuilder(nodeCount: 5);
        builder.AddEdge(0, 1);

        var graph = builder.Build();

        Assert.Equal(5, graph.NodeCount);
        Assert.Equal(0, graph.Degree(4));
    }

    [Fact]
    public void Node_count_grows_with_the_largest_id()
    {
        var builder = new CsrGraphBuilder();
        builder.AddEdge(7, 2);

        Assert.Equal(8, builder.Build().NodeCount);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_positive_or_non_finite_weights_are_refused(float weight)
    {
        var builder = new CsrGraphBuilder();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddEdge(0, 1, weight));
    }

    [Fact]
    public void Edges_outside_the_node_range_are_refused_with_the_edge_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CsrGraphBuilder.FromEdges(3, [0, 1], [1, 3]));

        Assert.Contains("Edge 1", error.Message);
    }
}
