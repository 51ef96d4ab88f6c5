using System.Globalization;
using System.Text;
using Graph.Analytics.Rings;
using Graph.Core;
using Graph.Storage;

namespace Graph.Evidence.Internal;

/// <summary>A node of the ring's subgraph: one ring member, <c>m{i}</c> being the i-th member of the ring.</summary>
/// <param name="Shown">The entity id as the package shows it (masked unless the export is unmasked).</param>
/// <param name="Name">For holders, the name as shown; else null.</param>
internal sealed record SubgraphNode(string Id, int MemberIndex, string EntityType, string Shown, MemberRole Role, int EvidenceCount, string? Name);

/// <summary>An edge of the ring's subgraph: a victim tied to a controller (by records naming it) or to an agent (by policies).</summary>
internal sealed record SubgraphEdge(string Id, string Source, string Target, string Kind, IReadOnlyList<string> Evidence, IReadOnlyList<string> Records, DateTimeOffset? First);

/// <summary>One input record named somewhere in the package, with a one-line summary already masked.</summary>
internal sealed record RecordRef(string Kind, string Id, string? HolderId, DateTimeOffset? At, string Summary);

/// <summary>One dated event on the timeline.</summary>
internal sealed record TimelineEvent(RecordKind Kind, string Id, string? HolderId, DateTimeOffset At, string Summary);

/// <summary>
/// Everything one package is made of, gathered once: the ring, its run, the full records of its victims, the
/// subgraph (members as nodes, the records that tie them as edges), and an index of every record by id so each
/// reason's supporting records can be shown.
/// </summary>
internal sealed class RingEvidence
{
    public RingEvidence(Ring ring, AnalysisRun run, HolderRecords records, PackageMasker masker)
    {
        Ring = ring;
        Run = run;
        Records = records;
        Masker = masker;
        masker.Learn(records);
        foreach (var h in records.Holders) Holders[h.Id] = h;
        foreach (var v in run.ValueRoles) _valueRoles.TryAdd((v.EntityType, v.EntityId), v);
        foreach (var p in records.Policies) PolicyHolder[p.Id] = p.HolderId;
        BuildNodes();
        BuildEdges();
        BuildIndex();
        Structure = new RingStructure([.. Nodes.Select(n => n.Role)], Edges.Select(e => (NodeIndex(e.Source), NodeIndex(e.Target))));
        Structure.Run();
    }

