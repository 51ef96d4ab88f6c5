using System.Collections.Concurrent;
using System.Diagnostics;
using Graph.Core;
using Graph.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging;
using static Graph.Storage.Sqlite.SqliteValues;
using static Graph.Storage.StoredWords;

namespace Graph.Storage.Sqlite;

/// <summary>
/// One load into the SQLite file: a single <c>BEGIN IMMEDIATE</c> transaction on a connection of its own, so
/// nothing is visible (or on disk as committed) before <see cref="Commit()"/>, and a rollback or a killed process
/// leaves the file as it was.
/// </summary>
/// <remarks>
/// <para>Speed comes from these: every statement is prepared once and re-bound per row through the C API on a
/// connection without per-call locking (<see cref="NativeConnection"/>); the ids the load touches (holders,
/// policies, agents, contact points) are cached in dictionaries so references and links need no lookup query;
/// links are clustered by holder, so a holder's links go where its earlier ones are; work that cannot matter
/// is skipped — a table that was empty when the load began has no rows to look up and no old links to delete, and
/// its secondary indexes are built once instead of row by row (the unique ones at commit, the others after it, see
/// <see cref="CommitCore"/>); and the work splits over two threads:
/// <see cref="Prepare"/> plans a batch (resolves ids, finds links, encodes every value as UTF-8 into a
/// <see cref="StatementBatch"/>) on the loader's parsing thread, while the thread holding the connection only binds
/// and steps. Rows stored before the load are looked up on a read connection of their own (<see cref="StoredRows"/>).</para>
/// <para>Known limit: an event keeps the holder it was attributed to when written; a later change of its policy's
/// holder does not move its links until the event itself is loaded again.</para>
/// </remarks>
internal sealed class SqliteLoadTransaction : ILoadTransaction
{
    private static readonly string[] HolderColumns =
        ["id", "hid", "name", "id_number_raw", "id_number", "phone_raw", "phone", "address_raw", "address", "city", "created_at", "extra"];
    private static readonly string[] AgentColumns =
        ["id", "name", "phone_raw", "phone", "id_number_raw", "id_number", "org", "status", "hired_at", "terminated_at", "extra"];
    private static readonly string[] PolicyColumns =
        ["id", "holder_id", "agent_id", "product", "premium", "issued_at", "status", "extra"];
    private static readonly string[] ChangeColumns =
        ["id", "holder_id", "policy_id", "attributed_holder_id", "field", "old_value_raw", "old_value", "new_value_raw", "new_value",
         "changed_at", "channel", "ip_raw", "ip", "device_id_raw", "device_id", "extra"];
    private static readonly string[] SurrenderColumns =
        ["id", "policy_id", "holder_id", "attributed_holder_id", "requested_at", "amount", "contact_phone_raw", "contact_phone",
         "payout_account_raw", "payout_account", "payout_bank", "representative_name", "representative_id_number_raw",
         "representative_id_number", "representative_phone_raw", "representative_phone", "channel", "ip_raw", "ip",
         "device_id_raw", "device_id", "status", "extra"];
    private static readonly string[] ComplaintColumns =
        ["id", "policy_id", "holder_id", "attributed_holder_id", "filed_at", "channel", "contact_phone_raw", "contact_phone",
         "sender_address_raw", "sender_address", "representative_name", "representative_id_number_raw", "representative_id_number",
         "representative_phone_raw", "representative_phone", "demand", "text", "extra"];

    /// <summary>The statements a load writes with, by number (<see cref="StatementBatch"/> refers to them so).</summary>
    private enum Sql
    {
        InsertHolder, UpdateHolder, StubHolder, UpsertAgent, StubAgent, UpsertPolicy, StubPolicy,
        UpsertChange, UpsertSurrender, UpsertComplaint, DeleteLinks, InsertContact, InsertLink,
    }

    /// <summary>The page cache while the deferred indexes are built, in KiB: the size of the sorter's runs.</summary>
    internal const int SortCacheKib = 4096;

