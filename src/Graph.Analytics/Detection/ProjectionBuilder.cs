using Graph.Analytics.Algorithms;
using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>
/// What a value (contact point or complaint template) named by several holders is, judged by how it is used
/// (<see cref="Scoring.ValueRoles"/>). Only controllers name a ring; infrastructure and agents' own values do not
/// link anyone in the projection.
/// </summary>
public enum ValueRole : byte
{
    /// <summary>Named by fewer than two holders: carries no link information, not in the graph.</summary>
    Lonely,
    /// <summary>Matches the allowlist of institutional values: not in the graph.</summary>
    Allowlisted,
    /// <summary>Shared by a few households with no sign of control: in the graph, names no ring by itself.</summary>
    Ordinary,
    /// <summary>Households were switched to it, paid out to it or represented by it, or surrendered unusually soon after the records naming it.</summary>
    Controller,
    /// <summary>Many households whose behaviour is the insurer's usual (a branch terminal, an office or carrier IP, a hotline): not in the graph.</summary>
    Infrastructure,
    /// <summary>Mostly one active agent's clients, named passively (the agent's phone or tablet): not in the graph.</summary>
    AgentContact,
    /// <summary>Registered by one household: a family's phone or home.</summary>
    Family,
    /// <summary>Registered by one group of colleagues: an employer's phone or address.</summary>
    Employer,
}

/// <summary>The measurements behind a value's role (listed in <c>run.json</c> for values named by many holders, and for controllers).</summary>
/// <param name="Households">Holders who registered the value themselves count once (a family, an employer's staff).</param>
/// <param name="TakeoverHouseholds">Households tied to it by a record someone else may have made for them (not their own registration).</param>
/// <param name="ActiveHouseholds">Households switched to it, paid out to it or represented by it.</param>
/// <param name="TimedObserved">Households that surrendered within <paramref name="TimedWindow"/> days of the records tying them to it.</param>
/// <param name="TimedExpected">The same, expected at the insurer's rates.</param>
/// <param name="TimedDecades">−log10 of the chance of the timing (0: nothing unusual).</param>
public sealed record ValueMeasurement(ContactKind Kind, string Value, ValueRole Role, string Why, int Holders, int Households,
    int TakeoverHouseholds, int ActiveHouseholds, int OwnRegistrations, int Cities, double TopAgentShare,
    int TimedObserved, double TimedExpected, int TimedWindow, double TimedDecades);

/// <summary>
/// The bipartite holder—contact point graph the communities are found on. Node ids: holders first
/// (<c>0 .. HolderCount-1</c>, the snapshot's holder indices), then the contact points that link at least two
/// holders. Contact points are addressed by an "extended" index: the snapshot's contact indices, then one per
/// complaint template (<c>ContactCount + template index</c>).
/// </summary>
public sealed class Projection
{
    public required CsrGraph Graph { get; init; }
    public required int HolderCount { get; init; }
    /// <summary>Number of snapshot contact points; extended indices at or above this are templates.</summary>
    public required int ContactCount { get; init; }
    public required IReadOnlyList<ComplaintText> Complaints { get; init; }
    public required IReadOnlyList<ComplaintTemplate> Templates { get; init; }
    /// <summary>Node id of each extended contact index, -1 when not in the graph.</summary>
    public required int[] NodeOfContact { get; init; }
    /// <summary>Extended contact index of node <c>HolderCount + i</c>.</summary>
    public required int[] ContactOfNode { get; init; }
    /// <summary>Role of each extended contact point.</summary>
    public required ValueRole[] Roles { get; init; }
    /// <summary>Distinct holders naming each extended contact point.</summary>
    public required int[] HoldersPerContact { get; init; }
    /// <summary>The measurements behind the roles of values named by many holders, and of controllers.</summary>
    public required IReadOnlyList<ValueMeasurement> ValueMeasurements { get; init; }
    internal Scoring.ValuePairs Pairs { get; init; } = null!;
    internal Scoring.Baseline Baseline { get; init; } = null!;
    /// <summary>The judge of the roles, to judge a value again over part of its holders.</summary>
    internal Scoring.ValueRoles ValueRoles { get; init; } = null!;
    /// <summary>Holder h's template links are positions <c>TemplateLinkOffsets[h] .. TemplateLinkOffsets[h+1]</c> of the two arrays below.</summary>
    public required int[] TemplateLinkOffsets { get; init; }
    public required int[] TemplateLinkTemplate { get; init; }
    /// <summary>Index into <see cref="Complaints"/>.</summary>
    public required int[] TemplateLinkComplaint { get; init; }

    public bool IsHolderNode(int node) => node < HolderCount;

    /// <summary>Kind and display value of an extended contact index (templates are named after their first complaint).</summary>
    public (ContactKind Kind, string Value) DescribeContact(GraphSnapshot snapshot, int contact)
    {
        if (contact < ContactCount) return (snapshot.Contacts[contact].Kind, snapshot.Contacts[contact].Value);
        var t = Templates[contact - ContactCount];
        return (ContactKind.ComplaintTemplate, Complaints[t.Complaints[0]].ComplaintId);
    }
}

/// <summary>
/// Builds the <see cref="Projection"/>: one weighted edge per (holder, value) pair, never holder—holder cliques (a
/// value shared by k holders is k edges).
/// <para>
/// Weight of a pair: see <see cref="Scoring.ValuePairs"/>. Every value named by two or more holders gets a role
/// from how it is used (<see cref="Scoring.ValueRoles"/>, measured against this insurer's base rates,
/// <see cref="Scoring.Baseline"/>); values named by one holder, allowlisted values, infrastructure and agents' own
/// values are left out, so they can neither merge two rings nor pull honest holders into one.
/// </para>
/// Complexity: linear in links + holders + values (the role of a value costs its pairs).
/// </summary>
public sealed class ProjectionBuilder
{
    private readonly GraphSnapshot _snapshot;
    private readonly DetectionOptions _options;
    private readonly IReadOnlyList<ComplaintText> _complaints;
    private readonly IReadOnlyList<ComplaintTemplate> _templates;
    private SnapshotIndex? _index;

