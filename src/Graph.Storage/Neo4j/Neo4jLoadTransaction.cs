using System.Diagnostics;
using Graph.Core;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j;

/// <summary>
/// One load into Neo4j: batches of <c>UNWIND $rows AS row MERGE ...</c> (the statements in <c>cypher/load/</c>), each
/// batch <see cref="Neo4jOptions.BatchSize"/> records of one kind.
/// In <see cref="Neo4jLoadMode.Batched"/> mode (the default) every batch commits on its own together with its entry in
/// the load journal, up to <see cref="Neo4jOptions.BatchesInFlight"/> at a time on disjoint keys; <see cref="Commit"/>
/// marks the load complete. A load of a fingerprint whose journal lists committed batches skips their records
/// (it resumes). In <see cref="Neo4jLoadMode.Atomic"/> mode everything goes into one explicit server-side transaction
/// that commits with the load's completion, and disposing without <see cref="Commit"/>, or any failed request, rolls
/// everything back.
/// </summary>
/// <remarks>
/// A batched load into a graph that held nothing but load journals when it began (<see cref="Neo4jLoadJournal.GraphWasEmpty"/>)
/// creates the policyholders and policies no earlier batch of the load wrote or referenced (<c>load/new-*.cypher</c>)
/// instead of merging them: the same graph for less server work. A key the load meets again is merged, and a resumed
/// load (the graph is no longer empty) merges everything.
/// Requests inside an explicit transaction are not retried: Neo4j rolls a transaction back on any failed statement,
/// so a transient failure surfaces as a <see cref="Neo4jException"/> with <see cref="Neo4jException.IsTransient"/> set.
/// A batch committed on its own is retried with backoff: it deletes the links its records made before re-creating
/// them, so running it twice leaves the same graph.
/// </remarks>
public sealed class Neo4jLoadTransaction : ILoadTransaction
{
    private readonly Neo4jConnection _connection;
    private readonly Neo4jTransaction? _tx; // atomic mode
    private readonly Neo4jLoadJournal? _journal; // batched mode
    private readonly Neo4jBatchPipeline? _pipeline; // batched mode
    private readonly LoadInfo _info;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly bool _trackKeys;
    private readonly Action<Neo4jLoadReport> _completed;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _retriesBefore;

    /// <summary>Holder of every policy seen in this load or looked up on the server (null: a policy without holder).</summary>
    private readonly Dictionary<string, string?> _policyHolders = new(StringComparer.Ordinal);

    /// <summary>A first load's policyholders written or referenced so far (null otherwise): the ones a later row must merge, not create.</summary>
    private readonly HashSet<string>? _holdersSeen;

    /// <summary>Records of one kind waiting to fill a batch, and the load-order range they span.</summary>
    private readonly List<InputRecord> _pending = [];
    private long _pendingFrom, _pendingTo;

    private long _ordinal, _records, _links, _unlinked, _skipped, _created;
    private int _batches, _committedBatches;
    private bool _failed, _done;

    internal Neo4jLoadTransaction(Neo4jConnection connection, Neo4jOptions options, LoadInfo info, ILogger logger, Action<Neo4jLoadReport> completed)
    {
        _connection = connection;
        _info = info;
        _logger = logger;
        _batchSize = options.BatchSize;
        _completed = completed;
        _retriesBefore = connection.TransientRetries;
        if (options.LoadMode == Neo4jLoadMode.Atomic)
        {
            _tx = connection.Begin();
            return;
        }
        _journal = Neo4jLoadJournal.Open(connection, info, options.BatchSize);
        if (_journal.GraphWasEmpty) _holdersSeen = new HashSet<string>(StringComparer.Ordinal);
        _trackKeys = options.BatchesInFlight > 1;
        _pipeline = new Neo4jBatchPipeline(connection, _journal, options.BatchesInFlight, Committed);
        if (_journal.DoneBatches > 0) Neo4jLog.LoadResuming(logger, _journal.DoneBatches, _journal.Attempts - 1);
    }

