using System.Globalization;
using System.Text;

namespace Graph.Core;

/// <summary>
/// A text as it is matched against personal values: every character in its NFKC form (full-width digits, letters and
/// dashes become ASCII, the ideographic space a space, <c>𝟏</c> a <c>1</c>), and invisible characters dropped (format
/// characters such as zero-width spaces and the right-to-left override, and control characters other than tab and line
/// breaks), so <c>１３８\u200B１２３４５６７８</c> reads <c>13812345678</c>. It remembers where each of its characters
/// came from, so a match found here replaces exactly the source characters it was made of.
/// </summary>
public sealed class FoldedText
{
    private readonly int[]? _start; // per folded char: index of its source character; null when folding changed nothing
    private readonly int[]? _end;   // per folded char: end (exclusive) of its source character

    private FoldedText(string source, string text, int[]? start, int[]? end)
    {
        Source = source;
        Text = text;
        _start = start;
        _end = end;
    }

    /// <summary>The text as given.</summary>
    public string Source { get; }

    /// <summary>The folded text, for matching.</summary>
    public string Text { get; }

    /// <summary>Folds <paramref name="source"/>.</summary>
    public static FoldedText Of(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int first = 0;
        while (first < source.Length && IsStable(source[first])) first++;
        if (first == source.Length) return new FoldedText(source, source, null, null);

        var text = new StringBuilder(source.Length);
        var start = new List<int>(source.Length);
        var end = new List<int>(source.Length);
        void Put(ReadOnlySpan<char> folded, int from, int to)
        {
            foreach (char f in folded) { text.Append(f); start.Add(from); end.Add(to); }
        }
        for (int i = 0; i < first; i++) Put([source[i]], i, i + 1);
        for (int i = first; i < source.Length;)
        {
            char c = source[i];
            int width = char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]) ? 2 : 1;
            if (width == 1 && IsStable(c)) Put([c], i, i + 1);
            else if (!IsInvisible(source, i)) Put(Nfkc(source.Substring(i, width)), i, i + width);
            i += width;
        }
        return new FoldedText(source, text.ToString(), [.. start], [.. end]);
    }

    /// <summary>Where the folded characters <c>[start, start + length)</c> came from in <see cref="Source"/>.</summary>
    public (int Start, int Length) SourceSpan(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Text.Length);
        if (_start is null) return (start, length);
        int from = _start[start];
        return (from, _end![start + length - 1] - from);
    }

    // Printable ASCII and the common CJK ideographs are their own NFKC form: the fast path for ordinary text.
    private static bool IsStable(char c) => c is >= ' ' and <= '~' || c is '\t' or '\n' or '\r' || c is >= '\u4E00' and <= '\u9FFF';

    private static bool IsInvisible(string s, int i)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(s, i);
        return category == UnicodeCategory.Format || category == UnicodeCategory.Control && s[i] is not ('\t' or '\n' or '\r');
    }

    private static string Nfkc(string s)
    {
        try
        {
            return s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return s; // a lone surrogate has no normal form: kept as it is
        }
    }
}
