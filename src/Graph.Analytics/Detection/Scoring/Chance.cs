namespace Graph.Analytics.Detection.Scoring;

/// <summary>
/// Tail probabilities in log10 ("decades"), so that a chance of 1e-40 is a number like any other. A reason says
/// how unlikely its observation is when the insurer's base rates are right; the scorer adds decades.
/// </summary>
internal static class Chance
{
    /// <summary>Decades of a probability: <c>-log10(p)</c>, 0 for p ≥ 1.</summary>
    public static double Decades(double p) => p >= 1 ? 0 : p <= 0 ? 300 : -Math.Log10(p);

    /// <summary>The probability of <paramref name="decades"/>.</summary>
    public static double Probability(double decades) => decades <= 0 ? 1 : Math.Pow(10, -Math.Min(decades, 300));

    /// <summary>
    /// log10 P(X ≥ k) for X ~ Binomial(n, p): the chance that at least k of n holders show something each shows
    /// with probability p. Summed term by term from k (n is a ring's size, at most a few thousand).
    /// </summary>
    public static double BinomialTailLog10(int n, int k, double p)
    {
        if (k <= 0) return 0;
        if (k > n) return double.NegativeInfinity;
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        double lp = Math.Log(p), lq = Math.Log(1 - p);
        // log of the first term, then the ratio of successive terms: (n-i)/(i+1) · p/q.
        double log = LogChoose(n, k) + k * lp + (n - k) * lq;
        double sum = 1, term = 1;
        for (int i = k; i < n; i++)
        {
            term *= (n - i) / (double)(i + 1) * (p / (1 - p));
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return Math.Min(0, (log + Math.Log(sum)) / Math.Log(10));
    }

    /// <summary>
    /// log10 P(X ≥ k) for X ~ Poisson(μ): the chance of at least k events when μ are expected. Used for sums of
    /// unequal small probabilities (a Poisson-binomial is close to a Poisson with the same mean, and never more
    /// spread out, so this errs on the cautious side).
    /// </summary>
    public static double PoissonTailLog10(int k, double mu)
    {
        if (k <= 0) return 0;
        if (mu <= 0) return double.NegativeInfinity;
        double logTerm = k * Math.Log(mu) - mu - LogFactorial(k);
        double sum = 1, term = 1;
        for (int i = k + 1; i < k + 10_000; i++)
        {
            term *= mu / i;
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return Math.Min(0, (logTerm + Math.Log(sum)) / Math.Log(10));
    }

    /// <summary>
    /// Fisher's combination of independent chances given in decades: P(χ²₂ₖ ≥ 2·Σ ln(1/pᵢ)), in decades.
    /// Combining k reasons costs a little: two reasons of 3 decades each make about 4.8, not 6.
    /// </summary>
    public static double FisherDecades(IReadOnlyList<double> decades)
    {
        int k = 0;
        double x = 0;
        foreach (double d in decades)
        {
            if (d <= 0) { k++; continue; }
            x += d * Math.Log(10);
            k++;
        }
        if (k == 0 || x <= 0) return 0;
        // P(χ²₂ₖ ≥ 2x) = e^{-x} Σ_{i<k} x^i / i!
        double sum = 0, term = 1;
        for (int i = 0; i < k; i++)
        {
            if (i > 0) term *= x / i;
            sum += term;
        }
        return Math.Max(0, (x - Math.Log(sum)) / Math.Log(10));
    }

    /// <summary>
    /// Benjamini–Hochberg: the largest p-value cut at which the expected share of false discoveries among the
    /// p-values at or below it is at most <paramref name="rate"/>, in decades (a ring is a discovery when its
    /// decades are at least the returned value). +∞ when nothing passes.
    /// </summary>
    public static double BenjaminiHochbergCutDecades(IReadOnlyList<double> decades, double rate)
    {
        int m = decades.Count;
        if (m == 0) return double.PositiveInfinity;
        var sorted = decades.OrderByDescending(d => d).ToArray(); // smallest p first
        double cut = double.PositiveInfinity;
        double logRate = Math.Log10(rate), logM = Math.Log10(m);
        for (int i = 0; i < m; i++)
        {
            // p_(i+1) ≤ rate·(i+1)/m  ⇔  decades ≥ log10(m) − log10(rate) − log10(i+1)
            double need = logM - logRate - Math.Log10(i + 1);
            if (sorted[i] >= need) cut = sorted[i];
        }
        return cut;
    }

    /// <summary>A rate estimated from <paramref name="events"/> in <paramref name="trials"/>, shrunk towards
    /// <paramref name="prior"/> with the weight of <paramref name="priorTrials"/> observations: small insurers
    /// borrow from the broader rate instead of trusting a handful of events.</summary>
    public static double Shrunk(double events, double trials, double prior, double priorTrials) =>
        (events + prior * priorTrials) / (trials + priorTrials);

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static readonly double[] SmallLogFactorials = BuildLogFactorials(256);

    private static double[] BuildLogFactorials(int n)
    {
        var t = new double[n];
        for (int i = 1; i < n; i++) t[i] = t[i - 1] + Math.Log(i);
        return t;
    }

    private static double LogFactorial(int n)
    {
        if (n < SmallLogFactorials.Length) return SmallLogFactorials[n];
        // Stirling's series: exact to ~1e-10 from 256 up.
        double x = n;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
