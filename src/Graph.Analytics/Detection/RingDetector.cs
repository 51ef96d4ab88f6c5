using System.Diagnostics;
using Graph.Analytics.Algorithms;
using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>Seconds spent in one stage of an analysis.</summary>
public readonly record struct StageTiming(string Stage, double Seconds);

/// <summary>
/// Finds candidate fraud rings in a snapshot: address spellings joined (<see cref="AddressResolution"/>) → complaint templates → projection → connected components
/// (components with fewer holders than a ring needs are skipped) → Leiden with the Constant Potts Model per
/// component (small components are one community each) → <see cref="RingScorer"/> per community → rings that keep a
/// controller once the other rings' victims are set aside (<see cref="RingScorer.KeepingControl"/>).
/// <para>
/// CPM has no resolution limit, and because rings are small communities inside a huge graph, running it per
/// connected component keeps every decision local: a hub down-weighted to a few percent cannot pull two
/// rings into one community unless the weight between them exceeds γ·n₁·n₂.
/// </para>
/// Rings come out in a deterministic order (score descending, then victims descending, then first victim id)
/// with provisional ids <c>C-000001</c>…; <see cref="RingIdentity"/> gives them their lasting ids.
/// <para>
/// With <see cref="ExternalCommunities"/> set (<c>--pushdown</c>: Leiden ran on the Neo4j server), the components
/// and Leiden steps are replaced by those communities, mapped onto the same projection and scored by the same
/// scorer, so the rings have the same shape, roles, reasons and order.
/// </para>
/// </summary>
public sealed class RingDetector
{
    private readonly GraphSnapshot _snapshot;
    private readonly DetectionOptions _options;
    private readonly List<StageTiming> _timings = [];

    public RingDetector(GraphSnapshot snapshot, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid detection options: " + string.Join(" ", errors), nameof(options));
        _snapshot = snapshot;
        _options = options;
    }

    /// <summary>Receives one line as each stage starts (for a console or log); no personal data.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// Communities found outside the engine, used instead of components and Leiden; null (the default): found here.
    /// </summary>
    public IReadOnlyList<ExternalCommunity>? ExternalCommunities { get; init; }

    /// <summary>
    /// True: the snapshot is the detector's to change. Address resolution then moves links inside the snapshot's own
    /// link array instead of a copy, so the links as loaded are not held beside the resolved ones through the analysis
    /// (a copy of every link, issue 13); afterwards the snapshot's links name the joined flats. False (the default):
    /// the snapshot is left as given.
    /// </summary>
    public bool MayChangeSnapshot { get; init; }

    /// <summary>
    /// Threads for address resolution, the index, the projection and Leiden (0: one per logical core; 1: every stage
    /// in order on the caller's thread); the rings are the same on any number.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Every candidate ring (flagged or not), in deterministic order.</summary>
    public IReadOnlyList<Ring> Rings { get; private set; } = [];

    /// <summary>Seconds per stage, in the order they ran.</summary>
    public IReadOnlyList<StageTiming> Timings => _timings;

    /// <summary>The projection the rings were found on (after <see cref="Run"/>).</summary>
    public Projection? Projection { get; private set; }

    /// <summary>Address spellings found to name a flat written more fully elsewhere in the data (<see cref="AddressResolution"/>).</summary>
    public int AddressSpellingsJoined { get; private set; }

    /// <summary>Complaint templates found (after <see cref="Run"/>).</summary>
    public int TemplateCount { get; private set; }

    /// <summary>Connected components with at least <c>MinRingHolders</c> holders.</summary>
    public int ComponentsExamined { get; private set; }

    /// <summary>Communities scored.</summary>
    public int CommunitiesScored { get; private set; }

    /// <summary>What the flag rule decided (after <see cref="Run"/>).</summary>
    public FlagDecision? Flagging { get; private set; }

