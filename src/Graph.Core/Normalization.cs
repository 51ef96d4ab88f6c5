using System.Text;

namespace Graph.Core;

/// <summary>Width and whitespace folding shared by every normalizer.</summary>
public static class TextNormalizer
{
    /// <summary>Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space become their ASCII forms.</summary>
    public static string ToHalfWidth(string s)
    {
        int i = 0;
        while (i < s.Length && !IsFullWidth(s[i])) i++;
        if (i == s.Length) return s;
        return string.Create(s.Length, (s, i), static (dst, state) =>
        {
            var (src, first) = state;
            src.AsSpan(0, first).CopyTo(dst);
            for (int k = first; k < src.Length; k++) dst[k] = ToHalfWidth(src[k]);
        });
    }

    /// <summary>The half-width form of one character (itself when it has none).</summary>
    public static char ToHalfWidth(char c) =>
        c == '\u3000' ? ' ' : c >= '\uFF01' && c <= '\uFF5E' ? (char)(c - 0xFEE0) : c;

    private static bool IsFullWidth(char c) => c == '\u3000' || (c >= '\uFF01' && c <= '\uFF5E');

    /// <summary>Trims and turns every run of whitespace into one ASCII space.</summary>
    public static string CollapseWhitespace(string s)
    {
        if (IsCollapsed(s)) return s;
        var sb = new StringBuilder(s.Length);
        bool pendingSpace = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = sb.Length > 0; continue; }
            if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    // Most values are clean: no leading, trailing, doubled or non-space whitespace. Those are returned as they are.
    private static bool IsCollapsed(string s)
    {
        if (s.Length == 0) return true;
        if (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return false;
        bool previousSpace = false;
        foreach (char c in s)
        {
            if (c == ' ') { if (previousSpace) return false; previousSpace = true; }
            else if (char.IsWhiteSpace(c)) return false;
            else previousSpace = false;
        }
        return true;
    }

    /// <summary><paramref name="raw"/> itself when it already equals <paramref name="value"/>, else a new string: saves an allocation for clean input.</summary>
    internal static string Reuse(string raw, ReadOnlySpan<char> value) => raw.AsSpan().SequenceEqual(value) ? raw : value.ToString();
}

/// <summary>Mainland China phone numbers (CONTRACT.md "Normalization").</summary>
public static class PhoneNormalizer
{
    /// <summary>
    /// Drops whitespace, dashes, dots and brackets (full-width forms too) and a <c>+86</c>/<c>0086</c>/<c>86</c>
    /// prefix before an 11-digit mobile. Mobiles are <c>1[3-9]</c> + 9 digits; landlines keep their area code:
    /// <c>0</c>, then an area code that does not start with <c>0</c> (nor <c>1</c> other than <c>010</c>), 10–12
    /// digits in all. Anything else does not normalize (Value null, Raw kept), including a foreign <c>+</c> number
    /// and a <c>+86</c> before a landline (the contract drops the prefix only before a mobile).
    /// </summary>
    public static Normalized Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        // 15 digits is the longest form that can normalize (0086 + mobile); one more proves the value too long.
        Span<char> buf = stackalloc char[16];
        int n = 0;
        bool plus = false;
        foreach (char c0 in raw)
        {
            char c = TextNormalizer.ToHalfWidth(c0);
            if (c is '-' or '.' or '(' or ')' || char.IsWhiteSpace(c)) continue;
            if (c == '+' && n == 0 && !plus) { plus = true; continue; }
            if (c < '0' || c > '9' || n == buf.Length) return new Normalized(raw, null);
            buf[n++] = c;
        }
        ReadOnlySpan<char> d = buf[..n];
        if (d.Length == 15 && d.StartsWith("0086") && IsMobile(d[4..])) d = d[4..];
        else if (d.Length == 13 && d.StartsWith("86") && IsMobile(d[2..])) d = d[2..];
        else if (plus) return new Normalized(raw, null);
        if (IsMobile(d) || IsLandline(d) || IsServiceNumber(d)) return new Normalized(raw, TextNormalizer.Reuse(raw, d));
        return new Normalized(raw, null);
    }

    /// <summary>
    /// True for a nationwide service number: five digits starting <c>95</c>/<c>96</c> (insurers' and banks'
    /// hotlines such as 95519) or ten digits starting <c>400</c>/<c>800</c>. They are kept as phone values so
    /// that the analysis can see, allowlist and down-weight them, rather than silently losing them.
    /// </summary>
    public static bool IsServiceNumber(ReadOnlySpan<char> d) =>
        (d.Length == 5 && d[0] == '9' && (d[1] == '5' || d[1] == '6')) ||
        (d.Length == 10 && (d.StartsWith("400") || d.StartsWith("800")));

    /// <summary>True for a normalized mainland mobile number: 11 digits, <c>1[3-9]</c>.</summary>
    public static bool IsMobile(ReadOnlySpan<char> d) =>
        d.Length == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';

