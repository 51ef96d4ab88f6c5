using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Pipeline;
using Graph.Tests.Shared;

namespace Graph.Analytics.Tests.Detection;

/// <summary>rings.xlsx read back with ExcelDataReader (and the sheet XML), not with MiniExcel, which wrote it.</summary>
public class RingsWorkbookTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateTimeOffset First = new(2024, 3, 5, 6, 22, 10, TimeSpan.Zero); // 14:22:10 in China

    private static Ring HandMadeRing() => new(
        "R-000007", 87.46, true, 2, 2, 123456.78m, First, First.AddDays(40),
        [
            new RingReason("shared_phone", "2 unrelated holders changed their phone to one number", 40, 2, 35.5, ["C0001", "C0002"])
            { Observed = 2, Expected = 0.004, Chance = 8e-6 },
            new RingReason("note", "=HYPERLINK(\"http://x\",\"click\") holder 13812345678", 0, 1, 0, ["-1+2", "@ref"]),
            new RingReason("burst", "both surrendered within 2 weeks", 20, 1, 12, ["S0001"]),
        ],
        [
            new RingMember("holder", "H0001", MemberRole.Victim, 3),
            new RingMember("holder", "+H0002", MemberRole.Victim, 2),
            new RingMember("phone", "13812345678", MemberRole.Controller, 2),
            new RingMember("bank_account", "6222020200112233445", MemberRole.Controller, 2),
        ]);

    [Fact]
    public void Workbook_has_a_rings_a_members_and_a_reasons_sheet_with_typed_cells()
    {
        var bytes = RingsWorkbook.Write([HandMadeRing()], topReasons: 2);
        var sheets = XlsxFile.Read(bytes);
        Assert.Equal(["rings", "members", "reasons"], sheets.Select(s => s.Name));

        var rings = sheets[0];
        Assert.Equal(["ring_id", "score", "flagged", "holders", "controllers", "surrender_amount", "first_seen", "last_seen", "top_reasons"], rings.Header);
        var ring = Assert.Single(rings.Rows);
        Assert.Equal("R-000007", rings.Cell(ring, "ring_id"));
        Assert.Equal(87.5, rings.Cell(ring, "score"));
        Assert.Equal(true, rings.Cell(ring, "flagged"));
        Assert.Equal(2.0, rings.Cell(ring, "holders"));
        Assert.Equal(123456.78, rings.Cell(ring, "surrender_amount"));
        Assert.Equal(new DateTime(2024, 3, 5, 14, 22, 10), rings.Cell(ring, "first_seen"));
        Assert.Equal(new DateTime(2024, 4, 14, 14, 22, 10), rings.Cell(ring, "last_seen"));
        Assert.Equal("yyyy-mm-dd hh:mm:ss", rings.FirstRowFormats[rings.Column("first_seen")]);
        // Top reasons: those that contributed, in order, at most two.
        Assert.Equal("2 unrelated holders changed their phone to one number; both surrendered within 2 weeks", rings.Cell(ring, "top_reasons"));

        var members = sheets[1];
        Assert.Equal(["ring_id", "entity_type", "entity_id", "role", "evidence_count"], members.Header);
        Assert.Equal(4, members.Rows.Count);
        Assert.Equal(["victim", "victim", "controller", "controller"], members.Rows.Select(r => members.Cell(r, "role")));
        Assert.Equal(3.0, members.Cell(members.Rows[0], "evidence_count"));

        var reasons = sheets[2];
        Assert.Equal(["ring_id", "code", "description", "weight", "value", "contribution", "observed", "expected", "chance", "record_count", "supporting_records"], reasons.Header);
        Assert.Equal(3, reasons.Rows.Count);
        var phone = reasons.Rows[0];
        Assert.Equal("shared_phone", reasons.Cell(phone, "code"));
        Assert.Equal(40.0, reasons.Cell(phone, "weight"));
        Assert.Equal(35.5, reasons.Cell(phone, "contribution"));
        Assert.Equal(2.0, reasons.Cell(phone, "observed"));
        Assert.Equal(0.004, reasons.Cell(phone, "expected"));
        Assert.Equal(8e-6, reasons.Cell(phone, "chance"));
        Assert.Equal(2.0, reasons.Cell(phone, "record_count"));
        Assert.Equal("C0001 C0002", reasons.Cell(phone, "supporting_records"));
        // A reason that is not a base-rate comparison leaves observed, expected and chance empty.
        Assert.Null(reasons.Cell(reasons.Rows[2], "observed"));
        Assert.Null(reasons.Cell(reasons.Rows[2], "chance"));
    }

    [Fact]
    public void Every_sheet_has_its_header_frozen_filters_on_and_columns_wide_enough_for_the_header()
    {
        var sheets = XlsxFile.Read(RingsWorkbook.Write([HandMadeRing()], topReasons: 3));
        foreach (var sheet in sheets)
        {
            Assert.Equal(1, sheet.FrozenRows);
            Assert.NotNull(sheet.AutoFilter);
            Assert.StartsWith("A1:", sheet.AutoFilter);
            for (int i = 0; i < sheet.Header.Count; i++)
                Assert.True(sheet.Widths[i] >= sheet.Header[i].Length, $"{sheet.Name}.{sheet.Header[i]} is {sheet.Widths[i]} wide");
        }
        // The long top-reasons text widens its column up to the cap.
        var rings = sheets[0];
        Assert.True(rings.Widths[rings.Column("top_reasons")] > 40);
        Assert.True(rings.Widths[rings.Column("top_reasons")] <= 62);
    }

    [Fact]
    public void Contact_values_are_masked_and_never_in_the_file()
    {
        var bytes = RingsWorkbook.Write([HandMadeRing()], topReasons: 3);
        var members = XlsxFile.Read(bytes)[1];
        Assert.Equal(["H0001", "+H0002", "138****5678", "6222****3445"], members.Rows.Select(r => members.Cell(r, "entity_id")));
        var text = XlsxFile.AllText(bytes);
        Assert.DoesNotContain("13812345678", text);
        Assert.DoesNotContain("6222020200112233445", text);
        // The reason text that named the phone shows it masked.
        var reasons = XlsxFile.Read(bytes)[2];
        Assert.Contains("holder 138****5678", (string)reasons.Cell(reasons.Rows[1], "description")!);
    }

    [Fact]
    public void Text_that_looks_like_a_formula_is_stored_as_text()
    {
        var bytes = RingsWorkbook.Write([HandMadeRing()], topReasons: 3);
        var sheets = XlsxFile.Read(bytes);
        Assert.All(sheets, s => Assert.Equal(0, s.Formulas));
        var reasons = sheets[2];
        Assert.StartsWith("=HYPERLINK(\"http://x\",\"click\")", (string)reasons.Cell(reasons.Rows[1], "description")!);
        Assert.Equal("-1+2 @ref", reasons.Cell(reasons.Rows[1], "supporting_records"));
        Assert.Equal("+H0002", sheets[1].Cell(sheets[1].Rows[1], "entity_id"));
    }

    [Fact]
    public void A_run_without_rings_still_has_its_three_headers()
    {
        var sheets = XlsxFile.Read(RingsWorkbook.Write([], topReasons: 3));
        Assert.Equal(["rings", "members", "reasons"], sheets.Select(s => s.Name));
        Assert.All(sheets, s => Assert.Empty(s.Rows));
        Assert.Equal("ring_id", sheets[2].Header[0]);
    }

    [Fact]
    public void Text_longer_than_an_Excel_cell_is_cut_to_fit()
    {
        var ids = Enumerable.Range(0, 5000).Select(i => "C" + i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var ring = HandMadeRing() with { Reasons = [new RingReason("shared_phone", "many", 40, 2, 35.5, ids)] };
        var reasons = XlsxFile.Read(RingsWorkbook.Write([ring], 3))[2];
        var cell = (string)reasons.Cell(reasons.Rows[0], "supporting_records")!;
        Assert.Equal(32_767, cell.Length);
        Assert.EndsWith("…", cell);
        Assert.Equal(5000.0, reasons.Cell(reasons.Rows[0], "record_count"));
    }

    [Fact]
    public void Analyze_writes_rings_xlsx_beside_rings_csv_with_the_same_rings()
    {
        var world = new TestWorld(3000, seed: 5);
        world.PhoneTakeoverRing(12, 100);
        world.RepresentativeRing(9, 600);
        var result = new AnalysisRunner(new FakeStore(world.Build()), new DetectionOptions()).Run(_dir.Path);
        Assert.NotEmpty(result.Run.Rings);
        var csv = File.ReadAllLines(_dir.Combine("rings.csv"), Encoding.UTF8).Skip(1).Select(l => l.Split(',')).ToList();
        var sheet = XlsxFile.Read(_dir.Combine("rings.xlsx"))[0];
        Assert.Equal(csv.Select(c => c[0]), sheet.Rows.Select(r => (string)sheet.Cell(r, "ring_id")!));
        Assert.Equal(csv.Select(c => double.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture)), sheet.Rows.Select(r => (double)sheet.Cell(r, "score")!));
        Assert.Equal(csv.Select(c => c[2] == "true"), sheet.Rows.Select(r => (bool)sheet.Cell(r, "flagged")!));
    }
}
