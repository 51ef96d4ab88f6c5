using Graph.Analytics.Detection.Internal;

namespace Graph.Analytics.Detection.Scoring;

/// <summary>The tightest run of households found by <see cref="Burst.Scan"/>.</summary>
/// <param name="Observed">Households in the run.</param>
/// <param name="Share">Share of the insurer's reference dates that fall in the run's stretch.</param>
/// <param name="SpanDays">Days from the run's first date to its last.</param>
/// <param name="Decades">−log10 of the chance, after paying for every run tried.</param>
internal readonly record struct BurstResult(int Observed, double Share, double SpanDays, double Decades);

/// <summary>
/// Are many households' dates packed into a stretch of time in which this insurer has few of its own? For every run
/// of j consecutive households (j at least <c>smallestRun</c> of the k) the share G of the insurer's reference dates in
/// that stretch is measured; the chance that j of k households, acting at the insurer's usual times, fall in so short
/// a stretch is the binomial tail P(Bin(k, G) ≥ j), multiplied by the number of runs tried (Bonferroni). A
/// product-wide wave is in the reference too, so it is not a burst. Shared by the surrender-burst reason and the
/// value roles (a value whose households all acted in one short stretch is run by someone).
/// </summary>
internal static class Burst
{
    /// <param name="days">Each household's date, sorted.</param>
    /// <param name="reference">The insurer's dates of the same kind, sorted.</param>
    /// <param name="smallestRun">The smallest run tried (at least 3).</param>
    /// <param name="calendar">
    /// Whether a stretch must also be short in calendar time: G is the larger of the reference share and the
    /// stretch's share of the reference's whole span. For dates of mixed kinds (a value named on changes, letters
    /// and forms), which need not follow the insurer's mix of records: steady use all year is no burst either.
    /// </param>
    /// <param name="mostBeyondExpected">
    /// Whether only runs whose households beyond the expected number (j − k·G) are most of the k count: a branch
    /// terminal in service for a few months has half its users in one stretch, a ring's device nearly all.
    /// </param>
    public static BurstResult Scan(ReadOnlySpan<double> days, double[] reference, int smallestRun, bool calendar = false, bool mostBeyondExpected = false)
    {
        int k = days.Length;
        if (k < 3 || reference.Length == 0) return default;
        double wholeSpan = Math.Max(reference[^1] - reference[0], 1);
        // Runs are tried in steps so that a huge value costs at most a few thousand tests.
        int step = Math.Max(1, k / 64), tests = 0, smallest = Math.Max(3, smallestRun);
        var best = default(BurstResult);
        for (int j = k; j >= smallest; j -= step)
            for (int i = 0; i + j <= k; i += step)
            {
                tests++;
                double share = Math.Max(SnapshotIndex.ShareBetween(reference, days[i], days[i + j - 1]), 1.0 / reference.Length);
                if (calendar) share = Math.Min(1, Math.Max(share, (days[i + j - 1] - days[i] + 1) / wholeSpan));
                // No more than expected there: no evidence, and the tail would cost a long sum for a large value.
                if (j <= k * share || mostBeyondExpected && 2 * (j - k * share) <= k) continue;
                double decades = -Chance.BinomialTailLog10(k, j, share);
                if (decades > best.Decades) best = new BurstResult(j, share, days[i + j - 1] - days[i], decades);
            }
        return best with { Decades = Math.Max(0, best.Decades - Math.Log10(Math.Max(tests, 1))) };
    }
}
