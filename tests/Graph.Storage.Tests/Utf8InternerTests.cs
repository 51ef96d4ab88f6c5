using System.Text;
using Graph.Storage.Sqlite.Internal;

namespace Graph.Storage.Tests;

/// <summary>The snapshot reader's interner: one instance per distinct value, exactly the value's text, up to its capacity.</summary>
public sealed class Utf8InternerTests
{
    [Fact]
    public void Equal_values_share_one_instance_and_different_values_never_do()
    {
        var interner = new Utf8Interner(capacity: 1_000_000);
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var random = new Random(11);
        // Lengths around the 15 bytes a packed key holds (CJK is 3 bytes a character), a trailing NUL that zero padding
        // would hide, the empty value, and enough values for the table to double many times.
        string[] edge = ["", "\0", "a", "a\0", "a\0\0", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmn\0", "张三", "张三丰", "欧阳小明", "张三丰李四王", "张三丰李四王五"];
        var values = edge.Concat(Enumerable.Range(0, 60_000).Select(_ => RandomText(random))).ToList();
        for (int round = 0; round < 2; round++)
        {
            foreach (var value in values)
            {
                var got = interner.Get(Encoding.UTF8.GetBytes(value));
                Assert.Equal(value, got);
                if (first.TryGetValue(value, out var earlier)) Assert.Same(earlier, got);
                else first[value] = got;
            }
        }
    }

    [Fact]
    public void Past_its_capacity_new_values_are_allocated_and_the_shared_ones_stay_shared()
    {
        var interner = new Utf8Interner(capacity: 3);
        string[] kept = ["北京", "a-value-longer-than-fifteen-bytes", "x"];
        var shared = kept.Select(v => interner.Get(Encoding.UTF8.GetBytes(v))).ToArray();
        foreach (var value in new[] { "上海", "another-value-longer-than-fifteen" })
        {
            var a = interner.Get(Encoding.UTF8.GetBytes(value));
            var b = interner.Get(Encoding.UTF8.GetBytes(value));
            Assert.Equal(value, a);
            Assert.Equal(value, b);
            Assert.NotSame(a, b);
        }
        for (int i = 0; i < kept.Length; i++) Assert.Same(shared[i], interner.Get(Encoding.UTF8.GetBytes(kept[i])));
    }

    [Fact]
    public void A_registered_instance_is_the_one_given_back()
    {
        var interner = new Utf8Interner();
        var shortValue = new string("A000875".AsSpan());
        var longValue = new string("AGENT-0000000000000875".AsSpan());
        interner.Add(shortValue);
        interner.Add(longValue);
        Assert.Same(shortValue, interner.Get("A000875"u8));
        Assert.Same(longValue, interner.Get("AGENT-0000000000000875"u8));

        // A lone surrogate encodes as the replacement character's bytes, which decode to "\uFFFD", not to it.
        interner.Add("A\uD800");
        Assert.Equal("A\uFFFD", interner.Get(Encoding.UTF8.GetBytes("A\uD800")));
    }

    private static string RandomText(Random random)
    {
        int length = random.Next(0, 12);
        var chars = new char[length];
        for (int i = 0; i < length; i++)
            chars[i] = random.Next(3) switch
            {
                0 => (char)('a' + random.Next(4)),
                1 => (char)(0x4E00 + random.Next(6)),
                _ => (char)random.Next(0, 3),
            };
        return new string(chars);
    }
}
