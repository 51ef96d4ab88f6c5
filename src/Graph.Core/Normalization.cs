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
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\u3000') sb.Append(' ');
            else if (c >= '\uFF01' && c <= '\uFF5E') sb.Append((char)(c - 0xFEE0));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsFullWidth(char c) => c == '\u3000' || (c >= '\uFF01' && c <= '\uFF5E');

    /// <summary>Trims and turns every run of whitespace into one ASCII space.</summary>
    public static string CollapseWhitespace(string s)
    {
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
}

/// <summary>Mainland China phone numbers (CONTRACT.md "Normalization").</summary>
public static class PhoneNormalizer
{
    /// <summary>
    /// Drops spaces, dashes, dots and brackets and a <c>+86</c>/<c>0086</c>/<c>86</c> prefix before an 11-digit
    /// mobile. Mobiles are <c>1[3-9]</c> + 9 digits; landlines keep their area code (<c>0</c> + 9–11 digits).
    /// Anything else does not normalize (Value null, Raw kept).
    /// </summary>
    public static Normalized Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        var s = TextNormalizer.ToHalfWidth(raw);
        Span<char> buf = stackalloc char[Math.Min(s.Length, 64)];
        int n = 0;
        bool plus = false;
        foreach (char c in s)
        {
            if (c is ' ' or '-' or '.' or '(' or ')' or '\t') continue;
            if (c == '+' && n == 0 && !plus) { plus = true; continue; }
            if (c < '0' || c > '9' || n == buf.Length) return new Normalized(raw, null);
            buf[n++] = c;
        }
        ReadOnlySpan<char> d = buf[..n];
        if (d.Length == 15 && d.StartsWith("0086")) d = d[4..];
        else if (d.Length == 13 && d.StartsWith("86")) d = d[2..];
        else if (plus) return new Normalized(raw, null);
        if (IsMobile(d)) return new Normalized(raw, d.ToString());
        if (d.Length >= 10 && d.Length <= 12 && d[0] == '0' && d[1] != '0') return new Normalized(raw, d.ToString());
        return new Normalized(raw, null);
    }

    /// <summary>True for a normalized mainland mobile number: 11 digits, <c>1[3-9]</c>.</summary>
    public static bool IsMobile(ReadOnlySpan<char> d) =>
        d.Length == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/// <summary>Bank card and account numbers.</summary>
public static class BankAccountNormalizer
{
    /// <summary>Digits only, 12–19 of them. <paramref name="luhnValid"/> is false when the Luhn check fails (a warning, not a rejection).</summary>
    public static Normalized Normalize(string? raw, out bool luhnValid)
    {
        luhnValid = false;
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        var s = TextNormalizer.ToHalfWidth(raw);
        var sb = new StringBuilder(19);
        foreach (char c in s)
        {
            if (c >= '0' && c <= '9') sb.Append(c);
            else if (c is ' ' or '-' or '\t') continue;
            else return new Normalized(raw, null);
        }
        if (sb.Length < 12 || sb.Length > 19) return new Normalized(raw, null);
        var digits = sb.ToString();
        luhnValid = Luhn(digits);
        return new Normalized(raw, digits);
    }

    public static Normalized Normalize(string? raw) => Normalize(raw, out _);

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
    /// a 15-digit legacy number is upgraded to 18 (century 19 inserted, check digit computed). Anything else is
    /// invalid: Value null, Raw kept, never used as a key.
    /// </summary>
    public static Normalized Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
        var s = TextNormalizer.ToHalfWidth(raw).Trim().Replace(" ", "").ToUpperInvariant();
        if (s.Length == 15 && AllDigits(s))
        {
            var body = string.Concat(s.AsSpan(0, 6), "19", s.AsSpan(6));
            return new Normalized(raw, body + CheckDigit(body));
        }
        if (s.Length != 18 || !AllDigits(s.AsSpan(0, 17))) return new Normalized(raw, null);
        return CheckDigit(s.AsSpan(0, 17)) == s[17] ? new Normalized(raw, s) : new Normalized(raw, null);
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

/// <summary>Postal addresses: trim, full-width to half-width, collapse whitespace. No geocoding.</summary>
public static class AddressNormalizer
{
    public static Normalized Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Normalized.Missing;
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