    public IReadOnlyList<Ring> Run(CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        void Stage(string name)
        {
            _timings.Add(new StageTiming(name, Math.Round(watch.Elapsed.TotalSeconds, 3)));
            watch.Restart();
        }

        int threads = Partitions.Threads(Threads);
        // Complaint templates read only the events, which address resolution leaves as they are: on more than one
        // thread they are found beside the addresses and the index, and waited for before the projection.
        double templateSeconds = 0;
        IReadOnlyList<ComplaintText>? complaints = null;
        ComplaintTemplateDetector? templates = null;
        void FindTemplates()
        {
            var own = Stopwatch.StartNew();
            complaints = ComplaintTemplateDetector.FromSnapshot(_snapshot);
            templates = new ComplaintTemplateDetector(complaints, _options.Templates, _options.Seed);
            templates.Run(cancellationToken);
            templateSeconds = own.Elapsed.TotalSeconds;
        }
        var beside = threads > 1 ? Task.Run(FindTemplates, cancellationToken) : null;

        GraphSnapshot snapshot;
        SnapshotIndex index;
        try
        {
            Progress?.Report("addresses");
            snapshot = AddressResolution.Resolve(_snapshot, MayChangeSnapshot, out int joined, threads, cancellationToken);
            AddressSpellingsJoined = joined;
            Stage("addresses");

            Progress?.Report("index snapshot");
            index = new SnapshotIndex(snapshot, cancellationToken, threads);
            Stage("index");
        }
        catch when (beside is not null)
        {
            // Not left running (or failing unobserved) behind a failed analysis.
            try { beside.Wait(CancellationToken.None); } catch (AggregateException) { }
            throw;
        }

        Progress?.Report("complaint templates");
        if (beside is null) FindTemplates();
        else beside.GetAwaiter().GetResult();
        TemplateCount = templates!.Templates.Count;
        // Beside the addresses, the stage is the wait for them; the seconds they took on their own thread are kept too.
        Stage("templates");
        if (beside is not null) _timings.Add(new StageTiming("templates_beside", Math.Round(templateSeconds, 3)));

        Progress?.Report("projection");
        var projection = new ProjectionBuilder(index, _options, complaints!, templates.Templates) { Threads = threads }.Run(cancellationToken);
        Projection = projection;
        Stage("projection");

        var communities = ExternalCommunities is null
            ? FindCommunities(projection, Stage, cancellationToken)
            : MapExternalCommunities(projection, ExternalCommunities, cancellationToken);

        Progress?.Report("scoring");
        var scorer = new RingScorer(index, projection, _options);
        var scoredRings = new List<ScoredRing>();
        int scored = 0;
        foreach (var community in communities)
        {
            if ((++scored & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            int holders = 0;
            foreach (int v in community) if (v < projection.HolderCount) holders++;
            if (holders < _options.MinRingHolders) continue;
            scoredRings.AddRange(scorer.Score(community));
        }
        CommunitiesScored = scored;
        scoredRings = scorer.KeepingControl(scoredRings);
        scoredRings.Sort(Order);
        var (rings, decision) = FlagRule.Apply(scoredRings, _options);
        Flagging = decision;
        for (int i = 0; i < rings.Count; i++) rings[i] = rings[i] with { RingId = ProvisionalId(i + 1) };
        Rings = rings;
        Stage("scoring");
        _timings.Add(new StageTiming("detect_total", Math.Round(total.Elapsed.TotalSeconds, 3)));
        return rings;
    }

    /// <summary>Connected components, then Leiden (CPM) inside each component big enough to hold a ring.</summary>
    private List<int[]> FindCommunities(Projection projection, Action<string> stage, CancellationToken cancellationToken)
    {
        Progress?.Report("components");
        var graph = projection.Graph;
        int nodes = graph.NodeCount;
        var components = new ConnectedComponents(graph);
        components.Run(cancellationToken);
        int componentCount = components.Count;
        var compOffsets = components.ComponentOffsets;
        var compNodes = components.NodesByComponent;
        var compHolders = new int[componentCount];
        var componentOf = components.Membership;
        for (int v = 0; v < projection.HolderCount; v++) compHolders[componentOf[v]]++;
        stage("components");

        Progress?.Report("communities");
        var communities = new List<int[]>();
        var local = new int[nodes];
        Array.Fill(local, -1);
        int examined = 0;
        for (int c = 0; c < componentCount; c++)
        {
            if (compHolders[c] < _options.MinRingHolders) continue;
            examined++;
            var members = compNodes.AsSpan(compOffsets[c], compOffsets[c + 1] - compOffsets[c]);
            if (members.Length <= _options.SmallComponentNodes)
            {
                communities.Add(members.ToArray());
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var sub = Subgraph(graph, members, local);
            var leiden = new Leiden(sub, new LeidenOptions { Objective = LeidenObjective.Cpm, Resolution = _options.Resolution, Seed = _options.Seed, Threads = Threads });
            leiden.Run(cancellationToken);
            var membership = leiden.Membership;
            for (int i = 0; i < members.Length; i++) local[members[i]] = -1;
            communities.AddRange(Group(membership, members));
        }
        ComponentsExamined = examined;
        stage("communities");
        return communities;

    }

    /// <summary>
    /// External communities as projection node lists: holders by id, contact points by (kind, value) — values the
    /// projection dropped (named by one holder, allowlisted) are skipped, hubs are kept and ignored by the scorer as
    /// in-process — plus the complaint templates its holders' complaints belong to (templates exist only here, so a
    /// server cannot place them). Ids and values the snapshot does not know are ignored; communities left with fewer
    /// holders than a ring needs are dropped.
    /// </summary>
    private List<int[]> MapExternalCommunities(Projection projection, IReadOnlyList<ExternalCommunity> external, CancellationToken cancellationToken)
    {
        var holderIndex = new Dictionary<string, int>(_snapshot.Holders.Count, StringComparer.Ordinal);
        for (int i = 0; i < _snapshot.Holders.Count; i++) holderIndex[_snapshot.Holders[i].Id] = i;
        var contactIndex = new Dictionary<SnapshotContact, int>(_snapshot.Contacts.Count);
        for (int i = 0; i < _snapshot.Contacts.Count; i++) contactIndex[_snapshot.Contacts[i]] = i;

        var communities = new List<int[]>(external.Count);
        var nodes = new List<int>();
        var added = new HashSet<int>();
        foreach (var community in external)
        {
            cancellationToken.ThrowIfCancellationRequested();
            nodes.Clear();
            added.Clear();
            foreach (var id in community.HolderIds)
                if (holderIndex.TryGetValue(id, out int h) && added.Add(h)) nodes.Add(h);
            if (nodes.Count < _options.MinRingHolders) continue;
            int holders = nodes.Count;
            foreach (var key in community.ContactPoints)
                if (contactIndex.TryGetValue(key, out int c) && projection.NodeOfContact[c] >= 0 && added.Add(projection.NodeOfContact[c]))
                    nodes.Add(projection.NodeOfContact[c]);
            for (int i = 0; i < holders; i++)
            {
                int h = nodes[i];
                for (int k = projection.TemplateLinkOffsets[h]; k < projection.TemplateLinkOffsets[h + 1]; k++)
                {
                    int node = projection.NodeOfContact[projection.ContactCount + projection.TemplateLinkTemplate[k]];
                    if (node >= 0 && added.Add(node)) nodes.Add(node);
                }
            }
            communities.Add(nodes.ToArray());
        }
        return communities;
    }

    /// <summary>The id a ring carries before identity matching: <c>C-000001</c>, by rank.</summary>
    public static string ProvisionalId(int rank) => "C-" + rank.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Evidence descending (the score is a rounded function of it), then <see cref="RingOrder"/>.</summary>
    private static int Order(ScoredRing a, ScoredRing b)
    {
        int c = b.Evidence.CompareTo(a.Evidence);
        return c != 0 ? c : RingOrder(a.Ring, b.Ring);
    }

    /// <summary>Score descending, victims descending, then the smallest victim id (ordinal).</summary>
    public static int RingOrder(Ring a, Ring b)
    {
        int c = b.Score.CompareTo(a.Score);
        if (c != 0) return c;
        c = b.Holders.CompareTo(a.Holders);
        if (c != 0) return c;
        return string.CompareOrdinal(FirstVictim(a), FirstVictim(b));
    }

    private static string FirstVictim(Ring r)
    {
        foreach (var m in r.Members) if (m.Role == MemberRole.Victim) return m.EntityId;
        return "";
    }

    private static CsrGraph Subgraph(CsrGraph graph, ReadOnlySpan<int> members, int[] local)
    {
        for (int i = 0; i < members.Length; i++) local[members[i]] = i;
        var offsets = new int[members.Length + 1];
        for (int i = 0; i < members.Length; i++) offsets[i + 1] = offsets[i] + graph.Degree(members[i]);
        var targets = new int[offsets[^1]];
        var weights = new float[offsets[^1]];
        int k = 0;
        for (int i = 0; i < members.Length; i++)
        {
            var nb = graph.Neighbors(members[i]);
            var w = graph.NeighborWeights(members[i]);
            for (int j = 0; j < nb.Length; j++)
            {
                Debug.Assert(local[nb[j]] >= 0, "a component is closed under neighbours");
                targets[k] = local[nb[j]];
                weights[k++] = w[j];
            }
        }
        return new CsrGraph(offsets, targets, weights);
    }

    private static List<int[]> Group(int[] membership, ReadOnlySpan<int> members)
    {
        var byCommunity = new Dictionary<int, List<int>>();
        var order = new List<int>();
        for (int i = 0; i < membership.Length; i++)
        {
            if (!byCommunity.TryGetValue(membership[i], out var list)) { byCommunity[membership[i]] = list = []; order.Add(membership[i]); }
            list.Add(members[i]);
        }
        var result = new List<int[]>(order.Count);
        foreach (int c in order) result.Add(byCommunity[c].ToArray());
        return result;
    }
}
