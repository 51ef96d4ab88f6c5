using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Graph.Ingest.Internal;

/// <summary>
/// A small RFC 4180 reader working on UTF-8 bytes. Fields are slices of one buffer; a string is made only when a
/// caller asks for one, and dates, money and enum values are parsed from the bytes directly.
/// </summary>
/// <remarks>
/// <para>Why not CsvHelper (33.0.1, checked): the contract wants an unterminated quoted field to be an error naming
/// the line where the field started, and invalid UTF-8 to be an error naming its line. CsvHelper in RFC 4180 mode
/// swallows the rest of the file into the open field and reports it through <c>BadDataFound</c> with
/// <c>RawRow</c> = the last line of the file; in its other modes it does not report it at all. It also decodes
/// through a <see cref="TextReader"/>, where a decoding error carries no line. Working on bytes also keeps parsing
/// well above the 300k rows/s a million-holder load needs.</para>
/// <para>Grammar: fields separated by <c>,</c>; records end at LF, CRLF or a lone CR (each counts as one physical
/// line, inside quoted fields too). A field starting with <c>"</c> is quoted: <c>""</c> inside is one quote, and
/// after the closing quote only spaces or tabs may come before the separator. A quote inside an unquoted field is
/// kept as a character (lenient, as most writers are). Blank lines are skipped and are not records. A UTF-8 BOM at
/// the start of the stream is skipped; all bytes of every record must be valid UTF-8. Structural delimiters are
/// ASCII, which never occur inside a multi-byte UTF-8 sequence, so scanning bytes is exact.</para>
/// </remarks>
internal sealed class Utf8CsvReader : IDisposable
{
    private const int InitialBufferSize = 1 << 20;
    /// <summary>A single record longer than this is treated as a runaway quoted field rather than buffered further.</summary>
    private const int MaxRecordBytes = 256 << 20;
    private static readonly SearchValues<byte> UnquotedStops = SearchValues.Create(",\r\n"u8);
    private static readonly SearchValues<byte> QuotedStops = SearchValues.Create("\"\r\n"u8);

    private readonly Stream _stream;
    private readonly string _fileName;
    private readonly bool _ownsStream;
    private readonly Func<long, long>? _lineOf;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;
    private long _line = 1;
    private long _bytesConsumed;

    private int[] _fieldStart = new int[32];
    private int[] _fieldLength = new int[32];
    private bool[] _fieldEscaped = new bool[32];
    private int _fieldCount;
    /// <summary>True when the current record has a quoted field: a record of just <c>""</c> is one empty field, not a blank line.</summary>
    private bool _anyQuoted;
    private byte[] _scratch = new byte[256];

    /// <param name="initialBufferSize">Tests pass a tiny size to exercise records spanning buffer refills.</param>
    /// <param name="lineOf">
    /// Where the record starting on a line of <paramref name="stream"/> is in the file it came from, when the two
    /// differ (a workbook's rows written as CSV); <see cref="RecordLine"/> reports that.
    /// </param>
    public Utf8CsvReader(Stream stream, string fileName, bool ownsStream = true, int initialBufferSize = InitialBufferSize, Func<long, long>? lineOf = null)
    {
        _stream = stream;
        _fileName = fileName;
        _ownsStream = ownsStream;
        _lineOf = lineOf;
        _buffer = initialBufferSize >= 1024 ? ArrayPool<byte>.Shared.Rent(initialBufferSize) : new byte[Math.Max(1, initialBufferSize)];
    }

    /// <summary>The physical line where the current record starts (or where the constructor's <c>lineOf</c> puts it).</summary>
    public long RecordLine => _lineOf is null ? _recordLine : _lineOf(_recordLine);

    private long _recordLine;

    /// <summary>The file name used in error messages.</summary>
    public string FileName => _fileName;

    /// <summary>Bytes of the stream consumed up to the end of the current record.</summary>
    public long BytesConsumed => _bytesConsumed;

