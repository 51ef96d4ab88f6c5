using System.Globalization;
using System.Text;
using System.Text.Json;
using Graph.Core;
using Graph.Synthetic;

namespace Graph.Evaluation;

/// <summary>Quality figures for one kind of planted group.</summary>
/// <param name="Groups">Planted groups of the kind.</param>
/// <param name="Hits">Rings: found (matched by a flagged ring). Look-alikes: flagged (see <see cref="TruthEvaluator"/>).</param>
/// <param name="AmongCandidates">Rings only: matched by some ring of the run, flagged or not (candidate generation, apart from ranking).</param>
/// <param name="LookalikeRings">Look-alikes only: flagged rings that are mostly made of one group of the kind.</param>
public sealed record KindQuality(string Kind, bool IsRing, int Groups, int Hits, int AmongCandidates = 0, int LookalikeRings = 0)
{
    public double Rate => Groups == 0 ? 0 : Hits / (double)Groups;
}

/// <summary>Precision of the first <paramref name="K"/> rings of the ranked list.</summary>
/// <param name="Examined">Rings looked at: <paramref name="K"/>, or the whole list when it is shorter.</param>
/// <param name="Hits">Of those, rings that are a true ring not already credited higher up.</param>
/// <param name="Ceiling">The best precision any ranking could reach here: true rings / examined, at most 1.</param>
public sealed record TopPrecision(int K, int Examined, int Hits, double Precision, double Ceiling);

/// <summary>
/// Compares the rings of an analysis run with the generator's truth.
/// <list type="bullet">
/// <item>A true ring is <b>found</b> when a flagged ring's victims have Jaccard similarity at least the
/// threshold (0.5) with its holders. Recall = found / true rings. <b>Among candidates</b> uses every ring of the run,
/// flagged or not.</item>
/// <item>Precision = flagged rings whose victims match some true ring (same Jaccard rule) / flagged rings.</item>
/// <item>The <b>ranked list</b> is every ring of the run by score, highest first (ties by ring id), as an SIU works
/// down it. A ring there is a <b>hit</b> when it matches a true ring that no higher ring matched (each true ring is
/// credited once). Precision at K = hits among the first K / K (the whole list when shorter; 1 for an empty list,
/// like <see cref="Precision"/>). Average precision = Σ over hits of the precision at the hit's rank / true rings, so
/// a true ring never ranked counts as 0.</item>
/// <item>A look-alike (decoy) is <b>flagged</b> when a flagged ring's victims have Jaccard at least the threshold with
/// it, or contain at least half of its holders and at least three of them (a small family swallowed by a big
/// flagged "ring" counts against us too), or when a flagged ring matching no true ring is a <b>look-alike ring</b> of
/// it: at least two and at least half of that ring's victims are its holders (the group sharing most of them).
/// A branch terminal's hundreds of users cut into small flagged pieces are each a look-alike ring.</item>
/// </list>
/// </summary>
public sealed class TruthEvaluator
{
    /// <summary>The cut-offs of <see cref="TopPrecisions"/> unless others are given: the rings a team can work in a week, a month, a quarter.</summary>
    public static readonly IReadOnlyList<int> DefaultCutoffs = [25, 50, 100];

    private readonly TruthFile _truth;
    private readonly IReadOnlyList<Ring> _rings;
    private readonly double _threshold;
    private readonly IReadOnlyList<int> _cutoffs;

    public TruthEvaluator(TruthFile truth, IReadOnlyList<Ring> rings, double jaccardThreshold = 0.5, IReadOnlyList<int>? cutoffs = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(rings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jaccardThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jaccardThreshold, 1);
        if (cutoffs is not null && cutoffs.Any(k => k <= 0)) throw new ArgumentOutOfRangeException(nameof(cutoffs), "Cut-offs are positive numbers of rings.");
        _truth = truth;
        _rings = rings;
        _threshold = jaccardThreshold;
        _cutoffs = cutoffs ?? DefaultCutoffs;
    }

