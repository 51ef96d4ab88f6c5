using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using MiniExcelLibs;

namespace Graph.Cli.Tests;

/// <summary>
/// Issue 14's acceptance for input: one generated insurer delivered as UTF-8 CSV, GB18030 CSV, UTF-16 CSV and .xlsx
/// workbooks loads, through the real <c>fraudgraph</c>, into stores that give byte-identical <c>stats</c> and
/// <c>rings.csv</c>, and that hold the same content.
/// </summary>
public sealed partial class InputFormsEndToEndTests
{
    static InputFormsEndToEndTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static CliResult Fraudgraph(string directory, params string[] args)
    {
        var r = CliProcess.Run(directory, args);
        Assert.True(r.ExitCode == 0, $"fraudgraph {string.Join(' ', args)}: exit {r.ExitCode}\n{r.Output}\n{r.Error}");
        return r;
    }

    [Fact]
    public void The_same_insurer_as_utf8_gb18030_utf16_csv_and_xlsx_gives_byte_identical_stats_and_rings()
    {
        using var dir = new TempDir();
        Fraudgraph(dir.Path, "generate", "--holders", "4000", "--seed", "14", "--out", dir.Combine("utf8", "input"), "--truth", dir.Combine("truth.json"));
        var source = dir.Combine("utf8", "input");
        var csvFiles = Directory.GetFiles(source, "*.csv");
        Assert.Equal(6, csvFiles.Length);
        foreach (var file in csvFiles)
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            Write(dir.Combine("gb18030", "input", Path.GetFileName(file)), Encoding.GetEncoding("GB18030").GetBytes(text));
            Write(dir.Combine("utf16", "input", Path.GetFileName(file)), [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
            WriteWorkbook(dir.Combine("xlsx", "input", Path.ChangeExtension(Path.GetFileName(file), ".xlsx")), text);
        }

        var results = new Dictionary<string, (string Load, string Stats, byte[] Rings, byte[] Members, string Store, string Input)>();
        foreach (var form in new[] { "utf8", "gb18030", "utf16", "xlsx" })
        {
            // Each store is fraudgraph.db in the form's own folder, so nothing in the output differs but the data.
            var home = dir.Combine(form);
            var load = Fraudgraph(home, "load", "input").Output;
            var stats = Fraudgraph(home, "stats", "--top", "50").Output;
            Fraudgraph(home, "analyze", "--out", "out");
            results[form] = (load, stats, File.ReadAllBytes(Path.Combine(home, "out", "rings.csv")), File.ReadAllBytes(Path.Combine(home, "out", "ring_members.csv")),
                StoreContent.Hash(Path.Combine(home, "fraudgraph.db"), withLoadFingerprints: false), InputFingerprint(Path.Combine(home, "out", "run.json")));
        }

        // The load says what it read.
        Assert.Contains("policyholders.csv: read=4000 loaded=", results["utf8"].Load);
        Assert.Matches(@"policyholders\.csv: read=\d+ loaded=\d+ quarantined=\d+ \(UTF-8,", results["utf8"].Load);
        Assert.Matches(@"policyholders\.csv: read=\d+ loaded=\d+ quarantined=\d+ \(GB18030,", results["gb18030"].Load);
        Assert.Matches(@"policyholders\.csv: read=\d+ loaded=\d+ quarantined=\d+ \(UTF-16LE with BOM,", results["utf16"].Load);
        Assert.Matches(@"policyholders\.csv: read=\d+ loaded=\d+ quarantined=\d+ \(policyholders\.xlsx, sheet ""policyholders"",", results["xlsx"].Load);
        var baseline = results["utf8"];
        Assert.Contains("Most-shared contact points", baseline.Stats);
        Assert.True(baseline.Rings.Length > 200, "the generated insurer has rings");
        foreach (var (form, r) in results)
        {
            // Every row accounted for the same way, whatever the form.
            Assert.Equal(Counts(baseline.Load), Counts(r.Load));
            Assert.Equal(baseline.Stats, r.Stats);
            Assert.True(baseline.Rings.AsSpan().SequenceEqual(r.Rings), $"rings.csv from {form} differs from the UTF-8 one");
            Assert.True(baseline.Members.AsSpan().SequenceEqual(r.Members), $"ring_members.csv from {form} differs from the UTF-8 one");
            // And the stores themselves: every node, link and property (but the fingerprint of the bytes delivered).
            Assert.True(baseline.Store == r.Store, $"the store loaded from {form} differs from the UTF-8 one");
            Assert.Equal(baseline.Input, r.Input);
        }
    }

    private const string HoldersHeader = "holder_id,name,id_number,phone,address,city,created_at";
    private const string PoliciesHeader = "policy_id,holder_id,agent_id,product,premium,issued_at,status";

    [Fact]
    public void Encodings_on_the_command_line_a_forced_one_is_used_a_file_fitting_none_exits_two_with_file_line_and_byte_and_the_store_stays()
    {
        using var dir = new TempDir();
        var store = dir.Combine("graph.db");
        // "中文" as UTF-8 bytes, which GB18030 also reads (as three other characters): detection says UTF-8,
        // --encoding gb18030 is obeyed.
        Write(dir.Combine("good", "policyholders.csv"), Encoding.UTF8.GetBytes(HoldersHeader + "\nH1,中文,,,,,\n"));
        Write(dir.Combine("good", "policies.csv"), Encoding.UTF8.GetBytes(PoliciesHeader + "\nP1,H1,,,,,\n"));
        var forced = Fraudgraph(dir.Path, "--store", store, "load", "good", "--encoding", "gb18030");
        Assert.Matches(@"policyholders\.csv: read=1 loaded=1 quarantined=0 \(GB18030,", forced.Output);
        var before = StoreContent.Hash(store);

        var unknown = CliProcess.Run(dir.Path, "--store", store, "load", "good", "--encoding", "big5");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--encoding big5", unknown.Error);
        Assert.Contains("gb18030", unknown.Error);

        // 0xFF is neither UTF-8 nor GB18030: line 3 of policies.csv, at this byte offset.
        Write(dir.Combine("bad", "policyholders.csv"), Encoding.UTF8.GetBytes(HoldersHeader + "\nH2,李四,,,,,\n"));
        var head = Encoding.UTF8.GetBytes(PoliciesHeader + "\nP2,H2,,,,,\nP3,H2,,");
        Write(dir.Combine("bad", "policies.csv"), [.. head, 0xFF, .. ",,,\n"u8]);
        var bad = CliProcess.Run(dir.Path, "--store", store, "load", "bad");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"policies.csv, line 3: neither valid UTF-8 nor valid GB18030 at byte offset {head.Length}", bad.Error);
        Assert.Contains("Nothing was written to the store.", bad.Error);
        Assert.Equal(before, StoreContent.Hash(store));
    }

