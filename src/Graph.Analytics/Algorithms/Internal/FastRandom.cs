using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// xoshiro256** seeded through SplitMix64 (Blackman and Vigna). Our own generator rather than
/// <see cref="Random"/> so that a seed gives the same communities on every .NET version and platform:
/// ring ids downstream depend on it.
/// </summary>
internal sealed class FastRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public FastRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive) by Lemire's multiply-shift; the bias (below 2^-32) does not matter here.</summary>
    public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)(uint)maxExclusive) >> 32);

    /// <summary>Fisher–Yates shuffle in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>A source of uniform doubles in [0, 1), for code generic over the generator (no virtual calls on structs).</summary>
internal interface IUniformRandom
{
    double NextDouble();
}

/// <summary>A <see cref="FastRandom"/> seen as an <see cref="IUniformRandom"/>: one stream shared by all the work.</summary>
internal readonly struct SharedRandom(FastRandom random) : IUniformRandom
{
    public double NextDouble() => random.NextDouble();
}

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014) as a value: a small independent stream per piece of work (one cluster
/// in the refinement), so that pieces run on any thread in any order draw the same numbers.
/// </summary>
internal struct SplitMixRandom : IUniformRandom
{
    private ulong _state;

    /// <param name="seed">The run's seed for this phase.</param>
    /// <param name="stream">Which piece of work: pieces with different numbers get unrelated sequences.</param>
    public SplitMixRandom(ulong seed, int stream)
    {
        _state = seed ^ ((ulong)(uint)stream * 0xD1B54A32D192ED03UL);
        NextUInt64();
    }

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive) by Lemire's multiply-shift.</summary>
    public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)(uint)maxExclusive) >> 32);

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
