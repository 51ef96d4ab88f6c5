using Graph.Storage.Sqlite.Internal;

namespace Graph.Storage.Tests;

/// <summary>The load's id cache: keys kept as characters in shared arrays must behave as an ordinal dictionary.</summary>
public sealed class TextKeyMapTests
{
    [Fact]
    public void Every_key_gets_its_own_value_back_after_the_map_has_grown_across_chunks()
    {
        var map = new TextKeyMap();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var random = new Random(7);
        // Enough keys for several entry chunks (65,536 each) and text chunks (1 Mi chars each), and bucket growth.
        for (int i = 0; i < 200_000; i++)
        {
            var key = $"K{random.Next(150_000)}-{new string('x', random.Next(12))}";
            ref long value = ref map.GetValueRefOrAddDefault(key, out bool exists, out _);
            Assert.Equal(expected.ContainsKey(key), exists);
            value = i;
            expected[key] = i;
        }
        Assert.Equal(expected.Count, map.Count);
        foreach (var (key, value) in expected)
        {
            Assert.True(map.TryGetValue(key, out long found));
            Assert.Equal(value, found);
        }
        Assert.False(map.TryGetValue("K-not-there", out _));
    }

    [Fact]
    public void Keys_compare_ordinally_and_come_back_by_entry_number()
    {
        var map = new TextKeyMap();
        // Case, a composed and a decomposed é, the empty key, and a key longer than one text chunk are all distinct.
        string[] keys = ["a", "A", "\u00e9", "e\u0301", "", new string('z', (1 << 20) + 5), "张三"];
        for (int i = 0; i < keys.Length; i++)
        {
            map.GetValueRefOrAddDefault(keys[i], out bool exists, out int entry) = i + 1;
            Assert.False(exists);
            Assert.Equal(i, entry);
        }
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(keys[i], map.KeyAt(i));
            Assert.True(map.TryGetValue(keys[i], out long value));
            Assert.Equal(i + 1, value);
        }
        map.GetValueRefOrAddDefault("a", out bool again, out int first);
        Assert.True(again);
        Assert.Equal(0, first);
    }

    [Fact]
    public void A_value_reference_stays_valid_while_more_keys_are_added()
    {
        var map = new TextKeyMap();
        ref long held = ref map.GetValueRefOrAddDefault("held", out _, out _);
        for (int i = 0; i < 100_000; i++) map.GetValueRefOrAddDefault(i.ToString(System.Globalization.CultureInfo.InvariantCulture), out _, out _);
        held = 42;
        Assert.True(map.TryGetValue("held", out long value));
        Assert.Equal(42, value);
    }

    [Fact]
    public void Clear_empties_the_map()
    {
        var map = new TextKeyMap();
        map.GetValueRefOrAddDefault("a", out _, out _) = 1;
        map.Clear();
        Assert.Equal(0, map.Count);
        Assert.False(map.TryGetValue("a", out _));
        map.GetValueRefOrAddDefault("a", out bool exists, out _);
        Assert.False(exists);
    }
}
