namespace Graph.Synthetic.Internal;

/// <summary>
/// SplitMix64: tiny, fast and, unlike <see cref="System.Random"/>, specified by this file alone, so the same seed
/// gives the same data on every runtime. Per-entity streams come from <see cref="For(int, long, long)"/>, which
/// lets any holder's facts be recomputed at random access instead of being kept in memory.
/// </summary>
internal sealed class Rng
{
    private ulong _state;

    public Rng(ulong seed) => _state = seed;

    /// <summary>A stream for one entity: (seed, stream, index) hashed together.</summary>
    public static Rng For(int seed, long stream, long index = 0) => new(Mix((ulong)(uint)seed, (ulong)stream, (ulong)index));

    public static ulong Mix(ulong a, ulong b, ulong c)
    {
        ulong h = Scramble(a + 0x9E3779B97F4A7C15UL);
        h = Scramble(h ^ (b + 0xC2B2AE3D27D4EB4FUL));
        return Scramble(h ^ (c + 0x165667B19E3779F9UL));
    }

    private static ulong Scramble(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextU64() => Scramble(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => n <= 1 ? 0 : (int)(((NextU64() >> 33) * (ulong)n) >> 31);

    /// <summary>Uniform in [lo, hi).</summary>
    public int Next(int lo, int hi) => lo + Next(hi - lo);

    public long NextLong(long n) => n <= 1 ? 0 : (long)(NextU64() % (ulong)n);

    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Standard normal by Box–Muller (one value per call; the spare is dropped for simplicity).</summary>
    public double Gaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Index drawn from a cumulative weight table.</summary>
    public int PickWeighted(double[] cumulative)
    {
        double x = NextDouble() * cumulative[^1];
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (cumulative[mid] > x) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public static double[] Cumulative(IReadOnlyList<double> weights)
    {
        var c = new double[weights.Count];
        double s = 0;
        for (int i = 0; i < c.Length; i++) { s += weights[i]; c[i] = s; }
        return c;
    }
}
