using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Graph.Ingest.Internal;
using MiniExcelLibs;
using Property = FsCheck.Property;

namespace Graph.Ingest.Tests;

/// <summary>
/// The input reader as a whole (<see cref="InputSource"/> then <see cref="Utf8CsvReader"/>) on generated tables
/// (FsCheck): any table written as RFC 4180 CSV in any accepted encoding, with any line ending, and read back gives
/// the same cells; so does a table written as a workbook.
/// </summary>
public sealed class CsvRoundTripProperties
{
    private const int Cases = 150;

    /// <summary>A table and how it is written: encoding, byte-order mark, line ending, and whether the reader is told the encoding.</summary>
    public sealed record TextCase(string[][] Rows, InputEncoding Encoding, bool Bom, string LineEnd, bool Named)
    {
        public override string ToString() =>
            $"{Encoding} bom={Bom} named={Named} lineEnd={Escape(LineEnd)} rows=[{string.Join(" | ", Rows.Select(r => string.Join(", ", r.Select(c => $"\"{Escape(c)}\""))))}]";
    }

    private static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>
    /// Cell text that stresses CSV and the decoders: separators, quotes, each kind of line break, spaces at the ends,
    /// Chinese and full-width characters, characters outside the BMP, other scripts; every Unicode scalar but NUL.
    /// </summary>
    private static readonly Gen<string> Cell =
        Gen.ListOf(Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
            (4, Gen.Choose(0x4E00, 0x9FFF).Select(c => ((char)c).ToString())),
            (3, Gen.Elements(",", "\"", "\"\"", "\r", "\n", "\r\n", " ", "\t", "，", "　", "１")),
            (1, Gen.Choose(0x1F300, 0x1FAFF).Select(char.ConvertFromUtf32)),
            (1, Gen.Choose(0x80, 0xD7FF).Select(c => ((char)c).ToString())),
            (1, Gen.Choose(0xE000, 0xFFFD).Select(c => ((char)c).ToString())),
            (1, Gen.Choose(1, 0x1F).Select(c => ((char)c).ToString()))))
        .Select(parts => string.Concat(parts));

    private static readonly Gen<string[][]> Table =
        from columns in Gen.Choose(1, 6)
        from rows in Gen.Choose(1, 8)
        from cells in Gen.ArrayOf(Gen.ArrayOf(Gen.Frequency((1, Gen.Constant("")), (5, Cell)), columns), rows)
        select cells;

    public static Arbitrary<TextCase> TextCases() => Arb.From(
        from rows in Table
        from form in Gen.Elements(
            (InputEncoding.Utf8, false), (InputEncoding.Utf8, true), (InputEncoding.Gb18030, false),
            (InputEncoding.Utf16LE, true), (InputEncoding.Utf16LE, false), (InputEncoding.Utf16BE, true), (InputEncoding.Utf16BE, false))
        from lineEnd in Gen.Elements("\n", "\r\n", "\r")
        // Detection is exact for UTF-8 and with a byte-order mark; GB18030 and UTF-16 without one are named.
        from named in form.Item2 || form.Item1 == InputEncoding.Utf8 ? Gen.Elements(true, false) : Gen.Constant(true)
        select new TextCase(rows, form.Item1, form.Item2, lineEnd, named));

    /// <summary>RFC 4180: a field is quoted when it holds a separator, a quote or a line break, and a lone empty field is <c>""</c> (else the line would be blank).</summary>
    private static string WriteCsv(string[][] rows, string lineEnd)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) text.Append(',');
                string cell = row[i];
                bool quote = cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (row.Length == 1 && cell.Length == 0);
                text.Append(quote ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell);
            }
            text.Append(lineEnd);
        }
        return text.ToString();
    }

    private static string[][] ReadBack(string path, InputEncoding encoding)
    {
        using var input = InputSource.Open(path, "t.csv", encoding, CancellationToken.None);
        using var reader = new Utf8CsvReader(input.Utf8, input.Name, ownsStream: false, lineOf: input.RowOfLine);
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.FieldString).ToArray());
        return [.. rows];
    }

    [Property(MaxTest = Cases)]
    public Property Any_table_written_as_csv_in_any_encoding_and_line_ending_reads_back_cell_for_cell() => Prop.ForAll(TextCases(), c =>
    {
        using var folder = new TestFolder();
        folder.WriteEncoded("t.csv", WriteCsv(c.Rows, c.LineEnd), TestFolder.Encodings.For(c.Encoding), c.Bom);
        var read = ReadBack(Path.Combine(folder.Path, "t.csv"), c.Named ? c.Encoding : InputEncoding.Auto);
        return Same(c.Rows, read);
    });

    public sealed record SheetCase(string[][] Rows)
    {
        public override string ToString() =>
            $"rows=[{string.Join(" | ", Rows.Select(r => string.Join(", ", r.Select(c => $"\"{Escape(c)}\""))))}]";
    }

    /// <summary>
    /// Tables for a workbook: a header row of distinct names, then cells without CR (XML turns CR LF into LF) and
    /// without other control characters but tab and LF (XML 1.0 cannot hold them); no row entirely empty.
    /// </summary>
    public static Arbitrary<SheetCase> SheetCases() => Arb.From(
        from rows in Table
        let cleaned = rows.Select(r => r.Select(c => new string(c.Where(ch => ch >= 0x20 || ch is '\t' or '\n').ToArray())).ToArray()).ToArray()
        where cleaned.All(r => r.Any(cell => cell.Length > 0))
        select new SheetCase([Enumerable.Range(0, rows[0].Length).Select(i => $"列{i}").ToArray(), .. cleaned]));

    [Property(MaxTest = Cases)]
    public Property Any_table_written_as_a_workbook_reads_back_cell_for_cell() => Prop.ForAll(SheetCases(), c =>
    {
        using var folder = new TestFolder();
        var header = c.Rows[0];
        var rows = c.Rows.Skip(1).Select(r => header.Select((h, i) => (h, r[i])).ToDictionary(p => p.h, p => (object?)p.Item2)).ToList();
        var path = Path.Combine(folder.Path, "t.xlsx");
        MiniExcel.SaveAs(path, rows, sheetName: "t");
        var read = ReadBack(path, InputEncoding.Auto);
        return Same(c.Rows, read);
    });

    /// <summary>Equal cell for cell; a row read back may have trailing empty fields only where the table had them too.</summary>
    private static bool Same(string[][] written, string[][] read) =>
        written.Length == read.Length && written.Zip(read).All(p => p.First.SequenceEqual(p.Second));
}
