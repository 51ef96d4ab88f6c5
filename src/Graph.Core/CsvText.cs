using System.Text;

namespace Graph.Core;

/// <summary>
/// CSV as Excel and LibreOffice open it safely: RFC 4180 quoting, a UTF-8 BOM so Chinese shows correctly, and
/// every cell that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab
/// or a carriage return) prefixed with an apostrophe (OWASP "CSV injection"). Every CSV a person may open goes through
/// it: <c>rings.csv</c> and <c>ring_members.csv</c>, evidence package records and quarantine files.
/// </summary>
public static class CsvText
{
    /// <summary>The cell as it is written: guarded against formulas, then quoted when needed.</summary>
    public static string Cell(string? value)
    {
        var v = Guard(value);
        // Quoted also when it starts or ends with a space, which some readers would trim.
        if (v.AsSpan().IndexOfAny(",\"\r\n") < 0 && (v.Length == 0 || (v[0] != ' ' && v[^1] != ' '))) return v;
        return "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The value with an apostrophe in front when a spreadsheet would read it as a formula.</summary>
    public static string Guard(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    /// <summary>A CSV file from a header and rows, UTF-8 with BOM, CRLF line ends (RFC 4180).</summary>
    public static byte[] File(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var sb = new StringBuilder();
        AppendRow(sb, header);
        foreach (var row in rows) AppendRow(sb, row);
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        var bytes = new byte[preamble.Length + body.Length];
        preamble.CopyTo(bytes, 0);
        body.CopyTo(bytes, preamble.Length);
        return bytes;
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string?> row)
    {
        for (int i = 0; i < row.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Cell(row[i]));
        }
        sb.Append("\r\n");
    }
}
