using System.Diagnostics;
using Graph.Core;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;

namespace Graph.Storage.Neo4j;

/// <summary>
/// The graph in a Neo4j server (single instance, cluster or Aura), spoken to over Neo4j's official HTTP
/// interfaces: the Query API on 5.19+ and Aura, the transactional endpoint on 4.x–5.x and 3.x, chosen from the
/// root discovery document. Every statement comes from <c>cypher/</c> (embedded); loads are batches of
/// <c>UNWIND $rows AS row MERGE ...</c>, each committed with its entry in a resumable load journal (or, with
/// <see cref="Neo4jLoadMode.Atomic"/>, all in one explicit transaction); rings are written back as
/// <c>(:Ring)</c> nodes with <c>(member)-[:MEMBER_OF {role}]-&gt;(:Ring)</c> so a ring is one click away in
/// Neo4j Browser or Bloom.
/// </summary>
/// <remarks>
/// The graph: <c>(:Policyholder)-[:HOLDS]-&gt;(:Policy)&lt;-[:SOLD]-(:Agent)</c>; events
/// <c>(:Policyholder)-[:CHANGED|REQUESTED|FILED]-&gt;(:ContactChange|SurrenderRequest|Complaint)-[:ON_POLICY]-&gt;(:Policy)</c>;
/// contact points <c>(:ContactPoint:Phone {value})</c> (and BankAccount, Address, Email, Device, IpAddress,
/// Representative) reached by <c>(:Policyholder)-[:LINKED_TO {evidence, source_kind, source_id, at}]-&gt;</c>;
/// analysis runs <c>(:Ring)-[:FOUND_IN]-&gt;(:AnalysisRun)</c>; loads <c>(:Load {fingerprint})</c>.
/// </remarks>
public sealed class Neo4jGraphStore : GraphStore, ICommunityPushdown
{
    private readonly Neo4jConnection _connection;
    private readonly Neo4jOptions _options;
    private readonly ILogger _logger;
    private HashSet<string>? _gdsProcedures;

