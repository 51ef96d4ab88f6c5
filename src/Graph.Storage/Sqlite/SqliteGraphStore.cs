using System.Diagnostics;
using Graph.Core;
using Graph.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Storage.Sqlite;

/// <summary>
/// The embedded store: the whole graph in one SQLite file, no server to start. Loads are single transactions
/// (a killed load leaves the file as it was); the file runs in WAL mode so readers (the web explorer, an
/// analysis) see a consistent state while a nightly load writes.
/// </summary>
/// <remarks>
/// Every operation opens its own connection, so one store object may be used from several threads; SQLite
/// itself allows one writer at a time and makes a second writer wait (up to 30 s) for the first.
/// The schema is described in <c>SqliteSchema</c>; it is migrated when the file is opened.
/// </remarks>
public sealed class SqliteGraphStore : GraphStore
{
    private const int ReadCacheKib = 65_536;
    private const int BusyTimeoutMs = 30_000;
    /// <summary>The page size of a new file, in bytes.</summary>
    internal const int PageSize = 16_384;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly Lock _checkpointGate = new();
    /// <summary>Holds the file open from a load's commit until the store closes, to finish the load: build the
    /// indexes it left pending and copy its WAL into the file (see <see cref="KeepWalForLater"/>); null when no load
    /// committed.</summary>
    private NativeConnection? _checkpointConnection;
    /// <summary>Whether a load committed since the last finishing started.</summary>
    private bool _finishOwed;
    /// <summary>The pending indexes being built, once a snapshot read has started the finishing.</summary>
    private Task? _indexBuild;
    /// <summary>The whole finishing (indexes, then the WAL copy), once a snapshot read has started it.</summary>
    private Task? _finishing;

    /// <summary>
    /// Opens the SQLite file at <paramref name="path"/>, creating it (and its folder) when missing, and migrates its
    /// schema; or, with <paramref name="readOnly"/> and an existing file, opens it for reading only (nothing written,
    /// not even the WAL switch), so a store on read-only media or without write permission can still be read.
    /// </summary>
    /// <exception cref="NotSupportedException">The file was written by a newer engine (its schema version is unknown here).</exception>
    /// <exception cref="IOException">The store cannot be opened for writing (the message names the file and why), or, read-only, it needs a migration first.</exception>
    public SqliteGraphStore(string path, ILogger? logger = null, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Location = Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        if (readOnly && File.Exists(Location))
        {
            _connectionString = ConnectionString(Location, readOnly: true, immutable: false);
            try
            {
                using var reader = Open(ReadCacheKib);
                CheckSchemaForReading(reader);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteCantOpen)
            {
                // A WAL store whose -shm file is gone (it is removed on a clean close) cannot be opened even for reading
                // where that file cannot be made again. Nothing can change the store there: it is read as immutable.
                _connectionString = ConnectionString(Location, readOnly: true, immutable: true);
                using var reader = Open(ReadCacheKib);
                CheckSchemaForReading(reader);
            }
            SqliteLog.Opened(_logger, Location, SqliteSchema.CurrentVersion, 0);
            return;
        }
        var folder = Path.GetDirectoryName(Location);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = ConnectionString(Location, readOnly: false, immutable: false);

        bool indexesPending;
        try
        {
            using var connection = Open(ReadCacheKib);
            // A new file gets 16 KiB pages instead of SQLite's 4 KiB: a million-holder load then handles a quarter as
            // many pages (b-tree splits, page cache, WAL frames), about a quarter less of the store's CPU, and reads
            // whole tables back faster. It must be set before the first table; an existing file keeps its page size.
            Scalar(connection, $"PRAGMA page_size = {PageSize}");
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite could not switch {Location} to WAL mode (it reports '{mode}'). Put the store on a local disk.");
            long known = SchemaVersionOf(connection);
            if (known > SqliteSchema.CurrentVersion)
                throw new NotSupportedException($"{Location} has schema version {known}, newer than this engine's {SqliteSchema.CurrentVersion}. Upgrade the engine.");
            int applied = SqliteSchema.Migrate(connection);
            SqliteLog.Opened(_logger, Location, SqliteSchema.CurrentVersion, applied);
            indexesPending = Scalar(connection, "SELECT EXISTS (SELECT 1 FROM pending_indexes)") is long pending && pending != 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteReadOnly or SqliteCantOpen)
        {
            throw new IOException($"The store {Location} cannot be opened for writing: {WhyNotWritable()}. (SQLite: {e.Message})", e);
        }
        // Indexes a load listed for after its commit and a killed process never built: built now, so a store opened
        // for writing again ends as if nothing had been interrupted. (A load still finishing in another process holds
        // the write lock; its list is empty by the time this one gets it, or this one gives up after the busy timeout
        // and the next load takes them over.)
        if (!indexesPending) return;
        using var finishing = new NativeConnection(Location, readOnly: false, BusyTimeoutMs);
        BuildPendingIndexes(finishing);
    }

