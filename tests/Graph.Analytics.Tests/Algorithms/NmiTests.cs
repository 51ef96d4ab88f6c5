using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class NmiTests
{
    [Fact]
    public void Identical_partitions_up_to_renaming_score_one()
    {
        Assert.Equal(1.0, Nmi.Compute([0, 0, 1, 1, 2], [5, 5, 9, 9, 0]), 12);
    }

    [Fact]
    public void Independent_partitions_score_zero()
    {
        Assert.Equal(0.0, Nmi.Compute([0, 1, 0, 1], [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void A_partial_match_scores_the_known_value()
    {
        // X = {0,1},{2,3}; Y = {0,1,2},{3}: H(X) = ln 2, H(Y) = −(3/4 ln 3/4 + 1/4 ln 1/4),
        // I = H(Y) − H(Y|X) = H(Y) − 1/2 ln 2 (only the second pair of X is split).
        double hx = Math.Log(2), hy = -(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25));
        double expected = 2 * (hy - 0.5 * Math.Log(2)) / (hx + hy);

        Assert.Equal(expected, Nmi.Compute([0, 0, 1, 1], [0, 0, 0, 1]), 12);
    }

    [Fact]
    public void Partitions_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Nmi.Compute([0, 1], [0]));
    }
}
