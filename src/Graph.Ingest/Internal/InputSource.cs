using System.Text;

namespace Graph.Ingest.Internal;

/// <summary>
/// One input file opened as what the CSV reader reads, UTF-8 CSV bytes, whatever form it arrived in: a UTF-8 file as
/// it is, a GB18030 or UTF-16 file transcoded as it is read, a workbook's sheet written out as CSV row by row.
/// Everything after this (parsing, mapping, quarantine, the store) is the same for every form.
/// </summary>
/// <remarks>
/// A text file is checked in full before it is read (<see cref="TextEncodings.FirstInvalidByte"/>): a file that fits
/// no encoding is an error naming its line and byte offset before any of its rows is parsed. The check costs one
/// more pass over the bytes.
/// </remarks>
internal sealed class InputSource : IDisposable
{
    private readonly FileStream _file;
    private readonly XlsxCsvStream? _sheet;

    // GB18030 is a code-page encoding, and ExcelDataReader needs code pages for a workbook's internals too.
    static InputSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private InputSource(FileStream file, Stream utf8, string name, string format, XlsxCsvStream? sheet)
    {
        _file = file;
        Utf8 = utf8;
        FileName = System.IO.Path.GetFileName(file.Name);
        Name = name;
        Format = format;
        _sheet = sheet;
    }

    /// <summary>The file's content as UTF-8 CSV bytes.</summary>
    public Stream Utf8 { get; }

    /// <summary>The file's name in the folder, e.g. <c>policyholders.xlsx</c>.</summary>
    public string FileName { get; }

    /// <summary>What messages call it: the file name, and for a workbook the sheet (<c>policyholders.xlsx, sheet "policyholders"</c>).</summary>
    public string Name { get; }

    /// <summary>How it is read: <c>UTF-8</c>, <c>UTF-8 with BOM</c>, <c>GB18030</c>, <c>UTF-16LE with BOM</c>, or for a workbook <c>sheet "policyholders"</c>.</summary>
    public string Format { get; }

    /// <summary>
    /// For a sheet, the row where the CSV record starting on a line of <see cref="Utf8"/> is (they differ once a cell
    /// holds a line break); null for a text file, whose lines are the CSV lines.
    /// </summary>
    public Func<long, long>? RowOfLine => _sheet is null ? null : _sheet.RowOf;

    /// <summary>How far into the file reading is, in bytes of the file, for progress.</summary>
    public long Position(long utf8Consumed) =>
        _sheet is not null ? _sheet.Progress(_file.Length)
        : ReferenceEquals(Utf8, _file) ? utf8Consumed
        : _file.Position;

