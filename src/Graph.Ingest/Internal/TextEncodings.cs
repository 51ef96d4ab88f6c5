using System.Buffers;
using System.Text;

namespace Graph.Ingest.Internal;

/// <summary>
/// Which text encoding a CSV file is in, and where it stops fitting one: byte-order marks, a strict validity scan,
/// and the line of a byte offset for the error message.
/// </summary>
/// <remarks>
/// <para>Why not a statistical charset detector (UTF.Unknown, Ude): the contract names the encodings a file may be
/// in, and the answer must be exact, not a guess. A file without a byte-order mark that is valid UTF-8 is UTF-8 (a
/// GB18030 file with Chinese text is practically never also valid UTF-8); one that is not but decodes cleanly as
/// GB18030 is GB18030; anything else is an error. Files in other legacy encodings (Big5, Shift-JIS) often decode
/// "cleanly" but wrongly as GB18030: they are not supported.</para>
/// <para>The scan validates whole lines at a time (chunks end after a CR or LF), so every chunk is decoded on its own
/// and a decoder's error index is exact. CR and LF never occur inside a multi-byte character of UTF-8 or GB18030
/// (GB18030's trailing bytes are 0x30 and above), and in UTF-16 they are looked for as whole code units.</para>
/// </remarks>
internal static class TextEncodings
{
    private const int ChunkSize = 1 << 20;
    /// <summary>The reader's limit on one record; a longer line is not buffered for validation either.</summary>
    private const int MaxLineBytes = 256 << 20;