    private Neo4jGraphStore(Neo4jConnection connection, Neo4jOptions options, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Connects: discovers the server's version and protocol, then ensures the uniqueness constraints (in their
    /// own requests, in the syntax the version understands).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    /// <exception cref="Neo4jException">The server cannot be reached or refused the request.</exception>
    public static Neo4jGraphStore Open(Neo4jOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var connection = new Neo4jConnection(options, logger);
        try
        {
            var server = connection.Discover(cancellationToken);
            var schema = server.ModernSchema ? "schema/constraints-v5.cypher" : "schema/constraints-v3.cypher";
            var statements = CypherLibrary.Statements(schema);
            foreach (var statement in statements)
                connection.AutoCommit([new CypherStatement(schema, statement)], cancellationToken);
            Neo4jLog.SchemaEnsured(logger, statements.Length, server.ModernSchema ? "4.4+" : "3.x");
            return new Neo4jGraphStore(connection, options, logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store at <paramref name="uri"/> with credentials from the address or NEO4J_USER/NEO4J_PASSWORD.</summary>
    public static Neo4jGraphStore Open(string uri, string? database = null, ILogger? logger = null) =>
        Open(Neo4jOptions.FromUri(uri, database), logger);

    public override string Location => $"{_options.SafeLocation}/db/{_options.Database}";

    /// <summary>Community detection with Graph Data Science on the server; <see cref="PushdownUnavailable"/> says whether this server has it.</summary>
    public override ICommunityPushdown CommunityPushdown => this;

    /// <summary>The server's version as it reports it (<c>3.1.1</c>, <c>5.26.0</c>, ...).</summary>
    public string ServerVersion => _connection.Server.Version;

    /// <summary>The HTTP interface in use.</summary>
    public Neo4jProtocol Protocol => _connection.Server.Protocol;

    /// <summary>Whether the server has the Graph Data Science library (its procedure list names <c>gds.*</c>).</summary>
    public bool HasGraphDataScience => GdsProcedures().Count > 0;

    private HashSet<string> GdsProcedures()
    {
        if (_gdsProcedures is not null) return _gdsProcedures;
        var file = _connection.Server.Major >= 5 ? "read/procedures-v5.cypher" : "read/procedures-v3.cypher";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Run(file, null)[0].Rows) names.Add((string)row[0]!);
        return _gdsProcedures = names;
    }

    /// <summary>
    /// Why <see cref="DetectCommunitiesOnServer"/> cannot run on this server (one line, naming the server and
    /// what is missing), or null when it can: the procedure list (read once) must have <c>gds.graph.project</c>
    /// and <c>gds.leiden.write</c> or <c>gds.beta.leiden.write</c>.
    /// </summary>
    public string? PushdownUnavailable()
    {
        ThrowIfDisposed();
        var procedures = GdsProcedures();
        var server = $"Neo4j {ServerVersion} at {Location}";
        if (procedures.Count == 0) return $"{server} has no Graph Data Science library (its procedure list has no gds.* procedure)";
        if (!procedures.Contains("gds.graph.project")) return $"{server} has no Graph Data Science 2.x (no gds.graph.project)";
        if (!procedures.Contains("gds.leiden.write") && !procedures.Contains("gds.beta.leiden.write"))
            return $"{server} has Graph Data Science without Leiden (no gds.leiden.write or gds.beta.leiden.write)";
        return null;
    }

    /// <summary>
    /// Community detection pushed down to the server (<c>--pushdown</c>): projects the holder—contact point graph
    /// into Graph Data Science, writes weakly connected components and Leiden communities back as the
    /// <c>component</c> and <c>community</c> properties (<c>gds.leiden.write</c>, or <c>gds.beta.leiden.write</c>
    /// on older GDS), reads the communities with at least <paramref name="minHolders"/> holders, and drops the
    /// projection. The statements are <c>cypher/gds/</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has no Graph Data Science library with Leiden (<see cref="PushdownUnavailable"/> says why).</exception>
    public IReadOnlyList<ServerCommunity> DetectCommunitiesOnServer(double gamma, long seed, int minHolders = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gamma);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minHolders);
        ThrowIfDisposed();
        if (PushdownUnavailable() is { } why) throw new InvalidOperationException(why + "; run the analysis in-process instead of --pushdown.");
        ThrowIfLoadUnfinished();
        var leiden = GdsProcedures().Contains("gds.leiden.write") ? "gds/leiden-write.cypher" : "gds/leiden-write-beta.cypher";

        var graph = new Dictionary<string, object?> { ["graphName"] = "fraudgraph-" + Guid.NewGuid().ToString("N") };
        Run("gds/project.cypher", graph);
        try
        {
            Run("gds/wcc-write.cypher", graph);
            Run(leiden, new Dictionary<string, object?>(graph) { ["gamma"] = gamma, ["seed"] = seed });
            var result = Run("gds/communities.cypher", new() { ["minHolders"] = minHolders })[0];
            int community = result.Column("community"), holders = result.Column("holders"), contacts = result.Column("contact_points");
            var communities = new List<ServerCommunity>(result.Rows.Count);
            foreach (var row in result.Rows)
                communities.Add(new ServerCommunity((long)row[community], row[holders].Values<string>().Select(static h => h!).ToList(),
                    row[contacts].Values<string>().Select(static c => c!).ToList()));
            return communities;
        }
        finally
        {
            Run("gds/drop.cypher", graph);
        }
    }

    protected override bool HasLoadedCore(string fingerprint)
    {
        var count = Run("read/has-loaded.cypher", new() { ["fingerprint"] = fingerprint })[0].Scalar();
        return count is not null && (long)count > 0;
    }

    protected override ILoadTransaction BeginLoadCore(LoadInfo info) =>
        new Neo4jLoadTransaction(_connection, _options, info, _logger, report => LastLoad = report);

    /// <summary>What the last load committed through this store did (batches, resumption, retried errors); null before one.</summary>
    public Neo4jLoadReport? LastLoad { get; private set; }

    /// <summary>
    /// One line per load that started and has not completed (a batched load killed, failed or still running), naming
    /// its folder, fingerprint and progress; empty when the graph holds only completed loads.
    /// </summary>
    public IReadOnlyList<string> UnfinishedLoads()
    {
        var result = Run("read/unfinished-loads.cypher", null)[0];
        var loads = new List<string>(result.Rows.Count);
        foreach (var row in result.Rows) loads.Add(Neo4jLoadJournal.Describe(result, row));
        return loads;
    }

    /// <summary>Analysis reads only completed loads: an unfinished one stops it, naming the load and how to finish it.</summary>
    private void ThrowIfLoadUnfinished()
    {
        var unfinished = UnfinishedLoads();
        if (unfinished.Count == 0) return;
        throw new Neo4jException(Neo4jException.UnfinishedLoadCode,
            $"Neo4j at {Location} holds part of a load, so an analysis would read a half-done graph: {string.Join("; ", unfinished)}. " +
            "Run the same load command again (same folder, same --store) to finish it: it resumes after the committed batches. " +
            "If a load is running right now, wait for it.");
    }

    protected override StoreStatistics GetStatisticsCore(int topShared)
    {
        // The order is fixed here, not by the server: Neo4j 3.1 drops the row of a label it has never seen.
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in Run("read/count-nodes.cypher", null)[0].Rows) counted[(string)row[0]!] = (long)row[1];
        var nodes = new List<KeyValuePair<string, long>>(NodeLabels.Length);
        foreach (var label in NodeLabels) nodes.Add(new(label, counted.GetValueOrDefault(label)));

        var byEvidence = new Dictionary<EvidenceKind, long>();
        foreach (var row in Run("read/count-links.cypher", null)[0].Rows)
            byEvidence[Neo4jRows.EvidenceOf(Neo4jRows.Text(row[0]))] = (long)row[1];
        var links = new List<KeyValuePair<string, long>>();
        foreach (var evidence in Enum.GetValues<EvidenceKind>()) links.Add(new(evidence.ToString(), byEvidence.GetValueOrDefault(evidence)));

        var shared = new List<SharedContactPoint>();
        if (topShared > 0)
        {
            var result = Run("read/most-shared.cypher", new() { ["top"] = topShared })[0];
            foreach (var row in result.Rows) shared.Add(new SharedContactPoint((ContactKind)(int)row[0], (string)row[1]!, (int)row[2]));
        }
        return new StoreStatistics(nodes, links, shared);
    }