    /// <summary>Records written so far (not counting the ones a resumed load skipped).</summary>
    public long Records => _records;

    /// <summary>Holder—contact point links written so far.</summary>
    public long Links => _links;

    /// <inheritdoc/>
    public string? Outcome { get; private set; }

    public void Write(IReadOnlyList<InputRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfFinished();
        try
        {
            foreach (var record in batch)
            {
                long ordinal = _ordinal++;
                if (_journal is not null && _journal.IsDone(ordinal))
                {
                    Skip(record);
                    continue;
                }
                if (_pending.Count > 0 && _pending[0].Kind != record.Kind) Flush();
                if (_pending.Count == 0) _pendingFrom = ordinal;
                _pending.Add(record);
                _pendingTo = ordinal + 1;
                if (_pending.Count == _batchSize) Flush();
            }
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    /// <summary>A record an earlier attempt committed: only what later batches need to know about it is kept.</summary>
    private void Skip(InputRecord record)
    {
        _skipped++;
        if (record is Policy p) _policyHolders[p.Id] = NullIfEmpty(p.HolderId);
    }

    /// <summary>Whether this first load has not yet written or referenced the policy or holder: it can be created, not merged.</summary>
    private bool IsNew(InputRecord record) => _holdersSeen is not null && record switch
    {
        Policyholder h => !_holdersSeen.Contains(h.Id),
        Policy p => !_policyHolders.ContainsKey(p.Id),
        _ => false,
    };

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var batch = Build(LastWriteWins(_pending));
        _pending.Clear();
        if (_pipeline is not null)
        {
            _pipeline.Submit(batch);
            return;
        }
        IReadOnlyList<CypherResult> results;
        try
        {
            results = _tx!.Run(batch.Statements);
        }
        catch (Neo4jException e)
        {
            throw new Neo4jBatchException(batch, e);
        }
        Committed(batch, results);
    }

    /// <summary>A batch has been written (batched mode: committed with its journal entry); null results: its answer was lost.</summary>
    private void Committed(LoadBatch batch, IReadOnlyList<CypherResult>? results)
    {
        if (results is null) _unlinked++; // whether it unlinked anything is unknown: look for orphans at the end
        foreach (var result in results ?? [])
            if (result.Columns.Length > 0 && result.Columns[0] == "unlinked" && result.Scalar() is { Type: JTokenType.Integer } u)
                _unlinked += (long)u;
        _records += batch.Records;
        _created += batch.Created;
        _links += batch.Links;
        _committedBatches++;
        Neo4jLog.BatchWritten(_logger, batch.Records, batch.Kind.ToString(), batch.Links, batch.Clock.ElapsedMilliseconds);
    }

    /// <summary>Within one batch only the last write of an id counts, so a record twice in it leaves exactly the links of its last version.</summary>
    private static List<InputRecord> LastWriteWins(List<InputRecord> records)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<InputRecord>(records.Count);
        for (int i = records.Count - 1; i >= 0; i--)
            if (seen.Add(records[i].Id)) kept.Add(records[i]);
        kept.Reverse();
        return kept;
    }

