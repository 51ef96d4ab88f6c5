using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Graph.Core;
using Graph.Ingest.Internal;
using Graph.Storage.Sqlite;
using Graph.TestSupport;
using MiniExcelLibs;
using static Graph.Ingest.Tests.TestFolder;

namespace Graph.Ingest.Tests;

/// <summary>
/// Input as it arrives: the same rows as UTF-8 (with or without BOM), GB18030, UTF-16 or an .xlsx workbook load the
/// same records and quarantine the same rows; what fits no encoding is an error naming the line and byte offset.
/// </summary>
public sealed class InputFormsTests
{
    private const string ComplaintsHeader =
        "complaint_id,policy_id,holder_id,filed_at,channel,contact_phone,sender_address,representative_name,representative_id_number,representative_phone,demand,text";

    /// <summary>Chinese text, quoted commas, a line break inside a field, and one bad row per file (lines 4 and 5).</summary>
    private static readonly (string File, string Text)[] Dataset =
    [
        ("policyholders.csv", HoldersHeader + "\r\n" +
            "H1,张三,11010519491231002X,138-1234-5678,\"北京市朝阳区，建国路88号\",北京,2020-01-01\r\n" +
            "H2,李四,,+86 139 0000 1111,上海市徐汇区漕溪北路1号,上海,2021-06-30T08:15:00\r\n" +
            "H3,王五,,,,,not-a-date\r\n"),
        ("policies.csv", PoliciesHeader + "\r\n" +
            // A workbook keeps the number 1200.5, not how many decimals were typed: amounts are stored to the fen either way.
            "P1,H1,A1,终身寿险,1200.50,2020-01-02,in_force\r\n" +
            "P2,H2,A1,年金保险(分红型),88000,2021-07-01T10:00:00+08:00,surrendered\r\n"),
        ("complaints.csv", ComplaintsHeader + "\r\n" +
            "M1,P1,H1,2024-02-01,regulator,13812345678,,,,,全额退保,\"本人张三，\n要求全额退保。\"\r\n" +
            "M2,P2,H2,2024-02-02,hotline,,,,,,退保,\"同上\"\r\n" +
            "M3,P2,H2,2024-02-03,pigeon,,,,,,退保,unknown channel\r\n"),
    ];

    private static void WriteDataset(TestFolder folder, InputEncoding encoding, bool bom)
    {
        foreach (var (file, text) in Dataset) folder.WriteEncoded(file, text, Encodings.For(encoding), bom);
    }

    /// <summary>Every record with every property, as JSON, for comparing loads.</summary>
    private static List<string> Describe(IEnumerable<InputRecord> records, bool withLines = true) =>
        records.Select(r => JsonSerializer.Serialize(withLines ? r : r with { SourceLine = 0 }, r.GetType())).ToList();

    private static (RecordingStore Store, LoadSummary Summary) Load(TestFolder folder, InputEncoding encoding = InputEncoding.Auto)
    {
        var store = new RecordingStore();
        var summary = new FolderLoader(store, new LoaderOptions { Encoding = encoding, ParseAhead = 0 }).Load(folder.Path);
        return (store, summary);
    }

    private static readonly Lazy<(List<string> Records, Dictionary<string, byte[]> Quarantine)> Utf8Baseline = new(() =>
    {
        using var folder = new TestFolder();
        WriteDataset(folder, InputEncoding.Utf8, bom: false);
        var (store, _) = Load(folder);
        return (Describe(store.Records), QuarantineFiles(folder));
    });

