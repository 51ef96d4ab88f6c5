using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Tests.Algorithms;

public class LargeArraysTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(3_000_000)] // 12 MB: advised for 2 MiB pages on Linux
    public void Zeroed_arrays_are_zero_even_where_memory_was_used_before(int length)
    {
        for (int round = 0; round < 3; round++)
        {
            var used = LargeArrays.Uninitialized<int>(length);
            Array.Fill(used, -7);
            Assert.Equal(length, used.Length);
            used = null;
            GC.Collect();

            var zeroed = LargeArrays.Zeroed<int>(length);

            Assert.Equal(length, zeroed.Length);
            Assert.Equal(-1, zeroed.AsSpan().IndexOfAnyExcept(0));
        }
    }

    [Fact]
    public void Large_arrays_hold_what_is_written_to_them()
    {
        var array = LargeArrays.Uninitialized<double>(1_500_000);
        for (int i = 0; i < array.Length; i++) array[i] = i * 0.5;

        Assert.Equal(0.0, array[0]);
        Assert.Equal(749_999.5, array[^1]);
    }
}
