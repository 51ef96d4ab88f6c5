using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>One complaint letter to compare: its record id, the holder (snapshot index) and the text.</summary>
public readonly record struct ComplaintText(string ComplaintId, int Holder, string? Text, DateTimeOffset? At = null);

/// <summary>A cluster of near-duplicate complaints: indices into the detector's input, ascending.</summary>
public sealed record ComplaintTemplate(int Index, IReadOnlyList<int> Complaints);

/// <summary>
/// Finds clusters of near-duplicate complaint letters (the templated "mis-selling, full refund" letters an
/// agent-refund group files for all its victims).
/// <para>
/// Each text is reduced to letters and digits (whitespace and punctuation dropped, case folded) and cut into
/// overlapping character n-grams — Chinese has no spaces, so words are not available. The shingle sets are
/// summarised by MinHash signatures (Broder 1997) with <c>Hashes</c> multiply-shift hash functions drawn from
/// the seed; locality-sensitive hashing over <c>Bands</c> bands proposes candidate pairs, each verified by the
/// estimated Jaccard similarity (share of equal signature positions) against <c>MinJaccard</c>; verified pairs
/// are joined by union-find. Within a band bucket every text is compared with the bucket's first text only,
/// so a bucket of k identical letters costs k comparisons, not k².
/// </para>
/// Complexity: O(total shingles × Hashes) for the signatures plus O(texts × Bands) for LSH.
/// </summary>
public sealed class ComplaintTemplateDetector
{
    private readonly IReadOnlyList<ComplaintText> _complaints;
    private readonly TemplateOptions _options;
    private readonly int _seed;

    public ComplaintTemplateDetector(IReadOnlyList<ComplaintText> complaints, TemplateOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors);
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _complaints = complaints;
        _options = options;
        _seed = seed;
    }

    /// <summary>Clusters of at least two near-duplicate complaints, ordered by their first complaint.</summary>
    public IReadOnlyList<ComplaintTemplate> Templates { get; private set; } = [];

    /// <summary>Complaints long enough to be compared.</summary>
    public int ComparedTexts { get; private set; }

    /// <summary>Candidate pairs checked against the similarity threshold.</summary>
    public long VerifiedPairs { get; private set; }

    /// <summary>The complaint letters of a snapshot, in snapshot order.</summary>
    public static IReadOnlyList<ComplaintText> FromSnapshot(GraphSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var list = new List<ComplaintText>();
        var events = Lists.AsSpan(snapshot.Events);
        for (int i = 0; i < events.Length; i++)
            if (events[i].Kind == RecordKind.Complaint && !string.IsNullOrWhiteSpace(events[i].Text))
                list.Add(new ComplaintText(events[i].Id, events[i].Holder, events[i].Text, events[i].At));
        return list;
    }

    public void Run(CancellationToken cancellationToken = default)
    {
        int n = _complaints.Count;
        int k = _options.Hashes, bands = _options.Bands, rows = k / bands, size = _options.ShingleSize;
        var rng = new Random(_seed);
        var mul = new ulong[k];
        var add = new ulong[k];
        for (int i = 0; i < k; i++)
        {
            mul[i] = (ulong)rng.NextInt64() | 1UL | ((ulong)rng.Next() << 40);
            add[i] = (ulong)rng.NextInt64();
        }

        var signatures = new uint[(long)n * k];
        var usable = new bool[n];
        var buffer = new char[256];
        var mins = new ulong[k];
        for (int c = 0; c < n; c++)
        {
            if ((c & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var text = _complaints[c].Text;
            if (string.IsNullOrEmpty(text)) continue;
            if (buffer.Length < text.Length) buffer = new char[text.Length * 2];
            int len = 0;
            foreach (char ch in text)
                if (char.IsLetterOrDigit(ch)) buffer[len++] = char.ToLowerInvariant(ch);
            int shingles = len - size + 1;
            if (shingles < _options.MinShingles) continue;
            usable[c] = true;
            ComparedTexts++;
            Array.Fill(mins, ulong.MaxValue);
            for (int s = 0; s < shingles; s++)
            {
                ulong packed = 0;
                for (int j = 0; j < size; j++) packed = (packed << 16) | buffer[s + j];
                ulong x = Mix(packed);
                for (int i = 0; i < k; i++)
                {
                    // Multiply-shift (Dietzfelbinger et al.): the high half of a·x + b is 2-universal.
                    ulong h = x * mul[i] + add[i];
                    if (h < mins[i]) mins[i] = h;
                }
            }
            var sig = signatures.AsSpan((int)((long)c * k), k);
            for (int i = 0; i < k; i++) sig[i] = (uint)(mins[i] >> 32);
        }

        var sets = new UnionFind(n);
        var anchors = new Dictionary<ulong, int>();
        int needed = (int)Math.Ceiling(_options.MinJaccard * k - 1e-9);
        long verified = 0;
        for (int b = 0; b < bands; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            anchors.Clear();
            for (int c = 0; c < n; c++)
            {
                if (!usable[c]) continue;
                var band = signatures.AsSpan((int)((long)c * k + b * rows), rows);
                ulong key = (ulong)b * 0x9E3779B97F4A7C15UL;
                foreach (uint v in band) key = Mix(key ^ v);
                if (!anchors.TryGetValue(key, out int anchor)) { anchors.Add(key, c); continue; }
                if (sets.Find(anchor) == sets.Find(c)) continue;
                verified++;
                if (Agreement(signatures, anchor, c, k) >= needed) sets.Union(anchor, c);
            }
        }
        VerifiedPairs = verified;

        var members = new Dictionary<int, List<int>>();
        var order = new List<int>();
        for (int c = 0; c < n; c++)
        {
            if (!usable[c] || sets.SizeOf(c) < 2) continue;
            int root = sets.Find(c);
            if (!members.TryGetValue(root, out var list)) { members.Add(root, list = []); order.Add(root); }
            list.Add(c);
        }
        var templates = new List<ComplaintTemplate>(order.Count);
        foreach (int root in order) templates.Add(new ComplaintTemplate(templates.Count, members[root]));
        Templates = templates;
    }

    private static int Agreement(uint[] signatures, int a, int b, int k)
    {
        var x = signatures.AsSpan((int)((long)a * k), k);
        var y = signatures.AsSpan((int)((long)b * k), k);
        int same = 0;
        for (int i = 0; i < k; i++) if (x[i] == y[i]) same++;
        return same;
    }

    /// <summary>SplitMix64 finalizer: spreads packed characters over all 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
