using System.Globalization;
using System.Text;
using Graph.Core;

namespace Graph.Synthetic.Internal;

/// <summary>
/// Makes values and writes them the many ways people and systems type them. Each method that formats takes the
/// random stream of the row it is for, so the same phone or account appears in several raw spellings that all
/// normalize to one value (the normalizers in Graph.Core are the arbiter).
/// </summary>
internal static class Fake
{
    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
        "158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "198", "199",
    ];

    /// <summary>A normalized mainland mobile: 11 digits.</summary>
    public static string Mobile(Rng r)
    {
        Span<char> c = stackalloc char[11];
        var p = MobilePrefixes[r.Next(MobilePrefixes.Length)];
        p.AsSpan().CopyTo(c);
        for (int i = 3; i < 11; i++) c[i] = (char)('0' + r.Next(10));
        return new string(c);
    }

    /// <summary>A normalized landline: area code + 8 digits (7 after a 4-digit code is rarer; kept simple).</summary>
    public static string Landline(Rng r, City city)
    {
        var sb = new StringBuilder(city.AreaCode);
        sb.Append((char)('2' + r.Next(8)));
        for (int i = 0; i < 7; i++) sb.Append((char)('0' + r.Next(10)));
        return sb.ToString();
    }

    /// <summary>One of the spellings of a normalized phone (mobile or landline) seen in insurer systems.</summary>
    public static string FormatPhone(string digits, Rng r)
    {
        if (digits.Length == 11 && digits[0] == '1')
        {
            int k = r.Next(100);
            if (k < 55) return digits;
            if (k < 65) return $"+86 {digits[..3]}-{digits[3..7]}-{digits[7..]}";
            if (k < 73) return $"0086 {digits[..3]} {digits[3..7]} {digits[7..]}";
            if (k < 80) return "86-" + digits;
            if (k < 88) return $"{digits[..3]}-{digits[3..7]}-{digits[7..]}";
            if (k < 93) return $"{digits[..3]} {digits[3..7]} {digits[7..]}";
            if (k < 97) return ToFullWidth(digits);
            return "(+86)" + digits;
        }
        int area = digits.StartsWith("01", StringComparison.Ordinal) || digits.StartsWith("02", StringComparison.Ordinal) ? 3 : 4;
        int m = r.Next(100);
        if (m < 60) return digits[..area] + "-" + digits[area..];
        if (m < 75) return "(" + digits[..area] + ")" + digits[area..];
        if (m < 90) return digits[..area] + " " + digits[area..(area + 4)] + " " + digits[(area + 4)..];
        if (m < 96) return digits;
        return ToFullWidth(digits[..area] + "-" + digits[area..]);
    }

    public static string ToFullWidth(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (c == ' ') sb.Append('\u3000');
            else if (c >= '!' && c <= '~') sb.Append((char)(c + 0xFEE0));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A resident id number: 18 digits with its MOD 11-2 check digit.</summary>
    public static string IdNumber18(Rng r, City city, DateTime birth, bool male)
    {
        Span<char> c = stackalloc char[18];
        city.RegionCodes[r.Next(city.RegionCodes.Length)].AsSpan().CopyTo(c);
        birth.TryFormat(c[6..], out _, "yyyyMMdd", CultureInfo.InvariantCulture);
        int seq = r.Next(0, 500) * 2 + (male ? 1 : 0);
        seq.TryFormat(c[14..], out _, "D3", CultureInfo.InvariantCulture);
        c[17] = IdNumberNormalizer.CheckDigit(c[..17]);
        return new string(c);
    }

    /// <summary>How an id number is written: mostly as is, a trailing X sometimes lower-case, rarely the 15-digit legacy form.</summary>
    public static string FormatIdNumber(string id18, Rng r, bool allowLegacy)
    {
        if (allowLegacy && r.Chance(0.04))
            return string.Concat(id18.AsSpan(0, 6), id18.AsSpan(8, 9)); // legacy: 2-digit year, no check digit
        if (id18[17] == 'X' && r.Chance(0.35)) return string.Concat(id18.AsSpan(0, 17), "x");
        return id18;
    }

    /// <summary>A bank card number of 16–19 digits, Luhn-valid unless <paramref name="luhnValid"/> is false.</summary>
    public static string BankAccount(Rng r, out int bankIndex, bool luhnValid = true)
    {
        bankIndex = r.Next(ChineseData.Banks.Length);
        var bank = ChineseData.Banks[bankIndex];
        int len = r.Chance(0.55) ? 19 : r.Next(16, 19);
        Span<char> c = stackalloc char[len];
        bank.Bins[r.Next(bank.Bins.Length)].AsSpan().CopyTo(c);
        for (int i = 6; i < len - 1; i++) c[i] = (char)('0' + r.Next(10));
        c[len - 1] = '0';
        int check = LuhnCheck(c[..(len - 1)]);
        c[len - 1] = (char)('0' + (luhnValid ? check : (check + 1 + r.Next(9)) % 10));
        return new string(c);
    }

    private static int LuhnCheck(ReadOnlySpan<char> body)
    {
        int sum = 0;
        bool dbl = true;
        for (int i = body.Length - 1; i >= 0; i--)
        {
            int v = body[i] - '0';
            if (dbl) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            dbl = !dbl;
        }
        return (10 - sum % 10) % 10;
    }

    public static string FormatAccount(string digits, Rng r)
    {
        int k = r.Next(100);
        if (k < 80) return digits;
        if (k < 95)
        {
            var sb = new StringBuilder(digits.Length + 5);
            for (int i = 0; i < digits.Length; i++)
            {
                if (i > 0 && i % 4 == 0) sb.Append(' ');
                sb.Append(digits[i]);
            }
            return sb.ToString();
        }
        return ToFullWidth(digits);
    }

    public static string Name(Rng r, int surname, bool male)
    {
        var pool = male ? ChineseData.MaleGivenChars : ChineseData.FemaleGivenChars;
        var s = ChineseData.Surnames[surname].Hanzi;
        return r.Chance(0.25) ? s + pool[r.Next(pool.Length)] : s + pool[r.Next(pool.Length)] + pool[r.Next(pool.Length)];
    }

    public static int Surname(Rng r) => r.PickWeighted(ChineseData.SurnameCumulative);

    public static int CityIndex(Rng r) => r.PickWeighted(ChineseData.CityCumulative);

    /// <summary>
    /// A home address in canonical form: single spaces only where the canonical form has them, so that the
    /// spellings from <see cref="FormatAddress"/> normalize back to exactly this.
    /// </summary>
    public static string HomeAddress(Rng r, City city)
    {
        var sb = new StringBuilder(48);
        if (city.Province.Length > 0 && r.Chance(0.5)) sb.Append(city.Province);
        sb.Append(city.Name).Append('市');
        sb.Append(city.Districts[r.Next(city.Districts.Length)]);
        if (r.Chance(0.3)) sb.Append(' ');
        sb.Append(city.Streets[r.Next(city.Streets.Length)]).Append(r.Next(1, 999)).Append('号');
        if (r.Chance(0.7))
        {
            sb.Append(ChineseData.Communities[r.Next(ChineseData.Communities.Length)]);
            sb.Append(r.Next(1, 40)).Append('栋');
            if (r.Chance(0.6)) sb.Append(r.Next(1, 6)).Append("单元");
            sb.Append(r.Next(1, 33)).Append(r.Next(1, 5).ToString("D2", CultureInfo.InvariantCulture)).Append('室');
        }
        return sb.ToString();
    }

    public static string OfficeAddress(Rng r, City city)
    {
        var sb = new StringBuilder(48);
        sb.Append(city.Name).Append('市');
        sb.Append(city.Districts[r.Next(city.Districts.Length)]);
        sb.Append(city.Streets[r.Next(city.Streets.Length)]).Append(r.Next(1, 999)).Append('号');
        sb.Append(ChineseData.OfficeBuildings[r.Next(ChineseData.OfficeBuildings.Length)]);
        sb.Append(r.Next(2, 40)).Append(r.Next(1, 30).ToString("D2", CultureInfo.InvariantCulture)).Append('室');
        return sb.ToString();
    }

    /// <summary>A spelling of a canonical address: full-width digits, doubled or ideographic spaces, padding.</summary>
    public static string FormatAddress(string canonical, Rng r)
    {
        int k = r.Next(100);
        if (k < 78) return canonical;
        if (k < 88)
        {
            var sb = new StringBuilder(canonical.Length);
            foreach (char c in canonical) sb.Append(c is >= '0' and <= '9' ? (char)(c + 0xFEE0) : c);
            return sb.ToString();
        }
        if (k < 94) return canonical.Contains(' ') ? canonical.Replace(" ", r.Chance(0.5) ? "   " : "\u3000") : " " + canonical;
        return canonical + "  ";
    }

    public static string Device(Rng r)
    {
        int k = r.Next(3);
        ulong a = r.NextU64(), b = r.NextU64();
        return k switch
        {
            0 => $"{a >> 32:x8}-{(a >> 16) & 0xFFFF:x4}-{a & 0xFFFF:x4}-{b >> 48:x4}-{b & 0xFFFFFFFFFFFF:x12}",
            1 => $"android-{a:x16}",
            _ => $"ios-{b:x16}",
        };
    }

    /// <summary>A device id as typed by the logging system: upper-case now and then.</summary>
    public static string FormatToken(string token, Rng r) => r.Chance(0.1) ? token.ToUpperInvariant() : token;

    public static string Ip(Rng r)
    {
        int first;
        do first = r.Next(1, 224); while (first is 10 or 127 or 172 or 192 or 169 or 100);
        return $"{first}.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}";
    }

    public static string Email(Rng r, int surname)
    {
        var p = ChineseData.Surnames[surname].Pinyin;
        var d = ChineseData.EmailDomains[r.Next(ChineseData.EmailDomains.Length)];
        return r.Next(3) switch
        {
            0 => $"{p}{r.Next(1960, 2005)}{r.Next(100)}@{d}",
            1 => $"{r.Next(10000, 999999999)}@qq.com",
            _ => $"{p}_{(char)('a' + r.Next(26))}{(char)('a' + r.Next(26))}{r.Next(1000)}@{d}",
        };
    }

    /// <summary>
    /// A timestamp as written by the source systems. Most carry no offset (they mean +08:00), some say
    /// <c>+08:00</c>, and dates alone appear where the field is a day.
    /// </summary>
    public static string FormatTime(DateTime local, Rng r, double dateOnlyShare = 0.03)
    {
        double x = r.NextDouble();
        if (x < dateOnlyShare) return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (x < dateOnlyShare + 0.15) return local.ToString("yyyy-MM-dd'T'HH:mm:ss'+08:00'", CultureInfo.InvariantCulture);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public static string Date(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Yuan with up to two decimals, trailing zeros sometimes dropped.</summary>
    public static string Money(long cents, Rng r)
    {
        long y = cents / 100, f = cents % 100;
        if (f == 0 && r.Chance(0.6)) return y.ToString(CultureInfo.InvariantCulture);
        if (f % 10 == 0 && r.Chance(0.5)) return y.ToString(CultureInfo.InvariantCulture) + "." + (f / 10).ToString(CultureInfo.InvariantCulture);
        return y.ToString(CultureInfo.InvariantCulture) + "." + f.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>A time of day weighted to office hours: people call, visit and click mostly by day.</summary>
    public static DateTime At(DateTime day, Rng r)
    {
        int hour = r.Chance(0.85) ? r.Next(8, 21) : r.Next(24);
        return day.Date.AddHours(hour).AddMinutes(r.Next(60)).AddSeconds(r.Next(60));
    }

    public static readonly string[] BadDates = ["2024-13-45", "yesterday", "2023-02-30", "31/31/2023", "2024-00-10T25:61:00", "上周三", "20x4-05-06"];
    public static readonly string[] BadAmounts = ["12,3x", "abc", "1.2.3", "--5", "壹佰元", "12..50"];
}
