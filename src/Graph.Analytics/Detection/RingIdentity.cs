using System.Globalization;
using System.Text.Json.Nodes;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>
/// Gives this run's rings their lasting ids by matching them to the previous run's rings on the Jaccard
/// similarity of their victims (holder ids).
/// <list type="bullet">
/// <item>Pairs (new, old) with similarity at least the threshold are matched; ids are handed out greedily from
/// the most similar pair down (ties: new ring order, then old id), each old id to at most one new ring.</item>
/// <item>Lineage uses containment, since two rings joined rarely reach Jaccard 0.5 with each part: a new ring
/// holding at least the threshold share of the victims of two or more old rings is
/// <see cref="RingLineage.Merged"/> (from those rings); a new ring made at least the threshold share of one
/// old ring's victims, when another new ring is too, is <see cref="RingLineage.Split"/> (from that ring); a
/// ring that kept an id otherwise is <see cref="RingLineage.Continued"/>, and the rest are
/// <see cref="RingLineage.New"/>.</item>
/// <item>New ids are <c>R-000001</c>… continuing after the highest id ever used (recorded in each run's
/// parameters as <c>highestRingId</c>, so an id that disappeared is never reused), in ring order.</item>
/// </list>
/// Unchanged data gives every ring its old id back.
/// </summary>
public sealed class RingIdentity
{
    private readonly IReadOnlyList<Ring> _rings;
    private readonly AnalysisRun? _previous;
    private readonly double _threshold;

    public RingIdentity(IReadOnlyList<Ring> rings, AnalysisRun? previous, double jaccardThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(rings);
        if (!(jaccardThreshold > 0 && jaccardThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(jaccardThreshold), jaccardThreshold, "Use a similarity in (0, 1].");
        _rings = rings;
        _previous = previous;
        _threshold = jaccardThreshold;
    }

    /// <summary>The rings with their lasting ids, in the input order.</summary>
    public IReadOnlyList<Ring> Rings { get; private set; } = [];

    /// <summary>Lineage of every ring of this run, in the input order.</summary>
    public IReadOnlyList<RingChange> Changes { get; private set; } = [];

    /// <summary>The highest id number used so far, including this run (store it with the run).</summary>
    public int HighestId { get; private set; }

    public void Run(CancellationToken cancellationToken = default)
    {
        var oldRings = _previous?.Rings ?? [];
        int highest = HighestIdOf(_previous);

        var holderToOld = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var oldSizes = new int[oldRings.Count];
        for (int o = 0; o < oldRings.Count; o++)
            foreach (var m in oldRings[o].Members)
            {
                if (m.Role != MemberRole.Victim) continue;
                oldSizes[o]++;
                if (!holderToOld.TryGetValue(m.EntityId, out var list)) holderToOld[m.EntityId] = list = [];
                list.Add(o);
            }

        var matches = new List<(int New, int Old, double Jaccard)>();
        var absorbed = new List<int>[_rings.Count];   // old rings most of whose victims this new ring holds
        var partOf = new List<int>[_rings.Count];     // old rings this new ring is mostly made of
        var partsPerOld = new int[oldRings.Count];
        var overlap = new Dictionary<int, int>();
        for (int r = 0; r < _rings.Count; r++)
        {
            if ((r & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            absorbed[r] = [];
            partOf[r] = [];
            overlap.Clear();
            int size = 0;
            foreach (var m in _rings[r].Members)
            {
                if (m.Role != MemberRole.Victim) continue;
                size++;
                if (holderToOld.TryGetValue(m.EntityId, out var list))
                    foreach (int o in list) overlap[o] = overlap.GetValueOrDefault(o) + 1;
            }
            foreach (var (o, inter) in overlap.OrderBy(kv => kv.Key))
            {
                double j = inter / (double)(size + oldSizes[o] - inter);
                if (j >= _threshold) matches.Add((r, o, j));
                if (inter >= _threshold * oldSizes[o]) absorbed[r].Add(o);
                if (inter >= _threshold * size) { partOf[r].Add(o); partsPerOld[o]++; }
            }
        }

        matches.Sort((a, b) =>
        {
            int c = b.Jaccard.CompareTo(a.Jaccard);
            if (c != 0) return c;
            c = a.New.CompareTo(b.New);
            return c != 0 ? c : string.CompareOrdinal(oldRings[a.Old].RingId, oldRings[b.Old].RingId);
        });
        var assigned = new string?[_rings.Count];
        var oldTaken = new bool[oldRings.Count];
        foreach (var (r, o, _) in matches)
        {
            if (assigned[r] is null && !oldTaken[o])
            {
                assigned[r] = oldRings[o].RingId;
                oldTaken[o] = true;
            }
        }

        var rings = new List<Ring>(_rings.Count);
        var changes = new List<RingChange>(_rings.Count);
        for (int r = 0; r < _rings.Count; r++)
        {
            string id = assigned[r] ?? Format(++highest);
            RingLineage lineage;
            List<int> from;
            int splitFrom = partOf[r].Find(o => partsPerOld[o] >= 2);
            bool split = partOf[r].Exists(o => partsPerOld[o] >= 2);
            if (absorbed[r].Count >= 2) { lineage = RingLineage.Merged; from = absorbed[r]; }
            else if (split) { lineage = RingLineage.Split; from = [splitFrom]; }
            else if (assigned[r] is not null) { lineage = RingLineage.Continued; from = []; }
            else { lineage = RingLineage.New; from = []; }
            var previousIds = from.Select(o => oldRings[o].RingId).ToList();
            if (assigned[r] is not null && !previousIds.Contains(assigned[r]!)) previousIds.Add(assigned[r]!);
            previousIds.Sort(StringComparer.Ordinal);
            rings.Add(_rings[r] with { RingId = id });
            changes.Add(new RingChange(id, lineage, previousIds));
        }
        foreach (var ring in rings) highest = Math.Max(highest, NumberOf(ring.RingId));
        Rings = rings;
        Changes = changes;
        HighestId = highest;
    }

    /// <summary><c>R-000001</c> for 1.</summary>
    public static string Format(int number) => "R-" + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The number of an <c>R-</c> id, 0 when it is not one.</summary>
    public static int NumberOf(string? ringId) =>
        ringId is not null && ringId.StartsWith("R-", StringComparison.Ordinal) && int.TryParse(ringId.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;

    /// <summary>The highest ring id number a run used or remembered (its rings, lineage and recorded parameter).</summary>
    public static int HighestIdOf(AnalysisRun? run)
    {
        if (run is null) return 0;
        int highest = 0;
        foreach (var r in run.Rings) highest = Math.Max(highest, NumberOf(r.RingId));
        foreach (var c in run.Changes)
        {
            highest = Math.Max(highest, NumberOf(c.RingId));
            foreach (var p in c.PreviousRingIds) highest = Math.Max(highest, NumberOf(p));
        }
        try
        {
            if (!string.IsNullOrEmpty(run.ParametersJson) && JsonNode.Parse(run.ParametersJson) is JsonObject o
                && o["highestRingId"] is JsonValue v && v.TryGetValue(out int recorded))
                highest = Math.Max(highest, recorded);
        }
        catch (System.Text.Json.JsonException)
        {
            // A run saved by another tool may hold other parameters; the ids themselves still count.
        }
        return highest;
    }
}
