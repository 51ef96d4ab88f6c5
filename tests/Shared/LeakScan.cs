// Compiled into the evidence, explorer and CLI test projects (see their csproj): one leak scan for all of them.
using System.Globalization;
using System.Text;

namespace Graph.TestSupport;

/// <summary>
/// Looks for full personal numbers (mobiles, id numbers, card numbers) in any form: ASCII, full-width, spaced, dashed,
/// with invisible characters between the digits. Deliberately written apart from the product's scrubber (whole-text
/// NFKC, every invisible character dropped, any short run of separators between two digits removed), so a blind spot
/// of the scrubber is not shared by the scan.
/// </summary>
public static class LeakScan
{
    /// <summary>The text with every number written as plain digits: what the secrets are looked for in.</summary>
    public static string Canonical(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (char c in WellFormed(text).Normalize(NormalizationForm.FormKC))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format || category is UnicodeCategory.Control && c is not ('\n' or '\r' or '\t')) continue;
            folded.Append(c == 'x' ? 'X' : c);
        }
        var s = folded.ToString();
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (IsSeparator(c) && sb.Length > 0 && char.IsAsciiDigit(sb[^1]))
            {
                int j = i;
                while (j < s.Length && j - i < 3 && IsSeparator(s[j])) j++;
                if (j < s.Length && char.IsAsciiDigit(s[j])) { i = j - 1; continue; }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The text with any unpaired surrogate or U+FFFE (a binary file read as text) replaced, so it can be normalized.</summary>
    private static string WellFormed(string text)
    {
        char[]? copy = null;
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]) && text[i] != '\uFFFE') continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? text : new string(copy);
    }

    private static bool IsSeparator(char c) => c != '*' && (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c));

    /// <summary>The secrets (plain digits, an id number's X last) that <paramref name="text"/> holds in some form.</summary>
    public static List<string> Found(string text, IEnumerable<string> secrets)
    {
        var canonical = Canonical(text);
        return secrets.Where(s => canonical.Contains(s, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Fails naming where and which (masked) number leaked.</summary>
    public static void AssertNone(string where, string text, IEnumerable<string> secrets)
    {
        var found = Found(text, secrets);
        if (found.Count > 0)
            throw new Xunit.Sdk.XunitException($"{where} holds {found.Count} full number(s), e.g. {found[0][..3]}…{found[0][^4..]}");
    }

    /// <summary>The digits of a value (and its X), when they make a full number worth looking for: 11 or more.</summary>
    public static string? Secret(string? value)
    {
        if (value is null) return null;
        var digits = new string(value.Normalize(NormalizationForm.FormKC).Where(c => char.IsAsciiDigit(c) || c is 'X' or 'x').Select(char.ToUpperInvariant).ToArray());
        return digits.Count(char.IsAsciiDigit) >= 11 ? digits : null;
    }
}
