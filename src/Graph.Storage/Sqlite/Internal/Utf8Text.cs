using System.Text;

namespace Graph.Storage.Sqlite.Internal;

/// <summary>
/// Small helpers for text read from SQLite as UTF-8 bytes, so a snapshot of millions of rows does not allocate a
/// string for values it only looks up, compares or repeats.
/// </summary>
internal static class Utf8Text
{
    /// <summary>True when the UTF-8 bytes spell exactly <paramref name="s"/>.</summary>
    public static bool EqualsString(ReadOnlySpan<byte> utf8, string s)
    {
        if (utf8.Length == s.Length)
        {
            // All-ASCII fast path: same length in bytes and chars, compare pairwise.
            int i = 0;
            for (; i < utf8.Length; i++)
            {
                if (utf8[i] >= 0x80) break;
                if (utf8[i] != s[i]) return false;
            }
            if (i == utf8.Length) return true;
        }
        if (utf8.Length < s.Length || utf8.Length > s.Length * 3) return false;
        return string.Equals(Encoding.UTF8.GetString(utf8), s, StringComparison.Ordinal);
    }

    /// <summary>Looks up a dictionary keyed by string with UTF-8 bytes, without allocating for short keys.</summary>
    public static bool TryGetValue<T>(Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<byte> utf8, out T value)
    {
        if (utf8.Length <= 256)
        {
            Span<char> chars = stackalloc char[256];
            int n = Encoding.UTF8.GetChars(utf8, chars);
            return lookup.TryGetValue(chars[..n], out value!);
        }
        return lookup.Dictionary.TryGetValue(Encoding.UTF8.GetString(utf8), out value!);
    }
}

/// <summary>
/// Shares one string instance per distinct value of a low-cardinality column (cities, channels, agent ids), so a
/// million rows naming twenty cities hold twenty strings. Stops adding after its capacity of distinct values (100,000
/// unless given), after which new values are simply allocated.
/// </summary>
internal sealed class Utf8Interner
{
    private readonly int _capacity;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Utf8Interner(int capacity = 100_000)
    {
        _capacity = capacity;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Registers an existing instance (e.g. the agent ids already read) so later rows share it.</summary>
    public void Add(string s) => _strings.TryAdd(s, s);

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (Utf8Text.TryGetValue(_lookup, utf8, out var shared)) return shared;
        var s = Encoding.UTF8.GetString(utf8);
        if (_strings.Count < _capacity) _strings[s] = s;
        return s;
    }
}