    private readonly NativeConnection _connection;
    private readonly LoadInfo _info;
    private readonly ILogger _logger;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Prepared on the writing connection, indexed by <see cref="Sql"/>.</summary>
    private readonly NativeStatement[] _statements;
    /// <summary>Lookups of rows stored before the load; null when every table was empty (there is nothing to find).</summary>
    private readonly StoredRows? _stored;
    /// <summary>Planned batches already written, for the planner to fill again.</summary>
    private readonly ConcurrentQueue<StatementBatch> _spare = new();
    /// <summary>The batch being planned.</summary>
    private StatementBatch _plan = new();

    // What each table held when the load began: an empty table needs no lookups and has no old links.
    private readonly bool _holdersWereEmpty, _agentsWereEmpty, _policiesWereEmpty, _contactsWereEmpty;
    private readonly bool _changesWereEmpty, _surrendersWereEmpty, _complaintsWereEmpty;
    /// <summary>The secondary indexes of tables that were empty (and any an earlier load left pending): dropped for the
    /// inserts, built again by <see cref="Commit()"/> or listed in <c>pending_indexes</c> for after it.</summary>
    private readonly List<DeferredIndex> _deferredIndexes = [];
    private readonly long _maxHidAtStart;
    private long _nextHid, _nextContactId;