    /// <summary>
    /// A decoder for <paramref name="encoding"/> that throws on an invalid byte instead of replacing it. GB18030 needs
    /// the code-page provider, which <see cref="InputSource"/> registers.
    /// </summary>
    public static Encoding Strict(InputEncoding encoding) => encoding switch
    {
        InputEncoding.Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        InputEncoding.Gb18030 => Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        InputEncoding.Utf16LE => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        InputEncoding.Utf16BE => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "auto is not an encoding"),
    };

    /// <summary>The encoding a byte-order mark at the start of <paramref name="head"/> names, or null without one.</summary>
    public static InputEncoding? FromByteOrderMark(ReadOnlySpan<byte> head, out int length)
    {
        length = 0;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { length = 3; return InputEncoding.Utf8; }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) { length = 2; return InputEncoding.Utf16LE; }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) { length = 2; return InputEncoding.Utf16BE; }
        return null;
    }

    /// <summary>
    /// The offset of the first byte of <paramref name="stream"/> (read from its current position to its end) that is
    /// not valid in <paramref name="encoding"/>, counted from the stream's start; -1 when every byte is valid.
    /// </summary>
    /// <exception cref="MalformedInputException">A line is longer than the reader accepts.</exception>
    public static long FirstInvalidByte(Stream stream, InputEncoding encoding, string fileName, CancellationToken cancellationToken = default)
    {
        var strict = Strict(encoding);
        int unit = encoding is InputEncoding.Utf16LE or InputEncoding.Utf16BE ? 2 : 1;
        bool bigEndian = encoding == InputEncoding.Utf16BE;
        long chunkOffset = stream.Position;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int filled = 0;
            bool eof = false;
            while (true)
            {
                while (!eof && filled < buffer.Length)
                {
                    int n = stream.Read(buffer, filled, buffer.Length - filled);
                    if (n == 0) eof = true;
                    filled += n;
                }
                cancellationToken.ThrowIfCancellationRequested();
                int end = eof ? filled : AfterLastLineBreak(buffer.AsSpan(0, filled), unit, bigEndian);
                if (end == 0 && !eof)
                {
                    // One line fills the buffer: make room for the rest of it.
                    if (buffer.Length >= MaxLineBytes)
                        throw new MalformedInputException(fileName, 0, $"a line longer than {MaxLineBytes >> 20} MB: this is not a CSV file");
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    continue;
                }
                int bad = FirstInvalid(buffer.AsSpan(0, end), encoding, strict);
                if (bad >= 0) return chunkOffset + bad;
                if (eof) return -1;
                buffer.AsSpan(end, filled - end).CopyTo(buffer);
                filled -= end;
                chunkOffset += end;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The 1-based line of byte <paramref name="offset"/>, counting line breaks the way the CSV reader does (LF, CRLF
    /// and a lone CR each end one line). Reads <paramref name="stream"/> from its start.
    /// </summary>
    public static long LineOf(Stream stream, long offset, InputEncoding encoding)
    {
        int unit = encoding is InputEncoding.Utf16LE or InputEncoding.Utf16BE ? 2 : 1;
        bool bigEndian = encoding == InputEncoding.Utf16BE;
        stream.Position = 0;
        long line = 1, position = 0;
        bool afterCr = false;
        var buffer = new byte[ChunkSize];
        int n;
        while (position < offset && (n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, offset - position) & ~(unit - 1))) > 0)
        {
            for (int i = 0; i + unit <= n; i += unit)
            {
                int c = unit == 1 ? buffer[i] : bigEndian ? buffer[i] << 8 | buffer[i + 1] : buffer[i + 1] << 8 | buffer[i];
                if (c == '\n') { if (!afterCr) line++; afterCr = false; }
                else if (c == '\r') { line++; afterCr = true; }
                else afterCr = false;
            }
            position += n;
        }
        return line;
    }

    /// <summary>One past the last CR or LF code unit of <paramref name="bytes"/>; 0 when there is none.</summary>
    private static int AfterLastLineBreak(ReadOnlySpan<byte> bytes, int unit, bool bigEndian)
    {
        if (unit == 1) return bytes.LastIndexOfAny((byte)'\n', (byte)'\r') + 1;
        for (int i = (bytes.Length & ~1) - 2; i >= 0; i -= 2)
        {
            int c = bigEndian ? bytes[i] << 8 | bytes[i + 1] : bytes[i + 1] << 8 | bytes[i];
            if (c is '\n' or '\r') return i + 2;
        }
        return 0;
    }

    /// <summary>The index of the first invalid byte of whole lines <paramref name="bytes"/>, -1 when they are valid.</summary>
    private static int FirstInvalid(ReadOnlySpan<byte> bytes, InputEncoding encoding, Encoding strict)
    {
        if (encoding == InputEncoding.Utf8)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes)) return -1;
            int valid = 0;
            while (Rune.DecodeFromUtf8(bytes[valid..], out _, out int consumed) == OperationStatus.Done) valid += consumed;
            return valid;
        }
        try
        {
            strict.GetCharCount(bytes);
            return -1;
        }
        catch (DecoderFallbackException e)
        {
            // Decoders disagree on what Index points at (UTF-16's is past the bad unit, GB18030's at its first byte),
            // so UTF-16 is located unit by unit; GB18030's index is checked by the tests.
            return encoding == InputEncoding.Gb18030 ? Math.Max(0, e.Index) : FirstInvalidUtf16(bytes, encoding == InputEncoding.Utf16BE);
        }
    }

    /// <summary>The offset of the first unpaired surrogate or odd trailing byte; -1 when there is none.</summary>
    private static int FirstInvalidUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        int Unit(ReadOnlySpan<byte> b, int i) => bigEndian ? b[i] << 8 | b[i + 1] : b[i + 1] << 8 | b[i];
        int at = 0;
        for (; at + 1 < bytes.Length; at += 2)
        {
            int c = Unit(bytes, at);
            if (char.IsLowSurrogate((char)c)) return at;
            if (!char.IsHighSurrogate((char)c)) continue;
            if (at + 3 >= bytes.Length || !char.IsLowSurrogate((char)Unit(bytes, at + 2))) return at;
            at += 2;
        }
        return at < bytes.Length ? at : -1;
    }
}
