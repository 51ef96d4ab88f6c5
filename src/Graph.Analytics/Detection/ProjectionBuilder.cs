using Graph.Analytics.Algorithms;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Storage;

namespace Graph.Analytics.Detection;

/// <summary>What the projection did with one contact point.</summary>
public enum ContactState : byte
{
    /// <summary>Named by fewer than two holders: carries no link information, not in the graph.</summary>
    Lonely,
    /// <summary>Matches the allowlist of institutional values: not in the graph.</summary>
    Allowlisted,
    /// <summary>Measured as a hub (many holders, spread, no burst): in the graph with down-weighted links.</summary>
    Hub,
    /// <summary>In the graph with full weight.</summary>
    Linked,
}

/// <summary>The measurements behind a hub decision, for one value named by many holders.</summary>
/// <param name="ActiveShare">Share of the holders linked by active evidence (switched to it, paid out to it, represented by it).</param>
public sealed record HubMeasurement(ContactKind Kind, string Value, int Holders, int Cities, int Agents, double Concentration, double ActiveShare, bool IsHub);

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
    public required ContactState[] States { get; init; }
    /// <summary>Distinct holders naming each extended contact point.</summary>
    public required int[] HoldersPerContact { get; init; }
    /// <summary>Every value measured for hubness (named by at least <c>Hubs.MinHolders</c> holders).</summary>
    public required IReadOnlyList<HubMeasurement> HubMeasurements { get; init; }
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
/// Builds the <see cref="Projection"/>: one weighted edge per (holder, contact point) pair, never holder—holder
/// cliques (a value shared by k holders is k edges).
/// <para>
/// Weight of a pair: the evidence weights of its links summed, at most twice the strongest (several records
/// confirm, they do not multiply); a contact change (and its device/IP) followed by the holder's surrender
/// within the window is boosted. A value the holder registered and was never switched to is the holder's own:
/// its other links (the own phone on a surrender form) add only a quarter. Contact points named by one holder
/// are dropped, allowlisted values are dropped, and hubs — many holders, spread over cities or agents, with
/// no burst in time (see <see cref="HubOptions"/>) — keep only <c>WeightFactor</c> of their weight.
/// </para>
/// Complexity: linear in links + holders + contact points.
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

    public Projection Result => _result ?? throw new InvalidOperationException("Call Run first.");
    private Projection? _result;

    public Projection Run(CancellationToken cancellationToken = default)
    {
        var index = _index ??= new SnapshotIndex(_snapshot, cancellationToken);
        int holders = index.HolderCount, contacts = _snapshot.Contacts.Count, templates = _templates.Count;
        int extended = contacts + templates;
        var links = Lists.AsSpan(_snapshot.Links);

        // Template links as a CSR by holder, so the pair pass below can walk both kinds per holder.
        var tOffsets = new int[holders + 1];
        foreach (var t in _templates) foreach (int c in t.Complaints) tOffsets[_complaints[c].Holder + 1]++;
        for (int h = 0; h < holders; h++) tOffsets[h + 1] += tOffsets[h];
        var tTemplate = new int[tOffsets[holders]];
        var tComplaint = new int[tOffsets[holders]];
        var tFill = (int[])tOffsets.Clone();
        foreach (var t in _templates)
            foreach (int c in t.Complaints)
            {
                int p = tFill[_complaints[c].Holder]++;
                tTemplate[p] = t.Index;
                tComplaint[p] = c;
            }
        for (int h = 0; h < holders; h++)
        {
            // Order each holder's template links by template so equal templates form runs.
            int from = tOffsets[h], len = tOffsets[h + 1] - from;
            if (len > 1) Array.Sort(tTemplate, tComplaint, from, len);
        }

        // Pass 1: one weighted pair per (holder, extended contact).
        double window = _options.ChangeBeforeSurrenderDays, boost = _options.ChangeBeforeSurrenderBoost;
        var weightOf = new double[Enum.GetValues<EvidenceKind>().Max(e => (int)e) + 1];
        foreach (var e in Enum.GetValues<EvidenceKind>()) weightOf[(int)e] = _options.EvidenceWeight(e);
        var events = Lists.AsSpan(_snapshot.Events);
        var pairHolder = new List<int>(links.Length / 2 + tTemplate.Length);
        var pairContact = new List<int>(pairHolder.Capacity);
        var pairWeight = new List<float>(pairHolder.Capacity);
        var holdersPerContact = new int[extended];
        for (int h = 0; h < holders; h++)
        {
            if ((h & 0x3FFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            int end = index.LinkOffsets[h + 1];
            for (int i = index.LinkOffsets[h]; i < end;)
            {
                int c = links[i].Contact;
                double sum = 0, max = 0, registered = 0, other = 0;
                bool changedTo = false;
                for (; i < end && links[i].Contact == c; i++)
                {
                    ref readonly var l = ref links[i];
                    double w = weightOf[(int)l.Evidence];
                    if (l.Evidence is EvidenceKind.ChangedTo or EvidenceKind.ChangeDevice or EvidenceKind.ChangeIp && l.At is { } at
                        && SurrenderFollows(events, index.EventOffsets[h], index.EventOffsets[h + 1], SnapshotIndex.Days(at), window))
                        w *= boost;
                    if (l.Evidence == EvidenceKind.ChangedTo) changedTo = true;
                    if (Evidence.IsRegistration(l.Evidence)) registered += w; else other += w;
                    sum += w;
                    if (w > max) max = w;
                }
                double weight = registered > 0 && !changedTo ? registered + 0.25 * other : Math.Min(sum, 2 * max);
                if (weight <= 0) continue;
                pairHolder.Add(h);
                pairContact.Add(c);
                pairWeight.Add((float)weight);
                holdersPerContact[c]++;
            }
            int tEnd = tOffsets[h + 1];
            double tw = weightOf[(int)EvidenceKind.ComplaintTemplate];
            for (int i = tOffsets[h]; i < tEnd;)
            {
                int t = tTemplate[i];
                int n = 0;
                for (; i < tEnd && tTemplate[i] == t; i++) n++;
                if (tw <= 0) continue;
                pairHolder.Add(h);
                pairContact.Add(contacts + t);
                pairWeight.Add((float)Math.Min(tw * n, 2 * tw));
                holdersPerContact[contacts + t]++;
            }
        }

        // Allowlist and hub measurement, only for values that link at least two holders.
        var states = new ContactState[extended];
        var isAllowed = _options.Allowlist.Compile();
        var candidate = new int[extended];
        Array.Fill(candidate, -1);
        var candidates = new List<int>();
        for (int c = 0; c < extended; c++)
        {
            if (holdersPerContact[c] < 2) { states[c] = ContactState.Lonely; continue; }
            if (c < contacts && isAllowed(_snapshot.Contacts[c].Value)) { states[c] = ContactState.Allowlisted; continue; }
            states[c] = ContactState.Linked;
            if (holdersPerContact[c] >= _options.Hubs.MinHolders) { candidate[c] = candidates.Count; candidates.Add(c); }
        }
        var measurements = MeasureHubs(index, links, candidates, candidate, tOffsets, tTemplate, tComplaint, contacts, cancellationToken);
        foreach (var m in measurements.Where(m => m.Measurement.IsHub)) states[m.Contact] = ContactState.Hub;

        // Pass 2: the CSR. Holder rows list contacts in index order (pairs are sorted by holder, then contact).
        var nodeOfContact = new int[extended];
        var contactOfNode = new List<int>();
        for (int c = 0; c < extended; c++)
        {
            if (states[c] is ContactState.Linked or ContactState.Hub) { nodeOfContact[c] = holders + contactOfNode.Count; contactOfNode.Add(c); }
            else nodeOfContact[c] = -1;
        }
        int nodes = holders + contactOfNode.Count;
        var offsets = new int[nodes + 1];
        var ph = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairHolder);
        var pc = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairContact);
        var pw = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairWeight);
        float hubFactor = (float)_options.Hubs.WeightFactor;
        for (int p = 0; p < ph.Length; p++)
        {
            int node = nodeOfContact[pc[p]];
            if (node < 0 || (states[pc[p]] == ContactState.Hub && hubFactor <= 0)) continue;
            offsets[ph[p] + 1]++;
            offsets[node + 1]++;
        }
        for (int v = 0; v < nodes; v++) offsets[v + 1] += offsets[v];
        var targets = new int[offsets[nodes]];
        var weights = new float[offsets[nodes]];
        var fill = (int[])offsets.Clone();
        for (int p = 0; p < ph.Length; p++)
        {
            int c = pc[p], node = nodeOfContact[c];
            if (node < 0 || (states[c] == ContactState.Hub && hubFactor <= 0)) continue;
            float w = states[c] == ContactState.Hub ? pw[p] * hubFactor : pw[p];
            int a = fill[ph[p]]++;
            targets[a] = node;
            weights[a] = w;
            int b = fill[node]++;
            targets[b] = ph[p];
            weights[b] = w;
        }

        _result = new Projection
        {
            Graph = new CsrGraph(offsets, targets, weights),
            HolderCount = holders,
            ContactCount = contacts,
            Complaints = _complaints,
            Templates = _templates,
            NodeOfContact = nodeOfContact,
            ContactOfNode = contactOfNode.ToArray(),
            States = states,
            HoldersPerContact = holdersPerContact,
            HubMeasurements = measurements.Select(m => m.Measurement).ToList(),
            TemplateLinkOffsets = tOffsets,
            TemplateLinkTemplate = tTemplate,
            TemplateLinkComplaint = tComplaint,
        };
        return _result;
    }

    private static bool SurrenderFollows(ReadOnlySpan<SnapshotEvent> events, int from, int to, double day, double window)
    {
        for (int e = from; e < to; e++)
        {
            if (events[e].Kind != RecordKind.SurrenderRequest || events[e].At is not { } at) continue;
            double d = SnapshotIndex.Days(at) - day;
            if (d >= 0 && d <= window) return true;
        }
        return false;
    }

    private List<(int Contact, HubMeasurement Measurement)> MeasureHubs(
        SnapshotIndex index, ReadOnlySpan<SnapshotLink> links, List<int> candidates, int[] candidate,
        int[] tOffsets, int[] tTemplate, int[] tComplaint, int contacts, CancellationToken ct)
    {
        var result = new List<(int, HubMeasurement)>(candidates.Count);
        if (candidates.Count == 0) return result;
        var holderLists = new List<int>[candidates.Count];
        var dayLists = new List<double>[candidates.Count];
        var activeHolders = new int[candidates.Count];
        for (int i = 0; i < candidates.Count; i++) { holderLists[i] = []; dayLists[i] = []; }
        for (int h = 0; h < index.HolderCount; h++)
        {
            int prev = -1, prevActive = -1;
            for (int i = index.LinkOffsets[h]; i < index.LinkOffsets[h + 1]; i++)
            {
                int k = candidate[links[i].Contact];
                if (k < 0) continue;
                if (links[i].Contact != prev) { holderLists[k].Add(h); prev = links[i].Contact; }
                if (Evidence.IsActive(links[i].Evidence) && prevActive != links[i].Contact) { activeHolders[k]++; prevActive = links[i].Contact; }
                if (links[i].At is { } at && !Evidence.IsRegistration(links[i].Evidence)) dayLists[k].Add(SnapshotIndex.Days(at));
            }
            int prevT = -1;
            for (int i = tOffsets[h]; i < tOffsets[h + 1]; i++)
            {
                int k = candidate[contacts + tTemplate[i]];
                if (k < 0) continue;
                if (tTemplate[i] != prevT) { holderLists[k].Add(h); prevT = tTemplate[i]; }
                if (_complaints[tComplaint[i]].At is { } at) dayLists[k].Add(SnapshotIndex.Days(at));
            }
        }
        ct.ThrowIfCancellationRequested();

        var cityStamp = new int[Math.Max(1, index.CityCount)];
        var agentStamp = new int[Math.Max(1, _snapshot.Agents.Count)];
        Array.Fill(cityStamp, -1);
        Array.Fill(agentStamp, -1);
        var hub = _options.Hubs;
        for (int k = 0; k < candidates.Count; k++)
        {
            int cities = 0, agents = 0;
            foreach (int h in holderLists[k])
            {
                int city = index.HolderCity[h];
                if (city >= 0 && cityStamp[city] != k) { cityStamp[city] = k; cities++; }
                for (int p = index.PolicyOffsets[h]; p < index.PolicyOffsets[h + 1]; p++)
                {
                    int a = index.PolicyAgent[index.PolicyOrder[p]];
                    if (a >= 0 && agentStamp[a] != k) { agentStamp[a] = k; agents++; }
                }
            }
            var days = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dayLists[k]);
            double concentration = SnapshotIndex.Concentration(days, index.EvidenceDays, out _);
            // Fewer than three dated records: only registrations name it, so no campaign is visible in time.
            bool spread = cities >= hub.MinCities || agents >= hub.MinAgents;
            // A value most of whose holders were switched to it, paid out to it or represented by it is
            // controlled by someone, whatever its spread: institutions are typed in, not switched to.
            double activeShare = activeHolders[k] / (double)Math.Max(1, holderLists[k].Count);
            bool isHub = spread && concentration < hub.MaxConcentration && activeShare < hub.MaxActiveShare;
            int c = candidates[k];
            var (kind, value) = c < contacts
                ? (_snapshot.Contacts[c].Kind, _snapshot.Contacts[c].Value)
                : (ContactKind.ComplaintTemplate, _complaints[_templates[c - contacts].Complaints[0]].ComplaintId);
            result.Add((c, new HubMeasurement(kind, value, holderLists[k].Count, cities, agents, Math.Round(concentration, 3), Math.Round(activeShare, 3), isHub)));
        }
        return result;
    }
}