    public ProjectionBuilder(GraphSnapshot snapshot, DetectionOptions options, IReadOnlyList<ComplaintText> complaints, IReadOnlyList<ComplaintTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(templates);
        _snapshot = snapshot;
        _options = options;
        _complaints = complaints;
        _templates = templates;
    }

    internal ProjectionBuilder(SnapshotIndex index, DetectionOptions options, IReadOnlyList<ComplaintText> complaints, IReadOnlyList<ComplaintTemplate> templates)
        : this(index.Snapshot, options, complaints, templates) => _index = index;

    /// <summary>Threads for the pairs, the base rates and the value roles (0: one per logical core; the default 1: in order); the projection is the same on any number.</summary>
    public int Threads { get; init; } = 1;

    public Projection Result => _result ?? throw new InvalidOperationException("Call Run first.");
    private Projection? _result;

    public Projection Run(CancellationToken cancellationToken = default)
    {
        int threads = Partitions.Threads(Threads);
        var index = _index ??= new SnapshotIndex(_snapshot, cancellationToken, threads);
        int holders = index.HolderCount, contacts = _snapshot.Contacts.Count;
        var templateLinks = Scoring.TemplateLinks.Build(holders, _complaints, _templates);
        var pairs = Scoring.ValuePairs.Build(index, _options, templateLinks, cancellationToken, threads);
        var baseline = Scoring.Baseline.Build(index, pairs, templateLinks, _complaints, cancellationToken, threads);
        (ContactKind, string) Describe(int c) => c < contacts
            ? (_snapshot.Contacts[c].Kind, _snapshot.Contacts[c].Value)
            : (ContactKind.ComplaintTemplate, _complaints[_templates[c - contacts].Complaints[0]].ComplaintId);
        var roles = Scoring.ValueRoles.Classify(index, pairs, baseline, Describe, _options.Allowlist.Compile(), _options.Roles, cancellationToken, threads);

        // The CSR. Holder rows list values in index order (pairs are sorted by holder, then value).
        int extended = pairs.ExtendedCount;
        var nodeOfContact = new int[extended];
        var contactOfNode = new List<int>();
        var holdersPerContact = new int[extended];
        for (int c = 0; c < extended; c++)
        {
            holdersPerContact[c] = pairs.ContactOffsets[c + 1] - pairs.ContactOffsets[c];
            if (InGraph(roles.Roles[c])) { nodeOfContact[c] = holders + contactOfNode.Count; contactOfNode.Add(c); }
            else nodeOfContact[c] = -1;
        }
        int nodes = holders + contactOfNode.Count;
        // A holder's row lists its pairs in pair order, a value's row its pairs by holder (ByContact): each row is
        // counted and filled on its own, ranges of holders and of values side by side.
        var offsets = new int[nodes + 1];
        var weight = pairs.Weight;
        Partitions.For(holders, threads, (_, from, to) =>
        {
            for (int h = from; h < to; h++)
            {
                int degree = 0;
                for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
                    if (nodeOfContact[pairs.Contact[p]] >= 0 && !(weight[p] <= 0)) degree++;
                offsets[h + 1] = degree;
            }
        }, cancellationToken);
        Partitions.For(contactOfNode.Count, threads, (_, from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                int degree = 0;
                foreach (int p in pairs.PairsOf(contactOfNode[i])) if (!(weight[p] <= 0)) degree++;
                offsets[holders + i + 1] = degree;
            }
        }, cancellationToken, smallest: 16_384);
        for (int v = 0; v < nodes; v++) offsets[v + 1] += offsets[v];
        var targets = new int[offsets[nodes]];
        var weights = new float[offsets[nodes]];
        Partitions.For(holders, threads, (_, from, to) =>
        {
            for (int h = from; h < to; h++)
            {
                int a = offsets[h];
                for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
                {
                    int node = nodeOfContact[pairs.Contact[p]];
                    if (node < 0 || weight[p] <= 0) continue;
                    targets[a] = node;
                    weights[a++] = weight[p];
                }
            }
        }, cancellationToken);
        Partitions.For(contactOfNode.Count, threads, (_, from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                int b = offsets[holders + i];
                foreach (int p in pairs.PairsOf(contactOfNode[i]))
                {
                    if (weight[p] <= 0) continue;
                    targets[b] = pairs.Holder[p];
                    weights[b++] = weight[p];
                }
            }
        }, cancellationToken, smallest: 16_384);

        _result = new Projection
        {
            Graph = new CsrGraph(offsets, targets, weights),
            HolderCount = holders,
            ContactCount = contacts,
            Complaints = _complaints,
            Templates = _templates,
            NodeOfContact = nodeOfContact,
            ContactOfNode = contactOfNode.ToArray(),
            Roles = roles.Roles,
            HoldersPerContact = holdersPerContact,
            ValueMeasurements = roles.Reported,
            TemplateLinkOffsets = templateLinks.Offsets,
            TemplateLinkTemplate = templateLinks.Template,
            TemplateLinkComplaint = templateLinks.Complaint,
            Pairs = pairs,
            Baseline = baseline,
            ValueRoles = roles,
        };
        return _result;
    }

    /// <summary>Whether a value of this role links holders in the projection.</summary>
    public static bool InGraph(ValueRole role) => role is ValueRole.Ordinary or ValueRole.Controller or ValueRole.Family or ValueRole.Employer;
}
