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

    [Fact]
    public void Touching_pages_changes_nothing_even_in_arrays_being_written_meanwhile()
    {
        // The toucher runs beside the optimizer, on arrays it may already be writing: every write must survive.
        var ints = LargeArrays.Uninitialized<int>(3_000_001);
        var doubles = LargeArrays.Uninitialized<double>(1_500_003);
        var bytes = new byte[4099];
        for (int i = 0; i < ints.Length; i++) ints[i] = i * 7;
        for (int i = 0; i < doubles.Length; i++) doubles[i] = i + 0.5;
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)i;

        using (new PageToucher([ints, doubles, bytes]))
        {
            // Meanwhile, overwrite every entry of the int array, page by page from the end, where the toucher goes last.
            for (int i = ints.Length - 1; i >= 0; i--) ints[i] = -i;
        }

        for (int i = 0; i < ints.Length; i++) Assert.Equal(-i, ints[i]);
        for (int i = 0; i < doubles.Length; i++) Assert.Equal(i + 0.5, doubles[i]);
        for (int i = 0; i < bytes.Length; i++) Assert.Equal((byte)i, bytes[i]);
    }
}