    private static Dictionary<string, byte[]> QuarantineFiles(TestFolder folder) =>
        Directory.GetFiles(Path.Combine(folder.Path, "quarantine")).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);

    public static TheoryData<InputEncoding, bool, string> TextForms => new()
    {
        { InputEncoding.Utf8, false, "UTF-8" },
        { InputEncoding.Utf8, true, "UTF-8 with BOM" },
        { InputEncoding.Gb18030, false, "GB18030" },
        { InputEncoding.Utf16LE, true, "UTF-16LE with BOM" },
        { InputEncoding.Utf16BE, true, "UTF-16BE with BOM" },
    };

    [Theory, MemberData(nameof(TextForms))]
    public void Every_text_encoding_is_detected_and_loads_the_records_and_quarantine_of_the_utf8_original(InputEncoding encoding, bool bom, string format)
    {
        using var folder = new TestFolder();
        WriteDataset(folder, encoding, bom);
        var (store, summary) = Load(folder);

        Assert.All(summary.Files, f => Assert.Equal(format, f.Format));
        Assert.All(summary.Files, f => Assert.Equal(f.File, f.Source));
        Assert.All(summary.Files, f => Assert.Equal(f.Read, f.Loaded + f.Quarantined));
        Assert.Equal([1, 0, 1], summary.Files.Select(f => f.Quarantined));
        Assert.Equal(Utf8Baseline.Value.Records, Describe(store.Records));
        Assert.Equal(Utf8Baseline.Value.Quarantine, QuarantineFiles(folder));
    }

    [Theory, MemberData(nameof(TextForms))]
    public void A_named_encoding_reads_the_same_as_detection(InputEncoding encoding, bool bom, string format)
    {
        using var folder = new TestFolder();
        WriteDataset(folder, encoding, bom);
        var (store, summary) = Load(folder, encoding);
        Assert.All(summary.Files, f => Assert.Equal(format, f.Format));
        Assert.Equal(Utf8Baseline.Value.Records, Describe(store.Records));
    }

    [Theory]
    [InlineData(InputEncoding.Utf16LE, "utf-16le")]
    [InlineData(InputEncoding.Utf16BE, "utf-16be")]
    public void Utf16_without_a_bom_is_refused_by_detection_with_its_byte_order_and_read_when_named(InputEncoding encoding, string name)
    {
        using var folder = new TestFolder();
        WriteDataset(folder, encoding, bom: false);
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder));
        Assert.Equal("policyholders.csv", ex.File);
        Assert.Contains($"--encoding {name}", ex.Message);

        var (store, summary) = Load(folder, encoding);
        Assert.All(summary.Files, f => Assert.Equal(encoding.DisplayName(), f.Format));
        Assert.Equal(Utf8Baseline.Value.Records, Describe(store.Records));
    }

    [Fact]
    public void Bytes_valid_in_both_utf8_and_gb18030_are_utf8_unless_gb18030_is_named()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        // "中文" in UTF-8 is E4 B8 AD E6 96 87, which GB18030 reads as three characters: 涓, a private-use one, 枃.
        folder.Write("policyholders.csv", HoldersHeader + "\nH1,中文,,,,,\n");
        Assert.Equal("中文", Assert.Single(Load(folder).Store.Records.OfType<Policyholder>()).Name);
        Assert.Equal("\u6D93\uE15F\u6783", Assert.Single(Load(folder, InputEncoding.Gb18030).Store.Records.OfType<Policyholder>()).Name);
    }

    [Fact]
    public void A_file_that_fits_no_encoding_names_its_line_and_byte_offset_and_nothing_is_written()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("complaints.csv", ComplaintsHeader + "\nM1,P1,H1,2024-02-01,regulator,,,,,,,ok\n");
        // 0xFF is neither UTF-8 nor GB18030; it sits on line 3, at this byte offset.
        var head = Encoding.UTF8.GetBytes(PoliciesHeader + "\nP1,H1,,终身寿险,,,\nP2,H1,,");
        folder.WriteBytes("policies.csv", [.. head, 0xFF, .. ",,,\n"u8]);
        var store = new RecordingStore();

        var ex = Assert.Throws<MalformedInputException>(() => new FolderLoader(store).Load(folder.Path));

        Assert.Equal("policies.csv", ex.File);
        Assert.Equal(3, ex.Line);
        Assert.Contains($"neither valid UTF-8 nor valid GB18030 at byte offset {head.Length}", ex.Message);
        Assert.Empty(store.CommittedBatches);
        Assert.Empty(store.CommittedLoads);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
    }

    [Fact]
    public void Where_utf8_and_gb18030_stop_fitting_at_different_places_both_are_named()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        // Line 2 holds GBK bytes (not UTF-8), line 4 a byte GB18030 has no use for.
        var line2 = Encoding.UTF8.GetBytes(PoliciesHeader + "\nP1,H1,,");
        byte[] gbk = [0xB1, 0xA3, 0xCF, 0xD5];
        var lines3And4 = ",,,\nP2,H1,,,,,\nP3,H1,,"u8.ToArray();
        folder.WriteBytes("policies.csv", [.. line2, .. gbk, .. lines3And4, 0x80, .. ",,,\n"u8]);
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder));
        Assert.Equal(2, ex.Line);
        Assert.Contains($"invalid UTF-8 at byte offset {line2.Length}, and not GB18030 either " +
                        $"(invalid at line 4, byte offset {line2.Length + gbk.Length + lines3And4.Length})", ex.Message);
    }

    [Fact]
    public void A_named_encoding_the_file_does_not_fit_names_line_and_byte_offset()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var head = Encoding.UTF8.GetBytes(PoliciesHeader + "\r\nP1,H1,,,,,\r\n\r\nP2,H1,,");
        folder.WriteBytes("policies.csv", [.. head, 0xB1, 0xA3, 0xCF, 0xD5, .. ",,,\r\n"u8]); // product "保险" in GBK
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder, InputEncoding.Utf8));
        Assert.Equal(4, ex.Line);
        Assert.Contains($"not valid UTF-8 (as asked for) at byte offset {head.Length}", ex.Message);
        // Detection reads the same file as GB18030.
        var (store, summary) = Load(folder);
        Assert.Equal("GB18030", summary.Files.Single(f => f.File == "policies.csv").Format);
        Assert.Contains(store.Records.OfType<Policy>(), p => p.Id == "P2" && p.Product == "保险");
    }

    [Fact]
    public void A_broken_surrogate_in_utf16_names_its_line_and_byte_offset()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var text = Encodings.Utf16LE.GetBytes(PoliciesHeader + "\nP1,H1,,");
        byte[] bytes = [0xFF, 0xFE, .. text, 0x00, 0xD8, .. Encodings.Utf16LE.GetBytes(",,,,\n")]; // a lone high surrogate
        folder.WriteBytes("policies.csv", bytes);
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder));
        Assert.Equal(2, ex.Line);
        Assert.Contains($"not valid UTF-16LE (as its byte-order mark says) at byte offset {2 + text.Length}", ex.Message);
    }

    [Fact]
    public void A_byte_order_mark_that_contradicts_the_named_encoding_is_malformed()
    {
        using var folder = new TestFolder();
        WriteDataset(folder, InputEncoding.Utf16LE, bom: true);
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder, InputEncoding.Gb18030));
        Assert.Contains("UTF-16LE byte-order mark but GB18030 was asked for", ex.Message);
    }

    // Workbooks.

    private static readonly string[] DateColumns = ["created_at", "issued_at", "filed_at"];

    /// <summary>
    /// The rows of a CSV text as a sheet, typed as a data warehouse export would be: dates as dates, the premium as a
    /// number, everything else as text. Values that do not parse (the bad rows) stay text.
    /// </summary>
    private static List<Dictionary<string, object?>> SheetRows(string csv)
    {
        using var reader = new Utf8CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "t.csv");
        reader.Read();
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.FieldString).ToArray();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (int i = 0; i < header.Length; i++)
            {
                string value = reader.FieldString(i);
                row[header[i]] = value.Length == 0 ? null
                    : DateColumns.Contains(header[i]) && IsoTime(value) is { } t ? t
                    : header[i] == "premium" && decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d
                    : value;
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A contract timestamp as the China Standard Time wall clock a date cell holds; null for anything else.</summary>
    private static DateTime? IsoTime(string value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:sszzz"],
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? (value.Length > 19 ? t.ToOffset(TimeSpan.FromHours(8)).DateTime : t.UtcDateTime)
            : null;

    private static void WriteWorkbook(TestFolder folder, string file, params (string Sheet, object Rows)[] sheets)
    {
        var all = new Dictionary<string, object>();
        foreach (var (sheet, rows) in sheets) all[sheet] = rows;
        MiniExcel.SaveAs(Path.Combine(folder.Path, file), all);
    }

    [Fact]
    public void Workbooks_load_the_records_and_quarantine_of_the_csv_files_with_sheet_rows_as_lines()
    {
        using var folder = new TestFolder();
        foreach (var (file, text) in Dataset)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            // A first sheet that is not the data: the sheet named like the file is the one read.
            WriteWorkbook(folder, stem + ".xlsx", ("说明", new[] { new { note = "导出说明" } }), (stem, SheetRows(text)));
        }
        var (store, summary) = Load(folder);

        Assert.Equal(["policyholders.xlsx", "policies.xlsx", "complaints.xlsx"], summary.Files.Select(f => f.Source));
        Assert.All(summary.Files, f => Assert.Equal($"sheet \"{Path.GetFileNameWithoutExtension(f.File)}\"", f.Format));
        Assert.Equal([1, 0, 1], summary.Files.Select(f => f.Quarantined));
        using var baseline = new TestFolder();
        foreach (var (file, text) in Dataset) baseline.Write(file, text);
        var expected = Load(baseline).Store.Records.ToList();
        // Same records; the lines differ only after the multi-line complaint, where the sheet has one row and the CSV two lines.
        var (want, got) = (Describe(expected, withLines: false), Describe(store.Records, withLines: false));
        for (int i = 0; i < Math.Min(want.Count, got.Count); i++) Assert.Equal(want[i], got[i]);
        Assert.Equal(want.Count, got.Count);
        Assert.Equal([2, 3], store.Records.OfType<Complaint>().Select(c => c.SourceLine));
        Assert.Equal([2, 3], store.Records.OfType<Policyholder>().Select(c => c.SourceLine));
        var quarantined = File.ReadAllLines(Path.Combine(folder.Path, "quarantine", "complaints.csv"));
        Assert.StartsWith("4,", quarantined[1]); // sheet row 4 (CSV line 5)
        Assert.StartsWith("4,", File.ReadAllLines(Path.Combine(folder.Path, "quarantine", "policyholders.csv"))[1]);
    }

    [Fact]
    public void A_workbook_without_a_sheet_named_like_the_file_is_read_from_its_first_visible_sheet()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        File.Delete(Path.Combine(folder.Path, "policyholders.csv"));
        WriteWorkbook(folder, "policyholders.xlsx",
            ("hidden", new[] { new Dictionary<string, object?> { ["holder_id"] = "HX" } }),
            ("Sheet1", new[] { new Dictionary<string, object?> { ["holder_id"] = "H1", ["name"] = "张三" } }),
            ("Sheet2", new[] { new Dictionary<string, object?> { ["holder_id"] = "H2" } }));
        HideSheet(Path.Combine(folder.Path, "policyholders.xlsx"), "hidden");

        var (store, summary) = Load(folder);

        Assert.Equal("sheet \"Sheet1\"", summary.Files[0].Format);
        Assert.Equal("张三", Assert.Single(store.Records.OfType<Policyholder>()).Name);
    }

    /// <summary>Marks a sheet hidden in the workbook's <c>xl/workbook.xml</c> (MiniExcel writes every sheet visible).</summary>
    private static void HideSheet(string path, string sheet)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("xl/workbook.xml")!;
        string xml;
        using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
        int at = xml.IndexOf($"name=\"{sheet}\"", StringComparison.Ordinal);
        int state = xml.IndexOf("state=\"visible\"", at, StringComparison.Ordinal);
        Assert.True(at > 0 && state > at && state < xml.IndexOf("/>", at, StringComparison.Ordinal), xml);
        xml = xml[..state] + "state=\"hidden\"" + xml[(state + "state=\"visible\"".Length)..];
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
        writer.Write(xml);
    }

    [Fact]
    public void Blank_sheet_rows_are_skipped_but_counted_so_quarantine_names_the_sheet_row()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        File.Delete(Path.Combine(folder.Path, "policies.csv"));
        WriteWorkbook(folder, "policies.xlsx", ("policies", new[]
        {
            new Dictionary<string, object?> { ["policy_id"] = "P1", ["holder_id"] = "H1", ["premium"] = 1200.5m },
            new Dictionary<string, object?> { ["policy_id"] = null, ["holder_id"] = null, ["premium"] = null },
            new Dictionary<string, object?> { ["policy_id"] = "P2", ["holder_id"] = "H1", ["premium"] = "a lot" },
        }));
        var (store, summary) = Load(folder);
        var policies = summary.Files.Single(f => f.File == "policies.csv");
        Assert.Equal((2L, 1L, 1L), (policies.Read, policies.Loaded, policies.Quarantined));
        Assert.Equal(1200.5m, Assert.Single(store.Records.OfType<Policy>()).Premium);
        Assert.StartsWith("4,", File.ReadAllLines(Path.Combine(folder.Path, "quarantine", "policies.csv"))[1]);
    }

    [Fact]
    public void A_header_error_in_a_workbook_names_the_file_the_sheet_and_the_row()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        File.Delete(Path.Combine(folder.Path, "policies.csv"));
        WriteWorkbook(folder, "policies.xlsx", ("policies", new[] { new Dictionary<string, object?> { ["policy_id"] = "P1", ["agent_id"] = "A1" } }));
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder));
        Assert.Equal("policies.xlsx, sheet \"policies\"", ex.File);
        Assert.Equal(1, ex.Line);
        Assert.Contains("holder_id", ex.Problem);
    }

    [Fact]
    public void A_csv_file_and_a_workbook_for_the_same_contract_file_is_malformed()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        WriteWorkbook(folder, "Policies.xlsx", ("policies", new[] { new { policy_id = "P1", holder_id = "H1" } }));
        var ex = Assert.Throws<MalformedInputException>(() => Load(folder));
        Assert.Contains("both policies.csv and Policies.xlsx", ex.Message);
    }

    [Fact]
    public void A_damaged_workbook_stops_the_load_and_the_store_and_quarantine_stay_as_they_were()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", HoldersHeader + "\nH1,张三,,,,,\n,no key,,,,,\n");
        folder.WriteBytes("complaints.xlsx", "PK\u0003\u0004 this is not a workbook"u8.ToArray());
        var store = new RecordingStore();
        var ex = Assert.Throws<MalformedInputException>(() => new FolderLoader(store).Load(folder.Path));
        Assert.Equal("complaints.xlsx", ex.File);
        Assert.Contains("not a readable .xlsx workbook", ex.Message);
        Assert.Empty(store.CommittedBatches);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
    }

    // Atomicity, in every form.

    public static TheoryData<string> Forms => ["UTF-8", "UTF-8 with BOM", "GB18030", "UTF-16LE with BOM", "UTF-16BE with BOM", "xlsx"];

    /// <summary>Writes <see cref="Dataset"/> in <paramref name="form"/>, one of <see cref="Forms"/>.</summary>
    private static void WriteForm(TestFolder folder, string form)
    {
        switch (form)
        {
            case "xlsx":
                foreach (var (file, text) in Dataset)
                {
                    var stem = Path.GetFileNameWithoutExtension(file);
                    WriteWorkbook(folder, stem + ".xlsx", (stem, SheetRows(text)));
                }
                break;
            default:
                var encoding = form.Split(' ')[0] switch
                {
                    "UTF-8" => InputEncoding.Utf8,
                    "GB18030" => InputEncoding.Gb18030,
                    "UTF-16LE" => InputEncoding.Utf16LE,
                    _ => InputEncoding.Utf16BE,
                };
                WriteDataset(folder, encoding, bom: form.EndsWith("with BOM", StringComparison.Ordinal));
                break;
        }
    }

    /// <summary>A SQLite store that already holds one committed load, and its content hash.</summary>
    private static (SqliteGraphStore Store, string Path, string Hash) StoreWithOneLoad(TestFolder root)
    {
        var path = Path.Combine(root.Path, "graph.db");
        using (var before = new TestFolder())
        {
            before.Write("policyholders.csv", HoldersHeader + "\nH9,赵六,,13900001111,杭州市西湖区文三路100号,杭州,2019-05-01\n");
            before.Write("policies.csv", PoliciesHeader + "\nP9,H9,A9,终身寿险,500,2019-05-02,in_force\n");
            using var first = new SqliteGraphStore(path);
            Assert.False(new FolderLoader(first).Load(before.Path).AlreadyLoaded);
        }
        return (new SqliteGraphStore(path), path, StoreContent.Hash(path));
    }

    /// <summary>Cancels when the loader reports progress on <see cref="File"/>; reports arrive on the loading thread.</summary>
    private sealed class CancelOnFile(string file, CancellationTokenSource cancellation) : IProgress<LoadProgress>
    {
        public bool Seen { get; private set; }

        public void Report(LoadProgress value)
        {
            if (value.File != file) return;
            Seen = true;
            cancellation.Cancel();
        }
    }

    [Theory, MemberData(nameof(Forms))]
    public void A_load_cancelled_in_its_last_file_leaves_the_store_as_it_was_and_loads_in_full_when_run_again(string form)
    {
        using var root = new TestFolder();
        using var folder = new TestFolder();
        WriteForm(folder, form);
        var (store, path, before) = StoreWithOneLoad(root);
        using (store)
        {
            using var cancellation = new CancellationTokenSource();
            // Every row reports progress, so the cancellation comes while complaints (the last file) is being read,
            // after the rows of the other files went to the store's transaction.
            var cancelInComplaints = new CancelOnFile("complaints.csv", cancellation);
            var loader = new FolderLoader(store, new LoaderOptions { ProgressInterval = 1 });
            Assert.ThrowsAny<OperationCanceledException>(() => loader.Load(folder.Path, cancelInComplaints, cancellation.Token));
            Assert.True(cancelInComplaints.Seen);
            Assert.Equal(before, StoreContent.Hash(path));
            Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));

            // Not recorded as loaded: the same folder loads in full, with its quarantine.
            var again = new FolderLoader(store).Load(folder.Path);
            Assert.False(again.AlreadyLoaded);
            Assert.Equal([1, 0, 1], again.Files.Select(f => f.Quarantined));
            Assert.All(again.Files, f => Assert.Equal(f.Read, f.Loaded + f.Quarantined));
            Assert.NotEqual(before, StoreContent.Hash(path));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Theory, MemberData(nameof(Forms))]
    public void A_load_stopped_by_a_malformed_last_file_leaves_the_store_as_it_was(string form)
    {
        using var root = new TestFolder();
        using var folder = new TestFolder();
        WriteForm(folder, form);
        // The last file read breaks after its rows started going to the store: a quoted field never closed, or a
        // workbook that cannot be opened.
        if (form == "xlsx") folder.WriteBytes("complaints.xlsx", "PK\u0003\u0004 not a workbook"u8.ToArray());
        else
        {
            var complaints = Path.Combine(folder.Path, "complaints.csv");
            var encoding = TestFolder.Encodings.For(form.StartsWith("UTF-16BE", StringComparison.Ordinal) ? InputEncoding.Utf16BE
                : form.StartsWith("UTF-16LE", StringComparison.Ordinal) ? InputEncoding.Utf16LE
                : form == "GB18030" ? InputEncoding.Gb18030 : InputEncoding.Utf8);
            using var append = new FileStream(complaints, FileMode.Append);
            append.Write(encoding.GetBytes("M4,P2,H2,2024-02-04,hotline,,,,,,退保,\"never closed\r\n"));
        }
        var (store, path, before) = StoreWithOneLoad(root);
        using (store)
        {
            var ex = Assert.Throws<MalformedInputException>(() => new FolderLoader(store).Load(folder.Path));
            Assert.StartsWith("complaints.", ex.File);
            Assert.Equal(before, StoreContent.Hash(path));
            Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public static TheoryData<object?, string?> Cells => new()
    {
        { null, null },
        { "  text as is, \"quoted\"  ", "  text as is, \"quoted\"  " },
        { 1200.5, "1200.5" },
        { 88000.0, "88000" },
        { 0.1 + 0.2, "0.3" },
        { 13812345678.0, "13812345678" },
        // Excel keeps 15 significant digits: a card number stored as a number has lost its last ones already, and
        // the exponent form keeps it from normalizing into a wrong account.
        { 6222021234567890123.0, "6.22202123456789E+18" },
        { new DateTime(2024, 3, 5), "2024-03-05" },
        { new DateTime(2024, 3, 5, 14, 22, 10), "2024-03-05T14:22:10" },
        { new DateTime(2024, 3, 5, 14, 22, 10, 250), "2024-03-05T14:22:10.250" },
        { true, "TRUE" },
    };

    [Theory, MemberData(nameof(Cells))]
    public void A_cell_becomes_the_text_a_csv_export_holds(object? cell, string? text) =>
        Assert.Equal(text, XlsxCsvStream.CellText(cell));

    [Fact]
    public void A_card_number_stored_as_a_number_does_not_normalize_into_a_wrong_account()
    {
        var text = XlsxCsvStream.CellText(6222021234567890123.0);
        Assert.Null(BankAccountNormalizer.Normalize(text).Value);
        Assert.Null(PhoneNormalizer.Normalize(text).Value);
        Assert.Null(IdNumberNormalizer.Normalize(XlsxCsvStream.CellText(110105194912310021.0)).Value);
    }
}
