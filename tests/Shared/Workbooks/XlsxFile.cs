using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using ExcelDataReader;

namespace Graph.Tests.Shared;

/// <summary>One sheet as an independent reader sees it: cells from ExcelDataReader, layout from the sheet's own XML.</summary>
internal sealed class XlsxSheet
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Header { get; init; }
    /// <summary>Rows below the header; cells as ExcelDataReader types them (string, double, bool, DateTime, or null).</summary>
    public required IReadOnlyList<object?[]> Rows { get; init; }
    /// <summary>Column widths in characters as ExcelDataReader reads them.</summary>
    public required IReadOnlyList<double> Widths { get; init; }
    /// <summary>Number format of each cell of the first data row (null when there is none).</summary>
    public required IReadOnlyList<string?> FirstRowFormats { get; init; }
    /// <summary>Rows frozen at the top (the pane's ySplit with state="frozen"), 0 when none.</summary>
    public required int FrozenRows { get; init; }
    /// <summary>The autoFilter range, or null when filters are off.</summary>
    public required string? AutoFilter { get; init; }
    /// <summary>How many cells hold a formula (an &lt;f&gt; element).</summary>
    public required int Formulas { get; init; }

    public int Column(string header)
    {
        int i = Header.ToList().IndexOf(header);
        if (i < 0) throw new KeyNotFoundException($"Sheet {Name} has no column {header}; it has {string.Join(", ", Header)}.");
        return i;
    }

    public object? Cell(object?[] row, string header) => row[Column(header)];
}

/// <summary>
/// Reads a workbook the way a recipient's software would, without the library that wrote it: cell values and types
/// through ExcelDataReader, the frozen pane, filters and formulas from the sheet XML itself.
/// </summary>
internal static class XlsxFile
{
    static XlsxFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static IReadOnlyList<XlsxSheet> Read(string path) => Read(File.ReadAllBytes(path));

    public static IReadOnlyList<XlsxSheet> Read(byte[] bytes)
    {
        var layouts = Layouts(bytes);
        var sheets = new List<XlsxSheet>();
        using var stream = new MemoryStream(bytes);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        do
        {
            string[] header = [];
            var rows = new List<object?[]>();
            var widths = new List<double>();
            var formats = new List<string?>();
            while (reader.Read())
            {
                var cells = new object?[reader.FieldCount];
                for (int i = 0; i < cells.Length; i++) cells[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                if (header.Length == 0)
                {
                    header = [.. cells.Select(c => c?.ToString() ?? "")];
                    for (int i = 0; i < cells.Length; i++) widths.Add(reader.GetColumnWidth(i));
                    continue;
                }
                if (rows.Count == 0)
                    for (int i = 0; i < cells.Length; i++) formats.Add(reader.GetNumberFormatString(i));
                rows.Add(cells);
            }
            var (frozen, filter, formulas) = layouts[reader.Name];
            sheets.Add(new XlsxSheet
            {
                Name = reader.Name, Header = header, Rows = rows, Widths = widths, FirstRowFormats = formats,
                FrozenRows = frozen, AutoFilter = filter, Formulas = formulas,
            });
        } while (reader.NextResult());
        return sheets;
    }

    /// <summary>Every text part of the package (XML), to search for values that must not be there.</summary>
    public static string AllText(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var sb = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var r = new StreamReader(entry.Open(), Encoding.UTF8);
            sb.Append(r.ReadToEnd()).Append('\n');
        }
        return sb.ToString();
    }

    private static Dictionary<string, (int Frozen, string? Filter, int Formulas)> Layouts(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        XDocument Load(string name)
        {
            using var s = (zip.GetEntry(name) ?? throw new InvalidDataException($"The workbook has no {name}.")).Open();
            return XDocument.Load(s);
        }
        var targets = Load("xl/_rels/workbook.xml.rels").Root!.Elements(PackageRel + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        var result = new Dictionary<string, (int, string?, int)>(StringComparer.Ordinal);
        foreach (var sheet in Load("xl/workbook.xml").Root!.Descendants(Main + "sheet"))
        {
            var target = targets[(string)sheet.Attribute(Rel + "id")!].TrimStart('/');
            var xml = Load(target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target);
            var pane = xml.Descendants(Main + "pane").FirstOrDefault();
            int frozen = pane is not null && (string?)pane.Attribute("state") == "frozen" ? (int?)pane.Attribute("ySplit") ?? 0 : 0;
            var filter = (string?)xml.Descendants(Main + "autoFilter").FirstOrDefault()?.Attribute("ref");
            result[(string)sheet.Attribute("name")!] = (frozen, filter, xml.Descendants(Main + "f").Count());
        }
        return result;
    }
}
