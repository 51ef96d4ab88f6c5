using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Tests.Algorithms;

public class WeightScansTests
{
    /// <summary>Every kind of float: the edges of the positive finite range and everything outside it.</summary>
    private static readonly float[] Specials =
    [
        0f, -0f, float.Epsilon, -float.Epsilon, 1e-38f, 0.5f, 1f, 3f, float.MaxValue, -float.MaxValue,
        float.PositiveInfinity, float.NegativeInfinity, float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(0x7FC00001), -1f,
    ];

    [Fact]
    public void The_first_weight_that_is_not_positive_and_finite_is_found_as_the_float_test_finds_it()
    {
        foreach (float bad in Specials)
        {
            // Long enough for the vectorized search, the special value at every place of a vector and past it.
            for (int at = 0; at < 70; at += 7)
            {
                var weights = Enumerable.Repeat(2f, 70).ToArray();
                weights[at] = bad;
                int expected = bad > 0f && !float.IsPositiveInfinity(bad) ? -1 : at;

                Assert.Equal(expected, WeightScans.FirstNotPositiveFinite(weights));
            }
        }
    }

    [Fact]
    public void Positive_weights_are_all_equal_only_when_every_one_equals_the_value()
    {
        var weights = Enumerable.Repeat(1f, 100).ToArray();
        Assert.True(WeightScans.AllEqual(weights, 1f));
        Assert.False(WeightScans.AllEqual(weights, 2f));

        weights[97] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) + 1);
        Assert.False(WeightScans.AllEqual(weights, 1f));
        Assert.True(WeightScans.AllEqual([], 1f));
    }
}
