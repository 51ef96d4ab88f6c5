namespace Graph.Analytics.Algorithms;

/// <summary>
/// Normalized mutual information between two partitions of the same nodes (Danon, Díaz-Guilera, Duch and
/// Arenas 2005): <c>NMI = 2 I(X;Y) / (H(X) + H(Y))</c>, 1 for identical partitions (up to renaming), near 0
/// for unrelated ones. Defined as 1 when both partitions are a single community. A test and benchmark tool, internal.
/// </summary>
internal static class Nmi
{
    /// <summary>Computes the NMI. Community ids must be non-negative. O(n log n) time, O(n) memory.</summary>
    public static double Compute(ReadOnlySpan<int> first, ReadOnlySpan<int> second)
    {
        if (first.Length != second.Length)
            throw new ArgumentException($"The partitions cover {first.Length} and {second.Length} nodes; they must cover the same nodes.", nameof(second));
        int n = first.Length;
        if (n == 0) return 1.0;

        // The contingency table as sorted (first, second) pairs: runs of equal keys are its cells.
        var pairs = new long[n];
        for (int v = 0; v < n; v++)
        {
            if (first[v] < 0 || second[v] < 0) throw new ArgumentException($"Node {v} has a negative community id.");
            pairs[v] = ((long)first[v] << 32) | (uint)second[v];
        }
        Array.Sort(pairs);

        double hx = Entropy(first, n), hy = Entropy(second, n);
        if (hx + hy == 0) return 1.0;

        var firstSize = CommunitySizes(first);
        var secondSize = CommunitySizes(second);
        double mutual = 0;
        int i = 0;
        while (i < n)
        {
            int j = i + 1;
            while (j < n && pairs[j] == pairs[i]) j++;
            double nij = j - i;
            int a = (int)(pairs[i] >> 32), b = (int)(pairs[i] & 0xFFFFFFFF);
            mutual += nij / n * Math.Log(nij * n / ((double)firstSize[a] * secondSize[b]));
            i = j;
        }
        return Math.Clamp(2 * mutual / (hx + hy), 0.0, 1.0);
    }

    private static int[] CommunitySizes(ReadOnlySpan<int> membership)
    {
        int max = 0;
        foreach (int c in membership) if (c > max) max = c;
        var sizes = new int[max + 1];
        foreach (int c in membership) sizes[c]++;
        return sizes;
    }

    private static double Entropy(ReadOnlySpan<int> membership, int n)
    {
        double h = 0;
        foreach (int size in CommunitySizes(membership))
        {
            if (size == 0) continue;
            double p = (double)size / n;
            h -= p * Math.Log(p);
        }
        return h;
    }
}
