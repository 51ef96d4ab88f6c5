using System.Globalization;
using Graph.Evidence.Internal;
using Graph.Tests.Shared;

namespace Graph.Evidence.Tests;

/// <summary>records/records.xlsx, read back with ExcelDataReader (and the sheet XML), not with MiniExcel, which wrote it.</summary>
[Collection(EvidenceCollection.Name)]
public class RecordsWorkbookTests(EvidenceFixture fx)
{
    [Fact]
    public void The_workbook_has_a_sheet_per_records_csv_with_the_same_rows_typed()
    {
        var folder = Path.Combine(fx.Masked.Folder, "records");
        var sheets = XlsxFile.Read(Path.Combine(folder, "records.xlsx"));
        var csvs = Directory.EnumerateFiles(folder, "*.csv").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, csvs.Count);
        Assert.Equal(csvs, sheets.Select(s => s.Name).Order(StringComparer.Ordinal));
        int dates = 0, numbers = 0;
        foreach (var sheet in sheets)
        {
            var csv = Csv.Read(Path.Combine(folder, sheet.Name + ".csv")).ToList();
            Assert.Equal(csv[0], sheet.Header);
            Assert.Equal(csv.Count - 1, sheet.Rows.Count);
            Assert.Equal(1, sheet.FrozenRows);
            Assert.NotNull(sheet.AutoFilter);
            Assert.Equal(0, sheet.Formulas);
            for (int r = 0; r < sheet.Rows.Count; r++)
                for (int c = 0; c < sheet.Header.Count; c++)
                {
                    string text = csv[r + 1][c];
                    object? cell = sheet.Rows[r][c];
                    switch (cell)
                    {
                        case null: Assert.Equal("", text); break;
                        case DateTime t:
                            dates++;
                            Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(8)).DateTime, t);
                            break;
                        case double d:
                            numbers++;
                            Assert.Equal(decimal.Parse(text, CultureInfo.InvariantCulture), (decimal)d);
                            break;
                        default:
                            // The CSV guards a formula-looking cell with an apostrophe; the workbook needs no guard.
                            Assert.Equal(text.StartsWith('\'') ? text[1..] : text, cell);
                            break;
                    }
                }
        }
        Assert.True(dates > 20, $"{dates} dates");
        Assert.True(numbers > 10, $"{numbers} numbers");
    }

    [Fact]
    public void The_workbook_is_listed_in_the_manifest_with_its_hash()
    {
        var manifest = PackageVerifier.Verify(fx.Masked.Folder).Manifest!;
        var entry = Assert.Single(manifest.Files, f => f.Path == "records/records.xlsx");
        using var stream = File.OpenRead(Path.Combine(fx.Masked.Folder, "records", "records.xlsx"));
        Assert.Equal(PackageManifest.Sha256(stream), entry.Sha256);
    }

    [Fact]
    public void Formula_looking_values_are_text_and_personal_values_masked()
    {
        var bytes = RecordFiles.Write(HandMadeRing.Evidence()).Single(f => f.Path == RecordFiles.WorkbookPath).Bytes;
        var sheets = XlsxFile.Read(bytes).ToDictionary(s => s.Name);
        Assert.All(sheets.Values, s => Assert.Equal(0, s.Formulas));
        var complaints = sheets["complaints"];
        Assert.Equal(HandMadeRing.FormulaText, complaints.Cell(complaints.Rows[0], "text"));
        Assert.Equal("-1+2", sheets["policies"].Cell(sheets["policies"].Rows[0], "product"));
        Assert.Equal(1234.5, sheets["policies"].Cell(sheets["policies"].Rows[0], "premium"));
        Assert.Equal("@SUM(A1)", sheets["surrender_requests"].Cell(sheets["surrender_requests"].Rows[0], "payout_bank"));
        Assert.Equal(new DateTime(2024, 4, 4, 14, 22, 10), sheets["surrender_requests"].Cell(sheets["surrender_requests"].Rows[0], "requested_at"));

        var holders = sheets["policyholders"];
        Assert.Equal("138****0001", holders.Cell(holders.Rows[0], "phone"));
        Assert.Equal("张*明", holders.Cell(holders.Rows[0], "name"));
        var text = XlsxFile.AllText(bytes);
        Assert.DoesNotContain(HandMadeRing.PhoneA, text);
        Assert.DoesNotContain(HandMadeRing.Account, text);
    }

    [Fact]
    public void An_unmasked_export_shows_the_values_as_loaded()
    {
        var bytes = RecordFiles.Write(HandMadeRing.Evidence(masked: false)).Single(f => f.Path == RecordFiles.WorkbookPath).Bytes;
        var changes = XlsxFile.Read(bytes).Single(s => s.Name == "contact_changes");
        Assert.Equal(HandMadeRing.Account, changes.Cell(changes.Rows[0], "new_value"));
    }
}