    /// <summary>Fields of the current record.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>
    /// Moves to the next record; false at the end of the stream.
    /// </summary>
    /// <exception cref="MalformedInputException">Unterminated quoted field, stray character after a closing quote, invalid UTF-8.</exception>
    public bool Read()
    {
        while (true)
        {
            if (!TryParseRecord(out int next, out long nextLine))
            {
                if (Refill()) continue;
                return false;
            }

            // A blank line is no record: skip it and keep its line in the count.
            bool blank = _fieldCount == 1 && _fieldLength[0] == 0 && !_anyQuoted;
            var record = _buffer.AsSpan(_start, next - _start);
            if (!System.Text.Unicode.Utf8.IsValid(record)) ThrowInvalidUtf8(record);
            _recordLine = _line;
            _line = nextLine;
            _bytesConsumed += next - _start;
            _start = next;
            if (blank) continue;
            return true;
        }
    }

    /// <summary>
    /// The bytes of field <paramref name="index"/> (quotes removed, <c>""</c> unescaped), empty past the last field.
    /// Valid until the next call to this method or <see cref="Read"/>.
    /// </summary>
    public ReadOnlySpan<byte> Field(int index)
    {
        if ((uint)index >= (uint)_fieldCount) return default;
        var raw = _buffer.AsSpan(_fieldStart[index], _fieldLength[index]);
        if (!_fieldEscaped[index]) return raw;
        if (_scratch.Length < raw.Length) _scratch = new byte[Math.Max(raw.Length, _scratch.Length * 2)];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            _scratch[n++] = b;
            if (b == (byte)'"') i++; // the second quote of a "" pair
        }
        return _scratch.AsSpan(0, n);
    }

    /// <summary>Field <paramref name="index"/> as a string, untrimmed; empty string when empty.</summary>
    public string FieldString(int index)
    {
        var span = Field(index);
        return span.IsEmpty ? "" : Encoding.UTF8.GetString(span);
    }

    /// <summary>
    /// Tries to parse one record at <see cref="_start"/> from the buffered bytes. False when the buffer ends before the
    /// record does and more input may follow (the caller refills and tries again from the record's start).
    /// </summary>
    private bool TryParseRecord(out int next, out long nextLine)
    {
        if (!_bomChecked)
        {
            if (_end - _start < 3 && !_eof) { next = 0; nextLine = 0; return false; }
            var head = _buffer.AsSpan(_start, _end - _start);
            if (head.StartsWith("\uFEFF"u8)) { _start += 3; _bytesConsumed += 3; }
            // Excel's "Unicode text" and some Windows tools write UTF-16: say so rather than "invalid UTF-8".
            else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
                ThrowMalformed(1, "the file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8)");
            _bomChecked = true;
        }

        byte[] buf = _buffer;
        int pos = _start;
        long line = _line;
        _fieldCount = 0;
        _anyQuoted = false;
        next = 0;
        nextLine = 0;
        if (pos == _end) return false; // at end of stream: no record (or: need more)

        while (true)
        {
            if (pos == _end)
            {
                // The stream ended right after a separator: the last field is empty.
                if (!_eof) return false;
                AddField(pos, 0, false);
                next = pos;
                nextLine = line;
                return true;
            }

            if (buf[pos] == (byte)'"')
            {
                long fieldLine = line;
                _anyQuoted = true;
                int contentStart = ++pos;
                bool escaped = false;
                while (true)
                {
                    int k = pos < _end ? buf.AsSpan(pos, _end - pos).IndexOfAny(QuotedStops) : -1;
                    if (k < 0)
                    {
                        if (!_eof) return false;
                        ThrowMalformed(fieldLine, "unterminated quoted field (it starts on this line and runs to the end of the file)");
                    }
                    pos += k;
                    byte b = buf[pos];
                    if (b == (byte)'\n') { line++; pos++; continue; }
                    if (b == (byte)'\r')
                    {
                        if (pos + 1 == _end && !_eof) return false;
                        line++;
                        pos += pos + 1 < _end && buf[pos + 1] == (byte)'\n' ? 2 : 1;
                        continue;
                    }
                    // A quote: doubled means one literal quote, otherwise it closes the field.
                    if (pos + 1 == _end && !_eof) return false;
                    if (pos + 1 < _end && buf[pos + 1] == (byte)'"') { escaped = true; pos += 2; continue; }
                    break;
                }
                AddField(contentStart, pos - contentStart, escaped);
                pos++;
                while (pos < _end && (buf[pos] == (byte)' ' || buf[pos] == (byte)'\t')) pos++;
                if (pos == _end)
                {
                    if (!_eof) return false;
                    next = pos;
                    nextLine = line;
                    return true;
                }
                byte after = buf[pos];
                if (after != (byte)',' && after != (byte)'\r' && after != (byte)'\n')
                    ThrowMalformed(line, "unexpected character after a closing quote (a quote inside a quoted field must be doubled)");
            }
            else
            {
                int k = buf.AsSpan(pos, _end - pos).IndexOfAny(UnquotedStops);
                if (k < 0)
                {
                    if (!_eof) return false;
                    AddField(pos, _end - pos, false);
                    next = _end;
                    nextLine = line;
                    return true;
                }
                AddField(pos, k, false);
                pos += k;
            }

            // pos is at a separator or a line break.
            byte sep = buf[pos];
            if (sep == (byte)',') { pos++; continue; }
            if (sep == (byte)'\r')
            {
                if (pos + 1 == _end && !_eof) return false;
                pos += pos + 1 < _end && buf[pos + 1] == (byte)'\n' ? 2 : 1;
            }
            else
            {
                pos++;
            }
            next = pos;
            nextLine = line + 1;
            return true;
        }
    }

    private void AddField(int start, int length, bool escaped)
    {
        if (_fieldCount == _fieldStart.Length)
        {
            Array.Resize(ref _fieldStart, _fieldCount * 2);
            Array.Resize(ref _fieldLength, _fieldCount * 2);
            Array.Resize(ref _fieldEscaped, _fieldCount * 2);
        }
        _fieldStart[_fieldCount] = start;
        _fieldLength[_fieldCount] = length;
        _fieldEscaped[_fieldCount] = escaped;
        _fieldCount++;
    }

    /// <summary>Moves the unconsumed bytes to the front, grows the buffer when one record fills it, reads more. False at end of stream.</summary>
    private bool Refill()
    {
        if (_eof) return false;
        int pending = _end - _start;
        if (_start == 0 && _end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes)
                ThrowMalformed(_line, $"a record longer than {MaxRecordBytes >> 20} MB starts on this line (most likely an unterminated quoted field)");
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, pending).CopyTo(bigger);
            ReturnBuffer();
            _buffer = bigger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        _start = 0;
        _end = pending;
        while (_end < _buffer.Length)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) { _eof = true; break; }
            _end += n;
        }
        return true;
    }

    [DoesNotReturn]
    private void ThrowInvalidUtf8(ReadOnlySpan<byte> record)
    {
        int valid = 0;
        while (valid < record.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(record[valid..], out _, out int consumed);
            if (status != OperationStatus.Done) break;
            valid += consumed;
        }
        Debug.Assert(valid < record.Length);
        long line = _line;
        var before = record[..valid];
        for (int i = 0; i < before.Length; i++)
        {
            if (before[i] == (byte)'\n') line++;
            else if (before[i] == (byte)'\r' && (i + 1 >= before.Length || before[i + 1] != (byte)'\n')) line++;
        }
        ThrowMalformed(line, "invalid UTF-8 (the file must be UTF-8; re-export it or convert it, e.g. from GBK)");
    }

    [DoesNotReturn]
    private void ThrowMalformed(long line, string problem) => throw new MalformedInputException(_fileName, line, problem);

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
        ReturnBuffer();
        _buffer = [];
    }

    private void ReturnBuffer()
    {
        // Tiny test buffers were not rented.
        if (_buffer.Length >= 1024) ArrayPool<byte>.Shared.Return(_buffer);
    }
}
