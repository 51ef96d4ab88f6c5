using System.Text;
using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class EdgeListReaderTests
{
    private static EdgeList Read(string text, int? nodeCount = null) => EdgeListReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), nodeCount);

    [Fact]
    public void Reads_whitespace_and_comma_separated_lines_with_comments_and_optional_weights()
    {
        var edges = Read("# header comment\n10 20\n20,30,2.5\r\n\n  30\t10  # trailing comment\n");

        Assert.Equal([10, 20, 30], edges.OriginalIds);
        Assert.Equal([0, 1, 2], edges.Sources.ToArray());
        Assert.Equal([1, 2, 0], edges.Targets.ToArray());
        Assert.Equal([1f, 2.5f, 1f], edges.Weights.ToArray());
    }

    [Fact]
    public void Sparse_large_ids_are_renumbered_densely_in_increasing_order()
    {
        var edges = Read("2000000000 5\n5 1999999999\n");

        Assert.Equal([5, 1999999999, 2000000000], edges.OriginalIds);
        Assert.Equal([2, 0], edges.Sources.ToArray());
        Assert.Equal([0, 1], edges.Targets.ToArray());
    }

    [Fact]
    public void Last_line_without_newline_is_read()
    {
        Assert.Equal(2, Read("1 2\n3 4").EdgeCount);
    }

    [Fact]
    public void Long_files_spanning_many_buffers_read_every_line()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) text.Append(i).Append(' ').Append(i + 1).Append(" 1.5\n");

        var edges = Read(text.ToString());

        Assert.Equal(200_000, edges.EdgeCount);
        Assert.Equal(200_001, edges.NodeCount);
        Assert.Equal(199_999, edges.Sources[199_999]);
    }

    [Theory]
    [InlineData("1 2\nx 3\n", 2, "first node id")]
    [InlineData("1 2\n3 -4\n", 2, "second node id")]
    [InlineData("1 2 3 4\n", 1, "more fields")]
    [InlineData("# c\n1 2 0\n", 2, "positive")]
    [InlineData("1 2 abc\n", 1, "not a number")]
    [InlineData("99999999999 1\n", 1, "larger than")]
    public void Malformed_lines_are_reported_with_their_number(string text, int line, string problem)
    {
        var error = Assert.Throws<EdgeListFormatException>(() => Read(text));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains($"line {line}", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Duplicate_lines_merge_when_the_graph_is_built()
    {
        var graph = Read("1 2\n2 1 3\n").BuildGraph();

        Assert.Equal([4f], graph.NeighborWeights(0).ToArray());
    }

    [Fact]
    public void A_line_with_one_id_is_a_node_without_edges()
    {
        var edges = Read("10 20\n15\n# 99\n30 # a comment after an isolated node\n10\n");

        Assert.Equal([10, 15, 20, 30], edges.OriginalIds);
        Assert.Equal(1, edges.EdgeCount);
        Assert.Equal([0], edges.Sources.ToArray());
        Assert.Equal([2], edges.Targets.ToArray());
        var graph = edges.BuildGraph();
        Assert.Equal(4, graph.NodeCount);
        Assert.Equal(0, graph.Degree(1));
        Assert.Equal(0, graph.Degree(3));
    }

    [Fact]
    public void Isolated_sparse_large_ids_are_renumbered_with_the_others()
    {
        var edges = Read("2000000000 5\n7\n1999999999\n");

        Assert.Equal([5, 7, 1999999999, 2000000000], edges.OriginalIds);
        Assert.Equal([3], edges.Sources.ToArray());
        Assert.Equal([0], edges.Targets.ToArray());
    }

    [Fact]
    public void A_declared_node_count_gives_every_id_below_it_a_node_and_keeps_ids_as_they_are()
    {
        var edges = Read("3 1\n4\n", nodeCount: 6);

        Assert.Equal([0, 1, 2, 3, 4, 5], edges.OriginalIds);
        Assert.Equal([3], edges.Sources.ToArray());
        Assert.Equal([1], edges.Targets.ToArray());
    }

    [Theory]
    [InlineData("0 1\n1 5\n", 2, "5")]
    [InlineData("0 1\n7\n", 2, "7")]
    public void An_id_not_below_the_declared_node_count_is_reported_with_its_line(string text, int line, string id)
    {
        var error = Assert.Throws<EdgeListFormatException>(() => Read(text, nodeCount: 5));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains($"node id {id} is not below the declared node count 5", error.Message);
    }
}
