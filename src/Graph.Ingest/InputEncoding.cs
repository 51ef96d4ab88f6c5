namespace Graph.Ingest;

/// <summary>
/// How the bytes of an input CSV file are read (<see cref="LoaderOptions.Encoding"/>, <c>--encoding</c>). A workbook
/// (<c>.xlsx</c>) is always read as what it is; this applies to CSV files only.
/// </summary>
public enum InputEncoding
{
    /// <summary>
    /// Per file: a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); without one, UTF-8 when every byte is valid
    /// UTF-8, else GB18030 (which also reads GBK and GB2312) when every byte is valid GB18030, else the file is
    /// malformed. The default.
    /// </summary>
    Auto,

    /// <summary>UTF-8, with or without a byte-order mark.</summary>
    Utf8,

    /// <summary>GB18030, a superset of GBK and GB2312: what Excel's "CSV (逗号分隔)" writes on a Chinese Windows.</summary>
    Gb18030,

    /// <summary>UTF-16 little-endian (Windows' "Unicode"), with or without a byte-order mark.</summary>
    Utf16LE,

    /// <summary>UTF-16 big-endian, with or without a byte-order mark.</summary>
    Utf16BE,
}

/// <summary>The names <c>--encoding</c> accepts.</summary>
public static class InputEncodings
{
    /// <summary>Every accepted name and what it means, for help texts and error messages.</summary>
    public const string Names = "auto, utf-8, gb18030 (also gbk, gb2312), utf-16le (also utf-16), utf-16be";

    /// <summary>Parses an <c>--encoding</c> value, case-insensitively; false for a name not in <see cref="Names"/>.</summary>
    public static bool TryParse(string? name, out InputEncoding encoding)
    {
        encoding = name?.Trim().ToLowerInvariant() switch
        {
            "auto" => InputEncoding.Auto,
            "utf-8" or "utf8" => InputEncoding.Utf8,
            "gb18030" or "gbk" or "gb2312" or "cp936" => InputEncoding.Gb18030,
            "utf-16le" or "utf16le" or "utf-16" or "utf16" or "unicode" => InputEncoding.Utf16LE,
            "utf-16be" or "utf16be" => InputEncoding.Utf16BE,
            _ => (InputEncoding)(-1),
        };
        return Enum.IsDefined(encoding);
    }

    /// <summary>The display name: <c>UTF-8</c>, <c>GB18030</c>, <c>UTF-16LE</c>, <c>UTF-16BE</c> (<c>auto</c> for <see cref="InputEncoding.Auto"/>).</summary>
    public static string DisplayName(this InputEncoding encoding) => encoding switch
    {
        InputEncoding.Auto => "auto",
        InputEncoding.Utf8 => "UTF-8",
        InputEncoding.Gb18030 => "GB18030",
        InputEncoding.Utf16LE => "UTF-16LE",
        InputEncoding.Utf16BE => "UTF-16BE",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };
}
