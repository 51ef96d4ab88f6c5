namespace Graph.Ingest.Internal;

/// <summary>Parsers for the contract's value formats, working on UTF-8 bytes so no string is made for them.</summary>
internal static class ValueParsers
{
    /// <summary>China Standard Time: the offset of a timestamp that names none (CONTRACT.md).</summary>
    public static readonly TimeSpan DefaultOffset = TimeSpan.FromHours(8);

    /// <summary>
    /// ISO 8601 as the contract uses it: <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and
    /// <c>HH:mm</c>, <c>HH:mm:ss</c> or <c>HH:mm:ss.fffffff</c>, optionally followed by <c>Z</c> or an offset
    /// <c>±HH:mm</c>, <c>±HHmm</c> or <c>±HH</c>. Without an offset the time is +08:00. Leading and trailing spaces
    /// are ignored. Calendar checks are real (no 2023-02-29, no 24:00).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        s = s.Trim((byte)' ');
        if (s.Length < 10) return false;
        if (!Digits(s, 0, 4, out int year) || s[4] != (byte)'-' || !Digits(s, 5, 2, out int month) || s[7] != (byte)'-' || !Digits(s, 8, 2, out int day))
            return false;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var offset = DefaultOffset;
        int p = 10;
        if (p < s.Length)
        {
            byte sep = s[p];
            if (sep != (byte)'T' && sep != (byte)'t' && sep != (byte)' ') return false;
            p++;
            if (!Digits(s, p, 2, out hour) || p + 2 >= s.Length || s[p + 2] != (byte)':' || !Digits(s, p + 3, 2, out minute)) return false;
            p += 5;
            if (p < s.Length && s[p] == (byte)':')
            {
                if (!Digits(s, p + 1, 2, out second)) return false;
                p += 3;
                if (p < s.Length && (s[p] == (byte)'.' || s[p] == (byte)','))
                {
                    p++;
                    int digits = 0;
                    long scale = TimeSpan.TicksPerSecond;
                    while (p < s.Length && (uint)(s[p] - '0') <= 9)
                    {
                        // Beyond 100 ns the digits are dropped, as DateTime itself cannot hold them.
                        if (scale > 1) { scale /= 10; fractionTicks += (s[p] - '0') * scale; }
                        digits++;
                        p++;
                    }
                    if (digits == 0) return false;
                }
            }
            if (hour > 23 || minute > 59 || second > 59) return false;
            if (p < s.Length && !TryParseOffset(s[p..], out offset)) return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        // The instant must be representable in UTC too (0001-01-01T00:00+08:00 is not).
        var utc = local.Ticks - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> s, out TimeSpan offset)
    {
        offset = default;
        if (s.Length == 1 && (s[0] == (byte)'Z' || s[0] == (byte)'z')) { offset = TimeSpan.Zero; return true; }
        if (s.Length < 3 || (s[0] != (byte)'+' && s[0] != (byte)'-')) return false;
        if (!Digits(s, 1, 2, out int h)) return false;
        int m = 0;
        if (s.Length == 6 && s[3] == (byte)':') { if (!Digits(s, 4, 2, out m)) return false; }
        else if (s.Length == 5) { if (!Digits(s, 3, 2, out m)) return false; }
        else if (s.Length != 3) return false;
        if (h > 14 || m > 59 || (h == 14 && m > 0)) return false;
        offset = new TimeSpan(h, m, 0);
        if (s[0] == (byte)'-') offset = -offset;
        return true;
    }

    /// <summary>
    /// Yuan with up to two decimals: <c>1234</c>, <c>1234.5</c>, <c>1234.50</c>, and with strict thousands groups
    /// <c>1,234.50</c> (spreadsheet exports write them). No sign (a negative amount is bad data), no exponent,
    /// at most 15 integer digits. Leading and trailing spaces are ignored. The value always has two decimals
    /// (<c>1234.00</c>, <c>1234.50</c>): how many were typed is not part of the amount, and a workbook's number cell
    /// has none to keep, so the same amount is stored the same way whatever form the file came in.
    /// </summary>
    public static bool TryParseMoney(ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0;
        s = s.Trim((byte)' ');
        if (s.IsEmpty) return false;
        long units = 0;
        int intDigits = 0;
        int groupDigits = 0; // digits since the last thousands comma (or the start)
        bool grouped = false;
        int p = 0;
        for (; p < s.Length; p++)
        {
            byte b = s[p];
            if ((uint)(b - '0') <= 9)
            {
                units = units * 10 + (b - '0');
                intDigits++;
                groupDigits++;
                if (intDigits > 15) return false;
            }
            else if (b == (byte)',')
            {
                // The first group may have 1-3 digits, every later one exactly 3.
                if (intDigits == 0 || groupDigits > 3 || (grouped && groupDigits != 3)) return false;
                grouped = true;
                groupDigits = 0;
            }
            else break;
        }
        if (intDigits == 0 || (grouped && groupDigits != 3)) return false;
        byte scale = 0;
        if (p < s.Length)
        {
            if (s[p] != (byte)'.') return false;
            p++;
            int fracDigits = s.Length - p;
            if (fracDigits < 1 || fracDigits > 2) return false;
            for (; p < s.Length; p++)
            {
                byte b = s[p];
                if ((uint)(b - '0') > 9) return false;
                units = units * 10 + (b - '0');
            }
            scale = (byte)fracDigits;
        }
        // To the fen: at most 15 + 2 digits, well inside a long.
        for (; scale < 2; scale++) units *= 10;
        value = new decimal((int)(units & 0xFFFFFFFF), (int)(units >> 32), 0, false, scale);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
