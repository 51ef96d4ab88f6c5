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

    /// <summary>True when a load with this input fingerprint has completed (an unfinished, resumable load does not count).</summary>
    bool HasLoaded(string fingerprint);

    /// <summary>
    /// Starts a load. Everything written through the returned transaction becomes visible at once on
    /// <see cref="ILoadTransaction.Commit"/>; disposing without committing (or the process dying) leaves the store
    /// exactly as it was. A server store may instead load in resumable batches (Neo4j's default): then the batches
    /// committed before a failure stay, the load is not recorded as loaded, analysis refuses to read the store until the
    /// same load is run again, and that run skips what was committed.
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
    // compile; both the SQLite and the Neo4j store implement them.

    /// <summary>
    /// The full records of these holders (unknown ids are ignored), their policies, the agents of those policies,
    /// and the events attributed to them; each list ordered by record id. For evidence packages.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) read full records.</exception>
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

    // The explorer members (fraudgraph serve) answer one page of the web explorer each without reading the
    // snapshot; like the evidence members they have default bodies that throw until a store implements them.

    /// <summary>
    /// One page of the holders linked to a contact point, ordered by holder id (ordinal, as the snapshot; the same
    /// pages in every store), each with every link record; <see cref="LinkedHolderPage.Total"/> counts all of them. An unknown
    /// contact point has none.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    LinkedHolderPage ReadContactPointHolders(ContactPointKey contactPoint, int skip, int take) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");

    /// <summary>For each contact point, in the same order, how many distinct holders link to it (0 when unknown).</summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    IReadOnlyList<int> CountContactPointHolders(IReadOnlyList<ContactPointKey> contactPoints) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");

    /// <summary>
    /// For each known holder, how many neighbours it has in the whole store: distinct contact points it links to
    /// plus distinct agents of its policies. Unknown ids are left out.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    IReadOnlyDictionary<string, int> CountHolderNeighbours(IReadOnlyCollection<string> holderIds) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");

    /// <summary>An agent's record, or null when unknown.</summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    Agent? ReadAgent(string agentId) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");

    /// <summary>
    /// One page of the holders whose policies an agent sold, ordered by holder id (ordinal), each with those policies
    /// as links (<see cref="HolderLink.Evidence"/> null, <see cref="HolderLink.At"/> the issue date);
    /// <see cref="LinkedHolderPage.Total"/> counts all of them.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    LinkedHolderPage ReadAgentHolders(string agentId, int skip, int take) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");

    /// <summary>Holders whose id starts with <paramref name="idPrefix"/>, by id, at most <paramref name="limit"/>.</summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    IReadOnlyList<HolderMatch> FindHoldersByIdPrefix(string idPrefix, int limit) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");

    /// <summary>
    /// Holders linked (by any evidence) to a phone number that starts with <paramref name="prefix"/> and ends with
    /// <paramref name="suffix"/> and has <paramref name="length"/> digits: what a masked phone (<c>138****5678</c>)
    /// still says. By holder id, at most <paramref name="limit"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The store cannot (yet) answer explorer queries.</exception>
    IReadOnlyList<HolderMatch> FindHoldersByPhonePattern(string prefix, string suffix, int length, int limit) =>
        throw new NotSupportedException($"Explorer queries are not yet supported on the {GetType().Name} store.");
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
