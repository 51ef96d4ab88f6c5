using Graph.Core;
using Graph.Storage;

namespace Graph.Analytics.Tests.Detection;

/// <summary>Builds small <see cref="GraphSnapshot"/>s by hand, sorted the way a store returns them.</summary>
internal sealed class SnapshotBuilder
{
    private readonly List<SnapshotHolder> _holders = [];
    private readonly Dictionary<string, int> _holderIndex = new(StringComparer.Ordinal);
    private readonly List<(string Holder, ContactKind Kind, string Value, EvidenceKind Evidence, RecordKind Source, string SourceId, DateTimeOffset? At)> _links = [];
    private readonly List<(string Id, string Holder, string? Agent, PolicyStatus Status, double Day)> _policies = [];
    private readonly List<SnapshotAgent> _agents = [];
    private readonly List<(RecordKind Kind, string Id, string Holder, DateTimeOffset? At, decimal? Amount, ContactField Field, string? Text)> _events = [];
    private int _next;

    public static readonly DateTimeOffset Epoch = new(2022, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public static DateTimeOffset Day(double d) => Epoch.AddDays(d);

    public SnapshotBuilder Holder(string id, string? name, string? city, double createdDay = 0, string? phone = null, string? address = null, string? agent = null)
    {
        _holderIndex[id] = -1;
        _holders.Add(new SnapshotHolder(id, name, city, Day(createdDay), false));
        if (phone is not null) Link(id, ContactKind.Phone, phone, EvidenceKind.RegisteredPhone, RecordKind.Policyholder, id, createdDay);
        if (address is not null) Link(id, ContactKind.Address, address, EvidenceKind.RegisteredAddress, RecordKind.Policyholder, id, createdDay);
        // Issued the day the holder joined: the same agent selling on one day in one city reads as one household.
        _policies.Add(("P" + id, id, agent, PolicyStatus.InForce, createdDay));
        return this;
    }

    public SnapshotBuilder Agent(string id, AgentStatus status = AgentStatus.Active)
    {
        _agents.Add(new SnapshotAgent(id, "agent " + id, status, status == AgentStatus.Terminated ? Day(10) : null, false));
        return this;
    }

    public SnapshotBuilder Link(string holder, ContactKind kind, string value, EvidenceKind evidence, RecordKind source, string sourceId, double day)
    {
        _links.Add((holder, kind, value, evidence, source, sourceId, Day(day)));
        return this;
    }

    /// <summary>A contact change of the holder's phone to <paramref name="phone"/>, optionally from a device.</summary>
    public string ChangePhone(string holder, string phone, double day, string? device = null, string? ip = null)
    {
        string id = "CC" + (++_next).ToString("D6");
        Link(holder, ContactKind.Phone, phone, EvidenceKind.ChangedTo, RecordKind.ContactChange, id, day);
        if (device is not null) Link(holder, ContactKind.Device, device, EvidenceKind.ChangeDevice, RecordKind.ContactChange, id, day);
        if (ip is not null) Link(holder, ContactKind.Ip, ip, EvidenceKind.ChangeIp, RecordKind.ContactChange, id, day);
        _events.Add((RecordKind.ContactChange, id, holder, Day(day), null, ContactField.Phone, null));
        return id;
    }

    public string Surrender(string holder, double day, decimal amount = 10000m, string? contactPhone = null, string? payout = null, string? representative = null)
    {
        string id = "SR" + (++_next).ToString("D6");
        if (contactPhone is not null) Link(holder, ContactKind.Phone, contactPhone, EvidenceKind.SurrenderContactPhone, RecordKind.SurrenderRequest, id, day);
        if (payout is not null) Link(holder, ContactKind.BankAccount, payout, EvidenceKind.SurrenderPayoutAccount, RecordKind.SurrenderRequest, id, day);
        if (representative is not null) Link(holder, ContactKind.Representative, representative, EvidenceKind.SurrenderRepresentative, RecordKind.SurrenderRequest, id, day);
        _events.Add((RecordKind.SurrenderRequest, id, holder, Day(day), amount, ContactField.Unknown, null));
        return id;
    }

    public string Complain(string holder, double day, string text, string? contactPhone = null)
    {
        string id = "CM" + (++_next).ToString("D6");
        if (contactPhone is not null) Link(holder, ContactKind.Phone, contactPhone, EvidenceKind.ComplaintContactPhone, RecordKind.Complaint, id, day);
        _events.Add((RecordKind.Complaint, id, holder, Day(day), null, ContactField.Unknown, text));
        return id;
    }

    public GraphSnapshot Build()
    {
        var holders = _holders.OrderBy(h => h.Id, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < holders.Count; i++) index[holders[i].Id] = i;
        var contacts = _links.Select(l => new SnapshotContact(l.Kind, l.Value)).Distinct()
            .OrderBy(c => c.Kind).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
        var contactIndex = new Dictionary<SnapshotContact, int>();
        for (int i = 0; i < contacts.Count; i++) contactIndex[contacts[i]] = i;
        var links = _links.Select(l => new SnapshotLink(index[l.Holder], contactIndex[new SnapshotContact(l.Kind, l.Value)], l.Evidence, l.Source, l.SourceId, l.At))
            .OrderBy(l => l.Holder).ThenBy(l => l.Contact).ThenBy(l => l.At).ThenBy(l => l.SourceId, StringComparer.Ordinal).ToList();
        var policies = _policies.Select(p => new SnapshotPolicy(p.Id, index[p.Holder], p.Agent, p.Status, 1000m, Day(p.Day))).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var events = _events.Select(e => new SnapshotEvent(e.Kind, e.Id, index[e.Holder], "P" + e.Holder, e.At, e.Amount, e.Field, null, e.Text))
            .OrderBy(e => e.Holder).ThenBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        return new GraphSnapshot
        {
            Holders = holders,
            Contacts = contacts,
            Links = links,
            Policies = policies,
            Agents = _agents.OrderBy(a => a.Id, StringComparer.Ordinal).ToList(),
            Events = events,
        };
    }
}

/// <summary>An in-memory store: hands out one snapshot and keeps saved runs.</summary>
internal sealed class FakeStore(GraphSnapshot snapshot) : IAnalysisStore
{
    public List<AnalysisRun> Runs { get; } = [];
    public GraphSnapshot Snapshot { get; set; } = snapshot;
    public StoreStatistics GetStatistics(int topShared = 10) => new([], [], []);
    public GraphSnapshot ReadSnapshot(CancellationToken cancellationToken = default) => Snapshot;
    /// <summary>When set, <see cref="SaveAnalysis"/> throws it (a store that fails at the end of a run).</summary>
    public Exception? SaveFailure { get; set; }
    public void SaveAnalysis(AnalysisRun run)
    {
        if (SaveFailure is not null) throw SaveFailure;
        Runs.Add(run);
    }
    public AnalysisRun? ReadLatestAnalysis() => Runs.Count == 0 ? null : Runs[^1];
    public IReadOnlyList<AnalysisRunSummary> ListRuns() => Runs.Select(r => new AnalysisRunSummary(r.RunId, r.StartedAt, r.InputFingerprint, r.Rings.Count, r.Rings.Count(x => x.Flagged))).Reverse().ToList();
}
