using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Graph.Cli.Tests;

/// <summary>A test that runs <c>python3</c>: skipped without it, except under <c>CI=true</c> (the machine image has Python 3.11), where it fails.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && ForeignInsurerTests.Python() is null) Skip = "needs python3 on PATH; under CI=true this test fails instead";
    }
}

/// <summary>
/// Files written by generators the product's authors did not write (tests/insurer-b and tests/insurer-c: their own
/// conventions, messy formatting and planted bad rows, from the data contract alone) go through the real executable: every row is read,
/// exactly the bad rows it planted are quarantined, and the analysis finishes.
/// </summary>
public sealed partial class ForeignInsurerTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    internal static string? Python() => Graph.Evidence.ReportTools.FindOnPath("python3");

    [PythonFact]
    public void A_second_independent_insurer_loads_with_exactly_its_planted_bad_rows_quarantined_and_is_analyzed()
        => LoadsWithExactlyItsPlantedBadRowsQuarantinedAndIsAnalyzed("insurer-b",
            (p, file) => (p.GetProperty("rows_" + file).GetInt64(), p.GetProperty("bad_rows_" + file).GetInt64()));

    /// <summary>tests/insurer-c: a third, written apart from the product and from the other two, with its own spellings.</summary>
    [PythonFact]
    public void A_third_independent_insurer_loads_with_exactly_its_planted_bad_rows_quarantined_and_is_analyzed()
        => LoadsWithExactlyItsPlantedBadRowsQuarantinedAndIsAnalyzed("insurer-c",
            (p, file) => (p.GetProperty("rows").GetProperty(file + ".csv").GetInt64(), p.GetProperty("bad_rows").TryGetProperty(file + ".csv", out var bad) ? bad.GetInt64() : 0));

    /// <param name="planted">The rows the generator wrote to a file (named without ".csv"), and how many of them it made bad, from its truth's params.</param>
    private static void LoadsWithExactlyItsPlantedBadRowsQuarantinedAndIsAnalyzed(string generator, Func<JsonElement, string, (long Rows, long Bad)> planted)
    {
        using var dir = new TempDir();
        string python = Python() ?? throw new Xunit.Sdk.XunitException("python3 is not installed (the machine image has Python 3.11).");
        var generate = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(ArchitectureTests.RepoRoot(), "tests", generator, "generate.py"), "--holders", "3000", "--seed", "9",
                     "--out", dir.Combine("data"), "--truth", dir.Combine("truth.json") })
            generate.ArgumentList.Add(a);
        using (var p = Process.Start(generate)!)
        {
            var output = p.StandardOutput.ReadToEndAsync();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            output.Wait();
            Assert.True(p.ExitCode == 0, err);
        }
        using var truth = JsonDocument.Parse(File.ReadAllText(dir.Combine("truth.json")));
        var parameters = truth.RootElement.GetProperty("params");

        var load = CliProcess.Run(dir.Path, "--store", dir.Combine("store.db"), "load", dir.Combine("data"));
        Ok(load);
        var counts = Summary().Matches(load.Output + load.Error).ToDictionary(m => m.Groups[1].Value,
            m => (Read: long.Parse(m.Groups[2].Value), Loaded: long.Parse(m.Groups[3].Value), Quarantined: long.Parse(m.Groups[4].Value)));
        foreach (var file in new[] { "policyholders", "agents", "policies", "contact_changes", "surrender_requests", "complaints" })
        {
            Assert.True(counts.TryGetValue(file + ".csv", out var c), $"no load summary for {file}.csv\n{load.Output}");
            var (rows, bad) = planted(parameters, file);
            Assert.Equal(rows, c.Read);
            Assert.Equal(bad, c.Quarantined);
            Assert.Equal(c.Read, c.Loaded + c.Quarantined);
        }
        Assert.True(counts.Values.Sum(c => c.Quarantined) > 0, "the generator planted no bad row: the test would prove nothing");

        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("store.db"), "analyze", "--out", dir.Combine("out")));
        Assert.True(File.ReadAllLines(dir.Combine("out", "rings.csv")).Length > 1, "no candidate ring at all");
    }

    [GeneratedRegex(@"^(\w+\.csv): read=(\d+) loaded=(\d+) quarantined=(\d+)", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
