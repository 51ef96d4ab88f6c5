using System.Globalization;
using Graph.Core;
using Newtonsoft.Json;

namespace Graph.Storage.Sqlite;

/// <summary>
/// How values are spelled in the SQLite file. Timestamps are ISO 8601 text with their offset,
/// <c>2024-03-05T14:22:10+08:00</c>, with seven fraction digits only when the time has a fraction
/// (<c>2024-03-05T14:22:10.1234567+08:00</c>): a <see cref="DateTimeOffset"/> comes back tick- and offset-exact and
/// the file stays readable in any SQLite browser. Money is invariant decimal text so its scale survives; enums are
/// the contract's own words (<c>in_force</c>, <c>bank_account</c>), or NULL when unknown.
/// </summary>
internal static class SqliteValues
{
    private const int ShortLength = 25; // yyyy-MM-ddTHH:mm:ss+hh:mm
    private const int LongLength = 33;  // yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm

    public static object Db(DateTimeOffset? t) => t is { } v ? FormatTime(v) : DBNull.Value;

    public static object Db(decimal? d) => d is { } v ? v.ToString(CultureInfo.InvariantCulture) : DBNull.Value;

    public static string? Text(DateTimeOffset? t) => t is { } v ? FormatTime(v) : null;

    public static string? Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    public static string FormatTime(DateTimeOffset t)
    {
        Span<char> buffer = stackalloc char[LongLength];
        return new string(buffer[..FormatTime(t, buffer)]);
    }

    /// <summary>Writes <paramref name="t"/> into <paramref name="buffer"/> (at least 33 chars) and returns the length.</summary>
    public static int FormatTime(DateTimeOffset t, Span<char> buffer)
    {
        var local = t.DateTime;
        int n = 0;
        Put(buffer, ref n, local.Year, 4); buffer[n++] = '-';
        Put(buffer, ref n, local.Month, 2); buffer[n++] = '-';
        Put(buffer, ref n, local.Day, 2); buffer[n++] = 'T';
        Put(buffer, ref n, local.Hour, 2); buffer[n++] = ':';
        Put(buffer, ref n, local.Minute, 2); buffer[n++] = ':';
        Put(buffer, ref n, local.Second, 2);
        int fraction = (int)(local.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0) { buffer[n++] = '.'; Put(buffer, ref n, fraction, 7); }
        int offset = (int)t.Offset.TotalMinutes;
        buffer[n++] = offset < 0 ? '-' : '+';
        offset = Math.Abs(offset);
        Put(buffer, ref n, offset / 60, 2); buffer[n++] = ':';
        Put(buffer, ref n, offset % 60, 2);
        return n;
    }

    private static void Put(Span<char> buffer, ref int n, int value, int digits)
    {
        for (int i = digits - 1; i >= 0; i--, value /= 10) buffer[n + i] = (char)('0' + value % 10);
        n += digits;
    }

    public static DateTimeOffset ParseTime(string s) => ParseTime(s.AsSpan());

    /// <summary>Parses UTF-8 text straight from a SQLite column (timestamps are ASCII).</summary>
    public static DateTimeOffset ParseTime(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[64];
        if (utf8.Length > chars.Length) return ParseTime(System.Text.Encoding.UTF8.GetString(utf8));
        for (int i = 0; i < utf8.Length; i++) chars[i] = (char)utf8[i];
        return ParseTime(chars[..utf8.Length]);
    }

    /// <summary>
    /// Parses what <see cref="FormatTime(DateTimeOffset)"/> wrote, digit by digit, because a snapshot of a million
    /// holders parses several million timestamps; anything else falls back to the framework's ISO 8601 parser.
    /// </summary>
    public static DateTimeOffset ParseTime(ReadOnlySpan<char> s)
    {
        int zone = s.Length == LongLength ? 27 : s.Length == ShortLength ? 19 : -1;
        if (zone > 0 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':'
            && (s[zone] == '+' || s[zone] == '-') && s[zone + 3] == ':' && (zone == 19 || s[19] == '.'))
        {
            int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
            int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
            int fraction = zone == 27 ? Digits(s, 20, 7) : 0;
            int offH = Digits(s, zone + 1, 2), offM = Digits(s, zone + 4, 2);
            if ((year | month | day | hour | minute | second | fraction | offH | offM) >= 0)
            {
                long ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
                var offset = new TimeSpan(offH, offM, 0);
                return new DateTimeOffset(ticks, s[zone] == '-' ? -offset : offset);
            }
        }
        return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>The number in <paramref name="length"/> ASCII digits at <paramref name="start"/>, or -1.</summary>
    private static int Digits(ReadOnlySpan<char> s, int start, int length)
    {
        int v = 0;
        for (int i = start; i < start + length; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    public static decimal ParseMoney(string s) => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal ParseMoney(ReadOnlySpan<byte> utf8) => decimal.Parse(utf8, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string? ExtraJson(IReadOnlyDictionary<string, string>? extra) =>
        extra is null || extra.Count == 0 ? null : JsonConvert.SerializeObject(extra);

    public static string ToJsonArray(IReadOnlyList<string> values) => JsonConvert.SerializeObject(values);

    public static IReadOnlyList<string> FromJsonArray(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonOutput.Read<string[]>(json) ?? [];

    public static string Word(RingLineage l) => l switch
    {
        RingLineage.New => "new",
        RingLineage.Continued => "continued",
        RingLineage.Merged => "merged",
        RingLineage.Split => "split",
        _ => throw new ArgumentOutOfRangeException(nameof(l), l, "Unknown ring lineage."),
    };

    public static RingLineage RingLineageOf(string s) => s switch
    {
        "new" => RingLineage.New,
        "continued" => RingLineage.Continued,
        "merged" => RingLineage.Merged,
        "split" => RingLineage.Split,
        _ => throw new InvalidDataException($"Unknown ring lineage '{s}' in the store."),
    };
}