    public Ring Ring { get; }
    public AnalysisRun Run { get; }
    public HolderRecords Records { get; }
    public PackageMasker Masker { get; }
    public Dictionary<string, Policyholder> Holders { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string?> PolicyHolder { get; } = new(StringComparer.Ordinal);
    public List<SubgraphNode> Nodes { get; } = [];
    public List<SubgraphEdge> Edges { get; } = [];

    /// <summary>Which controllers hold the ring together, and one victim-to-controller path (nodes by index in <see cref="Nodes"/>).</summary>
    public RingStructure Structure { get; }
    public Dictionary<string, RecordRef> RecordsById { get; } = new(StringComparer.Ordinal);
    public List<TimelineEvent> Timeline { get; } = [];

    /// <summary>Victim holder ids in member order.</summary>
    public List<string> VictimIds { get; } = [];

    private readonly Dictionary<(string Type, string Id), SubgraphNode> _byMember = [];
    private readonly Dictionary<(string Type, string Id), SharedValueRole> _valueRoles = [];

    /// <summary>The role the run gave a member's value and why; null when the run did not measure it (named by few holders, or an older run).</summary>
    public SharedValueRole? ValueRoleOf(SubgraphNode node)
    {
        var m = Ring.Members[node.MemberIndex];
        return _valueRoles.GetValueOrDefault((m.EntityType, m.EntityId));
    }

    private void BuildNodes()
    {
        for (int i = 0; i < Ring.Members.Count; i++)
        {
            var m = Ring.Members[i];
            string? name = null;
            if (m.EntityType == "holder")
            {
                VictimIds.Add(m.EntityId);
                name = Holders.TryGetValue(m.EntityId, out var h) ? Masker.Name(h.Name) : null;
            }
            var node = new SubgraphNode("m" + i.ToString(CultureInfo.InvariantCulture), i, m.EntityType, Masker.MemberId(m), m.Role, m.EvidenceCount, name);
            Nodes.Add(node);
            _byMember.TryAdd((m.EntityType, m.EntityId), node);
        }
    }

    /// <summary>The holder a record's links belong to: its own when a victim, else its policy's.</summary>
    private string? AttributedHolder(string? holderId, string? policyId)
    {
        if (holderId is not null && _byMember.ContainsKey(("holder", holderId))) return holderId;
        return policyId is not null && PolicyHolder.TryGetValue(policyId, out var h) ? h : holderId;
    }

    private void BuildEdges()
    {
        var edges = new Dictionary<(string, string), (SortedSet<string> Evidence, SortedSet<string> Records, DateTimeOffset? First)>();
        void Link(InputRecord record, string? holderId)
        {
            if (holderId is null || !_byMember.TryGetValue(("holder", holderId), out var victim)) return;
            foreach (var link in ContactLinkExtractor.Extract(record, holderId))
            {
                if (!_byMember.TryGetValue((link.ContactKind.EntityType(), link.Value), out var controller)) continue;
                var key = (victim.Id, controller.Id);
                if (!edges.TryGetValue(key, out var e)) e = ([], new SortedSet<string>(StringComparer.Ordinal), null);
                e.Evidence.Add(Snake(link.Evidence.ToString()));
                e.Records.Add(link.SourceId);
                if (link.At is { } at && (e.First is null || at < e.First)) e.First = at;
                edges[key] = e;
            }
        }
        foreach (var h in Records.Holders) Link(h, h.Id);
        foreach (var c in Records.ContactChanges) Link(c, AttributedHolder(c.HolderId, c.PolicyId));
        foreach (var s in Records.SurrenderRequests) Link(s, AttributedHolder(s.HolderId, s.PolicyId));
        foreach (var c in Records.Complaints) Link(c, AttributedHolder(c.HolderId, c.PolicyId));
        foreach (var p in Records.Policies)
        {
            if (p.HolderId is null || p.AgentId is null) continue;
            if (!_byMember.TryGetValue(("holder", p.HolderId), out var victim) || !_byMember.TryGetValue(("agent", p.AgentId), out var agent)) continue;
            var key = (victim.Id, agent.Id);
            if (!edges.TryGetValue(key, out var e)) e = ([], new SortedSet<string>(StringComparer.Ordinal), null);
            e.Evidence.Add("sold_policy");
            e.Records.Add(p.Id);
            if (p.IssuedAt is { } at && (e.First is null || at < e.First)) e.First = at;
            edges[key] = e;
        }
        var keys = edges.Keys.ToList();
        keys.Sort((a, b) => NodeOrder(a.Item1, b.Item1) is var c && c != 0 ? c : NodeOrder(a.Item2, b.Item2));
        foreach (var key in keys)
        {
            var e = edges[key];
            string kind = e.Evidence.Contains("sold_policy") ? "sold" : "contact";
            Edges.Add(new SubgraphEdge("e" + Edges.Count.ToString(CultureInfo.InvariantCulture), key.Item1, key.Item2, kind, e.Evidence.ToList(), e.Records.ToList(), e.First));
        }
    }

    /// <summary>The index in <see cref="Nodes"/> of node <c>m{i}</c>.</summary>
    public static int NodeIndex(string nodeId) => int.Parse(nodeId.AsSpan(1), CultureInfo.InvariantCulture);

    private static int NodeOrder(string a, string b) => NodeIndex(a).CompareTo(NodeIndex(b));

    private void BuildIndex()
    {
        var ci = CultureInfo.InvariantCulture;
        var m = Masker;
        foreach (var h in Records.Holders)
            Add(new RecordRef("policyholder", h.Id, h.Id, h.CreatedAt,
                $"{m.Name(h.Name)} {m.IdNumber(h.IdNumber)} {m.Phone(h.Phone)} {m.Address(h.Address)} {m.FreeText(h.City)}".Trim()));
        foreach (var p in Records.Policies)
            Add(new RecordRef("policy", p.Id, p.HolderId, p.IssuedAt,
                $"{m.FreeText(p.Product)} premium {p.Premium?.ToString("0.##", ci)} agent {p.AgentId} {Word(p.Status)}".Trim()));
        foreach (var a in Records.Agents)
            Add(new RecordRef("agent", a.Id, null, a.HiredAt,
                $"{m.Name(a.Name)} {m.FreeText(a.Org)} {Word(a.Status)}{(a.TerminatedAt is { } t ? " terminated " + Day(t) : "")}".Trim()));
        foreach (var c in Records.ContactChanges)
        {
            var holder = AttributedHolder(c.HolderId, c.PolicyId);
            string summary = $"{Snake(c.Field.ToString())}: {m.ContactValue(c.Field, c.OldValue)} → {m.ContactValue(c.Field, c.NewValue)} via {m.FreeText(c.Channel)}" +
                (c.DeviceId.HasValue ? $", device {m.Technical(c.DeviceId)}" : "") + (c.Ip.HasValue ? $", ip {m.Technical(c.Ip)}" : "");
            Add(new RecordRef("contact_change", c.Id, holder, c.ChangedAt, summary));
            if (c.ChangedAt is { } at) Timeline.Add(new TimelineEvent(RecordKind.ContactChange, c.Id, holder, at, summary));
        }
        foreach (var s in Records.SurrenderRequests)
        {
            var holder = AttributedHolder(s.HolderId, s.PolicyId);
            string summary = $"policy {s.PolicyId}, {s.Amount?.ToString("0.00", ci)} yuan to {m.Account(s.PayoutAccount)} {m.FreeText(s.PayoutBank)}, contact {m.Phone(s.ContactPhone)}" +
                (s.Representative is { } r ? $", representative {m.Name(r.Name)} {m.IdNumber(r.IdNumber)} {m.Phone(r.Phone)}" : "") + $", {Word(s.Status)}";
            Add(new RecordRef("surrender_request", s.Id, holder, s.RequestedAt, summary));
            if (s.RequestedAt is { } at) Timeline.Add(new TimelineEvent(RecordKind.SurrenderRequest, s.Id, holder, at, summary));
        }
        foreach (var c in Records.Complaints)
        {
            var holder = AttributedHolder(c.HolderId, c.PolicyId);
            string summary = $"{Snake(c.Channel.ToString())} complaint on {c.PolicyId}, contact {m.Phone(c.ContactPhone)}" +
                (c.Representative is { } r ? $", representative {m.Name(r.Name)} {m.Phone(r.Phone)}" : "") + $": {Shorten(m.FreeText(c.Text), 80)}";
            Add(new RecordRef("complaint", c.Id, holder, c.FiledAt, summary));
            if (c.FiledAt is { } at) Timeline.Add(new TimelineEvent(RecordKind.Complaint, c.Id, holder, at, summary));
        }
        Timeline.Sort((a, b) => a.At.CompareTo(b.At) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
    }

    private void Add(RecordRef r) => RecordsById.TryAdd(r.Id, r);

    public static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    public static string Day(DateTimeOffset t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Word<T>(T value) where T : struct, Enum => RecordWords.Word(value);

    /// <summary><c>ChangedTo</c> → <c>changed_to</c>.</summary>
    public static string Snake(string pascal) => RecordWords.Snake(pascal);

}
