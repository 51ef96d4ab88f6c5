using Graph.Core;

namespace Graph.Storage;

/// <summary>
/// The seam between the engine and where the graph lives: the embedded SQLite file or a Neo4j server. It is the sum of
/// narrow seams, one per concern, and each caller asks for the one it needs: ingestion writes through
/// <see cref="IGraphLoadTarget"/>, the analysis reads an <see cref="IGraphSnapshotSource"/> and keeps its runs in an
/// <see cref="IAnalysisRunStore"/> (both: <see cref="IAnalysisStore"/>), evidence packages read <see cref="IEvidenceStore"/>, the web explorer pages through
/// <see cref="IExplorerQueries"/>. What only some stores can do is a capability that is there or null
/// (<see cref="CommunityPushdown"/>), never a member that throws.
/// </summary>
/// <remarks>
/// Both stores derive from <see cref="GraphStore"/>, which checks every argument once before the store sees it.
/// </remarks>
public interface IGraphStore : IGraphLoadTarget, IAnalysisStore, IEvidenceStore, IExplorerQueries, IDisposable
{
    /// <summary>Where the store is, safe to print (no credentials).</summary>
    string Location { get; }

    /// <summary>Community detection on the server (<c>--pushdown</c>), or null when this store cannot offer it.</summary>
    ICommunityPushdown? CommunityPushdown { get; }
}

/// <summary>Loads go into the store through this seam.</summary>
public interface IGraphLoadTarget
{
    /// <summary>True when a load with this input fingerprint has completed (an unfinished, resumable load does not count).</summary>
    bool HasLoaded(string fingerprint);

    /// <summary>
    /// Starts a load. Everything written through the returned transaction becomes visible at once on
    /// <see cref="ILoadTransaction.Commit()"/>; disposing without committing (or the process dying) leaves the store
    /// exactly as it was. A server store may instead load in resumable batches (Neo4j's default): then the batches
    /// committed before a failure stay, the load is not recorded as loaded, analysis refuses to read the store until the
    /// same load is run again, and that run skips what was committed.
    /// </summary>
    ILoadTransaction BeginLoad(LoadInfo info);
}

/// <summary>The loaded graph as a whole: its counts and a snapshot for the in-process analytics.</summary>
public interface IGraphSnapshotSource
{
    /// <summary>Counts of every node and link kind and the most-shared contact points, in a fixed order.</summary>
    StoreStatistics GetStatistics(int topShared = 10);

    /// <summary>Everything the analysis needs, with dense integer indices for holders and contact points.</summary>
    GraphSnapshot ReadSnapshot(CancellationToken cancellationToken = default);
}

/// <summary>What an analysis needs of a store: the graph to read and the history of runs to continue.</summary>
public interface IAnalysisStore : IGraphSnapshotSource, IAnalysisRunStore
{
}

/// <summary>The history of analysis runs, so the next run can match ring identities and report changes.</summary>
public interface IAnalysisRunStore
{
    /// <summary>Keeps an analysis run, its rings, members and reasons (replacing nothing: runs are history).</summary>
    void SaveAnalysis(AnalysisRun run);

    /// <summary>The most recent analysis run, or null when none has been saved.</summary>
    AnalysisRun? ReadLatestAnalysis();

    /// <summary>All saved runs, newest first, without their rings.</summary>
    IReadOnlyList<AnalysisRunSummary> ListRuns();
}

/// <summary>The full records behind a ring, for evidence packages, and the audit log of what was done with them.</summary>
public interface IEvidenceStore
{
    /// <summary>
    /// The full records of these holders (unknown ids are ignored), their policies, the agents of those policies,
    /// and the events attributed to them; each list ordered by record id. For evidence packages.
    /// </summary>
    HolderRecords ReadHolderRecords(IReadOnlyCollection<string> holderIds);

    /// <summary>Appends an entry to the audit log (never replaced or removed).</summary>
    /// <exception cref="ArgumentException">The entry lacks who, what or why (<see cref="AuditRecord.ThrowIfIncomplete"/>).</exception>
    void WriteAudit(AuditRecord record);

    /// <summary>The audit log, oldest first.</summary>
    IReadOnlyList<AuditRecord> ReadAudit();
}

