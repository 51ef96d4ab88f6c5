using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public sealed class CsrGraphTests
{
    [Fact]
    public void A_well_formed_graph_with_an_isolated_node_is_accepted()
    {
        var graph = new CsrGraph([0, 1, 2, 2], [1, 0], [1f, 1f]);

        Assert.Equal(3, graph.NodeCount);
        Assert.Equal(0, graph.Degree(2));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 2 }, new[] { 1, 0 }, "first offset")]
    [InlineData(new[] { 0, 2, 1, 2 }, new[] { 1, 0 }, "must not decrease")]
    [InlineData(new[] { 0, 1, 3 }, new[] { 1, 0 }, "last offset")]
    [InlineData(new[] { 0, 1, 2 }, new[] { 2, 0 }, "outside 0..1")]
    [InlineData(new[] { 0, 1, 2 }, new[] { 1, -1 }, "outside 0..1")]
    public void Offsets_and_targets_that_do_not_describe_a_graph_are_refused(int[] offsets, int[] targets, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new CsrGraph(offsets, targets, new float[targets.Length]));

        Assert.Contains(problem, error.Message);
    }
}
