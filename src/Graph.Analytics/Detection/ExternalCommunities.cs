using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>
/// A community found outside the engine — on the Neo4j server by Graph Data Science with <c>--pushdown</c> —
/// named by its holders' ids and its contact points (kind and normalized value; unmasked: mask before printing).
/// </summary>
public sealed record ExternalCommunity(IReadOnlyList<string> HolderIds, IReadOnlyList<SnapshotContact> ContactPoints);

/// <summary>
/// Where <c>Graph.Pipeline.AnalysisRunner</c> gets its communities when they are not computed in-process: a name for
/// <c>run.json</c> (<c>neo4j-gds</c>) and the call that finds them (given the run's options). The rings are then
/// scored by <see cref="RingDetector"/> with <see cref="RingDetector.ExternalCommunities"/>.
/// </summary>
public sealed record ExternalCommunitySource(string Name, Func<DetectionOptions, CancellationToken, IReadOnlyList<ExternalCommunity>> Find);
