using System.Globalization;
using System.Text;

namespace Graph.Core;

/// <summary>
/// Characters that change how a text is displayed instead of being part of it: control characters (NUL, tab, line
/// breaks, escape), line and paragraph separators, and the bidirectional overrides and isolates that reorder what
/// follows (U+202E). They have no place in a key or an audit entry: there they split a line, forge another one or
/// make two different values look alike.
/// </summary>
public static class ControlCharacters
{
    /// <summary>True when <paramref name="text"/> holds at least one such character.</summary>
    public static bool In(string? text)
    {
        if (text is null) return false;
        foreach (char c in text)
            if (Is(c)) return true;
        return false;
    }

    /// <summary>The text with each such character written as an escape (<c>\n</c>, <c>\t</c>, <c>\u202E</c>), on one line.</summary>
    public static string Escaped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!In(text)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (!Is(c)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    /// <summary>A short name of the first such character, for messages (<c>a line break</c>, <c>U+202E</c>).</summary>
    public static string? FirstNamed(string? text)
    {
        if (text is null) return null;
        foreach (char c in text)
        {
            if (!Is(c)) continue;
            return c switch
            {
                '\n' or '\r' or '\u0085' or '\u2028' or '\u2029' => "a line break",
                '\t' => "a tab",
                '\0' => "a NUL byte",
                _ => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            };
        }
        return null;
    }

    private static bool Is(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