    /// <summary>run.json's fingerprint of the data analyzed (the same for two stores with the same data).</summary>
    private static string InputFingerprint(string runJson)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(runJson));
        return json.RootElement.GetProperty("input_fingerprint").GetString()!;
    }

    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The <c>read= loaded= quarantined=</c> part of every file line of a load's output.</summary>
    private static List<string> Counts(string loadOutput) =>
        [.. CountsPattern().Matches(loadOutput).Select(m => m.Value)];

    [GeneratedRegex(@"^\w+\.csv: read=\d+ loaded=\d+ quarantined=\d+", RegexOptions.Multiline)]
    private static partial Regex CountsPattern();

    /// <summary>
    /// One CSV file as a workbook the way a data warehouse exports it: dates and times as date cells, money as
    /// numbers, everything else (ids, phones, accounts) as text. A value the contract's parsers would refuse stays
    /// text, so the spoiled rows are spoiled the same way in every form.
    /// </summary>
    private static void WriteWorkbook(string path, string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (int i = 0; i < header.Length; i++)
            {
                string value = reader.GetField(i) ?? "";
                row[header[i]] = value.Length == 0 ? null
                    : header[i].EndsWith("_at", StringComparison.Ordinal) && IsoTime(value) is { } t ? t
                    : header[i] is "premium" or "amount" && MoneyPattern().IsMatch(value) ? decimal.Parse(value, CultureInfo.InvariantCulture)
                    : value;
            }
            rows.Add(row);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        MiniExcel.SaveAs(path, rows, sheetName: Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>A contract timestamp as the China Standard Time wall clock a date cell holds; null for anything else.</summary>
    private static DateTime? IsoTime(string value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:sszzz"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var t) && value.Trim() == value
            ? (value.Length > 19 ? t.ToOffset(TimeSpan.FromHours(8)).DateTime : t.UtcDateTime)
            : null;

    [GeneratedRegex(@"^[0-9]+(\.[0-9]{1,2})?$")]
    private static partial Regex MoneyPattern();
}