    // The planner's caches (the thread that plans is the only one to touch them). The three large ones keep their keys
    // as characters in shared arrays, not as strings (see TextKeyMap: garbage collection at 10M holders).
    /// <summary>
    /// Holder id → surrogate shifted left by one, plus one when a real row for it was written by this load; 0 for a
    /// holder only named so far (by a stored policy), whose surrogate is not looked up yet.
    /// </summary>
    private readonly TextKeyMap _holders = new();
    /// <summary>Policy id → the entry of its holder in <see cref="_holders"/> plus one (0 when it names none).</summary>
    private readonly TextKeyMap _policies = new();
    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);
    /// <summary>Event id → surrogate of the holder its links went to when this load wrote it (0: none).</summary>
    private readonly Dictionary<string, long> _changesSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _surrendersSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _complaintsSeen = new(StringComparer.Ordinal);
    /// <summary>Contact point (its kind as one character, then its value) → id.</summary>
    private readonly TextKeyMap _contacts = new();
    private char[] _contactKey = new char[256];

    /// <summary>Contact points that lost a link in this load (the writer learns them): deleted at commit if nothing links to them any more.</summary>
    private readonly HashSet<long> _orphanCandidates = [];
    private readonly Action<long> _deletedLinkTo;

    private readonly Action _committed;

    private long _records, _links, _stubs;
    private volatile bool _done;

    /// <param name="openReader">Opens a read-only connection to the same file, for looking up stored rows.</param>
    /// <param name="committed">Called once the load has committed, before its connection closes.</param>
    public SqliteLoadTransaction(NativeConnection connection, Func<NativeConnection> openReader, Action committed, LoadInfo info, ILogger logger)
    {
        _connection = connection;
        _committed = committed;
        _info = info;
        _logger = logger;
        _deletedLinkTo = id => _orphanCandidates.Add(id);

        _connection.Exec("BEGIN IMMEDIATE");
        try
        {
            _holdersWereEmpty = IsEmpty("holders");
            _agentsWereEmpty = IsEmpty("agents");
            _policiesWereEmpty = IsEmpty("policies");
            _contactsWereEmpty = IsEmpty("contact_points");
            _changesWereEmpty = IsEmpty("contact_changes");
            _surrendersWereEmpty = IsEmpty("surrender_requests");
            _complaintsWereEmpty = IsEmpty("complaints");
            DeferIndexes(["holders", "agents", "policies", "contact_points", "contact_changes", "surrender_requests", "complaints", "links"]);
            TakePendingIndexes();
            _maxHidAtStart = _connection.Scalar("SELECT COALESCE(MAX(hid), 0) FROM holders");
            _nextHid = _maxHidAtStart + 1;
            _nextContactId = _connection.Scalar("SELECT COALESCE(MAX(id), 0) FROM contact_points") + 1;

            _statements = new NativeStatement[Enum.GetValues<Sql>().Length];
            _statements[(int)Sql.InsertHolder] = PrepareStatement($"INSERT INTO holders({string.Join(", ", HolderColumns)}, is_stub) VALUES({Parameters(HolderColumns.Length)}, 0)");
            // Every column but the key and the surrogate, bound to the same numbers as the insert.
            _statements[(int)Sql.UpdateHolder] = PrepareStatement($"UPDATE holders SET {string.Join(", ", HolderColumns.Select((c, i) => $"{c} = ?{i + 1}").Skip(2))}, is_stub = 0 WHERE hid = ?2");
            _statements[(int)Sql.StubHolder] = PrepareStatement("INSERT INTO holders(hid, id, is_stub) VALUES(?1, ?2, 1)");
            _statements[(int)Sql.UpsertAgent] = PrepareStatement(UpsertSql("agents", AgentColumns, hasStubFlag: true));
            _statements[(int)Sql.StubAgent] = PrepareStatement("INSERT INTO agents(id, is_stub) VALUES(?1, 1)");
            _statements[(int)Sql.UpsertPolicy] = PrepareStatement(UpsertSql("policies", PolicyColumns, hasStubFlag: true));
            _statements[(int)Sql.StubPolicy] = PrepareStatement("INSERT INTO policies(id, holder_id, is_stub) VALUES(?1, ?2, 1)");
            _statements[(int)Sql.UpsertChange] = PrepareStatement(UpsertSql("contact_changes", ChangeColumns, hasStubFlag: false));
            _statements[(int)Sql.UpsertSurrender] = PrepareStatement(UpsertSql("surrender_requests", SurrenderColumns, hasStubFlag: false));
            _statements[(int)Sql.UpsertComplaint] = PrepareStatement(UpsertSql("complaints", ComplaintColumns, hasStubFlag: false));
            _statements[(int)Sql.DeleteLinks] = PrepareStatement("DELETE FROM links WHERE hid = ?1 AND source_kind = ?2 AND source_id = ?3 RETURNING contact_id");
            _statements[(int)Sql.InsertContact] = PrepareStatement("INSERT INTO contact_points(id, kind, value, first_raw) VALUES(?1, ?2, ?3, ?4)");
            _statements[(int)Sql.InsertLink] = PrepareStatement("INSERT INTO links(hid, contact_id, evidence, source_kind, source_id, at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");

            bool everyTableWasEmpty = _holdersWereEmpty && _agentsWereEmpty && _policiesWereEmpty && _contactsWereEmpty &&
                                      _changesWereEmpty && _surrendersWereEmpty && _complaintsWereEmpty;
            if (!everyTableWasEmpty) _stored = new StoredRows(openReader());
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    public void Write(IReadOnlyList<InputRecord> batch) => Execute(Plan(batch));

    /// <summary>
    /// Resolves the batch's ids and links and encodes its values now, on the calling thread; the returned action only
    /// runs the planned statements on the writing connection.
    /// </summary>
    public Action Prepare(IReadOnlyList<InputRecord> batch)
    {
        var plan = Plan(batch);
        return () => Execute(plan);
    }

    private StatementBatch Plan(IReadOnlyList<InputRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_done, this);
        _plan = _spare.TryDequeue(out var spare) ? spare : new StatementBatch();
        for (int i = 0; i < batch.Count; i++)
        {
            switch (batch[i])
            {
                case Policyholder h: WriteHolder(h); break;
                case Agent a: WriteAgent(a); break;
                case Policy p: WritePolicy(p); break;
                case ContactChange c: WriteChange(c); break;
                case SurrenderRequest s: WriteSurrender(s); break;
                case Complaint m: WriteComplaint(m); break;
                case null: throw new ArgumentException($"Batch item {i} is null.", nameof(batch));
                default: throw new ArgumentException($"Record type {batch[i].GetType().Name} cannot be stored.", nameof(batch));
            }
        }
        _records += batch.Count;
        return _plan;
    }

    private void Execute(StatementBatch plan)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        plan.Execute(_statements, _deletedLinkTo);
        plan.Clear();
        _spare.Enqueue(plan);
    }

    /// <summary>Null: a load into the embedded store is one transaction, and the loader's counts say what it did.</summary>
    public string? Outcome => null;

    /// <summary>
    /// <see cref="Commit()"/>, interrupted when <paramref name="cancellationToken"/> fires: Ctrl+C during the index
    /// builds of a big load stops them at once and rolls the load back, instead of waiting seconds for them.
    /// </summary>
    public void Commit(CancellationToken cancellationToken)
    {
        try
        {
            using var stop = cancellationToken.Register(_connection.Interrupt);
            CommitCore(cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Commit() => CommitCore(CancellationToken.None);

    /// <summary>The commit; between its statements it stops when <paramref name="cancellationToken"/> fires (an
    /// interrupt between two statements would be lost).</summary>
    private void CommitCore(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            // The stored rows were needed while planning only: their reader need not stay open through the index builds.
            _stored?.Dispose();
            // SQLite sorts an index in runs the size of the page cache and merges them: runs of a few MiB stay in the
            // processor's cache, runs of the load's 256 MiB do not, and building the contact points' and agents'
            // indexes took 2-4 times as long (docs/benchmarks.md). The cache's dirty pages are written as they leave.
            if (_deferredIndexes.Count > 0) _connection.Exec($"PRAGMA cache_size = -{SortCacheKib}");
            // The unique indexes are built now: they keep ids and contact points unique, a snapshot reads holders and
            // contact points in their order, and the next load looks rows up by them. The others serve queries only:
            // they are listed for the store to build after the commit (at 10,000,000 holders about 30 s of the commit's
            // 60, on one core), beside the analysis that follows a load; a killed process leaves them listed, and the
            // next load takes them over. The orphan sweep looks links up by contact point, so with orphans to look for the
            // links' indexes are built now too.
            var later = new List<DeferredIndex>();
            foreach (var index in _deferredIndexes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (index.IsUnique || (index.Table == "links" && _orphanCandidates.Count > 0)) _connection.Exec(index.Sql);
                else later.Add(index);
            }
            cancellationToken.ThrowIfCancellationRequested();
            DeleteOrphanContacts();
            ListPendingIndexes(later);
            using (var load = PrepareStatement("""
                INSERT INTO loads(fingerprint, source, started_at, committed_at, rows) VALUES(?1, ?2, ?3, ?4, ?5)
                ON CONFLICT(fingerprint) DO UPDATE SET source = excluded.source, started_at = excluded.started_at,
                    committed_at = excluded.committed_at, rows = excluded.rows
                """))
            {
                load.Bind(1, _info.Fingerprint);
                load.Bind(2, _info.Source);
                load.Bind(3, FormatTime(_info.StartedAt));
                load.Bind(4, FormatTime(DateTimeOffset.UtcNow));
                load.Bind(5, _records);
                load.Execute();
            }
            cancellationToken.ThrowIfCancellationRequested();
            _connection.Exec("COMMIT");
        }
        catch
        {
            Rollback();
            throw;
        }
        _done = true;
        SqliteLog.LoadCommitted(_logger, _records, _links, _stubs, _clock.ElapsedMilliseconds);
        _committed();
        Close();
    }

    public void Dispose()
    {
        if (_done) return;
        Rollback();
        SqliteLog.LoadRolledBack(_logger, _records);
    }

    // The planner: each record becomes the statements that write it, in the order they must run. A value that another
    // statement creates (a stub, a contact point) is planned before the statement that names it starts.

    private void WriteHolder(Policyholder h)
    {
        ref long entry = ref _holders.GetValueRefOrAddDefault(h.Id, out _, out _);
        long hid = entry >> 1;
        bool written = (entry & 1) != 0;
        // Known (stored, a stub, or written earlier in this load) unless only named so far.
        bool exists = hid != 0;
        if (!exists)
        {
            long stored = _holdersWereEmpty ? 0 : _stored!.Holder(h.Id);
            exists = stored != 0;
            hid = exists ? stored : _nextHid++;
        }
        // A holder row written before this load, or earlier in it, may have registered links to replace; a new one
        // (or a stub) has none.
        bool mayHaveLinks = written || hid <= _maxHidAtStart;
        entry = (hid << 1) | 1;

        // A row that exists (stored, a stub, or written earlier in this load) is updated by its surrogate, so no
        // lookup by id is needed (the id index may be deferred to the commit).
        _plan.Run((int)(exists ? Sql.UpdateHolder : Sql.InsertHolder))
            .Text(h.Id).Number(hid).Text(h.Name)
            .Text(h.IdNumber.Raw).Text(h.IdNumber.Value)
            .Text(h.Phone.Raw).Text(h.Phone.Value)
            .Text(h.Address.Raw).Text(h.Address.Value)
            .Text(h.City).Time(h.CreatedAt).Text(ExtraJson(h.Extra));

        if (mayHaveLinks) DeleteLinks(hid, h);
        InsertLinks(h, h.Id, hid);
    }

    private void WriteAgent(Agent a)
    {
        _agents.Add(a.Id);
        _plan.Run((int)Sql.UpsertAgent)
            .Text(a.Id).Text(a.Name)
            .Text(a.Phone.Raw).Text(a.Phone.Value)
            .Text(a.IdNumber.Raw).Text(a.IdNumber.Value)
            .Text(a.Org).Text(Word(a.Status))
            .Time(a.HiredAt).Time(a.TerminatedAt).Text(ExtraJson(a.Extra));
    }

    private void WritePolicy(Policy p)
    {
        string? holderId = NullIfEmpty(p.HolderId);
        long holder = 0;
        if (holderId is not null)
        {
            HolderHid(holderId, out int entry);
            holder = entry + 1;
        }
        string? agentId = NullIfEmpty(p.AgentId);
        if (agentId is not null) EnsureAgent(agentId);
        _policies.GetValueRefOrAddDefault(p.Id, out _, out _) = holder;

        _plan.Run((int)Sql.UpsertPolicy)
            .Text(p.Id).Text(holderId).Text(agentId).Text(p.Product)
            .Text(Text(p.Premium)).Time(p.IssuedAt).Text(Word(p.Status)).Text(ExtraJson(p.Extra));
    }

    private void WriteChange(ContactChange c)
    {
        var holderId = Attribute(c.HolderId, c.PolicyId);
        long previous = PreviousHolder(_changesSeen, _changesWereEmpty, c);
        _plan.Run((int)Sql.UpsertChange)
            .Text(c.Id).Text(NullIfEmpty(c.HolderId)).Text(NullIfEmpty(c.PolicyId)).Text(holderId)
            .Text(Word(c.Field))
            .Text(c.OldValue.Raw).Text(c.OldValue.Value)
            .Text(c.NewValue.Raw).Text(c.NewValue.Value)
            .Time(c.ChangedAt).Text(c.Channel)
            .Text(c.Ip.Raw).Text(c.Ip.Value)
            .Text(c.DeviceId.Raw).Text(c.DeviceId.Value)
            .Text(ExtraJson(c.Extra));
        ReplaceEventLinks(_changesSeen, c, holderId, previous);
    }

    private void WriteSurrender(SurrenderRequest s)
    {
        var holderId = Attribute(s.HolderId, s.PolicyId);
        long previous = PreviousHolder(_surrendersSeen, _surrendersWereEmpty, s);
        var r = s.Representative;
        _plan.Run((int)Sql.UpsertSurrender)
            .Text(s.Id).Text(NullIfEmpty(s.PolicyId)).Text(NullIfEmpty(s.HolderId)).Text(holderId)
            .Time(s.RequestedAt).Text(Text(s.Amount))
            .Text(s.ContactPhone.Raw).Text(s.ContactPhone.Value)
            .Text(s.PayoutAccount.Raw).Text(s.PayoutAccount.Value)
            .Text(s.PayoutBank)
            .Text(r?.Name)
            .Text(r?.IdNumber.Raw).Text(r?.IdNumber.Value)
            .Text(r?.Phone.Raw).Text(r?.Phone.Value)
            .Text(s.Channel)
            .Text(s.Ip.Raw).Text(s.Ip.Value)
            .Text(s.DeviceId.Raw).Text(s.DeviceId.Value)
            .Text(Word(s.Status)).Text(ExtraJson(s.Extra));
        ReplaceEventLinks(_surrendersSeen, s, holderId, previous);
    }

    private void WriteComplaint(Complaint m)
    {
        var holderId = Attribute(m.HolderId, m.PolicyId);
        long previous = PreviousHolder(_complaintsSeen, _complaintsWereEmpty, m);
        var r = m.Representative;
        _plan.Run((int)Sql.UpsertComplaint)
            .Text(m.Id).Text(NullIfEmpty(m.PolicyId)).Text(NullIfEmpty(m.HolderId)).Text(holderId)
            .Time(m.FiledAt).Text(Word(m.Channel))
            .Text(m.ContactPhone.Raw).Text(m.ContactPhone.Value)
            .Text(m.SenderAddress.Raw).Text(m.SenderAddress.Value)
            .Text(r?.Name)
            .Text(r?.IdNumber.Raw).Text(r?.IdNumber.Value)
            .Text(r?.Phone.Raw).Text(r?.Phone.Value)
            .Text(m.Demand).Text(m.Text).Text(ExtraJson(m.Extra));
        ReplaceEventLinks(_complaintsSeen, m, holderId, previous);
    }

    /// <summary>
    /// The surrogate of the holder an event's stored links belong to: from this load's own record of it, else
    /// (when the table had rows before the load) from the stored row; 0 when it has no links.
    /// </summary>
    private long PreviousHolder(Dictionary<string, long> seen, bool tableWasEmpty, InputRecord record)
    {
        if (seen.TryGetValue(record.Id, out long hid)) return hid;
        if (tableWasEmpty) return 0;
        var holderId = _stored!.EventHolder(record.Kind, record.Id);
        return holderId is null ? 0 : FindHolderHid(holderId);
    }

    private void ReplaceEventLinks(Dictionary<string, long> seen, InputRecord record, string? holderId, long previousHid)
    {
        if (previousHid != 0) DeleteLinks(previousHid, record);
        long hid = holderId is null ? 0 : HolderHid(holderId);
        seen[record.Id] = hid;
        if (holderId is not null) InsertLinks(record, holderId, hid);
    }

    /// <summary>
    /// The holder an event's links belong to: its own, else its policy's. Creates stubs for an unknown holder or
    /// policy (a stub policy takes the event's holder, so a later real row can correct it).
    /// </summary>
    private string? Attribute(string? holderId, string? policyId)
    {
        holderId = NullIfEmpty(holderId);
        int holderEntry = -1;
        if (holderId is not null) HolderHid(holderId, out holderEntry);
        policyId = NullIfEmpty(policyId);
        if (policyId is null) return holderId;

        ref long policyHolder = ref _policies.GetValueRefOrAddDefault(policyId, out bool known, out _);
        if (!known)
        {
            if (_policiesWereEmpty || !_stored!.Policy(policyId, out string? storedHolder))
            {
                policyHolder = holderEntry + 1;
                _plan.Run((int)Sql.StubPolicy).Text(policyId).Text(holderId);
                _stubs++;
            }
            else if (storedHolder is not null)
            {
                // Named, not looked up: the holder's surrogate is found (or its stub made) only if an event needs it.
                _holders.GetValueRefOrAddDefault(storedHolder, out _, out int named);
                policyHolder = named + 1;
            }
        }
        if (holderId is not null || policyHolder == 0) return holderId;
        var attributed = _holders.KeyAt((int)policyHolder - 1);
        HolderHid(attributed, out _);
        return attributed;
    }

    /// <summary>Deletes the links a record produced before; the writer remembers their contact points for the orphan sweep.</summary>
    private void DeleteLinks(long hid, InputRecord record) =>
        _plan.Run((int)Sql.DeleteLinks).Number(hid).Number((int)record.Kind).Text(record.Id);

    private void InsertLinks(InputRecord record, string holderId, long hid)
    {
        foreach (var link in ContactLinkExtractor.Extract(record, holderId))
        {
            long contact = ContactId(link.ContactKind, link.Value, link.RawValue);
            _plan.Run((int)Sql.InsertLink)
                .Number(hid).Number(contact).Number((int)link.Evidence).Number((int)link.SourceKind).Text(link.SourceId).Time(link.At);
            _links++;
        }
    }

    private long ContactId(ContactKind kind, string value, string? raw)
    {
        if (value.Length + 1 > _contactKey.Length) _contactKey = new char[Math.Max(value.Length + 1, _contactKey.Length * 2)];
        _contactKey[0] = (char)kind;
        value.CopyTo(_contactKey.AsSpan(1));
        ref long id = ref _contacts.GetValueRefOrAddDefault(_contactKey.AsSpan(0, value.Length + 1), out bool known, out _);
        if (known) return id;
        id = _contactsWereEmpty ? 0 : _stored!.Contact(kind, value);
        if (id != 0) return id;
        id = _nextContactId++;
        _plan.Run((int)Sql.InsertContact).Number(id).Number((int)kind).Text(value).Text(raw);
        return id;
    }

    /// <summary>The surrogate of a referenced holder, creating a stub row when the holder is unknown.</summary>
    private long HolderHid(string holderId) => HolderHid(holderId, out _);

    /// <inheritdoc cref="HolderHid(string)"/>
    /// <param name="entry">The holder's entry in <see cref="_holders"/>.</param>
    private long HolderHid(string holderId, out int entry)
    {
        ref long value = ref _holders.GetValueRefOrAddDefault(holderId, out _, out entry);
        if (value != 0) return value >> 1;
        long existing = _holdersWereEmpty ? 0 : _stored!.Holder(holderId);
        if (existing != 0)
        {
            value = existing << 1;
            return existing;
        }
        long hid = _nextHid++;
        _plan.Run((int)Sql.StubHolder).Number(hid).Text(holderId);
        _stubs++;
        value = hid << 1;
        return hid;
    }

    /// <summary>The surrogate of a holder known to exist (cached or stored), without creating a stub; 0 when unknown.</summary>
    private long FindHolderHid(string holderId)
    {
        if (_holders.TryGetValue(holderId, out long entry) && entry != 0) return entry >> 1;
        return _holdersWereEmpty ? 0 : _stored!.Holder(holderId);
    }

    private void EnsureAgent(string agentId)
    {
        if (!_agents.Add(agentId)) return;
        if (!_agentsWereEmpty && _stored!.Agent(agentId)) return;
        _plan.Run((int)Sql.StubAgent).Text(agentId);
        _stubs++;
    }

    /// <summary>Indexes an earlier load left to build after its commit and no one built (its process was killed): this
    /// load takes them over with its own.</summary>
    private void TakePendingIndexes()
    {
        using (var pending = PrepareStatement("SELECT name, tbl_name, sql FROM pending_indexes ORDER BY name"))
        {
            while (pending.Read()) _deferredIndexes.Add(new DeferredIndex(pending.GetString(0), pending.GetString(1), pending.GetString(2)));
        }
        _connection.Exec("DELETE FROM pending_indexes");
    }

    private void ListPendingIndexes(List<DeferredIndex> indexes)
    {
        if (indexes.Count == 0) return;
        using var insert = PrepareStatement("INSERT INTO pending_indexes(name, tbl_name, sql) VALUES(?1, ?2, ?3)");
        foreach (var index in indexes)
        {
            insert.Bind(1, index.Name);
            insert.Bind(2, index.Table);
            insert.Bind(3, index.Sql);
            insert.Execute();
        }
    }

    private void DeleteOrphanContacts()
    {
        if (_orphanCandidates.Count == 0) return;
        using var delete = PrepareStatement("DELETE FROM contact_points WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM links WHERE contact_id = ?1)");
        foreach (long id in _orphanCandidates)
        {
            delete.Bind(1, id);
            delete.Execute();
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>An index dropped for the load, with the statement that makes it again.</summary>
    private sealed record DeferredIndex(string Name, string Table, string Sql)
    {
        public bool IsUnique => Sql.StartsWith("CREATE UNIQUE", StringComparison.OrdinalIgnoreCase);
    }

    private NativeStatement PrepareStatement(string sql) => new(_connection, sql);

    /// <summary>
    /// <c>INSERT ... ON CONFLICT(columns[0]) DO UPDATE</c> setting every column but the key: last write wins. Column
    /// names are constants of this class; values are bound to <c>?1..?n</c>.
    /// </summary>
    private static string UpsertSql(string table, string[] columns, bool hasStubFlag)
    {
        var names = string.Join(", ", columns);
        var values = Parameters(columns.Length);
        var updates = string.Join(", ", columns.Skip(1).Select(c => $"{c} = excluded.{c}"));
        return hasStubFlag
            ? $"INSERT INTO {table}({names}, is_stub) VALUES({values}, 0) ON CONFLICT({columns[0]}) DO UPDATE SET {updates}, is_stub = 0"
            : $"INSERT INTO {table}({names}) VALUES({values}) ON CONFLICT({columns[0]}) DO UPDATE SET {updates}";
    }

    private static string Parameters(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => "?" + i));

    private bool IsEmpty(string table) => _connection.Scalar($"SELECT NOT EXISTS (SELECT 1 FROM {table})") == 1;

    /// <summary>
    /// Drops the secondary indexes of each empty table and keeps their definitions for <see cref="Commit()"/>, which
    /// builds them or lists them for after it: a million rows are inserted faster into a bare table and indexed once
    /// (a sort) than kept indexed row by row (a random b-tree insert each). An empty table needs no lookups during the load (the caches above answer them). The drop
    /// is part of the load's transaction, so a rollback or a killed process leaves the indexes as they were.
    /// </summary>
    private void DeferIndexes(string[] tables)
    {
        foreach (var table in tables)
        {
            if (!IsEmpty(table)) continue;
            using var indexes = PrepareStatement("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name");
            indexes.Bind(1, table);
            var found = new List<DeferredIndex>();
            while (indexes.Read()) found.Add(new DeferredIndex(indexes.GetString(0), table, indexes.GetString(1)));
            foreach (var index in found)
            {
                _connection.Exec($"DROP INDEX \"{index.Name}\"");
                _deferredIndexes.Add(index);
            }
        }
    }

    private void Rollback()
    {
        if (_done) return;
        _done = true;
        try
        {
            // A failed COMMIT may already have rolled back; only an open transaction needs ending.
            if (_connection.InTransaction) _connection.Exec("ROLLBACK");
        }
        finally
        {
            Close();
        }
    }

    private void Close()
    {
        // The caches can hold a few hundred MB after a big load; let them go even if the caller keeps this object.
        _holders.Clear();
        _policies.Clear();
        _contacts.Clear();
        _agents.Clear(); _changesSeen.Clear(); _surrendersSeen.Clear(); _complaintsSeen.Clear(); _orphanCandidates.Clear();
        _spare.Clear();
        _stored?.Dispose();
        foreach (var s in _statements ?? []) s?.Dispose();
        _connection.Dispose();
    }
}
