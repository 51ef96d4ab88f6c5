using System.Globalization;
using System.Text;
using System.Text.Json;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>One planted group of the generator's truth file: a ring, or a look-alike (decoy) that must not be flagged.</summary>
/// <param name="Increment">The increment the group first appears in (0: the base folder).</param>
/// <param name="Grown">Victims added by later increments, per increment.</param>
public sealed record TruthGroup(string GroupId, bool IsRing, string Kind, IReadOnlyList<string> Holders, IReadOnlyList<string> Controllers,
    int Increment = 0, IReadOnlyList<KeyValuePair<int, IReadOnlyList<string>>>? Grown = null);

/// <summary>The generator's ground truth (<c>generate --truth FILE</c>).</summary>
public sealed record TruthFile(long Seed, long Holders, IReadOnlyList<TruthGroup> Groups)
{
    /// <summary>The truth as of increment <paramref name="increment"/> (0: the base folder): groups that exist by then, with the victims they have by then.</summary>
    public TruthFile AsOf(int increment)
    {
        var groups = new List<TruthGroup>();
        foreach (var g in Groups)
        {
            if (g.Increment > increment) continue;
            var holders = new List<string>(g.Holders);
            if (g.Grown is not null)
                foreach (var (k, added) in g.Grown) if (k <= increment) holders.AddRange(added);
            groups.Add(g with { Holders = holders });
        }
        return this with { Groups = groups };
    }

    /// <summary>
    /// Reads <c>{"seed":S,"holders":N,"groups":[{"group_id","type":"ring"|"decoy","kind","holders":[...],"controllers":[...]}]}</c>.
    /// </summary>
    public static TruthFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        return Parse(doc.RootElement, path);
    }

    public static TruthFile Parse(string json) { using var doc = JsonDocument.Parse(json); return Parse(doc.RootElement, "truth"); }

    private static TruthFile Parse(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{source}: a truth file is an object with a \"groups\" array.");
        long seed = root.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0;
        long holders = root.TryGetProperty("holders", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetInt64() : 0;
        var list = new List<TruthGroup>();
        foreach (var g in groups.EnumerateArray())
        {
            string id = g.TryGetProperty("group_id", out var gi) ? gi.GetString() ?? "" : "";
            string type = g.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            string kind = g.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
            int increment = g.TryGetProperty("increment", out var inc) && inc.ValueKind == JsonValueKind.Number ? inc.GetInt32() : 0;
            List<KeyValuePair<int, IReadOnlyList<string>>>? grown = null;
            if (g.TryGetProperty("grown", out var gr) && gr.ValueKind == JsonValueKind.Array)
            {
                grown = [];
                foreach (var step in gr.EnumerateArray())
                    grown.Add(new(step.TryGetProperty("increment", out var si) && si.ValueKind == JsonValueKind.Number ? si.GetInt32() : 0, Strings(step, "holders")));
            }
            list.Add(new TruthGroup(id, string.Equals(type, "ring", StringComparison.OrdinalIgnoreCase), kind, Strings(g, "holders"), Strings(g, "controllers"), increment, grown));
        }
        return new TruthFile(seed, holders, list);
    }

    private static List<string> Strings(JsonElement g, string name)
    {
        var result = new List<string>();
        if (g.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array)
            foreach (var x in a.EnumerateArray()) result.Add(x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ToString());
        return result;
    }
}

/// <summary>Quality figures for one kind of planted group.</summary>
/// <param name="Hits">Rings: found. Decoys: flagged.</param>
public sealed record KindQuality(string Kind, bool IsRing, int Groups, int Hits)
{
    public double Rate => Groups == 0 ? 0 : Hits / (double)Groups;
}

/// <summary>
/// Compares flagged rings with the generator's truth.
/// <list type="bullet">
/// <item>A true ring is <b>found</b> when a flagged ring's victims have Jaccard similarity at least the
/// threshold (0.5) with its holders. Recall = found / true rings.</item>
/// <item>Precision = flagged rings whose victims match some true ring (same Jaccard rule) / flagged rings.</item>
/// <item>A decoy is <b>flagged</b> when a flagged ring's victims have Jaccard at least the threshold with it,
/// or contain at least half of its holders and at least three of them (a small family swallowed by a big
/// flagged "ring" counts against us too).</item>
/// </list>
/// </summary>
public sealed class TruthEvaluator
{
    private readonly TruthFile _truth;
    private readonly IReadOnlyList<Ring> _rings;
    private readonly double _threshold;

