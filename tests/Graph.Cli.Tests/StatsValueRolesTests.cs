using Graph.Core;
using Graph.Storage;

namespace Graph.Cli.Tests;

/// <summary><c>fraudgraph stats</c> says what the latest analysis judged shared values to be, and why (issue 11), masked.</summary>
public sealed class StatsValueRolesTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    private static SharedValueRole Role(string type, string id, string role, int holders, string why) =>
        new(type, id, role, why, holders, holders, holders, 0, 0, 3, 0.1, 0, 0.5, 30, 0);

    [Fact]
    public void Stats_counts_the_latest_runs_values_per_role_and_lists_the_most_held_with_role_and_why_masked()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "1000", "--seed", "7", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "load", dir.Combine("data")));
        var before = CliProcess.Run(dir.Path, "stats");
        Ok(before);
        Assert.Contains("Shared values by role: no analysis run yet", before.Output);

        var run = new AnalysisRun("run-roles", DateTimeOffset.UtcNow, "fp", "{}", [], [])
        {
            ValueRoles =
            [
                Role("phone", "13912345678", "controller", 14, "12 of 14 households surrendered within 30 days of the records naming it (0.4 expected)"),
                Role("ip", "10.20.30.40", "infrastructure", 320, "310 households in 9 cities behave like the insurer's others (4 surrendered within 30 days, 3.8 expected)"),
                Role("bank_account", "6222020200112233445", "controller", 9, "7 of 9 households were switched to it, paid out to it or represented by it"),
                Role("address", "杭州市文三路100号华星5栋2单元301室", "family", 25, "one household (holders who registered it themselves)"),
            ],
        };
        using (var store = GraphStores.Open(dir.Combine("fraudgraph.db"))) store.SaveAnalysis(run);

        var stats = CliProcess.Run(dir.Path, "stats", "--top", "3");
        Ok(stats);
        var lines = stats.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        int head = lines.FindIndex(l => l.StartsWith("Shared values by role (latest analysis run", StringComparison.Ordinal));
        Assert.True(head >= 0, stats.Output);
        // Every role, in a fixed order, with its count.
        string[] roles = ["controller", "infrastructure", "agent_contact", "family", "employer", "ordinary"];
        int[] counts = [2, 1, 0, 1, 0, 0];
        for (int i = 0; i < roles.Length; i++) Assert.Matches($@"^\s+{roles[i]}\s+{counts[i]}$", lines[head + 1 + i]);

        // The three with most holders, most first, each masked, with its role and why.
        int top = lines.FindIndex(l => l.StartsWith("Measured shared values with most holders", StringComparison.Ordinal));
        Assert.Equal(head + 1 + roles.Length, top);
        var listed = lines.Skip(top + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, listed.Count);
        Assert.Matches(@"^\s+ip\s+10\.\*\*\*\*0\.40\s+320 holders\s+infrastructure\s+310 households in 9 cities", listed[0]);
        Assert.Matches(@"^\s+address\s+杭州市\*\*\*\*\s+25 holders\s+family\s+one household", listed[1]);
        Assert.Matches(@"^\s+phone\s+139\*\*\*\*5678\s+14 holders\s+controller\s+12 of 14 households surrendered within 30 days", listed[2]);
        Assert.DoesNotContain("13912345678", stats.Output);
        Assert.DoesNotContain("10.20.30.40", stats.Output);
        Assert.DoesNotContain("6222020200112233445", stats.Output);
        Assert.DoesNotContain("文三路", stats.Output);
        Assert.Equal(stats.Output, CliProcess.Run(dir.Path, "stats", "--top", "3").Output);
    }
}
