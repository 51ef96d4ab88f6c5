using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public sealed class CommunityDetectionRunnerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fg-communities-" + Guid.NewGuid().ToString("N"));

    public CommunityDetectionRunnerTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (CommunityDetectionReport Report, Dictionary<int, int> Communities) Run(string edges, CommunityDetectionOptions? options = null)
    {
        string input = Path.Combine(_directory, "edges.txt");
        string output = Path.Combine(_directory, "out", "communities.txt");
        File.WriteAllText(input, edges);
        var report = new CommunityDetectionRunner(input, output, options).Run();
        var communities = File.ReadAllLines(output)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => int.Parse(parts[0]), parts => int.Parse(parts[1]));
        return (report, communities);
    }

    // Two triangles with arbitrary ids joined by one edge, plus a separate pair.
    private const string TwoTrianglesAndAPair = "# two triangles\n100 205\n205 300\n100 300\n7 42\n42 99\n7 99\n300 7\n5000 6000\n";

    [Theory]
    [InlineData(CommunityAlgorithm.Leiden)]
    [InlineData(CommunityAlgorithm.Louvain)]
    public void Writes_each_original_node_id_with_its_community(CommunityAlgorithm algorithm)
    {
        // γ = 0.2 for CPM: one edge between two triangles is 1/9 of the possible pairs, below the threshold.
        var (report, communities) = Run(TwoTrianglesAndAPair, new CommunityDetectionOptions { Algorithm = algorithm, Resolution = algorithm == CommunityAlgorithm.Leiden ? 0.2 : null });

        Assert.Equal(new[] { 7, 42, 99, 100, 205, 300, 5000, 6000 }, communities.Keys.Order());
        Assert.Equal(communities[100], communities[205]);
        Assert.Equal(communities[100], communities[300]);
        Assert.Equal(communities[7], communities[42]);
        Assert.NotEqual(communities[7], communities[100]);
        Assert.Equal(communities[5000], communities[6000]);
        Assert.Equal(3, communities.Values.Distinct().Count());
        Assert.Equal(3, report.CommunityCount);
        Assert.Equal(8, report.NodeCount);
        Assert.Equal(8, report.EdgeCount);
        Assert.Equal(2, report.ComponentCount);
        Assert.True(report.Modularity > 0.4);
    }

    [Fact]
    public void Components_mode_writes_one_community_per_component()
    {
        var (report, communities) = Run(TwoTrianglesAndAPair, new CommunityDetectionOptions { Algorithm = CommunityAlgorithm.Components });

        Assert.Equal(2, report.CommunityCount);
        Assert.Equal(communities[7], communities[100]);
        Assert.NotEqual(communities[7], communities[5000]);
    }

    [Fact]
    public void Defaults_are_leiden_with_cpm_and_the_report_says_so()
    {
        var (report, communities) = Run(TwoTrianglesAndAPair);

        // At the default density threshold, one edge between two triangles (1 of 9 pairs) is enough to join them.
        Assert.Equal(communities[7], communities[100]);
        Assert.Equal(2, report.CommunityCount);

        Assert.Equal("leiden", report.Algorithm);
        Assert.Equal("cpm", report.Objective);
        Assert.Equal(LeidenOptions.DefaultCpmResolution, report.Resolution);
    }

    [Fact]
    public void A_file_with_only_comments_gives_an_empty_result()
    {
        var (report, communities) = Run("# nothing yet\n\n");

        Assert.Empty(communities);
        Assert.Equal(0, report.NodeCount);
        Assert.Equal(0, report.CommunityCount);
    }

    [Fact]
    public void A_malformed_file_fails_naming_the_line()
    {
        var error = Assert.Throws<EdgeListFormatException>(() => Run("1 2\n2 three\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Theory]
    [InlineData(CommunityAlgorithm.Leiden)]
    [InlineData(CommunityAlgorithm.Louvain)]
    [InlineData(CommunityAlgorithm.Components)]
    public void An_isolated_node_on_its_own_line_gets_a_community_of_its_own(CommunityAlgorithm algorithm)
    {
        var (report, communities) = Run("1 2\n2 3\n1 3\n77\n", new CommunityDetectionOptions { Algorithm = algorithm });

        Assert.Equal(new[] { 1, 2, 3, 77 }, communities.Keys.Order());
        Assert.Equal(1, report.IsolatedNodeCount);
        Assert.Equal(2, report.CommunityCount);
        Assert.DoesNotContain(communities[77], new[] { communities[1], communities[2], communities[3] });
    }

    [Fact]
    public void Duplicate_edges_in_either_direction_are_counted_as_merged()
    {
        var (report, _) = Run("1 2\n2 1\n1 2 3\n2 3\n3 3\n3 3\n");

        Assert.Equal(6, report.InputEdgeLines);
        Assert.Equal(3, report.EdgeCount);
        Assert.Equal(3, report.DuplicateEdgesMerged);
    }

    [Fact]
    public void A_declared_node_count_writes_a_community_for_every_id_below_it()
    {
        var (report, communities) = Run("0 1\n1 2\n0 2\n5 6\n", new CommunityDetectionOptions { NodeCount = 10 });

        Assert.Equal(Enumerable.Range(0, 10), communities.Keys.Order());
        Assert.Equal(10, report.NodeCount);
        Assert.Equal(5, report.IsolatedNodeCount); // 3, 4, 7, 8, 9
        Assert.Equal(communities[0], communities[2]);
        Assert.Equal(communities[5], communities[6]);
        Assert.Equal(7, communities.Values.Distinct().Count());
    }
}
