using System.Runtime.CompilerServices;

namespace Graph.Storage.Sqlite.Internal;

/// <summary>
/// A hash map from text keys to 64-bit values for the load's id caches, which hold tens of millions of keys at
/// 10,000,000 holders. A <c>Dictionary&lt;string, ...&gt;</c> keeps one string object per key: every collection of the
/// old generation then marks all of them, and each key survives two young collections (copied twice) before it
/// settles; at 10M holders the load spent about a sixth of its time in such pauses (issue 13). Here the keys'
/// characters are copied into shared arrays and the entries are structs in arrays of fixed size, so the map holds
/// no references at all and a key costs its characters plus 28 bytes.
/// </summary>
/// <remarks>
/// Keys compare ordinally (char by char, as <see cref="StringComparer.Ordinal"/>). Entries are numbered in the order
/// they were added and never move, so <see cref="GetValueRefOrAddDefault"/>'s reference stays valid while more keys
/// are added, and <see cref="KeyAt"/> gives an entry's key back. Nothing is ever removed. Not thread-safe.
/// </remarks>
internal sealed class TextKeyMap
{
    private const int EntryChunkBits = 16;
    private const int EntryChunkSize = 1 << EntryChunkBits;
    private const int TextChunkBits = 20;
    private const int TextChunkSize = 1 << TextChunkBits;

    private struct Entry
    {
        public long Value;
        /// <summary>Text chunk (high bits) and offset in it (low <see cref="TextChunkBits"/> bits).</summary>
        public long Text;
        public int Length;
        public int Hash;
        /// <summary>The next entry in this entry's bucket, plus one (0 ends the chain).</summary>
        public int Next;
    }

    private Entry[][] _entries = [];
    private char[][] _text = [];
    private int _textChunks, _textUsed = TextChunkSize;
    /// <summary>The first entry of each bucket, plus one; the length is a power of two.</summary>
    private int[] _buckets = new int[1024];

    /// <summary>The number of keys.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The value of <paramref name="key"/>, added with value 0 when missing (<paramref name="exists"/> false), and its
    /// entry number.
    /// </summary>
    public ref long GetValueRefOrAddDefault(ReadOnlySpan<char> key, out bool exists, out int entry)
    {
        int hash = string.GetHashCode(key);
        for (int e = _buckets[hash & (_buckets.Length - 1)]; e != 0;)
        {
            ref var candidate = ref EntryAt(e - 1);
            if (candidate.Hash == hash && KeySpan(candidate).SequenceEqual(key))
            {
                exists = true;
                entry = e - 1;
                return ref candidate.Value;
            }
            e = candidate.Next;
        }

        exists = false;
        entry = Count;
        if ((entry & (EntryChunkSize - 1)) == 0)
        {
            if (entry >> EntryChunkBits == _entries.Length) Array.Resize(ref _entries, Math.Max(16, _entries.Length * 2));
            _entries[entry >> EntryChunkBits] = new Entry[EntryChunkSize];
        }
        ref var added = ref EntryAt(entry);
        added.Text = Store(key);
        added.Length = key.Length;
        added.Hash = hash;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        added.Next = bucket;
        bucket = entry + 1;
        Count++;
        if (Count > _buckets.Length) Grow();
        return ref added.Value;
    }

    /// <summary>The value of <paramref name="key"/>, if it is in the map.</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out long value)
    {
        int hash = string.GetHashCode(key);
        for (int e = _buckets[hash & (_buckets.Length - 1)]; e != 0;)
        {
            ref var candidate = ref EntryAt(e - 1);
            if (candidate.Hash == hash && KeySpan(candidate).SequenceEqual(key))
            {
                value = candidate.Value;
                return true;
            }
            e = candidate.Next;
        }
        value = 0;
        return false;
    }

    /// <summary>The key of entry <paramref name="entry"/>, as a new string.</summary>
    public string KeyAt(int entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(entry, Count);
        return new string(KeySpan(EntryAt(entry)));
    }

    /// <summary>Empties the map and lets its arrays go.</summary>
    public void Clear()
    {
        _entries = [];
        _text = [];
        _textChunks = 0;
        _textUsed = TextChunkSize;
        _buckets = new int[1024];
        Count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry EntryAt(int entry) => ref _entries[entry >> EntryChunkBits][entry & (EntryChunkSize - 1)];

    private ReadOnlySpan<char> KeySpan(in Entry entry) => entry.Length == 0
        ? []
        : _text[(int)(entry.Text >> TextChunkBits)].AsSpan((int)(entry.Text & (TextChunkSize - 1)), entry.Length);

    /// <summary>Copies a key's characters into the current text chunk (a key longer than a chunk gets one of its own).</summary>
    private long Store(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty) return 0;
        if (key.Length > TextChunkSize - _textUsed)
        {
            if (_textChunks == _text.Length) Array.Resize(ref _text, Math.Max(16, _text.Length * 2));
            _text[_textChunks++] = new char[Math.Max(TextChunkSize, key.Length)];
            _textUsed = 0;
        }
        int chunk = _textChunks - 1;
        key.CopyTo(_text[chunk].AsSpan(_textUsed));
        long at = ((long)chunk << TextChunkBits) | (uint)_textUsed;
        // A key longer than a chunk fills its chunk; the next key starts a new one.
        _textUsed = key.Length > TextChunkSize ? TextChunkSize : _textUsed + key.Length;
        return at;
    }

    private void Grow()
    {
        var buckets = new int[_buckets.Length * 2];
        int mask = buckets.Length - 1;
        for (int e = 0; e < Count; e++)
        {
            ref var entry = ref EntryAt(e);
            ref int bucket = ref buckets[entry.Hash & mask];
            entry.Next = bucket;
            bucket = e + 1;
        }
        _buckets = buckets;
    }
}