    private LoadBatch Build(List<InputRecord> records)
    {
        var kind = records[0].Kind;
        var statements = new List<CypherStatement>(10);
        var links = new ContactLinks();
        var keys = _trackKeys ? new HashSet<string>(StringComparer.Ordinal) : null;
        // A first load creates what it has not met yet and merges the rest: a new and a seen statement per batch.
        List<Dictionary<string, object?>> created = [], merged = [];
        switch (kind)
        {
            case RecordKind.Policyholder:
                foreach (Policyholder h in records)
                {
                    var row = Neo4jRows.Holder(h);
                    List<Dictionary<string, object?>> phone = [], address = [];
                    foreach (var link in links.Add(ContactLinkExtractor.Extract(h, h.Id)))
                    {
                        if (link.ContactKind == ContactKind.Phone) phone.Add(Neo4jRows.InlineLink(link));
                        else if (link.ContactKind == ContactKind.Address) address.Add(Neo4jRows.InlineLink(link));
                        else links.Separate.Add(link);
                    }
                    row["phone"] = phone;
                    row["address"] = address;
                    (IsNew(h) ? created : merged).Add(row);
                    _holdersSeen?.Add(h.Id);
                    keys?.Add("h:" + h.Id);
                }
                if (created.Count > 0) statements.Add(Statement("load/new-policyholders.cypher", created));
                if (merged.Count > 0) statements.Add(Statement("load/policyholders.cypher", merged));
                break;
            case RecordKind.Agent:
                foreach (Agent a in records)
                {
                    merged.Add(Neo4jRows.Agent(a));
                    keys?.Add("a:" + a.Id);
                }
                statements.Add(Statement("load/agents.cypher", merged));
                break;
            case RecordKind.Policy:
                foreach (Policy p in records)
                {
                    string? holder = NullIfEmpty(p.HolderId), agent = NullIfEmpty(p.AgentId);
                    (IsNew(p) ? created : merged).Add(Neo4jRows.Policy(p, holder, agent));
                    _policyHolders[p.Id] = holder;
                    if (holder is not null) _holdersSeen?.Add(holder);
                    if (keys is null) continue;
                    keys.Add("p:" + p.Id);
                    if (holder is not null) keys.Add("h:" + holder);
                    if (agent is not null) keys.Add("a:" + agent);
                }
                if (created.Count > 0) statements.Add(Statement("load/new-policies.cypher", created));
                if (merged.Count > 0) statements.Add(Statement("load/policies.cypher", merged));
                break;
            default:
                BuildEvents(kind, records, links, statements, keys);
                break;
        }

        // Links are grouped by contact kind: one labelled MERGE statement per kind (labels cannot be parameters).
        foreach (var group in GroupByContactKind(links.Separate))
            statements.Add(Statement(Neo4jRows.LinkStatement(group.Key), group.Value));
        if (keys is not null) links.AddKeys(keys);

        long from = _pendingFrom, to = _pendingTo;
        if (_journal is not null) statements.Add(_journal.BatchDone(from, to, kind));
        return new LoadBatch
        {
            Number = ++_batches, Kind = kind, From = from, To = to, Records = records.Count, Links = links.Count,
            Statements = statements, Keys = keys, Created = created.Count,
        };
    }

    /// <summary>
    /// The links of one batch. A contact point keeps the raw value it was created with, which must be the first in input
    /// order; every link of a batch to one contact point carries that first raw value, so whichever row the server
    /// happens to write first creates it the same (statements need not keep their rows in order, and the created
    /// records are written before the merged ones).
    /// </summary>
    private sealed class ContactLinks
    {
        private readonly Dictionary<(ContactKind, string), string?> _firstRaw = [];

        /// <summary>Links to write with load/link-*.cypher (not inside their record's own statement).</summary>
        public List<ContactLink> Separate { get; } = [];

        public int Count => _count;
        private int _count;

        /// <summary>Counts <paramref name="links"/> and gives each the first raw value of its contact point in this batch.</summary>
        public IEnumerable<ContactLink> Add(IEnumerable<ContactLink> links)
        {
            foreach (var link in links)
            {
                _count++;
                if (!_firstRaw.TryAdd((link.ContactKind, link.Value), link.RawValue))
                    yield return link with { RawValue = _firstRaw[(link.ContactKind, link.Value)] };
                else
                    yield return link;
            }
        }

        /// <summary>Every contact point the batch links to, as overlap keys (<see cref="LoadBatch.Keys"/>).</summary>
        public void AddKeys(HashSet<string> keys)
        {
            foreach (var (kind, value) in _firstRaw.Keys) keys.Add($"c{(int)kind}:{value}");
        }
    }