    /// <summary>Opens <paramref name="path"/>: a <c>.xlsx</c> workbook by its sheets, anything else as text in <paramref name="encoding"/>.</summary>
    /// <param name="contractName">The contract file it stands for (<c>policyholders.csv</c>): a workbook's sheet of that name is read.</param>
    /// <exception cref="MalformedInputException">The file fits no encoding, contradicts the one asked for, or is not a readable workbook.</exception>
    public static InputSource Open(string path, string contractName, InputEncoding encoding, CancellationToken cancellationToken)
    {
        string name = System.IO.Path.GetFileName(path);
        // No FileStream buffer for text: the CSV reader and the check ask for a megabyte at a time.
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            if (IsWorkbook(path))
            {
                var sheet = XlsxCsvStream.Open(file, name, System.IO.Path.GetFileNameWithoutExtension(contractName));
                string sheetFormat = $"sheet \"{sheet.SheetName}\"";
                return new InputSource(file, sheet, $"{name}, {sheetFormat}", sheetFormat, sheet);
            }
            var (used, bom) = CheckText(file, name, encoding, cancellationToken);
            file.Position = 0;
            string format = used.DisplayName() + (bom ? " with BOM" : "");
            if (used == InputEncoding.Utf8) return new InputSource(file, file, name, format, null);
            // Validated above, so the strict decoder does not throw here; the BOM becomes a UTF-8 BOM, which the reader skips.
            // The transcoder reads a few kilobytes at a time: buffer the file under it.
            var utf8 = Encoding.CreateTranscodingStream(
                new BufferedStream(file, 1 << 16), TextEncodings.Strict(used), new UTF8Encoding(false), leaveOpen: false);
            return new InputSource(file, utf8, name, format, null);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True for a file the loader reads as a workbook.</summary>
    public static bool IsWorkbook(string path) => path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The encoding of a text file and whether it starts with a byte-order mark, after checking every byte fits it.</summary>
    private static (InputEncoding Used, bool Bom) CheckText(FileStream file, string name, InputEncoding asked, CancellationToken cancellationToken)
    {
        Span<byte> head = stackalloc byte[4];
        int headLength = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..headLength];
        var marked = TextEncodings.FromByteOrderMark(head, out _);
        if (marked is { } m && asked != InputEncoding.Auto && asked != m)
            throw new MalformedInputException(name, 1,
                $"the file starts with a {m.DisplayName()} byte-order mark but {asked.DisplayName()} was asked for: " +
                $"drop the --encoding option (or use --encoding {m.DisplayName().ToLowerInvariant()})");
        if (marked is null && asked == InputEncoding.Auto && LooksLikeUtf16(file) is { } utf16)
            throw new MalformedInputException(name, 1,
                $"the file looks like {utf16.DisplayName()} without a byte-order mark (every other byte is NUL): " +
                $"pass --encoding {utf16.DisplayName().ToLowerInvariant()}, or re-export it as UTF-8");
        var used = marked ?? (asked == InputEncoding.Auto ? InputEncoding.Utf8 : asked);

        file.Position = 0;
        long bad = TextEncodings.FirstInvalidByte(file, used, name, cancellationToken);
        if (bad < 0) return (used, marked is not null);
        long line = TextEncodings.LineOf(file, bad, used);
        if (marked is not null || asked != InputEncoding.Auto)
        {
            string why = marked is not null ? "as its byte-order mark says" : "as asked for";
            throw new MalformedInputException(name, line,
                $"not valid {used.DisplayName()} ({why}) at byte offset {bad}: re-export the file, or name its encoding with --encoding");
        }

        // Auto without a byte-order mark, and not UTF-8: GB18030 or nothing.
        file.Position = 0;
        long badGb = TextEncodings.FirstInvalidByte(file, InputEncoding.Gb18030, name, cancellationToken);
        if (badGb < 0) return (InputEncoding.Gb18030, false);
        long lineGb = TextEncodings.LineOf(file, badGb, InputEncoding.Gb18030);
        string where = badGb == bad
            ? $"neither valid UTF-8 nor valid GB18030 at byte offset {bad}"
            : $"invalid UTF-8 at byte offset {bad}, and not GB18030 either (invalid at line {lineGb}, byte offset {badGb})";
        throw new MalformedInputException(name, line,
            where + ": re-export the file as UTF-8 (Excel: \"CSV UTF-8\"), or name its encoding with --encoding");
    }

    /// <summary>
    /// UTF-16 without a byte-order mark has a NUL byte in every ASCII character (the header, commas, digits), and
    /// would pass as UTF-8 or GB18030. Which half of the first 4 KB is at least a quarter NUL says the byte order. A
    /// stray NUL in a text file is a bad value, quarantined with its row, not this.
    /// </summary>
    private static InputEncoding? LooksLikeUtf16(FileStream file)
    {
        file.Position = 0;
        var head = new byte[4096];
        int n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        int even = 0, odd = 0;
        for (int i = 0; i < n; i++)
            if (head[i] == 0) { if ((i & 1) == 0) even++; else odd++; }
        if (odd * 4 >= n / 2 && odd > even) return InputEncoding.Utf16LE;
        if (even * 4 >= n / 2 && even > odd) return InputEncoding.Utf16BE;
        return null;
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Utf8, _file)) Utf8.Dispose();
        _file.Dispose();
    }
}
