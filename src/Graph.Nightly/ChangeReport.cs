using System.Globalization;
using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;
using Newtonsoft.Json;

namespace Graph.Nightly;

/// <summary>What happened to a ring between two runs (one row of <c>changes.csv</c>).</summary>
public enum RingChangeKind
{
    /// <summary>A ring with no predecessor: it started since the previous run (or was not strong enough before).</summary>
    New,
    /// <summary>The same ring with more victims than before.</summary>
    Grown,
    /// <summary>The same ring with fewer victims than before.</summary>
    Shrunk,
    /// <summary>A ring holding most of the victims of two or more previous rings.</summary>
    Merged,
    /// <summary>One of two or more rings each made mostly of one previous ring's victims.</summary>
    Split,
    /// <summary>A previous ring that no ring of this run continues, merges or splits from.</summary>
    Dissolved,
    /// <summary>A ring whose score moved by at least the report's threshold (10 points by default), either way.</summary>
    ScoreMoved,
}

/// <summary>
/// One change of one ring. A ring can have two rows (grown and score moved). "Before" values are those of the
/// previous ring(s): for a merge, the victims of all merged rings together and the highest score among them.
/// </summary>
public sealed record RingChangeRow(
    RingChangeKind Change,
    string RingId,
    IReadOnlyList<string> PreviousRingIds,
    int? HoldersBefore,
    int? HoldersAfter,
    int HoldersAdded,
    int HoldersRemoved,
    double? ScoreBefore,
    double? ScoreAfter,
    bool? FlaggedBefore,
    bool? FlaggedAfter);

/// <summary>A ring reduced to what a change report compares: its id, score, flag and victims (holder ids).</summary>
public sealed record RingOutline(string RingId, double Score, bool Flagged, IReadOnlyList<string> Victims)
{
    public static RingOutline Of(Ring ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var victims = new List<string>(ring.Holders);
        foreach (var m in ring.Members)
            if (m.Role == MemberRole.Victim) victims.Add(m.EntityId);
        return new RingOutline(ring.RingId, ring.Score, ring.Flagged, victims);
    }
}

/// <summary>A run reduced to its ring outlines: the baseline a cycle's changes are measured against.</summary>
public sealed record RunOutline(string RunId, IReadOnlyList<RingOutline> Rings)
{
    public static RunOutline? Of(AnalysisRun? run)
    {
        if (run is null) return null;
        var rings = new List<RingOutline>(run.Rings.Count);
        foreach (var r in run.Rings) rings.Add(RingOutline.Of(r));
        return new RunOutline(run.RunId, rings);
    }
}

/// <summary>
/// Compares a run's rings with a baseline run's: new, grown, shrunk, merged, split, dissolved, and score moved by
/// at least <see cref="ScoreThreshold"/> points.
/// </summary>
/// <remarks>
/// Lineage is <see cref="RingIdentity"/>'s (victim Jaccard for continuity, containment for merges and splits),
/// computed against the baseline. In a normal cycle the baseline is the run the analysis itself matched against,
/// so this is exactly the run's own <see cref="RingChange"/> list; after an interrupted cycle left an extra run in
/// the store, measuring against the baseline recorded when the cycle started still reports what the day's
/// increments changed, not "nothing changed since the interrupted attempt".
/// </remarks>
public sealed class ChangeReport
{
    private readonly AnalysisRun _current;
    private readonly RunOutline? _baseline;
    private readonly double _jaccard;

