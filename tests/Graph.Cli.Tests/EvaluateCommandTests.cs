using System.Globalization;
using System.Text.Json;

namespace Graph.Cli.Tests;

/// <summary><c>fraudgraph evaluate</c> through the real executable.</summary>
public sealed class EvaluateCommandTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [Fact]
    public void Json_and_text_reports_give_the_same_figures_for_the_latest_run()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--profile", "hard", "--holders", "4000", "--seed", "2", "--out", dir.Combine("data"), "--truth", dir.Combine("truth.json")));
        Ok(CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        var json = CliProcess.Run(dir.Path, "evaluate", "--truth", dir.Combine("truth.json"), "--json");
        Ok(json);
        using var doc = JsonDocument.Parse(json.Output);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("true_rings").GetInt32() >= 9, "the hard profile plants every ring kind");
        Assert.Equal([25, 50, 100], root.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("k").GetInt32()));
        Assert.Contains(root.GetProperty("ring_kinds").EnumerateArray(), k => k.GetProperty("kind").GetString() == "slow_ring");
        Assert.Contains(root.GetProperty("decoy_kinds").EnumerateArray(), k => k.GetProperty("kind").GetString() == "branch_terminal");
        int rows = File.ReadLines(dir.Combine("out", "rings.csv")).Count() - 1;
        Assert.Equal(rows, root.GetProperty("candidates").GetInt32());

        var text = CliProcess.Run(dir.Path, "evaluate", "--truth", dir.Combine("truth.json"));
        Ok(text);
        var ci = CultureInfo.InvariantCulture;
        Assert.Contains($"recall {root.GetProperty("recall").GetDouble().ToString("0.000", ci)} ", text.Output);
        Assert.Contains($"average precision {root.GetProperty("average_precision").GetDouble().ToString("0.000", ci)}", text.Output);
        Assert.Contains("precision of the top 50 ", text.Output);
    }

    [Fact]
    public void A_missing_truth_file_is_bad_input()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "1000", "--seed", "2", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        var r = CliProcess.Run(dir.Path, "evaluate", "--truth", dir.Combine("nowhere.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nowhere.json", r.Error);
        File.WriteAllText(dir.Combine("bad.json"), "{\"groups\": 3}");
        var bad = CliProcess.Run(dir.Path, "evaluate", "--truth", dir.Combine("bad.json"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("bad.json", bad.Error);
    }
}
