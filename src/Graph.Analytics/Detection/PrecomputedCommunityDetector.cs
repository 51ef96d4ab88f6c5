using System.Diagnostics;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Storage;

namespace Graph.Analytics.Detection;

/// <summary>
/// A community found outside the engine — on the Neo4j server by Graph Data Science with <c>--pushdown</c> —
/// named by its holders' ids and its contact points (kind and normalized value; unmasked: mask before printing).
/// </summary>
public sealed record ExternalCommunity(IReadOnlyList<string> HolderIds, IReadOnlyList<SnapshotContact> ContactPoints);

/// <summary>
/// Where <see cref="AnalysisRunner"/> gets its communities when they are not computed in-process: a name for
/// <c>run.json</c> (<c>neo4j-gds</c>) and the call that finds them (given the run's options).
/// </summary>
public sealed record ExternalCommunitySource(string Name, Func<DetectionOptions, CancellationToken, IReadOnlyList<ExternalCommunity>> Find);

/// <summary>
/// <see cref="RingDetector"/> with the components and Leiden steps replaced by communities computed elsewhere:
/// the same complaint templates, projection and <see cref="RingScorer"/>, so the rings have the same shape,
/// roles, reasons and order. Each community is mapped onto the in-process projection: its holders by id, its
/// contact points by (kind, value) — values the projection dropped (named by one holder, allowlisted) are
/// skipped, hubs are kept and ignored by the scorer as in-process — plus the complaint templates its holders'
/// complaints belong to (templates exist only in the analysis, so the server cannot place them). Holder ids and
/// contact points the snapshot does not know are ignored.
/// </summary>
public sealed class PrecomputedCommunityDetector
{
    private readonly GraphSnapshot _snapshot;
    private readonly DetectionOptions _options;
    private readonly IReadOnlyList<ExternalCommunity> _communities;
    private readonly List<StageTiming> _timings = [];

    public PrecomputedCommunityDetector(GraphSnapshot snapshot, DetectionOptions options, IReadOnlyList<ExternalCommunity> communities)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(communities);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid detection options: " + string.Join(" ", errors), nameof(options));
        _snapshot = snapshot;
        _options = options;
        _communities = communities;
    }

    /// <summary>Every candidate ring (flagged or not), in <see cref="RingDetector.RingOrder"/> with provisional ids.</summary>
    public IReadOnlyList<Ring> Rings { get; private set; } = [];

    /// <summary>Seconds per stage, in the order they ran (the in-process stage names, without components and communities).</summary>
    public IReadOnlyList<StageTiming> Timings => _timings;

    /// <summary>The projection the communities were mapped onto (after <see cref="Run"/>).</summary>
    public Projection? Projection { get; private set; }

    /// <summary>Complaint templates found (after <see cref="Run"/>).</summary>
    public int TemplateCount { get; private set; }

    /// <summary>Communities with at least <c>MinRingHolders</c> known holders, i.e. scored.</summary>
    public int CommunitiesScored { get; private set; }

    public IReadOnlyList<Ring> Run(CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        void Stage(string name)
        {
            _timings.Add(new StageTiming(name, Math.Round(watch.Elapsed.TotalSeconds, 3)));
            watch.Restart();
        }

        var index = new SnapshotIndex(_snapshot, cancellationToken);
        Stage("index");
        var complaints = ComplaintTemplateDetector.FromSnapshot(_snapshot);
        var templates = new ComplaintTemplateDetector(complaints, _options.Templates, _options.Seed);
        templates.Run(cancellationToken);
        TemplateCount = templates.Templates.Count;
        Stage("templates");
        var projection = new ProjectionBuilder(index, _options, complaints, templates.Templates).Run(cancellationToken);
        Projection = projection;
        Stage("projection");

        var holderIndex = new Dictionary<string, int>(_snapshot.Holders.Count, StringComparer.Ordinal);
        for (int i = 0; i < _snapshot.Holders.Count; i++) holderIndex[_snapshot.Holders[i].Id] = i;
        var contactIndex = new Dictionary<SnapshotContact, int>(_snapshot.Contacts.Count);
        for (int i = 0; i < _snapshot.Contacts.Count; i++) contactIndex[_snapshot.Contacts[i]] = i;

        var scorer = new RingScorer(index, projection, _options);
        var rings = new List<Ring>();
        var nodes = new List<int>();
        var added = new HashSet<int>();
        int scored = 0;
        foreach (var community in _communities)
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
            scored++;
            if (scorer.Score(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(nodes), "") is { } ring) rings.Add(ring);
        }
        CommunitiesScored = scored;
        rings.Sort(RingDetector.RingOrder);
        for (int i = 0; i < rings.Count; i++) rings[i] = rings[i] with { RingId = RingDetector.ProvisionalId(i + 1) };
        Rings = rings;
        Stage("scoring");
        _timings.Add(new StageTiming("detect_total", Math.Round(total.Elapsed.TotalSeconds, 3)));
        return rings;
    }
}
