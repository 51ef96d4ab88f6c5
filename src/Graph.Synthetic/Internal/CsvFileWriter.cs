using System.Text;

namespace Graph.Synthetic.Internal;

/// <summary>
/// A streaming RFC 4180 writer: UTF-8 without BOM, CRLF row ends, a field quoted when it holds a comma, quote,
/// line break or edge whitespace (quotes doubled). Hand-rolled because a million-row file is written
/// field by field and needs no reflection or type conversion.
/// </summary>
internal sealed class CsvFileWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private bool _rowStarted;

    public CsvFileWriter(string path, IReadOnlyList<string> header)
    {
        Path = path;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        foreach (var h in header) Field(h);
        _writer.Write("\r\n");
        _rowStarted = false;
    }

    public string Path { get; }

    /// <summary>Data rows written so far (the header is not counted).</summary>
    public long Rows { get; private set; }

    public void Field(string? value)
    {
        if (_rowStarted) _writer.Write(',');
        _rowStarted = true;
        if (string.IsNullOrEmpty(value)) return;
        if (!NeedsQuotes(value)) { _writer.Write(value); return; }
        _writer.Write('"');
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '"') continue;
            _writer.Write(value.AsSpan(start, i + 1 - start));
            _writer.Write('"');
            start = i + 1;
        }
        _writer.Write(value.AsSpan(start));
        _writer.Write('"');
    }

    public void Row(string?[] fields)
    {
        foreach (var f in fields) Field(f);
        EndRow();
    }

    public void EndRow()
    {
        _writer.Write("\r\n");
        _rowStarted = false;
        Rows++;
    }

    private static bool NeedsQuotes(string v)
    {
        if (v[0] == ' ' || v[^1] == ' ' || v[0] == '\u3000' || v[^1] == '\u3000') return true;
        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0;
    }

    public void Dispose() => _writer.Dispose();
}
