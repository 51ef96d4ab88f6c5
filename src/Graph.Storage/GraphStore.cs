using Graph.Core;

namespace Graph.Storage;

/// <summary>
/// What the SQLite and the Neo4j store share: every public member checks its arguments and that the store is open,
/// once, here, then hands over to the store's <c>…Core</c> member, which may rely on valid arguments.
/// </summary>
public abstract class GraphStore : IGraphStore
{
    private bool _disposed;

    /// <inheritdoc/>
    public abstract string Location { get; }

    /// <inheritdoc/>
    public virtual ICommunityPushdown? CommunityPushdown => null;

    // Loads and snapshots.

    public bool HasLoaded(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ThrowIfDisposed();
        return HasLoadedCore(fingerprint);
    }

    public ILoadTransaction BeginLoad(LoadInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrEmpty(info.Fingerprint, nameof(info));
        ThrowIfDisposed();
        return BeginLoadCore(info);
    }

    public StoreStatistics GetStatistics(int topShared = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topShared);
        ThrowIfDisposed();
        return GetStatisticsCore(topShared);
    }

    public GraphSnapshot ReadSnapshot(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return ReadSnapshotCore(cancellationToken);
    }

    // Analysis runs.

    public void SaveAnalysis(AnalysisRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.RunId, nameof(run));
        ThrowIfDisposed();
        SaveAnalysisCore(run);
    }

    public AnalysisRun? ReadLatestAnalysis()
    {
        ThrowIfDisposed();
        return ReadLatestAnalysisCore();
    }

    public IReadOnlyList<AnalysisRunSummary> ListRuns()
    {
        ThrowIfDisposed();
        return ListRunsCore();
    }

    // Evidence records and the audit log.

    public HolderRecords ReadHolderRecords(IReadOnlyCollection<string> holderIds)
    {
        ArgumentNullException.ThrowIfNull(holderIds);
        ThrowIfDisposed();
        return ReadHolderRecordsCore(holderIds);
    }

    public void WriteAudit(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.ThrowIfIncomplete();
        ThrowIfDisposed();
        WriteAuditCore(record);
    }

    public IReadOnlyList<AuditRecord> ReadAudit()
    {
        ThrowIfDisposed();
        return ReadAuditCore();
    }

    // The explorer's queries. Arguments are checked before the task starts, so a wrong call throws at once.

    public Task<LinkedHolderPage> ReadContactPointHoldersAsync(ContactPointKey contactPoint, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contactPoint.Value, nameof(contactPoint));
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        ThrowIfDisposed();
        return ReadContactPointHoldersCoreAsync(contactPoint, skip, take, cancellationToken);
    }

    public Task<IReadOnlyList<int>> CountContactPointHoldersAsync(IReadOnlyList<ContactPointKey> contactPoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactPoints);
        ThrowIfDisposed();
        return CountContactPointHoldersCoreAsync(contactPoints, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursAsync(IReadOnlyCollection<string> holderIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holderIds);
        ThrowIfDisposed();
        return CountHolderNeighboursCoreAsync(holderIds, cancellationToken);
    }

    public Task<Agent?> ReadAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ThrowIfDisposed();
        return ReadAgentCoreAsync(agentId, cancellationToken);
    }

    public Task<LinkedHolderPage> ReadAgentHoldersAsync(string agentId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        ThrowIfDisposed();
        return ReadAgentHoldersCoreAsync(agentId, skip, take, cancellationToken);
    }

    public Task<IReadOnlyList<HolderMatch>> FindHoldersByIdPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idPrefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ThrowIfDisposed();
        return FindHoldersByIdPrefixCoreAsync(idPrefix, limit, cancellationToken);
    }

    public Task<IReadOnlyList<HolderMatch>> FindHoldersByPhonePatternAsync(string prefix, string suffix, int length, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, prefix.Length + suffix.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ThrowIfDisposed();
        return FindHoldersByPhonePatternCoreAsync(prefix, suffix, length, limit, cancellationToken);
    }

    /// <summary>Closes the store; every member called after this throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the store holds (a connection); called once.</summary>
    protected virtual void DisposeCore()
    {
    }

    /// <exception cref="ObjectDisposedException">The store has been disposed.</exception>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    protected abstract bool HasLoadedCore(string fingerprint);
    protected abstract ILoadTransaction BeginLoadCore(LoadInfo info);
    protected abstract StoreStatistics GetStatisticsCore(int topShared);
    protected abstract GraphSnapshot ReadSnapshotCore(CancellationToken cancellationToken);
    protected abstract void SaveAnalysisCore(AnalysisRun run);
    protected abstract AnalysisRun? ReadLatestAnalysisCore();
    protected abstract IReadOnlyList<AnalysisRunSummary> ListRunsCore();
    protected abstract HolderRecords ReadHolderRecordsCore(IReadOnlyCollection<string> holderIds);
    protected abstract void WriteAuditCore(AuditRecord record);
    protected abstract IReadOnlyList<AuditRecord> ReadAuditCore();
    protected abstract Task<LinkedHolderPage> ReadContactPointHoldersCoreAsync(ContactPointKey contactPoint, int skip, int take, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<int>> CountContactPointHoldersCoreAsync(IReadOnlyList<ContactPointKey> contactPoints, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursCoreAsync(IReadOnlyCollection<string> holderIds, CancellationToken cancellationToken);
    protected abstract Task<Agent?> ReadAgentCoreAsync(string agentId, CancellationToken cancellationToken);
    protected abstract Task<LinkedHolderPage> ReadAgentHoldersCoreAsync(string agentId, int skip, int take, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<HolderMatch>> FindHoldersByIdPrefixCoreAsync(string idPrefix, int limit, CancellationToken cancellationToken);
    protected abstract Task<IReadOnlyList<HolderMatch>> FindHoldersByPhonePatternCoreAsync(string prefix, string suffix, int length, int limit, CancellationToken cancellationToken);
}
