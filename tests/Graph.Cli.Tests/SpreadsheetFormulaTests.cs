using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Graph.Cli.Tests;

/// <summary>
/// Issue 15's acceptance for the CSV formula guard: contact values starting with <c>=</c>, <c>+</c>, <c>-</c> and
/// <c>@</c> go through <c>run</c> and <c>export</c>, and every CSV written (<c>rings.csv</c>, <c>ring_members.csv</c>,
/// every evidence CSV) holds them guarded with an apostrophe and holds no cell a spreadsheet would run as a formula.
/// </summary>
public sealed class SpreadsheetFormulaTests
{
    private const string FormulaStarts = "=+-@";

    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [Fact]
    public void Contact_values_starting_like_formulas_are_guarded_in_every_csv_of_run_and_export()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "2000", "--seed", "13", "--out", dir.Combine("data")));
        // Device ids and IP addresses are contact points kept as given (trimmed, lower-case): each value gets one of the four
        // formula starts, the same one wherever it occurs, so what the generator shares stays shared and rings still form.
        foreach (var file in (string[])["contact_changes.csv", "surrender_requests.csv"])
            Prefix(dir.Combine("data", file), ["ip", "device_id"]);

        Ok(CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        var rings = Cells(dir.Combine("out", "rings.csv"));
        var members = Cells(dir.Combine("out", "ring_members.csv"));
        AssertNoFormula("rings.csv", rings);
        AssertNoFormula("ring_members.csv", members);
        // rings.csv names no contact value (ids, counts, reasons); ring_members.csv names the controllers by value —
        // which devices and IPs are controllers is the detector's call, so at least one guarded value must be there;
        // the evidence CSVs below list every record and must hold all four starts.
        Assert.True(members.Any(c => c.Length > 1 && c[0] == '\'' && FormulaStarts.Contains(c[1])), "ring_members.csv has no guarded value");
        Assert.True(rings.Count > 9, "rings.csv has no ring");

        Ok(CliProcess.Run(dir.Path, "export", "--flagged", "--out", dir.Combine("pk")));
        var evidence = Directory.EnumerateFiles(dir.Combine("pk"), "*.csv", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(evidence);
        var all = new List<string>();
        foreach (var csv in evidence)
        {
            var cells = Cells(csv);
            AssertNoFormula(Path.GetRelativePath(dir.Path, csv), cells);
            all.AddRange(cells);
        }
        AssertAllGuardedStartsPresent("the evidence CSVs", all);
    }

    private static void AssertNoFormula(string where, List<string> cells)
    {
        var bad = cells.FirstOrDefault(c => c.Length > 0 && (FormulaStarts.Contains(c[0]) || c[0] is '\t' or '\r'));
        Assert.True(bad is null, $"{where} has a cell a spreadsheet runs as a formula: {bad}");
    }

    /// <summary>The guard did meet each of the four starts (so <see cref="AssertNoFormula"/> did not pass on files without them).</summary>
    private static void AssertAllGuardedStartsPresent(string where, List<string> cells)
    {
        foreach (char start in FormulaStarts)
            Assert.True(cells.Any(c => c.StartsWith("'" + start, StringComparison.Ordinal)), $"{where} has no guarded value starting with {start}");
    }

    /// <summary>Every cell of a CSV file, header included, as a spreadsheet would read it (quotes removed).</summary>
    private static List<string> Cells(string path)
    {
        using var reader = new CsvReader(new StreamReader(path, Encoding.UTF8), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false });
        var cells = new List<string>();
        while (reader.Read())
            for (int i = 0; i < reader.Parser.Count; i++) cells.Add(reader.GetField(i) ?? "");
        return cells;
    }

    private static void Prefix(string path, string[] columns)
    {
        List<string[]> rows;
        using (var reader = new CsvReader(new StreamReader(path, Encoding.UTF8), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false }))
        {
            rows = [];
            while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        }
        var indexes = columns.Select(c => Array.IndexOf(rows[0], c)).Where(i => i >= 0).ToList();
        Assert.NotEmpty(indexes);
        foreach (var row in rows.Skip(1))
            foreach (int i in indexes)
                if (row[i].Length > 0) row[i] = FormulaStarts[(int)((uint)StableHash(row[i]) % 4)] + row[i];
        using var writer = new CsvWriter(new StreamWriter(path, false, new UTF8Encoding(false)), new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None });
        foreach (var row in rows)
        {
            foreach (var field in row) writer.WriteField(field);
            writer.NextRecord();
        }
    }

    private static int StableHash(string s)
    {
        int h = 17;
        foreach (char c in s) h = unchecked(h * 31 + c);
        return h;
    }
}
