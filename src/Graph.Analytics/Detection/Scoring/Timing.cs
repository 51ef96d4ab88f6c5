namespace Graph.Analytics.Detection.Scoring;

/// <summary>How many households surrendered within a window of a change or complaint, against this insurer's rates.</summary>
/// <param name="Window">Days of the window that says most (<see cref="Baseline.Windows"/>).</param>
/// <param name="Observed">Households whose gap is within the window.</param>
/// <param name="Expected">Households expected within it at the insurer's rates.</param>
/// <param name="Decades">−log10 of the chance of at least <paramref name="Observed"/>, after paying for the choice of window.</param>
/// <param name="Tested">Households tested (those with a change, complaint or surrender tying them to the value).</param>
internal readonly record struct TimingResult(int Window, int Observed, double Expected, double Decades, int Tested);

/// <summary>
/// The timing test shared by value roles and rings. Each household brings its smallest gap between a record tying
/// it to the value (a change, complaint or surrender) and the surrender after it (or the change before it), and the
/// base rate of such a gap for that kind of record. Every window of <see cref="Baseline.Windows"/> is tested with a
/// Poisson tail (the count of households within the window against the sum of their base rates); the best window
/// is kept and its chance multiplied by the number of windows (Bonferroni), so scanning costs what it should.
/// </summary>
internal static class Timing
{
    private static readonly double WindowPenalty = Math.Log10(Baseline.Windows.Length);

    public static TimingResult Scan(ReadOnlySpan<float> gaps, ReadOnlySpan<byte> rows, double[][] rates)
    {
        if (gaps.Length == 0) return default;
        TimingResult best = default;
        double bestDecades = -1;
        for (int w = 0; w < Baseline.Windows.Length; w++)
        {
            var (window, observed, expected) = Count(w, gaps, rows, rates);
            double decades = -Chance.PoissonTailLog10(observed, expected);
            if (decades > bestDecades)
            {
                bestDecades = decades;
                best = new TimingResult(window, observed, expected, 0, gaps.Length);
            }
        }
        return best with { Decades = Math.Max(0, bestDecades - WindowPenalty) };
    }

    /// <summary>
    /// Whether most of the households that the base rates do not expect to surrender within some window did
    /// (observed − expected at least half of households − expected), with at least <paramref name="minDecades"/>
    /// decades of excess there (after the same Bonferroni payment as <see cref="Scan"/>): control that shows in most
    /// of a value's households, not in a few of many. Measured beyond expectation because at a window of months a
    /// branch terminal's or a carrier address's honest users surrender too, and with a ring's victims among them
    /// they would make a plain majority.
    /// </summary>
    public static bool MostWithin(ReadOnlySpan<float> gaps, ReadOnlySpan<byte> rows, double[][] rates, double minDecades)
    {
        for (int w = 0; w < Baseline.Windows.Length; w++)
        {
            var (_, observed, expected) = Count(w, gaps, rows, rates);
            if (2 * observed >= gaps.Length + expected && -Chance.PoissonTailLog10(observed, expected) - WindowPenalty >= minDecades) return true;
        }
        return false;
    }

    /// <summary>
    /// How much likelier (log10) the gaps of <paramref name="subset"/> are were those households like those of
    /// <paramref name="reference"/> than like the insurer's others, at the window where the reference shows most
    /// excess: each household within the window counts log(p/bᵢ), each outside log((1 − p)/(1 − bᵢ)), where p is the
    /// reference's share within the window (shrunk by half a household each way) and bᵢ the household's base rate.
    /// 0 when the reference shows no excess (nothing to compare with).
    /// </summary>
    public static double LikelihoodRatioDecades((float[] Gaps, byte[] Rows) reference, (float[] Gaps, byte[] Rows) subset, double[][] rates)
    {
        var best = Scan(reference.Gaps, reference.Rows, rates);
        int w = Array.IndexOf(Baseline.Windows, best.Window);
        if (w < 0 || best.Observed <= best.Expected) return 0;
        double p = (best.Observed + 0.5) / (best.Tested + 1);
        double decades = 0;
        for (int i = 0; i < subset.Gaps.Length; i++)
        {
            double b = Math.Clamp(rates[subset.Rows[i]][w], 1e-9, 1 - 1e-9);
            decades += subset.Gaps[i] <= best.Window ? Math.Log10(p / b) : Math.Log10((1 - p) / (1 - b));
        }
        return decades;
    }

    /// <summary>Households within window <paramref name="w"/> and how many the base rates expect there.</summary>
    private static (int Window, int Observed, double Expected) Count(int w, ReadOnlySpan<float> gaps, ReadOnlySpan<byte> rows, double[][] rates)
    {
        int window = Baseline.Windows[w], observed = 0;
        double expected = 0;
        for (int i = 0; i < gaps.Length; i++)
        {
            if (gaps[i] <= window) observed++;
            expected += rates[rows[i]][w];
        }
        return (window, observed, expected);
    }
}