    /// <summary>Node labels in the fixed order of <see cref="GraphStore.GetStatistics"/> (the SQLite store's order).</summary>
    private static readonly string[] NodeLabels =
    [
        "Policyholder", "Agent", "Policy", "ContactChange", "SurrenderRequest", "Complaint",
        "Phone", "BankAccount", "Address", "Email", "Device", "IpAddress", "Representative",
    ];

    protected override GraphSnapshot ReadSnapshotCore(CancellationToken cancellationToken)
    {
        ThrowIfLoadUnfinished();
        var clock = Stopwatch.StartNew();
        var reader = new Neo4jSnapshotReader(_connection, _options.PageSize, cancellationToken);
        var snapshot = reader.Read();
        Neo4jLog.SnapshotRead(_logger, snapshot.Holders.Count, snapshot.Contacts.Count, snapshot.Links.Count, clock.ElapsedMilliseconds);
        return snapshot;
    }

    protected override void SaveAnalysisCore(AnalysisRun run)
    {
        int flagged = 0;
        foreach (var ring in run.Rings) if (ring.Flagged) flagged++;
        var runProps = new Dictionary<string, object?>
        {
            ["run_id"] = run.RunId,
            ["started_at"] = Neo4jRows.Time(run.StartedAt),
            ["started_at_ms"] = Neo4jRows.Millis(run.StartedAt),
            ["input_fingerprint"] = run.InputFingerprint,
            ["parameters_json"] = run.ParametersJson,
            ["rings"] = run.Rings.Count,
            ["flagged"] = flagged,
            ["saved_at"] = Neo4jRows.Time(DateTimeOffset.UtcNow),
            ["json"] = JsonConvert.SerializeObject(run, ExactDecimals.Settings),
        };

        var ringRows = new List<Dictionary<string, object?>>();
        var memberRows = new List<Dictionary<string, object?>>();
        var templates = new List<string>();
        foreach (var ring in run.Rings)
        {
            var key = run.RunId + "/" + ring.RingId;
            var top = new List<RingReason>(ring.Reasons);
            top.Sort(static (a, b) => b.Contribution.CompareTo(a.Contribution));
            var props = new Dictionary<string, object?>
            {
                ["ring_id"] = ring.RingId, ["run_id"] = run.RunId, ["score"] = ring.Score, ["flagged"] = ring.Flagged,
                ["holders"] = ring.Holders, ["controllers"] = ring.Controllers,
                ["surrender_amount"] = (double)ring.SurrenderAmount, ["surrender_amount_text"] = Neo4jRows.Money(ring.SurrenderAmount),
                ["first_seen"] = Neo4jRows.Time(ring.FirstSeen), ["last_seen"] = Neo4jRows.Time(ring.LastSeen),
                ["top_reasons"] = string.Join(";", top.Take(3).Select(static r => r.Code)),
            };
            foreach (var key2 in props.Where(static p => p.Value is null).Select(static p => p.Key).ToList()) props.Remove(key2);
            ringRows.Add(new Dictionary<string, object?> { ["ring_key"] = key, ["props"] = props });
            foreach (var m in ring.Members)
            {
                if (m.EntityType == "template") templates.Add(m.EntityId);
                memberRows.Add(new Dictionary<string, object?>
                {
                    ["ring_key"] = key, ["entity_type"] = m.EntityType, ["entity_id"] = m.EntityId,
                    ["role"] = StoredWords.Word(m.Role), ["evidence_count"] = m.EvidenceCount, ["run_id"] = run.RunId,
                });
            }
        }

        using var tx = _connection.Begin();
        try
        {
            tx.Run([Statement("rings/save-run.cypher", new() { ["run"] = runProps })]);
        }
        catch (Neo4jException ex) when (ex.Code == "Neo.ClientError.Schema.ConstraintValidationFailed")
        {
            throw new InvalidOperationException($"An analysis run with id '{run.RunId}' is already saved; runs are history and are never replaced.", ex);
        }
        int batch = _options.BatchSize;
        if (templates.Count > 0) tx.Run([Statement("rings/save-templates.cypher", new() { ["values"] = templates.Distinct().ToList() })]);
        for (int i = 0; i < ringRows.Count; i += batch)
            tx.Run([Statement("rings/save-rings.cypher", new() { ["run_id"] = run.RunId, ["rows"] = ringRows.GetRange(i, Math.Min(batch, ringRows.Count - i)) })]);
        for (int i = 0; i < memberRows.Count; i += batch)
            tx.Run([Statement("rings/save-members.cypher", new() { ["rows"] = memberRows.GetRange(i, Math.Min(batch, memberRows.Count - i)) })]);
        tx.Commit();
        Neo4jLog.AnalysisSaved(_logger, run.RunId, run.Rings.Count);
    }

