using System.Diagnostics;
using Graph.Core;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j;

/// <summary>
/// One load into Neo4j: batches of <c>UNWIND $rows AS row MERGE ...</c> (the statements in <c>cypher/load/</c>).
/// In <see cref="Neo4jLoadMode.Atomic"/> mode (the default) they go into one explicit server-side transaction
/// that commits together with the load's fingerprint, and disposing without <see cref="Commit"/>, or any failed
/// request, rolls everything back. In <see cref="Neo4jLoadMode.CommitPerBatch"/> mode each batch commits alone
/// and only the fingerprint waits for <see cref="Commit"/>.
/// </summary>
/// <remarks>
/// Requests inside an explicit transaction are not retried: Neo4j rolls a transaction back on any failed
/// statement, so a transient failure surfaces as a <see cref="Neo4jException"/> with
/// <see cref="Neo4jException.IsTransient"/> set, and the caller reruns the load (which is idempotent). A batch
/// committed on its own (one request on the transactional endpoint) is retried: it deletes the links its
/// records made before re-creating them, so running it twice leaves the same graph.
/// </remarks>
public sealed class Neo4jLoadTransaction : ILoadTransaction
{
    private readonly Neo4jConnection _connection;
    private readonly Neo4jTransaction? _tx; // null in CommitPerBatch mode
    private readonly LoadInfo _info;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Holder of every policy seen in this load or looked up on the server (null: a policy without holder).</summary>
    private readonly Dictionary<string, string?> _policyHolders = new(StringComparer.Ordinal);
    private long _records, _links, _unlinked;
    private bool _failed, _done;

    internal Neo4jLoadTransaction(Neo4jConnection connection, Neo4jTransaction? tx, LoadInfo info, ILogger logger, int batchSize)
    {
        _connection = connection;
        _tx = tx;
        _info = info;
        _logger = logger;
        _batchSize = batchSize;
    }

    /// <summary>Records written so far.</summary>
    public long Records => _records;

    /// <summary>Holder—contact point links written so far.</summary>
    public long Links => _links;

    public void Write(IReadOnlyList<InputRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_failed) throw new InvalidOperationException("An earlier write of this load failed and the load was rolled back; start a new load.");
        if (_done) throw new InvalidOperationException("This load has already been committed or disposed.");
        if (batch.Count == 0) return;

