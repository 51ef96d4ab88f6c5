using System.Runtime.InteropServices;
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
        if (utf8.Length <= 256)
        {
            Span<char> chars = stackalloc char[256];
            int n = Encoding.UTF8.GetChars(utf8, chars);
            return chars[..n].SequenceEqual(s);
        }
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
/// Shares one string instance per distinct value of a repeated column (cities, channels, agent ids, holder names), so a
/// million rows naming twenty cities hold twenty strings. Stops adding after its capacity of distinct values (100,000
/// unless given), after which new values are simply allocated.
/// </summary>
/// <remarks>
/// A value of up to 15 UTF-8 bytes (nearly every name, city and status) is its own key: its bytes and length packed in
/// two longs, kept in an open-addressed table beside the string. A lookup that finds it reads one slot and never the
/// string; a dictionary keyed by string read its bucket, its entry and the string, each a cache miss in a table of
/// millions of names (issue 13: 8.9% of the samples of the 10,000,000-holder snapshot read). Longer values use such a dictionary.
/// </remarks>
internal sealed class Utf8Interner
{
    private const int MaxPackedBytes = 15;

    private struct Slot
    {
        public ulong Low, High;
        public string? Value;
    }

    private readonly int _capacity;
    private Slot[] _slots = new Slot[1024];
    private int _shift = 64 - 10;
    private int _packedCount;
    private readonly Dictionary<string, string> _long = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _longLookup;

    public Utf8Interner(int capacity = 100_000)
    {
        _capacity = capacity;
        _longLookup = _long.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private int Count => _packedCount + _long.Count;

    /// <summary>Registers an existing instance (e.g. the agent ids already read) so later rows share it.</summary>
    public void Add(string s)
    {
        int length = Encoding.UTF8.GetByteCount(s);
        if (length > MaxPackedBytes)
        {
            _long.TryAdd(s, s);
            return;
        }
        Span<byte> utf8 = stackalloc byte[MaxPackedBytes];
        Encoding.UTF8.GetBytes(s, utf8);
        // A string that is not the decoding of its own UTF-8 (a lone surrogate) must not answer for those bytes.
        if (!Utf8Text.EqualsString(utf8[..length], s)) return;
        Pack(utf8[..length], out ulong low, out ulong high);
        ref var slot = ref Find(low, high);
        if (slot.Value is null) Insert(ref slot, low, high, s);
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPackedBytes) return GetLong(utf8);
        Pack(utf8, out ulong low, out ulong high);
        ref var slot = ref Find(low, high);
        if (slot.Value is { } shared) return shared;
        var s = Encoding.UTF8.GetString(utf8);
        if (Count < _capacity) Insert(ref slot, low, high, s);
        return s;
    }

    private string GetLong(ReadOnlySpan<byte> utf8)
    {
        if (Utf8Text.TryGetValue(_longLookup, utf8, out var shared)) return shared;
        var s = Encoding.UTF8.GetString(utf8);
        if (Count < _capacity) _long[s] = s;
        return s;
    }

    /// <summary>The bytes in two longs, the length in the top byte (so "a" and "a\0" differ).</summary>
    private static void Pack(ReadOnlySpan<byte> utf8, out ulong low, out ulong high)
    {
        Span<byte> packed = stackalloc byte[16];
        packed.Clear();
        utf8.CopyTo(packed);
        low = MemoryMarshal.Read<ulong>(packed);
        high = MemoryMarshal.Read<ulong>(packed[8..]) | ((ulong)utf8.Length << 56);
    }

    /// <summary>The slot holding the key, or the empty slot where it belongs (linear probing).</summary>
    private ref Slot Find(ulong low, ulong high)
    {
        ulong hash = (low ^ (high * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
        int mask = _slots.Length - 1;
        int i = (int)((hash ^ (hash >> 29)) >> _shift);
        while (true)
        {
            ref var slot = ref _slots[i];
            if (slot.Value is null || (slot.Low == low && slot.High == high)) return ref slot;
            i = (i + 1) & mask;
        }
    }

    private void Insert(ref Slot slot, ulong low, ulong high, string value)
    {
        slot.Low = low;
        slot.High = high;
        slot.Value = value;
        // At most half full, so probes stay short; doubling re-places every value.
        if (++_packedCount * 2 <= _slots.Length) return;
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _shift--;
        foreach (var s in old)
        {
            if (s.Value is null) continue;
            ref var empty = ref Find(s.Low, s.High);
            empty = s;
        }
    }
}
