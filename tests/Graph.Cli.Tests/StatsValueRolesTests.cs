using System.Net;
using System.Text.Json;
using Graph.Core;
using Graph.Storage;

namespace Graph.Cli.Tests;

/// <summary>
/// <c>fraudgraph stats</c> and evidence packages say what the latest analysis judged shared values to be, and why (issue 11),
/// masked.
/// </summary>
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

        var run = new AnalysisRun("run-roles", DateTimeOffset.UtcNow, "fp", """{"roles":{"reportHolders":20}}""", [], [])
        {
            ValueRoleCounts =
            [
                new("allowlisted", 1), new("ordinary", 5120), new("controller", 64), new("infrastructure", 39),
                new("agent_contact", 115), new("family", 2210), new("employer", 12),
            ],
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
        int head = lines.FindIndex(l => l.StartsWith("Shared values by role (latest analysis run)", StringComparison.Ordinal));
        Assert.True(head >= 0, stats.Output);
        Assert.Matches(@"values\s+measured$", lines[head]);
        // Every role, in a fixed order: how many values the run gave it, and how many of those it measured.
        (string Role, string All, int Measured)[] rows =
        [
            ("controller", "64", 2), ("infrastructure", "39", 1), ("agent_contact", "115", 0), ("family", "2,210", 1),
            ("employer", "12", 0), ("ordinary", "5,120", 0), ("allowlisted", "1", 0),
        ];
        for (int i = 0; i < rows.Length; i++) Assert.Matches($@"^\s+{rows[i].Role}\s+{rows[i].All}\s+{rows[i].Measured}$", lines[head + 1 + i]);

        // The three with most holders, most first, each masked, with its role and why.
        int top = lines.FindIndex(l => l.StartsWith("Measured shared values (those named by 20 or more holders, and controllers) with most holders", StringComparison.Ordinal));
        Assert.Equal(head + 1 + rows.Length, top);
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

    [Fact]
    public void After_an_analysis_stats_and_the_report_say_what_run_json_and_rings_json_say()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "5000", "--seed", "5", "--profile", "hard", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        using var runJson = JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "run.json")));
        var results = runJson.RootElement.GetProperty("results");
        var measured = runJson.RootElement.GetProperty("value_roles").EnumerateArray().Select(v => (
            Type: v.GetProperty("entity_type").GetString()!, Id: v.GetProperty("entity_id").GetString()!, Role: v.GetProperty("role").GetString()!,
            Why: v.GetProperty("why").GetString()!, Holders: v.GetProperty("holders").GetInt32())).ToList();
        Assert.Contains(measured, v => v.Role == "controller");

        var stats = CliProcess.Run(dir.Path, "stats", "--top", "5");
        Ok(stats);
        var lines = stats.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        int head = lines.FindIndex(l => l.StartsWith("Shared values by role (latest analysis run)", StringComparison.Ordinal));
        Assert.True(head >= 0, stats.Output);
        // The counts over all values are run.json's results; the measured ones count its value_roles.
        foreach (var role in new[] { "controller", "infrastructure", "agent_contact", "allowlisted" })
        {
            var row = lines.Skip(head + 1).First(l => l.StartsWith("  " + role + " ", StringComparison.Ordinal));
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(results.GetProperty(role + "_values").GetInt32(), int.Parse(cells[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(measured.Count(v => v.Role == role), int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        // The five measured values with most holders, masked, each with its role and why.
        int top = lines.FindIndex(l => l.StartsWith("Measured shared values (", StringComparison.Ordinal));
        var listed = lines.Skip(top + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        var expected = measured.OrderByDescending(v => v.Holders).ThenBy(v => v.Type, StringComparer.Ordinal).ThenBy(v => v.Id, StringComparer.Ordinal).Take(5).ToList();
        Assert.Equal(expected.Count, listed.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var v = expected[i];
            Assert.Matches($@"^\s+{v.Type}\s+{System.Text.RegularExpressions.Regex.Escape(Mask.Member(v.Type, v.Id)!)}\s+{v.Holders:N0} holders\s+{v.Role}\s+", listed[i]);
            Assert.EndsWith(v.Why, listed[i], StringComparison.Ordinal);
            if (v.Type is "phone" or "bank_account" or "address" or "representative") Assert.DoesNotContain(v.Id, stats.Output, StringComparison.Ordinal);
        }

        // The evidence report of a flagged ring gives each controller the run measured its role and why; the others a dash.
        var members = File.ReadLines(dir.Combine("out", "ring_members.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var ringId = File.ReadLines(dir.Combine("out", "rings.csv")).Skip(1).Select(l => l.Split(','))
            .First(r => r[2] == "true" && members.Any(m => m[0] == r[0] && m[3] == "controller" && measured.Any(v => v.Type == m[1] && v.Id == m[2])))[0];
        Ok(CliProcess.Run(dir.Path, "export", "--ring", ringId, "--out", dir.Combine("pk")));
        var html = WebUtility.HtmlDecode(File.ReadAllText(dir.Combine("pk", ringId, "report.html")));
        int table = html.IndexOf("<table class=\"controllers\">", StringComparison.Ordinal);
        var rows = html[table..html.IndexOf("</table>", table, StringComparison.Ordinal)].Split("<tr>").Skip(2).ToList();
        var controllers = members.Where(m => m[0] == ringId && m[3] == "controller").ToList();
        Assert.Equal(controllers.Count, rows.Count);
        // The base-rate scorer's figures reach the report through the store: every reason of the ring as rings.json has it.
        using var ringsJson = JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "rings.json")));
        var reasons = ringsJson.RootElement.GetProperty("rings").EnumerateArray().Single(r => r.GetProperty("ring_id").GetString() == ringId).GetProperty("reasons");
        int reasonsTable = html.IndexOf("<table class=\"reasons\">", StringComparison.Ordinal);
        var reasonRows = html[reasonsTable..html.IndexOf("</table>", reasonsTable, StringComparison.Ordinal)].Split("<tr>").Skip(2).ToList();
        Assert.Equal(reasons.GetArrayLength(), reasonRows.Count);
        int k = 0;
        foreach (var reason in reasons.EnumerateArray())
        {
            double? Figure(string name) => reason.TryGetProperty(name, out var f) ? f.GetDouble() : null;
            Assert.NotNull(Figure("chance"));
            Assert.Contains($"<td class=\"num\">{ReasonFigures.Format(Figure("observed"))}</td><td class=\"num\">{ReasonFigures.Format(Figure("expected"))}</td>" +
                $"<td class=\"num\">{ReasonFigures.Format(Figure("chance"))}</td>", reasonRows[k++]);
        }

        // Rows are in member order, as ring_members.csv lists them.
        for (int i = 0; i < controllers.Count; i++)
        {
            var m = controllers[i];
            Assert.StartsWith($"<td>{m[1]}</td><td class=\"mono\">{Mask.Member(m[1], m[2])}</td>", rows[i], StringComparison.Ordinal);
            var v = measured.FirstOrDefault(x => x.Type == m[1] && x.Id == m[2]);
            if (v.Role is null) Assert.Contains("<td>—</td><td></td>", rows[i]);
            else Assert.Contains($" {v.Role.Replace('_', ' ')}</td><td>{v.Why}</td>", rows[i].Replace("agent's own", "agent contact"));
        }
    }
}