    public int TrueRings { get; private set; }
    public int FoundRings { get; private set; }
    public int FlaggedRings { get; private set; }
    public int FlaggedMatchingTruth { get; private set; }
    public int DecoysFlagged { get; private set; }
    /// <summary>Flagged rings at least half of whose victims belong to one true ring (a fragment of a ring counts).</summary>
    public int FlaggedMostlyOneRing { get; private set; }
    /// <summary><see cref="FlaggedMostlyOneRing"/> / flagged rings: precision that forgives rings the data splits into unconnected teams.</summary>
    public double Purity => FlaggedRings == 0 ? 1 : FlaggedMostlyOneRing / (double)FlaggedRings;
    public double Recall => TrueRings == 0 ? 1 : FoundRings / (double)TrueRings;
    public double Precision => FlaggedRings == 0 ? 1 : FlaggedMatchingTruth / (double)FlaggedRings;
    /// <summary>Rings in the ranked list: every ring of the run, flagged or not.</summary>
    public int Candidates { get; private set; }
    /// <summary>True rings matched by some ring of the run, flagged or not.</summary>
    public int TrueRingsAmongCandidates { get; private set; }
    /// <summary>Precision of the first K rings of the ranked list, for each cut-off.</summary>
    public IReadOnlyList<TopPrecision> TopPrecisions { get; private set; } = [];
    /// <summary>Average precision of the ranked list over all true rings (1 when there are none).</summary>
    public double AveragePrecision { get; private set; }
    /// <summary>Flagged rings matching no true ring that are look-alike rings of some decoy group.</summary>
    public int LookalikeRings { get; private set; }
    public IReadOnlyList<KindQuality> PerKind { get; private set; } = [];
    /// <summary>Group ids of true rings not found.</summary>
    public IReadOnlyList<string> Missed { get; private set; } = [];
    /// <summary>Ids of flagged rings matching no true ring.</summary>
    public IReadOnlyList<string> FalsePositives { get; private set; } = [];
    /// <summary>For every true ring found, the id of the flagged ring most similar to it.</summary>
    public IReadOnlyDictionary<string, string> FoundAs { get; private set; } = new Dictionary<string, string>();
    /// <summary>Group ids of decoys that were flagged.</summary>
    public IReadOnlyList<string> FlaggedDecoys { get; private set; } = [];

    public void Run()
    {
        var groups = _truth.Groups;
        var victims = _rings.Select(r => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToHashSet(StringComparer.Ordinal)).ToList();
        var ringsOfHolder = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < victims.Count; i++)
            foreach (var h in victims[i])
            {
                if (!ringsOfHolder.TryGetValue(h, out var l)) ringsOfHolder[h] = l = [];
                l.Add(i);
            }

