using System.Globalization;
using Graph.Analytics.Detection.Internal;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>SURRENDER_BURST</c>: many of the ring's households ask to surrender in a stretch of time in which this insurer
/// receives few of its surrenders. Each household counts once, at its first request (a family surrendering together
/// is one decision). For every run of j consecutive households (j at least half of them) the share G of all the
/// insurer's surrenders in that stretch is measured; the chance that j of the k households, surrendering at the
/// insurer's usual times, fall in so short a stretch is the binomial tail P(Bin(k, G) ≥ j), multiplied by the number
/// of runs tried. A product-wide wave is in the reference too, so it is not a burst.
/// </summary>
internal sealed class SurrenderBurst : IRingReason
{
    public ReasonCode Code => ReasonCode.SurrenderBurst;

    public ReasonFamily Family => ReasonFamily.Harm;

    public ReasonFinding? Measure(RingFacts ring)
    {
        var days = ring.HouseholdSurrenderDays;
        int k = days.Length;
        var reference = ring.Index.SurrenderDays;
        if (k < 3 || reference.Length == 0) return null;
        // Every run of j consecutive households (j ≥ k/2) is a test; the best one pays for all of them (Bonferroni).
        int step = Math.Max(1, k / 64), tests = 0;
        double best = 0, bestShare = 1, bestSpan = 0;
        int bestJ = 0;
        for (int j = k; j >= Math.Max(3, (k + 1) / 2); j -= step)
            for (int i = 0; i + j <= k; i += step)
            {
                tests++;
                double share = Math.Max(SnapshotIndex.ShareBetween(reference, days[i], days[i + j - 1]), 1.0 / reference.Length);
                double decades = -Chance.BinomialTailLog10(k, j, share);
                if (decades > best) { best = decades; bestShare = share; bestJ = j; bestSpan = days[i + j - 1] - days[i]; }
            }
        best -= Math.Log10(tests);
        if (best <= 0) return null;
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{bestJ} of {k} households asked to surrender within {Span(bestSpan)}, a stretch holding {bestShare * 100:0.##}% of the insurer's surrenders");
        return new ReasonFinding(what, bestJ, k * bestShare, best, ring.SurrenderIds);
    }

    private static string Span(double days) => days switch
    {
        < 1 => "one day",
        < 14 => $"{Math.Ceiling(days).ToString(CultureInfo.InvariantCulture)} days",
        < 120 => $"{Math.Ceiling(days / 7).ToString(CultureInfo.InvariantCulture)} weeks",
        _ => $"{Math.Ceiling(days / 30.44).ToString(CultureInfo.InvariantCulture)} months",
    };
}