        try
        {
            // Runs of the same kind go together; within a run only the last write of an id counts, so the same
            // record twice in one batch leaves exactly the links of its last version.
            int start = 0;
            while (start < batch.Count)
            {
                var kind = batch[start].Kind;
                int end = start + 1;
                while (end < batch.Count && batch[end].Kind == kind) end++;
                var run = LastWriteWins(batch, start, end);
                for (int i = 0; i < run.Count; i += _batchSize)
                    WriteChunk(kind, run.GetRange(i, Math.Min(_batchSize, run.Count - i)));
                start = end;
            }
        }
        catch
        {
            _failed = true;
            _tx?.Rollback();
            throw;
        }
    }

    /// <summary>Runs statements in the load's transaction, or (CommitPerBatch) commits them as one unit.</summary>
    private IReadOnlyList<CypherResult> Execute(IReadOnlyList<CypherStatement> statements)
    {
        if (_tx is not null) return _tx.Run(statements);
        if (_connection.Server.Protocol == Neo4jProtocol.QueryApi)
        {
            // The Query API auto-commits each statement; an explicit transaction keeps the batch one unit.
            using var tx = _connection.Begin();
            return tx.Commit(statements);
        }
        return _connection.AutoCommit(statements);
    }

    private static List<InputRecord> LastWriteWins(IReadOnlyList<InputRecord> batch, int start, int end)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<InputRecord>(end - start);
        for (int i = end - 1; i >= start; i--)
            if (seen.Add(batch[i].Id)) kept.Add(batch[i]);
        kept.Reverse();
        return kept;
    }

    private void WriteChunk(RecordKind kind, List<InputRecord> records)
    {
        var clock = Stopwatch.StartNew();
        var statements = new List<CypherStatement>(10);
        var rows = new List<Dictionary<string, object?>>(records.Count);
        var links = new List<ContactLink>();
        switch (kind)
        {
            case RecordKind.Policyholder:
                foreach (Policyholder h in records)
                {
                    rows.Add(Neo4jRows.Holder(h));
                    links.AddRange(ContactLinkExtractor.Extract(h, h.Id));
                }
                statements.Add(Statement("load/policyholders.cypher", rows));
                break;
            case RecordKind.Agent:
                foreach (Agent a in records) rows.Add(Neo4jRows.Agent(a));
                statements.Add(Statement("load/agents.cypher", rows));
                break;
            case RecordKind.Policy:
                foreach (Policy p in records)
                {
                    string? holder = NullIfEmpty(p.HolderId), agent = NullIfEmpty(p.AgentId);
                    _policyHolders[p.Id] = holder;
                    rows.Add(Neo4jRows.Policy(p, holder, agent));
                }
                statements.Add(Statement("load/policies.cypher", rows));
                break;
            default:
                WriteEvents(kind, records, rows, links, statements);
                break;
        }

        // Links are grouped by contact kind: one labelled MERGE statement per kind (labels cannot be parameters).
        foreach (var group in GroupByContactKind(links))
            statements.Add(Statement(Neo4jRows.LinkStatement(group.Key), group.Value));

        var results = Execute(statements);
        foreach (var result in results)
            if (result.Columns.Length > 0 && result.Columns[0] == "unlinked" && result.Scalar() is { Type: JTokenType.Integer } u)
                _unlinked += (long)u;
        _records += records.Count;
        _links += links.Count;
        Neo4jLog.BatchWritten(_logger, records.Count, kind.ToString(), links.Count, clock.ElapsedMilliseconds);
    }

    private void WriteEvents(RecordKind kind, List<InputRecord> records, List<Dictionary<string, object?>> rows, List<ContactLink> links, List<CypherStatement> statements)
    {
        ResolvePolicies(records);

        // Policies the store does not know become stubs held by the event's own holder (as in the SQLite store).
        var stubs = new List<Dictionary<string, object?>>();
        foreach (var record in records)
        {
            var (holderId, policyId) = HolderAndPolicy(record);
            if (policyId is null || _policyHolders.ContainsKey(policyId)) continue;
            _policyHolders[policyId] = holderId;
            stubs.Add(new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = policyId, ["holder_id"] = holderId });
        }
        if (stubs.Count > 0) statements.Add(Statement("load/stub-policies.cypher", stubs));

        foreach (var record in records)
        {
            var (holderId, policyId) = HolderAndPolicy(record);
            var attributed = holderId ?? (policyId is null ? null : _policyHolders.GetValueOrDefault(policyId));
            rows.Add(record switch
            {
                ContactChange c => Neo4jRows.Change(c, attributed),
                SurrenderRequest s => Neo4jRows.Surrender(s, attributed),
                Complaint m => Neo4jRows.Complaint(m, attributed),
                _ => throw new ArgumentException($"Unsupported record kind {record.Kind}.", nameof(records)),
            });
            links.AddRange(ContactLinkExtractor.Extract(record, attributed));
        }
        statements.Add(Statement(kind switch
        {
            RecordKind.ContactChange => "load/contact-changes.cypher",
            RecordKind.SurrenderRequest => "load/surrender-requests.cypher",
            _ => "load/complaints.cypher",
        }, rows));
    }

    /// <summary>Looks up, in this transaction, the holders of policies this load has not seen yet.</summary>
    private void ResolvePolicies(List<InputRecord> records)
    {
        var missing = new List<string>();
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var (_, policyId) = HolderAndPolicy(record);
            if (policyId is not null && !_policyHolders.ContainsKey(policyId) && asked.Add(policyId)) missing.Add(policyId);
        }
        if (missing.Count == 0) return;
        var result = Execute([new CypherStatement("load/policy-holders.cypher", CypherLibrary.Statement("load/policy-holders.cypher"),
            new Dictionary<string, object?> { ["ids"] = missing })])[0];
        int id = result.Column("policy_id"), holder = result.Column("holder_id");
        foreach (var row in result.Rows) _policyHolders[(string)row[id]!] = Neo4jRows.Text(row[holder]);
    }

    private static (string? Holder, string? Policy) HolderAndPolicy(InputRecord record) => record switch
    {
        ContactChange c => (NullIfEmpty(c.HolderId), NullIfEmpty(c.PolicyId)),
        SurrenderRequest s => (NullIfEmpty(s.HolderId), NullIfEmpty(s.PolicyId)),
        Complaint m => (NullIfEmpty(m.HolderId), NullIfEmpty(m.PolicyId)),
        _ => (null, null),
    };

    private static SortedDictionary<ContactKind, List<Dictionary<string, object?>>> GroupByContactKind(List<ContactLink> links)
    {
        var groups = new SortedDictionary<ContactKind, List<Dictionary<string, object?>>>();
        foreach (var link in links)
        {
            if (!groups.TryGetValue(link.ContactKind, out var list)) groups[link.ContactKind] = list = [];
            list.Add(Neo4jRows.Link(link));
        }
        return groups;
    }

    private static CypherStatement Statement(string name, object rows) =>
        new(name, CypherLibrary.Statement(name), new Dictionary<string, object?> { ["rows"] = rows });

    public void Commit()
    {
        if (_failed) throw new InvalidOperationException("An earlier write of this load failed and the load was rolled back; nothing was committed.");
        if (_done) throw new InvalidOperationException("This load has already been committed or disposed.");
        var final = new List<CypherStatement>(2);
        if (_unlinked > 0) final.Add(new CypherStatement("load/orphan-contacts.cypher", CypherLibrary.Statement("load/orphan-contacts.cypher")));
        final.Add(new CypherStatement("load/record-load.cypher", CypherLibrary.Statement("load/record-load.cypher"), new Dictionary<string, object?>
        {
            ["fingerprint"] = _info.Fingerprint,
            ["source"] = _info.Source,
            ["started_at"] = Neo4jRows.Time(_info.StartedAt),
            ["committed_at"] = Neo4jRows.Time(DateTimeOffset.UtcNow),
            ["records"] = _records,
        }));
        try
        {
            if (_tx is not null) _tx.Commit(final);
            else Execute(final);
            _done = true;
        }
        catch
        {
            _failed = true;
            throw;
        }
        Neo4jLog.LoadCommitted(_logger, _records, _links, _clock.ElapsedMilliseconds);
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        if (_tx is null || !_tx.IsOpen) return;
        _tx.Rollback();
        Neo4jLog.LoadRolledBack(_logger, _records);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