    protected override AnalysisRun? ReadLatestAnalysisCore()
    {
        var json = Neo4jRows.Text(Run("rings/latest-run.cypher", null)[0].Scalar());
        return json is null ? null : JsonOutput.Read<AnalysisRun>(json);
    }

    protected override IReadOnlyList<AnalysisRunSummary> ListRunsCore()
    {
        var result = Run("rings/list-runs.cypher", null)[0];
        int id = result.Column("run_id"), started = result.Column("started_at"), fingerprint = result.Column("input_fingerprint");
        int rings = result.Column("rings"), flagged = result.Column("flagged");
        var runs = new List<AnalysisRunSummary>(result.Rows.Count);
        foreach (var row in result.Rows)
            runs.Add(new AnalysisRunSummary((string)row[id]!, Neo4jRows.ParseTime(row[started])!.Value, (string)row[fingerprint]!, (int)row[rings], (int)row[flagged]));
        return runs;
    }

    /// <summary>
    /// The full records of these holders, their policies, the agents of those policies and the events attributed
    /// to them, each list ordered by record id (the SQLite store's semantics; statements in <c>cypher/records/</c>).
    /// </summary>
    protected override HolderRecords ReadHolderRecordsCore(IReadOnlyCollection<string> holderIds) =>
        Neo4jRecordReader.Read(_connection, holderIds);