    /// <summary>
    /// True for a normalized landline: trunk <c>0</c>, an area code (<c>010</c>, <c>02x</c>, <c>03xx</c>–<c>09xx</c>)
    /// and the local number, 10–12 digits in all.
    /// </summary>
    public static bool IsLandline(ReadOnlySpan<char> d) =>
        d.Length >= 10 && d.Length <= 12 && d[0] == '0' && d[1] != '0' && (d[1] != '1' || d[2] == '0');
}

/// <summary>Bank card and account numbers.</summary>
public static class BankAccountNormalizer
{
    /// <summary>
    /// Digits only (whitespace and dashes dropped, full-width digits folded), 12–19 of them; anything else does not
    /// normalize. <paramref name="luhnValid"/> is false when the Luhn check fails (a warning, not a rejection).
    /// </summary>
    public static Normalized Normalize(string? raw, out bool luhnValid)
    {
        luhnValid = false;
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        Span<char> buf = stackalloc char[20];
        int n = 0;
        foreach (char c0 in raw)
        {
            char c = TextNormalizer.ToHalfWidth(c0);
            if (c == '-' || char.IsWhiteSpace(c)) continue;
            if (c < '0' || c > '9' || n == buf.Length) return new Normalized(raw, null);
            buf[n++] = c;
        }
        if (n < 12 || n > 19) return new Normalized(raw, null);
        var digits = buf[..n];
        luhnValid = Luhn(digits);
        return new Normalized(raw, TextNormalizer.Reuse(raw, digits));
    }

    public static Normalized Normalize(string? raw) => Normalize(raw, out _);

    /// <summary>The Luhn (mod 10) check over a string of ASCII digits.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        int sum = 0;
        bool dbl = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int v = digits[i] - '0';
            if (dbl) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}

/// <summary>Resident identity card numbers (GB 11643).</summary>
public static class IdNumberNormalizer
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>
    /// 18 characters with an ISO 7064 MOD 11-2 check digit (last may be <c>x</c>/<c>X</c>, returned upper-case);
    /// a 15-digit legacy number is upgraded to 18 (century 19 inserted, check digit computed). Whitespace is
    /// dropped and full-width characters folded. Anything else is invalid: Value null, Raw kept, never used as a key.
    /// </summary>
    public static Normalized Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        Span<char> s = stackalloc char[18];
        int n = 0;
        foreach (char c0 in raw)
        {
            char c = TextNormalizer.ToHalfWidth(c0);
            if (char.IsWhiteSpace(c)) continue;
            if (n == s.Length) return new Normalized(raw, null);
            s[n++] = c == 'x' ? 'X' : c;
        }
        if (n == 15 && AllDigits(s[..15]))
        {
            Span<char> upgraded = stackalloc char[18];
            s[..6].CopyTo(upgraded);
            upgraded[6] = '1';
            upgraded[7] = '9';
            s[6..15].CopyTo(upgraded[8..]);
            upgraded[17] = CheckDigit(upgraded[..17]);
            return new Normalized(raw, upgraded.ToString());
        }
        if (n != 18 || !AllDigits(s[..17])) return new Normalized(raw, null);
        return CheckDigit(s[..17]) == s[17] ? new Normalized(raw, TextNormalizer.Reuse(raw, s)) : new Normalized(raw, null);
    }

    /// <summary>The MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (c < '0' || c > '9') return false;
        return true;
    }
}

/// <summary>
/// Postal addresses. A Chinese address is parsed into its parts and normalized to its canonical key
/// (<see cref="ChineseAddress"/>), so that every spelling of one flat is one address node; anything that does not
/// parse (no Chinese characters, no road or compound, contradictory parts) keeps the plain normalization: trimmed,
/// half-width, whitespace collapsed. No geocoding. Never throws; the raw spelling stays in <see cref="Normalized.Raw"/>.
/// </summary>
/// <remarks>
/// The plain form of a value and the value itself always normalize alike (the parser ignores width and whitespace),
/// so two values that were one node under the plain normalization are still one node (given the same city column).
/// </remarks>
public static class AddressNormalizer
{
    public static Normalized Normalize(string? raw) => Normalize(raw, null);

    /// <summary>
    /// As <see cref="Normalize(string?)"/>, with <paramref name="city"/> filling in a city the address does not name.
    /// Pass it only when the city is known to be the address's own: the <c>city</c> column beside a holder's
    /// registered address, not the holder's city beside an address the holder switched to (that may be a ring's flat
    /// in another city).
    /// </summary>
    public static Normalized Normalize(string? raw, string? city)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        var key = ChineseAddress.KeyOf(raw, city);
        if (key is not null) return new Normalized(raw, key);
        var v = TextNormalizer.CollapseWhitespace(TextNormalizer.ToHalfWidth(raw));
        return new Normalized(raw, v.Length == 0 ? null : v);
    }
}

/// <summary>E-mail addresses, device ids and IP addresses: trimmed, half-width, lower-case.</summary>
public static class TokenNormalizer
{
    public static Normalized Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        var v = TextNormalizer.ToHalfWidth(raw).Trim().ToLowerInvariant();
        return new Normalized(raw, v.Length == 0 ? null : v);
    }
}
