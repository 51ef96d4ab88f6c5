using Graph.Core;
using Graph.Storage;

namespace Graph.Benchmarks;

/// <summary>
/// A store seen through a lens that adds one large ring to its latest run: the largest rings joined until the union
/// has at least the asked number of victims, as ring <see cref="RingId"/>. Lets the explorer benchmark time a ring page
/// bigger than any the generator plants, over the real records of a real store, without writing to it.
/// </summary>
internal sealed class MergedRingStore(IGraphStore inner, int victims) : IGraphStore
{
    public const string RingId = "R-999999";

    private AnalysisRun? _run;

    public int Victims { get; private set; }

    public string Location => inner.Location;
    public bool HasLoaded(string fingerprint) => inner.HasLoaded(fingerprint);
    public ILoadTransaction BeginLoad(LoadInfo info) => inner.BeginLoad(info);
    public StoreStatistics GetStatistics(int topShared = 10) => inner.GetStatistics(topShared);
    public GraphSnapshot ReadSnapshot(CancellationToken cancellationToken = default) => inner.ReadSnapshot(cancellationToken);
    public void SaveAnalysis(AnalysisRun run) => inner.SaveAnalysis(run);
    public IReadOnlyList<AnalysisRunSummary> ListRuns() => inner.ListRuns();
    public HolderRecords ReadHolderRecords(IReadOnlyCollection<string> holderIds) => inner.ReadHolderRecords(holderIds);
    public void WriteAudit(AuditRecord record) => inner.WriteAudit(record);
    public IReadOnlyList<AuditRecord> ReadAudit() => inner.ReadAudit();
    public ICommunityPushdown? CommunityPushdown => inner.CommunityPushdown;
    public Task<LinkedHolderPage> ReadContactPointHoldersAsync(ContactPointKey contactPoint, int skip, int take, CancellationToken cancellationToken = default) =>
        inner.ReadContactPointHoldersAsync(contactPoint, skip, take, cancellationToken);
    public Task<IReadOnlyList<int>> CountContactPointHoldersAsync(IReadOnlyList<ContactPointKey> contactPoints, CancellationToken cancellationToken = default) =>
        inner.CountContactPointHoldersAsync(contactPoints, cancellationToken);
    public Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursAsync(IReadOnlyCollection<string> holderIds, CancellationToken cancellationToken = default) =>
        inner.CountHolderNeighboursAsync(holderIds, cancellationToken);
    public Task<Agent?> ReadAgentAsync(string agentId, CancellationToken cancellationToken = default) => inner.ReadAgentAsync(agentId, cancellationToken);
    public Task<LinkedHolderPage> ReadAgentHoldersAsync(string agentId, int skip, int take, CancellationToken cancellationToken = default) =>
        inner.ReadAgentHoldersAsync(agentId, skip, take, cancellationToken);
    public Task<IReadOnlyList<HolderMatch>> FindHoldersByIdPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken = default) =>
        inner.FindHoldersByIdPrefixAsync(idPrefix, limit, cancellationToken);
    public Task<IReadOnlyList<HolderMatch>> FindHoldersByPhonePatternAsync(string prefix, string suffix, int length, int limit, CancellationToken cancellationToken = default) =>
        inner.FindHoldersByPhonePatternAsync(prefix, suffix, length, limit, cancellationToken);
    public void Dispose() => inner.Dispose();

    public AnalysisRun? ReadLatestAnalysis()
    {
        if (_run is not null) return _run;
        var run = inner.ReadLatestAnalysis();
        if (run is null) return null;
        var members = new List<RingMember>();
        var reasons = new List<RingReason>();
        var seen = new HashSet<(string, string)>();
        decimal amount = 0;
        int holders = 0, controllers = 0;
        foreach (var ring in run.Rings.OrderByDescending(r => r.Holders).ThenBy(r => r.RingId, StringComparer.Ordinal))
        {
            foreach (var m in ring.Members)
                if (seen.Add((m.EntityType, m.EntityId)))
                {
                    members.Add(m);
                    if (m.Role == MemberRole.Victim) holders++;
                    if (m.Role == MemberRole.Controller) controllers++;
                }
            reasons.AddRange(ring.Reasons);
            amount += ring.SurrenderAmount;
            if (holders >= victims) break;
        }
        Victims = holders;
        var big = new Ring(RingId, 100, true, holders, controllers, amount, run.Rings.Min(r => r.FirstSeen), run.Rings.Max(r => r.LastSeen), reasons, members);
        return _run = run with { Rings = [.. run.Rings, big] };
    }
}