    private const int SqliteReadOnly = 8;  // SQLITE_READONLY
    private const int SqliteCantOpen = 14; // SQLITE_CANTOPEN

    private static string ConnectionString(string location, bool readOnly, bool immutable) => new SqliteConnectionStringBuilder
    {
        // immutable=1 needs the URI form of the name.
        DataSource = immutable ? new Uri(location).AbsoluteUri + "?immutable=1" : location,
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        // Each operation owns its connection; without pooling, disposing the store really closes the file.
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    private static long SchemaVersionOf(SqliteConnection connection) =>
        Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_version'") is long n && n > 0
            ? Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version") as long? ?? 0
            : 0;

    private void CheckSchemaForReading(SqliteConnection connection)
    {
        long known = SchemaVersionOf(connection);
        if (known > SqliteSchema.CurrentVersion)
            throw new NotSupportedException($"{Location} has schema version {known}, newer than this engine's {SqliteSchema.CurrentVersion}. Upgrade the engine.");
        if (known < SqliteSchema.CurrentVersion)
            throw new IOException($"The store {Location} has schema version {known} and this engine reads {SqliteSchema.CurrentVersion}: " +
                                  "run a writing command (load, analyze) on it once where it can be written, to upgrade it.");
    }

    /// <summary>Why the store cannot be written, found by trying: the file itself, then its folder (where SQLite keeps -wal and -shm files).</summary>
    private string WhyNotWritable()
    {
        if (File.Exists(Location))
        {
            try
            {
                using (new FileStream(Location, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) { }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return $"the file cannot be written ({e.Message}); reading commands (stats, runs, audit, evaluate) can still read it";
            }
        }
        var folder = Path.GetDirectoryName(Location) ?? ".";
        var probe = Path.Combine(folder, $".fraudgraph-write-test-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"its folder {folder} cannot be written ({e.Message}), and SQLite keeps its -wal and -shm files there";
        }
        return "SQLite refused it";
    }

    /// <summary>
    /// Page cache of a load connection, in KiB: 1 GiB, about the links table of a 10,000,000-holder insurer. Events
    /// add links to holders at random places in that table; with 256 MiB most of those inserts missed the cache, and
    /// the three event files took 9.8 s at 3M holders against 4.7 s with 1 GiB (at 10M: 103 s before the load speed
    /// work, 36 s after it with 1 GiB). Pages are only allocated as the file grows, and the commit shrinks the cache
    /// before its index builds. Tests shrink it to make SQLite spill uncommitted pages to the WAL mid-load.
    /// </summary>
    internal int LoadCacheKib { get; set; } = 1_048_576;

    /// <summary>The full path of the SQLite file.</summary>
    public override string Location { get; }

    /// <summary>The schema version of the file (the number of migrations it has had).</summary>
    public int SchemaVersion
    {
        get
        {
            ThrowIfDisposed();
            using var connection = Open(ReadCacheKib);
            return (int)(long)Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version")!;
        }
    }

    protected override bool HasLoadedCore(string fingerprint)
    {
        using var connection = Open(ReadCacheKib);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM loads WHERE fingerprint = $f";
        cmd.Parameters.AddWithValue("$f", fingerprint);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    protected override ILoadTransaction BeginLoadCore(LoadInfo info)
    {
        WaitForPendingIndexes();
        var connection = new NativeConnection(Location, readOnly: false, BusyTimeoutMs);
        try
        {
            // With temp_store = FILE the commit's index builds keep their sorted runs in temporary files (the OS page
            // cache, deleted on close), not in this process's memory; in memory they were also about twice as slow at
            // 3,000,000 holders (docs/benchmarks.md).
            // No copy of the WAL into the file at the commit (see KeepWalForLater).
            connection.Exec(ConnectionPragmas(LoadCacheKib) + " PRAGMA temp_store = FILE; PRAGMA wal_autocheckpoint = 0;");
            return new SqliteLoadTransaction(connection, OpenNativeReader, KeepWalForLater, info, _logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Called by a load once it has committed, before its connection closes. Two parts of a load wait for later: the
    /// secondary indexes it listed in <c>pending_indexes</c> (about 30 s at 10,000,000 holders), and copying its WAL
    /// into the file (9 GB, 25 s). Both ran on the committing thread; now they wait for the next snapshot read to
    /// finish and then run beside the analysis, which is mostly on one core (`run`), or for the store to close
    /// (`load`). The connection opened here keeps the file open meanwhile: the load's own connection, closing after
    /// it, is then not the last one and does not copy, and no later connection has to rebuild the WAL's index from
    /// 9 GB. The data is safe in the WAL until then.
    /// </summary>
    private void KeepWalForLater()
    {
        lock (_checkpointGate)
        {
            _finishOwed = true;
            // Still open from an earlier load.
            if (_checkpointConnection is not null) return;
            NativeConnection? connection = null;
            try
            {
                connection = new NativeConnection(Location, readOnly: false, BusyTimeoutMs);
                // A connection holds the file (a shared lock, which tells a closing connection it is not the last)
                // only once it has read from it.
                connection.Scalar("SELECT COUNT(*) FROM sqlite_schema");
                _checkpointConnection = connection;
            }
            catch (SqliteException e)
            {
                // The load's connection, closing last, copies the WAL itself.
                connection?.Dispose();
                SqliteLog.CheckpointDeferFailed(_logger, e.Message);
            }
        }
    }

    /// <summary>Starts finishing the loads committed since the last time (pending indexes, then the WAL copy) on a
    /// thread of its own.</summary>
    private void StartFinishingLoad()
    {
        lock (_checkpointGate)
        {
            if (_checkpointConnection is not { } connection || !_finishOwed || _finishing is { IsCompleted: false }) return;
            _finishOwed = false;
            var indexes = Task.Run(() => BuildPendingIndexes(connection));
            _indexBuild = indexes;
            _finishing = indexes.ContinueWith(_ => Checkpoint(connection), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Waits until the pending indexes being built (if any) are done, so that a write from this process does
    /// not wait for them inside SQLite's busy timeout.</summary>
    private void WaitForPendingIndexes()
    {
        Task? build;
        lock (_checkpointGate) build = _indexBuild;
        build?.Wait();
    }

    /// <summary>
    /// Builds the indexes loads left in <c>pending_indexes</c>, in one transaction that also empties the list. A
    /// failure is logged and leaves them listed: the next load builds them.
    /// </summary>
    private void BuildPendingIndexes(NativeConnection connection)
    {
        var clock = Stopwatch.StartNew();
        int built = 0;
        try
        {
            if (connection.Scalar("SELECT COUNT(*) FROM pending_indexes") == 0) return;
            // As in a load's commit: small sorter runs that stay in the processor's cache, spilled to temporary files.
            connection.Exec(ConnectionPragmas(SqliteLoadTransaction.SortCacheKib) + " PRAGMA temp_store = FILE;");
            connection.Exec("BEGIN IMMEDIATE");
            var pending = new List<string>();
            using (var list = new NativeStatement(connection, "SELECT sql FROM pending_indexes ORDER BY name"))
            {
                while (list.Read()) pending.Add(list.GetString(0));
            }
            foreach (var sql in pending)
            {
                connection.Exec(sql);
                built++;
            }
            connection.Exec("DELETE FROM pending_indexes");
            connection.Exec("COMMIT");
            SqliteLog.PendingIndexesBuilt(_logger, built, clock.ElapsedMilliseconds);
        }
        catch (SqliteException e)
        {
            if (connection.InTransaction) connection.Exec("ROLLBACK");
            SqliteLog.PendingIndexesFailed(_logger, e.Message);
        }
    }

    private void Checkpoint(NativeConnection connection)
    {
        var clock = Stopwatch.StartNew();
        // PASSIVE: readers and writers go on meanwhile; what a reader still needs stays in the WAL.
        connection.Exec("PRAGMA wal_checkpoint(PASSIVE)");
        SqliteLog.WalCopied(_logger, clock.ElapsedMilliseconds);
    }

    /// <summary>Waits for the finishing a snapshot read started, finishes loads committed since (pending indexes and the
    /// WAL copy), then closes its connection: closing last, it removes the WAL.</summary>
    protected override void DisposeCore()
    {
        NativeConnection? connection;
        Task? finishing;
        bool owed;
        lock (_checkpointGate)
        {
            connection = _checkpointConnection;
            _checkpointConnection = null;
            finishing = _finishing;
            owed = _finishOwed;
        }
        if (connection is null) return;
        using (connection)
        {
            try
            {
                finishing?.GetAwaiter().GetResult();
                if (owed)
                {
                    BuildPendingIndexes(connection);
                    Checkpoint(connection);
                }
            }
            catch (SqliteException e)
            {
                SqliteLog.WalCopyFailed(_logger, e.Message);
            }
        }
    }

    /// <summary>A read connection for the hot paths: a load's lookups of the rows stored before it (its writing connection is
    /// busy on another thread) and the snapshot's reads.</summary>
    private NativeConnection OpenNativeReader()
    {
        var connection = new NativeConnection(Location, readOnly: true, BusyTimeoutMs);
        try
        {
            connection.Exec(ConnectionPragmas(ReadCacheKib));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override StoreStatistics GetStatisticsCore(int topShared)
    {
        using var connection = Open(ReadCacheKib);
        using var tx = connection.BeginTransaction(deferred: true);

        var nodes = new List<KeyValuePair<string, long>>
        {
            new("Policyholder", Count(connection, tx, "holders")),
            new("Agent", Count(connection, tx, "agents")),
            new("Policy", Count(connection, tx, "policies")),
            new("ContactChange", Count(connection, tx, "contact_changes")),
            new("SurrenderRequest", Count(connection, tx, "surrender_requests")),
            new("Complaint", Count(connection, tx, "complaints")),
        };
        var byKind = GroupCounts(connection, tx, "SELECT kind, COUNT(*) FROM contact_points GROUP BY kind");
        foreach (var (kind, name) in ContactNodeNames) nodes.Add(new(name, byKind.GetValueOrDefault((long)kind)));

        var byEvidence = GroupCounts(connection, tx, "SELECT evidence, COUNT(*) FROM links GROUP BY evidence");
        var links = new List<KeyValuePair<string, long>>();
        foreach (var evidence in Enum.GetValues<EvidenceKind>()) links.Add(new(evidence.ToString(), byEvidence.GetValueOrDefault((long)evidence)));

        var shared = new List<SharedContactPoint>();
        if (topShared > 0)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                SELECT cp.kind, cp.value, s.holders
                FROM (SELECT contact_id, COUNT(DISTINCT hid) AS holders FROM links GROUP BY contact_id) AS s
                JOIN contact_points AS cp ON cp.id = s.contact_id
                ORDER BY s.holders DESC, cp.kind, cp.value
                LIMIT $top
                """;
            cmd.Parameters.AddWithValue("$top", topShared);
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) shared.Add(new SharedContactPoint((ContactKind)reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
        }
        tx.Commit();
        return new StoreStatistics(nodes, links, shared);
    }

    /// <summary>Contact point kinds as node names, in the fixed order of <see cref="GraphStore.GetStatistics"/>.</summary>
    private static readonly (ContactKind Kind, string Name)[] ContactNodeNames =
    [
        (ContactKind.Phone, "Phone"),
        (ContactKind.BankAccount, "BankAccount"),
        (ContactKind.Address, "Address"),
        (ContactKind.Email, "Email"),
        (ContactKind.Device, "Device"),
        (ContactKind.Ip, "IpAddress"),
        (ContactKind.Representative, "Representative"),
    ];

    protected override GraphSnapshot ReadSnapshotCore(CancellationToken cancellationToken)
    {
        using var connection = OpenNativeReader();
        // A second connection lets the tables be read on two cores: on one, reading a 10,000,000-holder store took 65-85 s.
        using var second = Environment.ProcessorCount > 1 ? OpenNativeReader() : null;
        // The database's size bounds what the snapshot takes in memory (about 4 GB for the 8.8 GB of 10,000,000 holders).
        long databaseBytes = connection.Scalar("PRAGMA page_count") * connection.Scalar("PRAGMA page_size");
        using var allocation = LongLivedAllocation.Start(databaseBytes);
        var snapshot = new SqliteSnapshotReader(connection, second, cancellationToken).Read(_logger);
        // The finishing thread (copying the WAL, building indexes) runs in SQLite, beside the collections that settle
        // the snapshot.
        StartFinishingLoad();
        allocation.Settle();
        return snapshot;
    }

    protected override void SaveAnalysisCore(AnalysisRun run)
    {
        WaitForPendingIndexes();
        using var connection = Open(ReadCacheKib);
        SqliteAnalysisStore.Save(connection, run);
        SqliteLog.AnalysisSaved(_logger, run.RunId, run.Rings.Count);
    }

    protected override AnalysisRun? ReadLatestAnalysisCore()
    {
        using var connection = Open(ReadCacheKib);
        return SqliteAnalysisStore.ReadLatest(connection);
    }

    protected override IReadOnlyList<AnalysisRunSummary> ListRunsCore()
    {
        using var connection = Open(ReadCacheKib);
        var runs = SqliteAnalysisStore.List(connection);
        var summaries = new AnalysisRunSummary[runs.Count];
        for (int i = 0; i < runs.Count; i++) summaries[i] = runs[i].Summary;
        return summaries;
    }

    protected override HolderRecords ReadHolderRecordsCore(IReadOnlyCollection<string> holderIds)
    {
        using var connection = Open(ReadCacheKib);
        return SqliteRecordReader.Read(connection, holderIds);
    }

    protected override void WriteAuditCore(AuditRecord record)
    {
        WaitForPendingIndexes();
        using var connection = Open(ReadCacheKib);
        SqliteRecordReader.WriteAudit(connection, record);
    }

    protected override IReadOnlyList<AuditRecord> ReadAuditCore()
    {
        using var connection = Open(ReadCacheKib);
        return SqliteRecordReader.ReadAudit(connection);
    }

    // The explorer's queries answer from the local file at once (Microsoft.Data.Sqlite's own async calls are
    // synchronous as well): the tasks are complete when returned.

    protected override Task<LinkedHolderPage> ReadContactPointHoldersCoreAsync(ContactPointKey contactPoint, int skip, int take, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<LinkedHolderPage>(SqliteExplorerQueries.ContactPointHolders(connection, contactPoint, skip, take));
    }

    protected override Task<IReadOnlyList<int>> CountContactPointHoldersCoreAsync(IReadOnlyList<ContactPointKey> contactPoints, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<IReadOnlyList<int>>(SqliteExplorerQueries.CountContactPointHolders(connection, contactPoints));
    }

    protected override Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursCoreAsync(IReadOnlyCollection<string> holderIds, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<IReadOnlyDictionary<string, int>>(SqliteExplorerQueries.CountHolderNeighbours(connection, holderIds));
    }

    protected override Task<Agent?> ReadAgentCoreAsync(string agentId, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<Agent?>(SqliteExplorerQueries.ReadAgent(connection, agentId));
    }

    protected override Task<LinkedHolderPage> ReadAgentHoldersCoreAsync(string agentId, int skip, int take, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<LinkedHolderPage>(SqliteExplorerQueries.AgentHolders(connection, agentId, skip, take));
    }

    protected override Task<IReadOnlyList<HolderMatch>> FindHoldersByIdPrefixCoreAsync(string idPrefix, int limit, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<IReadOnlyList<HolderMatch>>(SqliteExplorerQueries.HoldersByIdPrefix(connection, idPrefix, limit));
    }

    protected override Task<IReadOnlyList<HolderMatch>> FindHoldersByPhonePatternCoreAsync(string prefix, string suffix, int length, int limit, CancellationToken cancellationToken)
    {
        using var connection = Open(ReadCacheKib);
        return Task.FromResult<IReadOnlyList<HolderMatch>>(SqliteExplorerQueries.HoldersByPhonePattern(connection, prefix, suffix, length, limit));
    }

    /// <summary>A new connection with this store's per-connection settings.</summary>
    private SqliteConnection Open(int cacheKib)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = ConnectionPragmas(cacheKib);
            cmd.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Per-connection settings. synchronous=NORMAL is durable in WAL mode except for the last commits before a
    /// power cut, and never corrupts; cache_size is negative to mean KiB.
    /// </summary>
    private static string ConnectionPragmas(int cacheKib) =>
        $"PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{cacheKib}; PRAGMA foreign_keys = OFF;";

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private static long Count(SqliteConnection connection, SqliteTransaction tx, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COUNT(*) FROM " + table;
        return (long)cmd.ExecuteScalar()!;
    }

    private static Dictionary<long, long> GroupCounts(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var counts = new Dictionary<long, long>();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) counts[reader.GetInt64(0)] = reader.GetInt64(1);
        return counts;
    }
}
