using Graph.Core;
using Graph.Evidence;
using Graph.Storage;

namespace Graph.Web.Internal;

/// <summary>
/// The latest analysis run with its ring summaries ready to filter and sort, and which rings each holder is in.
/// Built once per run: the ring list answers from memory.
/// </summary>
internal sealed class RunView
{
    public RunView(AnalysisRun run)
    {
        Run = run;
        var lineage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in run.Changes) lineage[c.RingId] = RecordViews.Word(c.Lineage);
        var reasonRings = new Dictionary<string, int>(StringComparer.Ordinal);
        Summaries = new RingSummaryDto[run.Rings.Count];
        for (int i = 0; i < run.Rings.Count; i++)
        {
            var ring = run.Rings[i];
            ById[ring.RingId] = ring;
            int agents = 0;
            foreach (var m in ring.Members)
            {
                if (m.Role == MemberRole.Agent) agents++;
                if (m.EntityType == "holder")
                {
                    if (!RingsByHolder.TryGetValue(m.EntityId, out var rings)) RingsByHolder[m.EntityId] = rings = [];
                    if (rings.Count == 0 || rings[^1] != ring.RingId) rings.Add(ring.RingId);
                }
            }
            var codes = new List<string>();
            RingReason? top = null;
            foreach (var r in ring.Reasons)
            {
                if (!codes.Contains(r.Code)) codes.Add(r.Code);
                if (top is null || r.Contribution > top.Contribution) top = r;
            }
            foreach (var code in codes) reasonRings[code] = reasonRings.GetValueOrDefault(code) + 1;
            Agents[ring.RingId] = agents;
            Summaries[i] = new RingSummaryDto(ring.RingId, ring.Score, ring.Flagged, ring.Holders, ring.Controllers, agents, ring.SurrenderAmount,
                RecordViews.Day(ring.FirstSeen), RecordViews.Day(ring.LastSeen), lineage.GetValueOrDefault(ring.RingId),
                top is null ? null : Scrub(top.Description), codes);
            Lineage[ring.RingId] = lineage.GetValueOrDefault(ring.RingId);
        }
        foreach (var v in run.ValueRoles) ValueRoles.TryAdd((v.EntityType, v.EntityId), v);
        var reasons = new List<ReasonCountDto>();
        foreach (var (code, count) in reasonRings) reasons.Add(new ReasonCountDto(code, count));
        reasons.Sort(static (a, b) => b.Rings != a.Rings ? b.Rings.CompareTo(a.Rings) : string.CompareOrdinal(a.Code, b.Code));
        Reasons = reasons;
    }

    public AnalysisRun Run { get; }
    public RingSummaryDto[] Summaries { get; }
    public Dictionary<string, Ring> ById { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> Agents { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string?> Lineage { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> RingsByHolder { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<ReasonCountDto> Reasons { get; }

    /// <summary>The run's measured shared values by entity type and value.</summary>
    public Dictionary<(string EntityType, string EntityId), SharedValueRole> ValueRoles { get; } = [];

    public IReadOnlyList<string> RingsOf(string holderId) => RingsByHolder.TryGetValue(holderId, out var r) ? r : [];

    /// <summary>Reason descriptions are the engine's words, but a digit run in one must still never leave unmasked.</summary>
    public static string Scrub(string text) => RecordMasker.For(HolderRecords.Empty).FreeText(text) ?? "";
}

/// <summary>
/// Keeps the latest run's <see cref="RunView"/> in memory and replaces it when a newer run appears in the store
/// (a nightly analysis while the explorer runs). The store is asked at most once per check interval.
/// </summary>
internal sealed class RingCache(IAnalysisRunStore store, TimeSpan checkInterval, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private RunView? _current;
    private long _checkedAt; // a timestamp of 0 is long past: the first call reads the store

    /// <summary>The latest run, or null when the store has none.</summary>
    public RunView? Current()
    {
        long now = clock.GetTimestamp();
        var current = Volatile.Read(ref _current);
        if (current is not null && clock.GetElapsedTime(Interlocked.Read(ref _checkedAt), now) < checkInterval) return current;
        lock (_lock)
        {
            if (_current is not null && clock.GetElapsedTime(_checkedAt, clock.GetTimestamp()) < checkInterval) return _current;
            var runs = store.ListRuns();
            if (runs.Count == 0)
            {
                _current = null;
            }
            else if (_current is null || _current.Run.RunId != runs[0].RunId)
            {
                var run = store.ReadLatestAnalysis();
                _current = run is null ? null : new RunView(run);
            }
            Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
            return _current;
        }
    }
}