    public TruthEvaluator(TruthFile truth, IReadOnlyList<Ring> rings, double jaccardThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(rings);
        _truth = truth;
        _rings = rings;
        _threshold = jaccardThreshold;
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
        var flagged = _rings.Where(r => r.Flagged).ToList();
        var victimSets = flagged.Select(r => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToHashSet(StringComparer.Ordinal)).ToList();
        var holderToRing = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < victimSets.Count; i++)
            foreach (var h in victimSets[i])
            {
                if (!holderToRing.TryGetValue(h, out var l)) holderToRing[h] = l = [];
                l.Add(i);
            }

        var matchedRing = new bool[flagged.Count];
        var bestShare = new int[flagged.Count];
        var kinds = new SortedDictionary<(bool, string), (int Groups, int Hits)>();
        var missed = new List<string>();
        var flaggedDecoys = new List<string>();
        int trueRings = 0, found = 0, decoysFlagged = 0;
        var foundAs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in _truth.Groups)
        {
            var overlap = new Dictionary<int, int>();
            var holders = g.Holders.Distinct(StringComparer.Ordinal).ToList();
            foreach (var h in holders)
                if (holderToRing.TryGetValue(h, out var l))
                    foreach (int i in l) overlap[i] = overlap.GetValueOrDefault(i) + 1;
            bool hit = false;
            double bestJ = 0;
            foreach (var (i, inter) in overlap.OrderBy(kv => kv.Key))
            {
                double j = inter / (double)(holders.Count + victimSets[i].Count - inter);
                if (g.IsRing)
                {
                    if (j >= _threshold) { hit = true; matchedRing[i] = true; }
                    if (j >= _threshold && j > bestJ) { bestJ = j; foundAs[g.GroupId] = flagged[i].RingId; }
                    if (inter > bestShare[i]) bestShare[i] = inter;
                }
                else if (j >= _threshold || (inter >= 3 && inter * 2 >= holders.Count)) hit = true;
            }
            var key = (!g.IsRing, g.Kind);
            var (groups, hits) = kinds.GetValueOrDefault(key);
            kinds[key] = (groups + 1, hits + (hit ? 1 : 0));
            if (g.IsRing)
            {
                trueRings++;
                if (hit) found++; else missed.Add(g.GroupId);
            }
            else if (hit) { decoysFlagged++; flaggedDecoys.Add(g.GroupId); }
        }
        TrueRings = trueRings;
        FoundRings = found;
        FlaggedRings = flagged.Count;
        FlaggedMatchingTruth = matchedRing.Count(m => m);
        DecoysFlagged = decoysFlagged;
        int mostly = 0;
        for (int i = 0; i < flagged.Count; i++) if (bestShare[i] * 2 >= victimSets[i].Count) mostly++;
        FlaggedMostlyOneRing = mostly;
        PerKind = kinds.Select(kv => new KindQuality(kv.Key.Item2, !kv.Key.Item1, kv.Value.Groups, kv.Value.Hits)).ToList();
        Missed = missed;
        FalsePositives = flagged.Where((r, i) => !matchedRing[i]).Select(r => r.RingId).ToList();
        FlaggedDecoys = flaggedDecoys;
        FoundAs = foundAs;
    }

    /// <summary>A plain-text report: overall figures, then one line per kind.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.Append(ci, $"recall {Recall:0.000} ({FoundRings}/{TrueRings})  precision {Precision:0.000} ({FlaggedMatchingTruth}/{FlaggedRings})  decoys flagged {DecoysFlagged}  purity {Purity:0.000} ({FlaggedMostlyOneRing}/{FlaggedRings})\n");
        foreach (var k in PerKind)
            sb.Append(ci, $"  {(k.IsRing ? "ring " : "decoy")} {k.Kind,-22} {k.Groups,5} groups  {(k.IsRing ? "found" : "flagged")} {k.Hits,5}  ({k.Rate:0.000})\n");
        return sb.ToString();
    }
}
