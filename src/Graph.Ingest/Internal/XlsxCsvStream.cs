using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Graph.Ingest.Internal;

/// <summary>
/// One sheet of an <c>.xlsx</c> workbook read as UTF-8 CSV, a row at a time as the CSV reader asks for bytes, so a
/// workbook goes through the same parser, mapping and quarantine as a CSV file. Reading is ExcelDataReader's.
/// </summary>
/// <remarks>
/// <para>The sheet: the one named like the contract file (<c>policyholders</c> for <c>policyholders.csv</c>, any
/// case), else the first visible one. The first row with a value is the header; a row without values is a blank
/// line (skipped, as in a CSV file).</para>
/// <para>Cells become the text a CSV export would hold: text as it is; a number with up to 15 significant digits, as
/// Excel shows it (<c>1200.5</c>, <c>13812345678</c>; from 10^15 on in exponent form, which no phone, account or id
/// number normalizes from, because Excel has already lost that number's last digits); a date as ISO 8601
/// (<c>2024-03-05</c>, or <c>2024-03-05T14:22:10</c> when it has a time; China Standard Time, as the contract reads
/// a time without offset); <c>TRUE</c>/<c>FALSE</c>.</para>
/// <para>Quarantine lines and error messages name the sheet's row. A cell with line breaks makes its CSV record span
/// several lines, so <see cref="RowOf"/> maps a CSV line back to the row.</para>
/// </remarks>
internal sealed class XlsxCsvStream : Stream
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly IExcelDataReader _sheet;
    private readonly string _fileName;
    private readonly int _rowCount;
    private byte[] _pending = new byte[1 << 16];
    private int _pendingStart;
    private int _pendingEnd;
    private bool _done;
    /// <summary>The header row's field count; -1 until the header is written.</summary>
    private int _width = -1;
    private long _rowsRead;
    /// <summary>The CSV line the next record starts on.</summary>
    private long _csvLine = 1;
    /// <summary>From CSV line <c>_markLines[i]</c> on, line L is row <c>_markRows[i] + (L - _markLines[i])</c>.</summary>
    private readonly List<long> _markLines = [1];
    private readonly List<long> _markRows = [1];
    private string?[] _cells = [];

    private XlsxCsvStream(IExcelDataReader sheet, string fileName)
    {
        _sheet = sheet;
        _fileName = fileName;
        SheetName = sheet.Name;
        _rowCount = Math.Max(1, sheet.RowCount);
    }

    /// <summary>The name of the sheet being read.</summary>
    public string SheetName { get; }

    /// <summary>Opens the sheet of <paramref name="workbook"/> named <paramref name="sheetName"/>, else its first visible sheet.</summary>
    /// <param name="workbook">The workbook's bytes; left open.</param>
    /// <exception cref="MalformedInputException">Not a readable workbook (damaged, password-protected, an old .xls renamed).</exception>
    public static XlsxCsvStream Open(Stream workbook, string fileName, string sheetName)
    {
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateOpenXmlReader(workbook, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (ExcelDataReader.Exceptions.InvalidPasswordException)
        {
            throw new MalformedInputException(fileName, 0, "the workbook is password-protected: save a copy without a password");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The library's message may quote content; its type says enough.
            throw new MalformedInputException(fileName, 0, $"not a readable .xlsx workbook ({e.GetType().Name}): open it in Excel and save it again as .xlsx");
        }
        try
        {
            int chosen = -1, firstVisible = -1, index = 0;
            do
            {
                if (chosen < 0 && string.Equals(reader.Name?.Trim(), sheetName, StringComparison.OrdinalIgnoreCase)) chosen = index;
                if (firstVisible < 0 && string.Equals(reader.VisibleState, "visible", StringComparison.OrdinalIgnoreCase)) firstVisible = index;
                index++;
            } while (reader.NextResult());
            if (chosen < 0) chosen = Math.Max(0, firstVisible);
            reader.Reset();
            for (int i = 0; i < chosen; i++) reader.NextResult();
            return new XlsxCsvStream(reader, fileName);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The sheet row of the CSV record that starts on line <paramref name="csvLine"/>.</summary>
    public long RowOf(long csvLine)
    {
        int i = _markLines.BinarySearch(csvLine);
        if (i < 0) i = ~i - 1;
        return _markRows[i] + (csvLine - _markLines[i]);
    }

    /// <summary>An estimate of the workbook bytes read so far: its length times the share of rows read.</summary>
    public long Progress(long workbookLength) => (long)(workbookLength * Math.Min(1.0, (double)_rowsRead / _rowCount));

    public override int Read(Span<byte> buffer)
    {
        while (_pendingStart == _pendingEnd && !_done) WriteNextRow();
        int n = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
        _pending.AsSpan(_pendingStart, n).CopyTo(buffer);
        _pendingStart += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads one row of the sheet into the pending bytes as one CSV record (or a blank line).</summary>
    private void WriteNextRow()
    {
        _pendingStart = _pendingEnd = 0;
        long row;
        int last;
        try
        {
            if (!_sheet.Read())
            {
                _done = true;
                return;
            }
            row = _sheet.Depth + 1L;
            _rowsRead++;
            int n = _sheet.FieldCount;
            if (_cells.Length < n) _cells = new string?[n];
            last = -1;
            for (int i = 0; i < n; i++)
            {
                _cells[i] = CellText(_sheet.GetValue(i));
                if (!string.IsNullOrEmpty(_cells[i])) last = i;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MalformedInputException($"{_fileName}, sheet \"{SheetName}\"", _sheet.Depth + 1L,
                $"the sheet cannot be read ({e.GetType().Name}): open it in Excel and save it again as .xlsx");
        }

        if (row - _csvLine != _markRows[^1] - _markLines[^1])
        {
            _markLines.Add(_csvLine);
            _markRows.Add(row);
        }
        if (last >= 0)
        {
            if (_width < 0) _width = last + 1;
            int fields = Math.Max(_width, last + 1);
            for (int i = 0; i < fields; i++)
            {
                if (i > 0) Append(","u8);
                AppendField(_cells[i]);
            }
        }
        Append("\n"u8);
        _csvLine++;
    }

    private void AppendField(string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            Append(text);
            return;
        }
        Append("\""u8);
        Append(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        Append("\""u8);
        // Line breaks inside the quoted field, counted as the CSV reader counts them.
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _csvLine++;
            else if (text[i] == '\r')
            {
                _csvLine++;
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
            }
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += bytes.Length;
    }

    private void Append(string text)
    {
        Reserve(Utf8.GetMaxByteCount(text.Length));
        _pendingEnd += Utf8.GetBytes(text, _pending.AsSpan(_pendingEnd));
    }

    private void Reserve(int bytes)
    {
        if (_pending.Length - _pendingEnd >= bytes) return;
        Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingEnd + bytes));
    }

    /// <summary>A cell as the text a CSV export would hold (see the remarks); null when empty.</summary>
    internal static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("G15", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when t.Millisecond == 0 => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _sheet.Dispose();
        base.Dispose(disposing);
    }
}
