namespace Graph.Cli.Tests;

/// <summary>End-to-end tests of <c>fraudgraph run</c>, <c>analyze</c> and <c>communities</c> through the real executable.</summary>
public sealed class AnalyzeCommandTests
{
    private static readonly string[] OutputFiles = ["rings.csv", "ring_members.csv", "rings.json", "run.json"];

    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [Fact]
    public void A_store_from_a_newer_engine_is_refused_with_a_message_not_a_crash()
    {
        using var dir = new TempDir();
        var store = dir.Combine("newer.db");
        Ok(CliProcess.Run(dir.Path, "--store", store, "stats"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var bump = connection.CreateCommand();
            bump.CommandText = "INSERT INTO schema_version(version, applied_at) VALUES(999, 'later')";
            bump.ExecuteNonQuery();
        }

        var refused = CliProcess.Run(dir.Path, "--store", store, "analyze", "--out", dir.Combine("out"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("schema version 999, newer than this engine's", refused.Error);
        Assert.Contains("Upgrade the engine", refused.Error);
        Assert.DoesNotContain("Unhandled exception", refused.Error);
    }

    [Fact]
    public void Run_writes_the_contract_outputs_and_the_same_data_gives_byte_identical_rings_csv_with_the_same_ids()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "6000", "--seed", "3", "--out", dir.Combine("data")));
        var first = CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out1"));
        Ok(first);
        foreach (var f in OutputFiles) Assert.True(File.Exists(dir.Combine("out1", f)), f);
        var header = File.ReadLines(dir.Combine("out1", "rings.csv")).First();
        Assert.Equal("ring_id,score,flagged,holders,controllers,surrender_amount,first_seen,last_seen,top_reasons", header);
        Assert.Equal("ring_id,entity_type,entity_id,role,evidence_count", File.ReadLines(dir.Combine("out1", "ring_members.csv")).First());
        Assert.True(File.ReadLines(dir.Combine("out1", "rings.csv")).Count() > 1, "no ring found in a dataset with planted rings");

        // A second analysis of the unchanged store keeps every ring id and writes the same bytes.
        Ok(CliProcess.Run(dir.Path, "analyze", "--out", dir.Combine("out2")));
        Assert.Equal(File.ReadAllBytes(dir.Combine("out1", "rings.csv")), File.ReadAllBytes(dir.Combine("out2", "rings.csv")));

        // A fresh store loaded from the same files with the same seed gives the same bytes too.
        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("other.db"), "run", dir.Combine("data"), "--out", dir.Combine("out3")));
        Assert.Equal(File.ReadAllBytes(dir.Combine("out1", "rings.csv")), File.ReadAllBytes(dir.Combine("out3", "rings.csv")));
    }

    [Fact]
    public void Console_output_of_run_has_no_full_mobile_or_id_number()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "4000", "--seed", "5", "--out", dir.Combine("data")));
        var r = CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out"));
        Ok(r);
        var text = r.Output + r.Error;
        Assert.DoesNotMatch(@"(?<!\d)1[3-9]\d{9}(?!\d)", text);
        Assert.DoesNotMatch(@"(?<![\dA-Z])\d{17}[\dXx](?![\dA-Z])", text);
    }

    [Fact]
    public void Invalid_threshold_is_refused_with_a_message()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(dir.Path, "analyze", "--out", dir.Combine("out"), "--threshold", "250");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("hreshold", r.Error);
    }

    [Fact]
    public void A_negative_thread_count_is_refused_with_a_message()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("g.txt"), "1 2\n");
        var r = CliProcess.Run(dir.Path, "communities", "--edges", dir.Combine("g.txt"), "--out", dir.Combine("c.txt"), "--threads", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--threads", r.Error);
    }

    [Fact]
    public void Communities_on_an_edge_list_writes_one_line_per_node()
    {
        using var dir = new TempDir();
        // Two triangles joined by one edge, plus an isolated pair.
        File.WriteAllText(dir.Combine("g.txt"), "# two triangles\n1 2\n2 3\n3 1\n4 5\n5 6\n6 4\n3 4\n10 11 2.5\n");
        var r = CliProcess.Run(dir.Path, "communities", "--edges", dir.Combine("g.txt"), "--out", dir.Combine("c.txt"), "--objective", "modularity");
        Ok(r);
        var lines = File.ReadAllLines(dir.Combine("c.txt")).Where(l => l.Length > 0).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(8, lines.Count);
        Assert.Equal(lines["1"], lines["2"]);
        Assert.Equal(lines["1"], lines["3"]);
        Assert.Equal(lines["4"], lines["6"]);
        Assert.NotEqual(lines["1"], lines["4"]);
        Assert.Equal(lines["10"], lines["11"]);
        Assert.Contains("modularity", r.Output);
    }

    [Fact]
    public void Communities_names_the_bad_line_of_an_edge_list()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("g.txt"), "1 2\n2 x\n");
        var r = CliProcess.Run(dir.Path, "communities", "--edges", dir.Combine("g.txt"), "--out", dir.Combine("c.txt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("2", r.Error);
    }

    [Fact]
    public void Communities_gives_isolated_and_undeclared_nodes_a_community_and_says_how_many_duplicates_it_merged()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("g.txt"), "0 1\n1 0\n1 2\n0 2\n6\n");
        var r = CliProcess.Run(dir.Path, "communities", "--edges", dir.Combine("g.txt"), "--out", dir.Combine("c.txt"), "--nodes", "8");
        Ok(r);
        var lines = File.ReadAllLines(dir.Combine("c.txt")).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Keys.OrderBy(k => int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(lines["0"], lines["2"]);
        Assert.Equal(6, lines.Values.Distinct().Count());
        Assert.Contains("nodes 8 (5 isolated)", r.Output);
        Assert.Contains("1 duplicate edges merged", r.Output);

        var tooBig = CliProcess.Run(dir.Path, "communities", "--edges", dir.Combine("g.txt"), "--out", dir.Combine("c.txt"), "--nodes", "6");
        Assert.Equal(2, tooBig.ExitCode);
        Assert.Contains("line 5", tooBig.Error);
        Assert.Contains("declared node count 6", tooBig.Error);
    }
}