    /// <summary>Appends an entry to the audit log as a new <c>(:AuditEntry)</c> node (never updated or removed).</summary>
    protected override void WriteAuditCore(AuditRecord record)
    {
        var parameters = new Dictionary<string, object?> { ["entry"] = Neo4jRecordReader.AuditEntry(record) };
        // Writers take turns on the (:AuditLog) node's lock (audit/append.cypher); should two still take the same
        // number (the very first append, before that node exists), the constraint fails one, which takes the next.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Run("audit/append.cypher", parameters);
                return;
            }
            catch (Neo4jException e) when (Neo4jRecordReader.IsSequenceRace(e) && attempt < 5)
            {
            }
        }
    }

    /// <summary>The audit log, oldest first.</summary>
    protected override IReadOnlyList<AuditRecord> ReadAuditCore() => Neo4jRecordReader.Audit(Run("audit/read.cypher", null)[0]);

    // The explorer's queries (fraudgraph serve): statements in cypher/explorer/, the SQLite store's semantics, holder
    // id order as the store's holder order.

    protected override async Task<LinkedHolderPage> ReadContactPointHoldersCoreAsync(ContactPointKey contactPoint, int skip, int take, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.ContactPointHoldersAsync(_connection, contactPoint, skip, take, cancellationToken).ConfigureAwait(false);

    protected override async Task<IReadOnlyList<int>> CountContactPointHoldersCoreAsync(IReadOnlyList<ContactPointKey> contactPoints, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.CountContactPointHoldersAsync(_connection, contactPoints, cancellationToken).ConfigureAwait(false);

    protected override async Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursCoreAsync(IReadOnlyCollection<string> holderIds, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.CountHolderNeighboursAsync(_connection, holderIds, cancellationToken).ConfigureAwait(false);

    protected override async Task<Agent?> ReadAgentCoreAsync(string agentId, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.ReadAgentAsync(_connection, agentId, cancellationToken).ConfigureAwait(false);

    protected override async Task<LinkedHolderPage> ReadAgentHoldersCoreAsync(string agentId, int skip, int take, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.AgentHoldersAsync(_connection, agentId, skip, take, cancellationToken).ConfigureAwait(false);

    protected override async Task<IReadOnlyList<HolderMatch>> FindHoldersByIdPrefixCoreAsync(string idPrefix, int limit, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.HoldersByIdPrefixAsync(_connection, idPrefix, limit, cancellationToken).ConfigureAwait(false);

    protected override async Task<IReadOnlyList<HolderMatch>> FindHoldersByPhonePatternCoreAsync(string prefix, string suffix, int length, int limit, CancellationToken cancellationToken) =>
        await Neo4jExplorerQueries.HoldersByPhonePatternAsync(_connection, prefix, suffix, length, limit, cancellationToken).ConfigureAwait(false);

    protected override void DisposeCore() => _connection.Dispose();

    /// <summary>
    /// Decimals written as they are (<c>0</c>, <c>143200.50</c>) instead of with Newtonsoft's added <c>.0</c>, so a run
    /// reads back equal, scale and all (0m would come back as 0.0m).
    /// </summary>
    private sealed class ExactDecimals : JsonConverter<decimal>
    {
        public static readonly JsonSerializerSettings Settings = new() { Converters = { new ExactDecimals() } };

        public override bool CanRead => false;

        public override void WriteJson(JsonWriter writer, decimal value, JsonSerializer serializer) =>
            writer.WriteRawValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public override decimal ReadJson(JsonReader reader, Type objectType, decimal existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            existingValue; // never called: CanRead is false, the default reading keeps the written scale
    }

    private IReadOnlyList<CypherResult> Run(string file, Dictionary<string, object?>? parameters) =>
        _connection.AutoCommit([Statement(file, parameters)]);

    private static CypherStatement Statement(string file, Dictionary<string, object?>? parameters) =>
        new(file, CypherLibrary.Statement(file), parameters);
}