        // Overlaps of every planted group with every ring of the run.
        var matches = new List<(int Group, double Jaccard)>[_rings.Count]; // true rings each ring matches
        var bestShare = new int[_rings.Count];                               // most victims shared with one true ring
        var found = new bool[groups.Count];
        var amongCandidates = new bool[groups.Count];
        var decoyFlagged = new bool[groups.Count];
        var foundAs = new Dictionary<string, string>(StringComparer.Ordinal);
        var groupsOfHolder = new Dictionary<string, List<int>>(StringComparer.Ordinal); // decoys only
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var holders = group.Holders.Distinct(StringComparer.Ordinal).ToList();
            var overlap = new SortedDictionary<int, int>();
            foreach (var h in holders)
            {
                if (ringsOfHolder.TryGetValue(h, out var l))
                    foreach (int i in l) overlap[i] = overlap.GetValueOrDefault(i) + 1;
                if (group.IsRing) continue;
                if (!groupsOfHolder.TryGetValue(h, out var gl)) groupsOfHolder[h] = gl = [];
                gl.Add(g);
            }
            double bestJ = 0;
            foreach (var (i, inter) in overlap)
            {
                double j = inter / (double)(holders.Count + victims[i].Count - inter);
                bool flagged = _rings[i].Flagged;
                if (!group.IsRing)
                {
                    if (flagged && (j >= _threshold || (inter >= 3 && inter * 2 >= holders.Count))) decoyFlagged[g] = true;
                    continue;
                }
                if (flagged && inter > bestShare[i]) bestShare[i] = inter;
                if (j < _threshold) continue;
                (matches[i] ??= []).Add((g, j));
                amongCandidates[g] = true;
                if (!flagged) continue;
                found[g] = true;
                if (j > bestJ) { bestJ = j; foundAs[group.GroupId] = _rings[i].RingId; }
            }
        }

        // Flagged rings that match no true ring: fragments, look-alikes, or mixtures.
        var lookalikesOfGroup = new int[groups.Count];
        var falsePositives = new List<string>();
        int flaggedCount = 0, matching = 0, mostly = 0, lookalikes = 0;
        for (int i = 0; i < _rings.Count; i++)
        {
            if (!_rings[i].Flagged) continue;
            flaggedCount++;
            if (bestShare[i] * 2 >= victims[i].Count) mostly++;
            if (matches[i] is not null) { matching++; continue; }
            falsePositives.Add(_rings[i].RingId);
            if (LookalikeOf(victims[i], groupsOfHolder) is int g)
            {
                lookalikes++;
                lookalikesOfGroup[g]++;
                decoyFlagged[g] = true;
            }
        }

        RankedListFigures(matches, groups.Count(x => x.IsRing));

        var kinds = new SortedDictionary<(bool IsDecoy, string Kind), KindQuality>();
        var missed = new List<string>();
        var flaggedDecoys = new List<string>();
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var key = (!group.IsRing, group.Kind);
            var k = kinds.GetValueOrDefault(key) ?? new KindQuality(group.Kind, group.IsRing, 0, 0);
            bool hit = group.IsRing ? found[g] : decoyFlagged[g];
            kinds[key] = k with
            {
                Groups = k.Groups + 1,
                Hits = k.Hits + (hit ? 1 : 0),
                AmongCandidates = k.AmongCandidates + (amongCandidates[g] ? 1 : 0),
                LookalikeRings = k.LookalikeRings + lookalikesOfGroup[g],
            };
            if (group.IsRing && !hit) missed.Add(group.GroupId);
            if (!group.IsRing && hit) flaggedDecoys.Add(group.GroupId);
        }
        TrueRings = groups.Count(x => x.IsRing);
        FoundRings = found.Count(x => x);
        TrueRingsAmongCandidates = amongCandidates.Count(x => x);
        FlaggedRings = flaggedCount;
        FlaggedMatchingTruth = matching;
        FlaggedMostlyOneRing = mostly;
        DecoysFlagged = flaggedDecoys.Count;
        LookalikeRings = lookalikes;
        PerKind = kinds.Values.ToList();
        Missed = missed;
        FalsePositives = falsePositives;
        FlaggedDecoys = flaggedDecoys;
        FoundAs = foundAs;
    }

    /// <summary>The decoy group holding most of a ring's victims when it holds at least two and at least half of them, else null.</summary>
    private static int? LookalikeOf(HashSet<string> victims, Dictionary<string, List<int>> groupsOfHolder)
    {
        var counts = new Dictionary<int, int>();
        foreach (var h in victims)
            if (groupsOfHolder.TryGetValue(h, out var gl))
                foreach (int g in gl) counts[g] = counts.GetValueOrDefault(g) + 1;
        int best = -1, bestCount = 0;
        foreach (var (g, c) in counts)
            if (c > bestCount || (c == bestCount && g < best)) { best = g; bestCount = c; }
        return bestCount >= 2 && bestCount * 2 >= victims.Count ? best : null;
    }

    /// <summary>Precision at each cut-off and average precision, walking the rings by score.</summary>
    private void RankedListFigures(List<(int Group, double Jaccard)>[] matches, int trueRings)
    {
        var ranked = Enumerable.Range(0, _rings.Count)
            .OrderByDescending(i => _rings[i].Score).ThenBy(i => _rings[i].RingId, StringComparer.Ordinal).ToList();
        var credited = new HashSet<int>();
        var hitsAt = new int[ranked.Count + 1]; // hits among the first n rings
        double precisionSum = 0;
        for (int n = 1; n <= ranked.Count; n++)
        {
            bool hit = false;
            if (matches[ranked[n - 1]] is { } m)
                foreach (var (g, _) in m.OrderByDescending(x => x.Jaccard).ThenBy(x => x.Group))
                    if (credited.Add(g)) { hit = true; break; }
            hitsAt[n] = hitsAt[n - 1] + (hit ? 1 : 0);
            if (hit) precisionSum += hitsAt[n] / (double)n;
        }
        Candidates = ranked.Count;
        AveragePrecision = trueRings == 0 ? 1 : precisionSum / trueRings;
        TopPrecisions = _cutoffs.Select(k =>
        {
            int examined = Math.Min(k, ranked.Count);
            return examined == 0
                ? new TopPrecision(k, 0, 0, 1, 1)
                : new TopPrecision(k, examined, hitsAt[examined], hitsAt[examined] / (double)examined, Math.Min(trueRings, examined) / (double)examined);
        }).ToList();
    }

    /// <summary>A plain-text report: overall figures, the ranked list, then one line per kind.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"recall {Recall:0.000} ({FoundRings}/{TrueRings})  precision {Precision:0.000} ({FlaggedMatchingTruth}/{FlaggedRings})  decoys flagged {DecoysFlagged}  look-alike rings flagged {LookalikeRings}  purity {Purity:0.000} ({FlaggedMostlyOneRing}/{FlaggedRings})\n");
        sb.Append(ci, $"ranked list of {Candidates} rings: average precision {AveragePrecision:0.000}, true rings among them {TrueRingsAmongCandidates}/{TrueRings}\n");
        foreach (var t in TopPrecisions)
            sb.Append(ci, $"  precision of the top {t.K,-3} {t.Precision:0.000} ({t.Hits}/{t.Examined}; at most {t.Ceiling:0.000} with {TrueRings} true rings)\n");
        foreach (var k in PerKind)
        {
            if (k.IsRing) sb.Append(ci, $"  ring  {k.Kind,-22} {k.Groups,5} groups  found {k.Hits,5} ({k.Rate:0.000})  among candidates {k.AmongCandidates,5}\n");
            else sb.Append(ci, $"  decoy {k.Kind,-22} {k.Groups,5} groups  flagged {k.Hits,5} ({k.Rate:0.000})  look-alike rings flagged {k.LookalikeRings,5}\n");
        }
        return sb.ToString();
    }

    /// <summary>The same figures as JSON for scripts (snake_case names, rates rounded to 4 decimals), with the lists of ids.</summary>
    public string FormatJson(string? runId = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            if (runId is not null) w.WriteString("run_id", runId);
            w.WriteNumber("jaccard_threshold", _threshold);
            w.WriteNumber("true_rings", TrueRings);
            w.WriteNumber("found", FoundRings);
            w.WriteNumber("recall", Round(Recall));
            w.WriteNumber("flagged", FlaggedRings);
            w.WriteNumber("flagged_matching_truth", FlaggedMatchingTruth);
            w.WriteNumber("precision", Round(Precision));
            w.WriteNumber("purity", Round(Purity));
            w.WriteNumber("decoys_flagged", DecoysFlagged);
            w.WriteNumber("lookalike_rings_flagged", LookalikeRings);
            w.WriteNumber("candidates", Candidates);
            w.WriteNumber("true_rings_among_candidates", TrueRingsAmongCandidates);
            w.WriteNumber("average_precision", Round(AveragePrecision));
            w.WriteStartArray("top");
            foreach (var t in TopPrecisions)
            {
                w.WriteStartObject();
                w.WriteNumber("k", t.K);
                w.WriteNumber("examined", t.Examined);
                w.WriteNumber("hits", t.Hits);
                w.WriteNumber("precision", Round(t.Precision));
                w.WriteNumber("ceiling", Round(t.Ceiling));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("ring_kinds");
            foreach (var k in PerKind.Where(k => k.IsRing))
            {
                w.WriteStartObject();
                w.WriteString("kind", k.Kind);
                w.WriteNumber("groups", k.Groups);
                w.WriteNumber("found", k.Hits);
                w.WriteNumber("recall", Round(k.Rate));
                w.WriteNumber("among_candidates", k.AmongCandidates);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("decoy_kinds");
            foreach (var k in PerKind.Where(k => !k.IsRing))
            {
                w.WriteStartObject();
                w.WriteString("kind", k.Kind);
                w.WriteNumber("groups", k.Groups);
                w.WriteNumber("flagged", k.Hits);
                w.WriteNumber("lookalike_rings_flagged", k.LookalikeRings);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "missed", Missed);
            Strings(w, "false_positives", FalsePositives);
            Strings(w, "flagged_decoys", FlaggedDecoys);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static double Round(double x) => Math.Round(x, 4);

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
