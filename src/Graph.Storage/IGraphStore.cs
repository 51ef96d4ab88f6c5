using Graph.Core;

namespace Graph.Storage;

/// <summary>
/// The seam between the engine and where the graph lives: the embedded SQLite file or a Neo4j server.
/// Ingestion writes through <see cref="BeginLoad"/>; analytics reads a <see cref="GraphSnapshot"/>; results of an
/// analysis run are kept so the next run can match ring identities.
/// </summary>
public interface IGraphStore : IDisposable
{
    /// <summary>Where the store is, safe to print (no credentials).</summary>
    string Location { get; }

    /// <summary>True when a load with this input fingerprint has already committed.</summary>
    bool HasLoaded(string fingerprint);

    /// <summary>
    /// Starts a load. Everything written through the returned transaction becomes visible at once on
    /// <see cref="ILoadTransaction.Commit"/>; disposing without committing (or the process dying) leaves the store
    /// exactly as it was.
    /// </summary>
    ILoadTransaction BeginLoad(LoadInfo info);

    /// <summary>Counts of every node and link kind and the most-shared contact points, in a fixed order.</summary>
    StoreStatistics GetStatistics(int topShared = 10);

    /// <summary>Everything the analysis needs, with dense integer indices for holders and contact points.</summary>
    GraphSnapshot ReadSnapshot(CancellationToken cancellationToken = default);

    /// <summary>Keeps an analysis run, its rings, members and reasons (replacing nothing: runs are history).</summary>
    void SaveAnalysis(AnalysisRun run);

    /// <summary>The most recent analysis run, or null when none has been saved.</summary>
    AnalysisRun? ReadLatestAnalysis();

    /// <summary>All saved runs, newest first, without their rings.</summary>
    IReadOnlyList<AnalysisRunSummary> ListRuns();

    // The evidence members have default bodies that throw, so stores and test fakes that predate them still
    // compile; the SQLite store implements them, the Neo4j store does not yet.

    /// <summary>
    /// The full records of these holders (unknown ids are ignored), their policies, the agents of those policies,
    /// and the events attributed to them; each list ordered by record id. For evidence packages.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) read full records (the Neo4j store).</exception>
    HolderRecords ReadHolderRecords(IReadOnlyCollection<string> holderIds) =>
        throw new NotSupportedException($"Reading full holder records (evidence packages) is not yet supported on the {GetType().Name} store.");

    /// <summary>Appends an entry to the audit log (never replaced or removed).</summary>
    /// <exception cref="NotSupportedException">The store has no audit log (yet).</exception>
    void WriteAudit(AuditRecord record) =>
        throw new NotSupportedException($"The audit log is not yet supported on the {GetType().Name} store.");

    /// <summary>The audit log, oldest first.</summary>
    /// <exception cref="NotSupportedException">The store has no audit log (yet).</exception>
    IReadOnlyList<AuditRecord> ReadAudit() =>
        throw new NotSupportedException($"The audit log is not yet supported on the {GetType().Name} store.");
}

/// <summary>What a load is: its fingerprint (SHA-256 over the input files) and where it came from.</summary>
public sealed record LoadInfo(string Fingerprint, string Source, DateTimeOffset StartedAt);

/// <summary>One atomic load. Write batches in dependency order: holders, agents, policies, then events.</summary>
public interface ILoadTransaction : IDisposable
{
    /// <summary>
    /// Upserts a batch of records (last write wins by order). Events that name no holder are attributed to their
    /// policy's holder; references to unknown holders, policies or agents create stubs.
    /// </summary>
    void Write(IReadOnlyList<InputRecord> batch);

    /// <summary>Makes the whole load visible at once and records its fingerprint.</summary>
    void Commit();
}

public sealed record StoreStatistics(
    IReadOnlyList<KeyValuePair<string, long>> Nodes,
    IReadOnlyList<KeyValuePair<string, long>> Links,
    IReadOnlyList<SharedContactPoint> MostShared);

/// <summary>A contact point and how many distinct holders link to it. <see cref="Value"/> is unmasked: mask before printing.</summary>
public sealed record SharedContactPoint(ContactKind Kind, string Value, int Holders);