/// <summary>
/// The web explorer's queries (<c>fraudgraph serve</c>): each answers one page of the explorer without reading the
/// snapshot. Asynchronous, so a request waiting on a server store holds no thread.
/// </summary>
public interface IExplorerQueries
{
    /// <summary>
    /// One page of the holders linked to a contact point, ordered by holder id (ordinal, as the snapshot; the same
    /// pages in every store), each with every link record; <see cref="LinkedHolderPage.Total"/> counts all of them. An unknown
    /// contact point has none.
    /// </summary>
    Task<LinkedHolderPage> ReadContactPointHoldersAsync(ContactPointKey contactPoint, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>For each contact point, in the same order, how many distinct holders link to it (0 when unknown).</summary>
    Task<IReadOnlyList<int>> CountContactPointHoldersAsync(IReadOnlyList<ContactPointKey> contactPoints, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each known holder, how many neighbours it has in the whole store: distinct contact points it links to
    /// plus distinct agents of its policies. Unknown ids are left out.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursAsync(IReadOnlyCollection<string> holderIds, CancellationToken cancellationToken = default);

    /// <summary>An agent's record, or null when unknown.</summary>
    Task<Agent?> ReadAgentAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the holders whose policies an agent sold, ordered by holder id (ordinal), each with those policies
    /// as links (<see cref="HolderLink.Evidence"/> null, <see cref="HolderLink.At"/> the issue date);
    /// <see cref="LinkedHolderPage.Total"/> counts all of them.
    /// </summary>
    Task<LinkedHolderPage> ReadAgentHoldersAsync(string agentId, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Holders whose id starts with <paramref name="idPrefix"/>, by id, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HolderMatch>> FindHoldersByIdPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holders linked (by any evidence) to a phone number that starts with <paramref name="prefix"/> and ends with
    /// <paramref name="suffix"/> and has <paramref name="length"/> digits: what a masked phone (<c>138****5678</c>)
    /// still says. By holder id, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<HolderMatch>> FindHoldersByPhonePatternAsync(string prefix, string suffix, int length, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// Community detection pushed down to a server store (<c>--pushdown</c>): a capability a store offers through
/// <see cref="IGraphStore.CommunityPushdown"/> or not at all.
/// </summary>
public interface ICommunityPushdown
{
    /// <summary>Why <see cref="DetectCommunitiesOnServer"/> cannot run here (one line naming the server and what is missing), or null when it can.</summary>
    string? PushdownUnavailable();

    /// <summary>
    /// Components and communities found on the server over the holder—contact point graph, those with at least
    /// <paramref name="minHolders"/> holders.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server cannot do it (<see cref="PushdownUnavailable"/> says why).</exception>
    IReadOnlyList<ServerCommunity> DetectCommunitiesOnServer(double gamma, long seed, int minHolders = 3);
}

/// <summary>A community found on the server by <see cref="ICommunityPushdown.DetectCommunitiesOnServer"/>.</summary>
/// <param name="ContactPoints">The community's contact points as <c>kind:value</c> (unmasked: mask before printing).</param>
public sealed record ServerCommunity(long Community, IReadOnlyList<string> Holders, IReadOnlyList<string> ContactPoints)
{
    /// <summary>
    /// <see cref="ContactPoints"/> as (kind, normalized value), the snapshot's key; entries whose kind is not a
    /// contact kind word (<c>phone</c>, <c>bank_account</c>, ...) are left out.
    /// </summary>
    public IReadOnlyList<SnapshotContact> ContactKeys()
    {
        var keys = new List<SnapshotContact>(ContactPoints.Count);
        foreach (var point in ContactPoints)
        {
            // The kind word has no colon; the value may (an IPv6 address, an address line).
            int colon = point.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && ContactKindNames.FromEntityType(point[..colon]) is { } kind) keys.Add(new SnapshotContact(kind, point[(colon + 1)..]));
        }
        return keys;
    }
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

    /// <summary>
    /// <see cref="Write"/> in two parts, so a loader can keep two threads busy: what needs no store (resolving ids,
    /// finding links, encoding values) may happen now, on the calling thread, and the returned action writes the
    /// batch. Batches are prepared in order from one thread, and their actions run in the same order, one at a
    /// time, on one other thread; <c>Prepare(batch)()</c> does what <c>Write(batch)</c> does. By default all the work
    /// is in the action.
    /// </summary>
    Action Prepare(IReadOnlyList<InputRecord> batch) => () => Write(batch);

    /// <summary>Makes the whole load visible at once and records its fingerprint.</summary>
    void Commit();

    /// <summary>
    /// <see cref="Commit()"/>, stopped by <paramref name="cancellationToken"/> where the store can stop it (the embedded
    /// store's index builds take seconds on a big load): then nothing is committed and
    /// <see cref="OperationCanceledException"/> is thrown. By default the commit runs to its end.
    /// </summary>
    void Commit(CancellationToken cancellationToken) => Commit();

    /// <summary>
    /// After <see cref="Commit()"/>, one line on how the store wrote the load when it has more to say than the
    /// loader's counts (Neo4j: batches, a resumed load, transient errors retried); null otherwise.
    /// </summary>
    string? Outcome { get; }
}

public sealed record StoreStatistics(
    IReadOnlyList<KeyValuePair<string, long>> Nodes,
    IReadOnlyList<KeyValuePair<string, long>> Links,
    IReadOnlyList<SharedContactPoint> MostShared);

/// <summary>A contact point and how many distinct holders link to it. <see cref="Value"/> is unmasked: mask before printing.</summary>
public sealed record SharedContactPoint(ContactKind Kind, string Value, int Holders);