    public ChangeReport(AnalysisRun current, RunOutline? baseline, double identityJaccard = 0.5, double scoreThreshold = 10)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!(identityJaccard > 0 && identityJaccard <= 1)) throw new ArgumentOutOfRangeException(nameof(identityJaccard), identityJaccard, "Use a similarity in (0, 1].");
        if (!(scoreThreshold > 0)) throw new ArgumentOutOfRangeException(nameof(scoreThreshold), scoreThreshold, "Use a positive number of points.");
        _current = current;
        _baseline = baseline;
        _jaccard = identityJaccard;
        ScoreThreshold = scoreThreshold;
    }

    /// <summary>Points a score must move by to be reported. Default 10.</summary>
    public double ScoreThreshold { get; }

    /// <summary>The run compared against, or null for the first run.</summary>
    public string? BaselineRunId => _baseline?.RunId;

    /// <summary>The changes: this run's rings in run order, then dissolved rings in baseline order.</summary>
    public IReadOnlyList<RingChangeRow> Changes { get; private set; } = [];

    /// <summary>Rows per kind, every kind present (zeros included), in enum order.</summary>
    public IReadOnlyList<KeyValuePair<RingChangeKind, int>> Counts
    {
        get
        {
            var counts = new int[Enum.GetValues<RingChangeKind>().Length];
            foreach (var c in Changes) counts[(int)c.Change]++;
            var list = new List<KeyValuePair<RingChangeKind, int>>(counts.Length);
            for (int i = 0; i < counts.Length; i++) list.Add(new((RingChangeKind)i, counts[i]));
            return list;
        }
    }

    public ChangeReport Run(CancellationToken cancellationToken = default)
    {
        var oldRings = _baseline?.Rings ?? [];
        var oldById = new Dictionary<string, RingOutline>(StringComparer.Ordinal);
        foreach (var r in oldRings) oldById[r.RingId] = r;

        // Lineage against the baseline, with the baseline reduced to victims (all RingIdentity reads).
        AnalysisRun? previous = null;
        if (_baseline is not null)
        {
            var rings = new List<Ring>(oldRings.Count);
            foreach (var r in oldRings)
            {
                var members = new List<RingMember>(r.Victims.Count);
                foreach (var v in r.Victims) members.Add(new RingMember("holder", v, MemberRole.Victim, 1));
                rings.Add(new Ring(r.RingId, r.Score, r.Flagged, r.Victims.Count, 0, 0, null, null, [], members));
            }
            previous = new AnalysisRun(_baseline.RunId, DateTimeOffset.MinValue, "", "{}", rings, []);
        }
        var identity = new RingIdentity(_current.Rings, previous, _jaccard);
        identity.Run(cancellationToken);

        var rows = new List<RingChangeRow>();
        var continued = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _current.Rings.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ring = RingOutline.Of(_current.Rings[i]);
            var lineage = identity.Changes[i];
            foreach (var p in lineage.PreviousRingIds) continued.Add(p);
            // The baseline ring this one carries on, when it kept an id (RingIdentity gave it back).
            oldById.TryGetValue(identity.Rings[i].RingId, out var same);

            var before = new HashSet<string>(StringComparer.Ordinal);
            RingOutline? scoreFrom = same;
            foreach (var p in lineage.PreviousRingIds)
            {
                if (!oldById.TryGetValue(p, out var old)) continue;
                before.UnionWith(old.Victims);
                if (scoreFrom is null || (same is null && old.Score > scoreFrom.Score)) scoreFrom = old;
            }
            int added = 0;
            foreach (var v in ring.Victims) if (!before.Contains(v)) added++;
            int kept = ring.Victims.Count - added;
            int removed = before.Count - kept;
            bool hasBefore = lineage.Lineage != RingLineage.New;

            RingChangeRow Row(RingChangeKind kind) => new(
                kind, ring.RingId, lineage.PreviousRingIds,
                hasBefore ? before.Count : null, ring.Victims.Count,
                added, hasBefore ? removed : 0,
                scoreFrom?.Score, ring.Score, scoreFrom?.Flagged, ring.Flagged);

            switch (lineage.Lineage)
            {
                case RingLineage.New: rows.Add(Row(RingChangeKind.New)); break;
                case RingLineage.Merged: rows.Add(Row(RingChangeKind.Merged)); break;
                case RingLineage.Split: rows.Add(Row(RingChangeKind.Split)); break;
                default:
                    if (ring.Victims.Count > before.Count) rows.Add(Row(RingChangeKind.Grown));
                    else if (ring.Victims.Count < before.Count) rows.Add(Row(RingChangeKind.Shrunk));
                    break;
            }
            if (scoreFrom is not null && Math.Abs(ring.Score - scoreFrom.Score) >= ScoreThreshold)
                rows.Add(Row(RingChangeKind.ScoreMoved));
        }
        foreach (var old in oldRings)
        {
            if (continued.Contains(old.RingId)) continue;
            rows.Add(new RingChangeRow(RingChangeKind.Dissolved, old.RingId, [old.RingId], old.Victims.Count, null,
                0, old.Victims.Count, old.Score, null, old.Flagged, null));
        }
        Changes = rows;
        return this;
    }

    /// <summary>The snake_case name of a change kind, as written in the files (<c>score_moved</c>).</summary>
    public static string Name(RingChangeKind kind) => kind switch
    {
        RingChangeKind.ScoreMoved => "score_moved",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The text of <c>changes.csv</c>: <c>change</c>, <c>ring_id</c>, <c>previous_ring_ids</c> (<c>;</c>-separated),
    /// <c>holders_before</c>, <c>holders_after</c>, <c>holders_added</c>, <c>holders_removed</c>,
    /// <c>score_before</c>, <c>score_after</c>, <c>score_delta</c>, <c>flagged_before</c>, <c>flagged_after</c>.
    /// Empty fields where there is no before (new) or after (dissolved).
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append("change,ring_id,previous_ring_ids,holders_before,holders_after,holders_added,holders_removed,score_before,score_after,score_delta,flagged_before,flagged_after\n");
        foreach (var c in Changes)
        {
            sb.Append(Name(c.Change)).Append(',')
              .Append(c.RingId).Append(',')
              .Append(string.Join(";", c.PreviousRingIds)).Append(',')
              .Append(Int(c.HoldersBefore)).Append(',')
              .Append(Int(c.HoldersAfter)).Append(',')
              .Append(Int(c.HoldersAdded)).Append(',')
              .Append(Int(c.HoldersRemoved)).Append(',')
              .Append(Score(c.ScoreBefore)).Append(',')
              .Append(Score(c.ScoreAfter)).Append(',')
              .Append(c.ScoreBefore is { } b && c.ScoreAfter is { } a ? Score(a - b) : "").Append(',')
              .Append(Bool(c.FlaggedBefore)).Append(',')
              .Append(Bool(c.FlaggedAfter)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The bytes of <c>changes.json</c>: run ids, counts per kind and every change.</summary>
    public byte[] ToJson()
    {
        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", _current.RunId);
            if (_baseline is null) w.WriteNull("previous_run_id"); else w.WriteString("previous_run_id", _baseline.RunId);
            w.WriteNumber("score_threshold", ScoreThreshold);
            w.WriteStartObject("counts");
            foreach (var (kind, n) in Counts) w.WriteNumber(Name(kind), n);
            w.WriteEndObject();
            w.WriteStartArray("changes");
            foreach (var c in Changes)
            {
                w.WriteStartObject();
                w.WriteString("change", Name(c.Change));
                w.WriteString("ring_id", c.RingId);
                w.WriteStrings("previous_ring_ids", c.PreviousRingIds);
                Number(w, "holders_before", c.HoldersBefore);
                Number(w, "holders_after", c.HoldersAfter);
                w.WriteNumber("holders_added", c.HoldersAdded);
                w.WriteNumber("holders_removed", c.HoldersRemoved);
                Number(w, "score_before", c.ScoreBefore is { } sb ? Math.Round(sb, 1) : null);
                Number(w, "score_after", c.ScoreAfter is { } sa ? Math.Round(sa, 1) : null);
                if (c.FlaggedBefore is { } fb) w.WriteBoolean("flagged_before", fb); else w.WriteNull("flagged_before");
                if (c.FlaggedAfter is { } fa) w.WriteBoolean("flagged_after", fa); else w.WriteNull("flagged_after");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Writes <c>changes.csv</c> and <c>changes.json</c> into <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "changes.csv"), ToCsv(), new UTF8Encoding(false));
        File.WriteAllBytes(Path.Combine(directory, "changes.json"), ToJson());
    }

    private static void Number(JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static string Int(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
    private static string Score(double? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "";
    private static string Bool(bool? v) => v is null ? "" : v.Value ? "true" : "false";
}