    private void BuildEvents(RecordKind kind, List<InputRecord> records, ContactLinks links, List<CypherStatement> statements, HashSet<string>? keys)
    {
        var rows = new List<Dictionary<string, object?>>(records.Count);
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

        var prefix = kind switch { RecordKind.ContactChange => "ec:", RecordKind.SurrenderRequest => "es:", _ => "em:" };
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
            links.Separate.AddRange(links.Add(ContactLinkExtractor.Extract(record, attributed)));
            if (attributed is not null) _holdersSeen?.Add(attributed);
            if (keys is null) continue;
            keys.Add(prefix + record.Id);
            if (policyId is not null) keys.Add("p:" + policyId);
            if (attributed is not null) keys.Add("h:" + attributed);
        }
        statements.Add(Statement(kind switch
        {
            RecordKind.ContactChange => "load/contact-changes.cypher",
            RecordKind.SurrenderRequest => "load/surrender-requests.cypher",
            _ => "load/complaints.cypher",
        }, rows));
    }

    /// <summary>
    /// Looks up the holders of policies this load has not seen yet (atomic mode: inside the load's transaction).
    /// Batches in flight cannot change the answer: every policy they write is already in <see cref="_policyHolders"/>.
    /// </summary>
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
        var statement = new CypherStatement("load/policy-holders.cypher", CypherLibrary.Statement("load/policy-holders.cypher"),
            new Dictionary<string, object?> { ["ids"] = missing });
        var result = (_tx is not null ? _tx.Run([statement]) : _connection.AutoCommit([statement]))[0];
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
        ThrowIfFinished();
        try
        {
            Flush();
            _pipeline?.Drain();
            var final = new List<CypherStatement>(2);
            // A resumed load cannot know what the attempts before it unlinked, so it always looks for orphans.
            if (_unlinked > 0 || _skipped > 0)
                final.Add(new CypherStatement("load/orphan-contacts.cypher", CypherLibrary.Statement("load/orphan-contacts.cypher")));
            final.Add(new CypherStatement("load/record-load.cypher", CypherLibrary.Statement("load/record-load.cypher"), new Dictionary<string, object?>
            {
                ["fingerprint"] = _info.Fingerprint,
                ["source"] = _info.Source,
                ["started_at"] = Neo4jRows.Time(_info.StartedAt),
                ["committed_at"] = Neo4jRows.Time(DateTimeOffset.UtcNow),
                ["records"] = _ordinal,
            }));
            if (_tx is not null) _tx.Commit(final);
            else _connection.AutoCommit(final);
            _done = true;
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
        var report = Report();
        Outcome = report.ToString();
        _completed(report);
        Neo4jLog.LoadCommitted(_logger, _records, _links, _clock.ElapsedMilliseconds);
    }

    private Neo4jLoadReport Report() => new(
        _tx is null ? Neo4jLoadMode.Batched : Neo4jLoadMode.Atomic, _batchSize, _batches, _committedBatches,
        _journal?.DoneBatches ?? 0, _skipped, _records, _created, _links, _connection.TransientRetries - _retriesBefore, _clock.Elapsed);

    /// <summary>Stops the load after <paramref name="e"/> and returns what to throw: a Neo4j failure gets the batch and the remedy.</summary>
    private Exception Fail(Exception e)
    {
        _failed = true;
        try
        {
            _pipeline?.Abandon();
            _tx?.Rollback();
        }
        catch (Exception cleanup) when (cleanup is Neo4jException or Neo4jBatchException)
        {
            // Already failing: the first failure is the one to report.
        }
        if (_tx is null && _journal is not null) Neo4jLog.LoadInterrupted(_logger, _committedBatches, _batches);
        else Neo4jLog.LoadRolledBack(_logger, _records);
        return Neo4jLoadFailure.Explain(e, Report());
    }

    private void ThrowIfFinished()
    {
        if (_failed) throw new InvalidOperationException("An earlier write of this load failed; start a new load (a batched load resumes where it stopped).");
        if (_done) throw new InvalidOperationException("This load has already been committed or disposed.");
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        if (_failed) return;
        _pipeline?.Abandon();
        if (_tx is null || !_tx.IsOpen) return;
        _tx.Rollback();
        Neo4jLog.LoadRolledBack(_logger, _records);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
