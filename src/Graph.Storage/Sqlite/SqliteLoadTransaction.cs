using System.Diagnostics;
using System.Runtime.InteropServices;
using Graph.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using static Graph.Storage.Sqlite.SqliteValues;

namespace Graph.Storage.Sqlite;

/// <summary>
/// One load into the SQLite file: a single <c>BEGIN IMMEDIATE</c> transaction on a connection of its own, so
/// nothing is visible (or on disk as committed) before <see cref="Commit"/>, and a rollback or a killed process
/// leaves the file as it was.
/// </summary>
/// <remarks>
/// Speed comes from three things: every statement is prepared once and re-bound per row; the ids the load
/// touches (holders, policies, agents, contact points) are cached in dictionaries so references and links
/// need no lookup query; and work that cannot matter is skipped — a table that was empty when the load began
/// has no rows to look up and no old links to delete.
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

    private readonly SqliteConnection _connection;
    private readonly LoadInfo _info;
    private readonly ILogger _logger;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private readonly PreparedStatement _upsertHolder, _findHolder, _stubHolder;
    private readonly PreparedStatement _upsertAgent, _findAgent, _stubAgent;
    private readonly PreparedStatement _upsertPolicy, _findPolicy, _stubPolicy;
    private readonly PreparedStatement _upsertChange, _upsertSurrender, _upsertComplaint;
    private readonly PreparedStatement _deleteLinks, _findContact, _insertContact, _insertLink;

    // What each table held when the load began: an empty table needs no lookups and has no old links.
    private readonly bool _holdersWereEmpty, _agentsWereEmpty, _policiesWereEmpty, _contactsWereEmpty;
    private readonly bool _changesWereEmpty, _surrendersWereEmpty, _complaintsWereEmpty;
    private readonly long _maxHidAtStart;
    private long _nextHid, _nextContactId;

    /// <summary>Holder id → surrogate, and whether a real row for it was written by this load.</summary>
    private readonly Dictionary<string, (long Hid, bool Written)> _holders = new(StringComparer.Ordinal);
    /// <summary>Policy id → its holder id (null when it names none).</summary>
    private readonly Dictionary<string, string?> _policies = new(StringComparer.Ordinal);
    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changesSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _surrendersSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _complaintsSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<(ContactKind Kind, string Value), long> _contacts = new();
    /// <summary>Contact points that lost a link in this load: deleted at commit if nothing links to them any more.</summary>
    private readonly HashSet<long> _orphanCandidates = [];

    private long _records, _links, _stubs;
    private bool _done;

    public SqliteLoadTransaction(SqliteConnection connection, LoadInfo info, ILogger logger)
    {
        _connection = connection;
        _info = info;
        _logger = logger;

        Exec("BEGIN IMMEDIATE");
        try
        {
            _holdersWereEmpty = IsEmpty("holders");
            _agentsWereEmpty = IsEmpty("agents");
            _policiesWereEmpty = IsEmpty("policies");
            _contactsWereEmpty = IsEmpty("contact_points");
            _changesWereEmpty = IsEmpty("contact_changes");
            _surrendersWereEmpty = IsEmpty("surrender_requests");
            _complaintsWereEmpty = IsEmpty("complaints");
            _maxHidAtStart = ScalarLong("SELECT COALESCE(MAX(hid), 0) FROM holders");
            _nextHid = _maxHidAtStart + 1;
            _nextContactId = ScalarLong("SELECT COALESCE(MAX(id), 0) FROM contact_points") + 1;

            _upsertHolder = Prepare(PreparedStatement.UpsertSql("holders", HolderColumns, hasStubFlag: true, fixedColumns: 2), HolderColumns.Length);
            _findHolder = Prepare("SELECT hid FROM holders WHERE id = $p0", 1);
            _stubHolder = Prepare("INSERT INTO holders(hid, id, is_stub) VALUES($p0, $p1, 1)", 2);
            _upsertAgent = Prepare(PreparedStatement.UpsertSql("agents", AgentColumns, hasStubFlag: true), AgentColumns.Length);
            _findAgent = Prepare("SELECT 1 FROM agents WHERE id = $p0", 1);
            _stubAgent = Prepare("INSERT INTO agents(id, is_stub) VALUES($p0, 1)", 1);
            _upsertPolicy = Prepare(PreparedStatement.UpsertSql("policies", PolicyColumns, hasStubFlag: true), PolicyColumns.Length);
            _findPolicy = Prepare("SELECT holder_id FROM policies WHERE id = $p0", 1);
            _stubPolicy = Prepare("INSERT INTO policies(id, holder_id, is_stub) VALUES($p0, $p1, 1)", 2);
            _upsertChange = Prepare(PreparedStatement.UpsertSql("contact_changes", ChangeColumns, hasStubFlag: false), ChangeColumns.Length);
            _upsertSurrender = Prepare(PreparedStatement.UpsertSql("surrender_requests", SurrenderColumns, hasStubFlag: false), SurrenderColumns.Length);
            _upsertComplaint = Prepare(PreparedStatement.UpsertSql("complaints", ComplaintColumns, hasStubFlag: false), ComplaintColumns.Length);
            _deleteLinks = Prepare("DELETE FROM links WHERE source_kind = $p0 AND source_id = $p1 RETURNING contact_id", 2);
            _findContact = Prepare("SELECT id FROM contact_points WHERE kind = $p0 AND value = $p1", 2);
            _insertContact = Prepare("INSERT INTO contact_points(id, kind, value, first_raw) VALUES($p0, $p1, $p2, $p3)", 4);
            _insertLink = Prepare("INSERT INTO links(hid, contact_id, evidence, source_kind, source_id, at) VALUES($p0, $p1, $p2, $p3, $p4, $p5)", 6);
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    public void Write(IReadOnlyList<InputRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_done, this);
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
    }

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            DeleteOrphanContacts();
            using (var load = _connection.CreateCommand())
            {
                load.CommandText = """
                    INSERT INTO loads(fingerprint, source, started_at, committed_at, rows) VALUES($f, $s, $st, $ct, $r)
                    ON CONFLICT(fingerprint) DO UPDATE SET source = excluded.source, started_at = excluded.started_at,
                        committed_at = excluded.committed_at, rows = excluded.rows
                    """;
                load.Parameters.AddWithValue("$f", _info.Fingerprint);
                load.Parameters.AddWithValue("$s", _info.Source);
                load.Parameters.AddWithValue("$st", FormatTime(_info.StartedAt));
                load.Parameters.AddWithValue("$ct", FormatTime(DateTimeOffset.UtcNow));
                load.Parameters.AddWithValue("$r", _records);
                load.ExecuteNonQuery();
            }
            Exec("COMMIT");
        }
        catch
        {
            Rollback();
            throw;
        }
        _done = true;
        SqliteLog.LoadCommitted(_logger, _records, _links, _stubs, _clock.ElapsedMilliseconds);
        Close();
    }

    public void Dispose()
    {
        if (_done) return;
        Rollback();
        SqliteLog.LoadRolledBack(_logger, _records);
    }

    private void WriteHolder(Policyholder h)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_holders, h.Id, out bool known);
        if (!known) entry = (FindOrAssignHolder(h.Id), false);
        bool mayHaveLinks = entry.Written || entry.Hid <= _maxHidAtStart;
        entry.Written = true;
        long hid = entry.Hid;

        var u = _upsertHolder;
        u.Set(0, h.Id); u.Set(1, hid); u.Set(2, h.Name);
        u.Set(3, h.IdNumber.Raw); u.Set(4, h.IdNumber.Value);
        u.Set(5, h.Phone.Raw); u.Set(6, h.Phone.Value);
        u.Set(7, h.Address.Raw); u.Set(8, h.Address.Value);
        u.Set(9, h.City); u.Set(10, Db(h.CreatedAt)); u.Set(11, Extra(h.Extra));
        u.Execute();

        ReplaceLinks(h, h.Id, hid, mayHaveLinks);
    }

    private void WriteAgent(Agent a)
    {
        _agents.Add(a.Id);
        var u = _upsertAgent;
        u.Set(0, a.Id); u.Set(1, a.Name);
        u.Set(2, a.Phone.Raw); u.Set(3, a.Phone.Value);
        u.Set(4, a.IdNumber.Raw); u.Set(5, a.IdNumber.Value);
        u.Set(6, a.Org); u.Set(7, Word(a.Status));
        u.Set(8, Db(a.HiredAt)); u.Set(9, Db(a.TerminatedAt)); u.Set(10, Extra(a.Extra));
        u.Execute();
    }

    private void WritePolicy(Policy p)
    {
        string? holderId = string.IsNullOrEmpty(p.HolderId) ? null : p.HolderId;
        if (holderId is not null) HolderHid(holderId);
        string? agentId = string.IsNullOrEmpty(p.AgentId) ? null : p.AgentId;
        if (agentId is not null) EnsureAgent(agentId);
        _policies[p.Id] = holderId;

        var u = _upsertPolicy;
        u.Set(0, p.Id); u.Set(1, holderId); u.Set(2, agentId); u.Set(3, p.Product);
        u.Set(4, Db(p.Premium)); u.Set(5, Db(p.IssuedAt)); u.Set(6, Word(p.Status)); u.Set(7, Extra(p.Extra));
        u.Execute();
    }

    private void WriteChange(ContactChange c)
    {
        var holderId = Attribute(c.HolderId, c.PolicyId);
        bool mayHaveLinks = !_changesWereEmpty || !_changesSeen.Add(c.Id);
        var u = _upsertChange;
        u.Set(0, c.Id); u.Set(1, NullIfEmpty(c.HolderId)); u.Set(2, NullIfEmpty(c.PolicyId)); u.Set(3, holderId);
        u.Set(4, Word(c.Field));
        u.Set(5, c.OldValue.Raw); u.Set(6, c.OldValue.Value);
        u.Set(7, c.NewValue.Raw); u.Set(8, c.NewValue.Value);
        u.Set(9, Db(c.ChangedAt)); u.Set(10, c.Channel);
        u.Set(11, c.Ip.Raw); u.Set(12, c.Ip.Value);
        u.Set(13, c.DeviceId.Raw); u.Set(14, c.DeviceId.Value);
        u.Set(15, Extra(c.Extra));
        u.Execute();
        ReplaceLinks(c, holderId, holderId is null ? 0 : HolderHid(holderId), mayHaveLinks);
    }

    private void WriteSurrender(SurrenderRequest s)
    {
        var holderId = Attribute(s.HolderId, s.PolicyId);
        bool mayHaveLinks = !_surrendersWereEmpty || !_surrendersSeen.Add(s.Id);
        var r = s.Representative;
        var u = _upsertSurrender;
        u.Set(0, s.Id); u.Set(1, NullIfEmpty(s.PolicyId)); u.Set(2, NullIfEmpty(s.HolderId)); u.Set(3, holderId);
        u.Set(4, Db(s.RequestedAt)); u.Set(5, Db(s.Amount));
        u.Set(6, s.ContactPhone.Raw); u.Set(7, s.ContactPhone.Value);
        u.Set(8, s.PayoutAccount.Raw); u.Set(9, s.PayoutAccount.Value);
        u.Set(10, s.PayoutBank);
        u.Set(11, r?.Name);
        u.Set(12, r?.IdNumber.Raw); u.Set(13, r?.IdNumber.Value);
        u.Set(14, r?.Phone.Raw); u.Set(15, r?.Phone.Value);
        u.Set(16, s.Channel);
        u.Set(17, s.Ip.Raw); u.Set(18, s.Ip.Value);
        u.Set(19, s.DeviceId.Raw); u.Set(20, s.DeviceId.Value);
        u.Set(21, Word(s.Status)); u.Set(22, Extra(s.Extra));
        u.Execute();
        ReplaceLinks(s, holderId, holderId is null ? 0 : HolderHid(holderId), mayHaveLinks);
    }

    private void WriteComplaint(Complaint m)
    {
        var holderId = Attribute(m.HolderId, m.PolicyId);
        bool mayHaveLinks = !_complaintsWereEmpty || !_complaintsSeen.Add(m.Id);
        var r = m.Representative;
        var u = _upsertComplaint;
        u.Set(0, m.Id); u.Set(1, NullIfEmpty(m.PolicyId)); u.Set(2, NullIfEmpty(m.HolderId)); u.Set(3, holderId);
        u.Set(4, Db(m.FiledAt)); u.Set(5, Word(m.Channel));
        u.Set(6, m.ContactPhone.Raw); u.Set(7, m.ContactPhone.Value);
        u.Set(8, m.SenderAddress.Raw); u.Set(9, m.SenderAddress.Value);
        u.Set(10, r?.Name);
        u.Set(11, r?.IdNumber.Raw); u.Set(12, r?.IdNumber.Value);
        u.Set(13, r?.Phone.Raw); u.Set(14, r?.Phone.Value);
        u.Set(15, m.Demand); u.Set(16, m.Text); u.Set(17, Extra(m.Extra));
        u.Execute();
        ReplaceLinks(m, holderId, holderId is null ? 0 : HolderHid(holderId), mayHaveLinks);
    }

    /// <summary>
    /// The holder an event's links belong to: its own, else its policy's. Creates stubs for an unknown holder or
    /// policy (a stub policy takes the event's holder, so a later real row can correct it).
    /// </summary>
    private string? Attribute(string? holderId, string? policyId)
    {
        holderId = NullIfEmpty(holderId);
        if (holderId is not null) HolderHid(holderId);
        policyId = NullIfEmpty(policyId);
        if (policyId is null) return holderId;

        ref var policyHolder = ref CollectionsMarshal.GetValueRefOrAddDefault(_policies, policyId, out bool known);
        if (!known)
        {
            bool exists = false;
            if (!_policiesWereEmpty)
            {
                _findPolicy.Set(0, policyId);
                using var reader = _findPolicy.Reader();
                if (reader.Read())
                {
                    exists = true;
                    policyHolder = reader.IsDBNull(0) ? null : reader.GetString(0);
                }
            }
            if (!exists)
            {
                policyHolder = holderId;
                _stubPolicy.Set(0, policyId);
                _stubPolicy.Set(1, holderId);
                _stubPolicy.Execute();
                _stubs++;
            }
        }
        var attributed = holderId ?? policyHolder;
        if (attributed is not null && holderId is null) HolderHid(attributed);
        return attributed;
    }

    /// <summary>
    /// Deletes the links this record produced before (only when it may have any) and inserts the ones it
    /// produces now, so an updated event never leaves a stale edge behind.
    /// </summary>
    private void ReplaceLinks(InputRecord record, string? holderId, long hid, bool mayHaveLinks)
    {
        if (mayHaveLinks)
        {
            _deleteLinks.Set(0, (int)record.Kind);
            _deleteLinks.Set(1, record.Id);
            using var reader = _deleteLinks.Reader();
            while (reader.Read()) _orphanCandidates.Add(reader.GetInt64(0));
        }
        if (holderId is null) return;

        foreach (var link in ContactLinkExtractor.Extract(record, holderId))
        {
            var l = _insertLink;
            l.Set(0, hid);
            l.Set(1, ContactId(link.ContactKind, link.Value, link.RawValue));
            l.Set(2, (int)link.Evidence);
            l.Set(3, (int)link.SourceKind);
            l.Set(4, link.SourceId);
            l.Set(5, Db(link.At));
            l.Execute();
            _links++;
        }
    }

    private long ContactId(ContactKind kind, string value, string? raw)
    {
        ref long id = ref CollectionsMarshal.GetValueRefOrAddDefault(_contacts, (kind, value), out bool known);
        if (known) return id;
        if (!_contactsWereEmpty)
        {
            _findContact.Set(0, (int)kind);
            _findContact.Set(1, value);
            if (_findContact.Scalar() is long found) return id = found;
        }
        id = _nextContactId++;
        _insertContact.Set(0, id);
        _insertContact.Set(1, (int)kind);
        _insertContact.Set(2, value);
        _insertContact.Set(3, raw);
        _insertContact.Execute();
        return id;
    }

    /// <summary>The surrogate of a referenced holder, creating a stub row when the holder is unknown.</summary>
    private long HolderHid(string holderId)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_holders, holderId, out bool known);
        if (known) return entry.Hid;
        long existing = _holdersWereEmpty ? 0 : FindHolder(holderId);
        if (existing != 0)
        {
            entry = (existing, false);
            return existing;
        }
        long hid = _nextHid++;
        _stubHolder.Set(0, hid);
        _stubHolder.Set(1, holderId);
        _stubHolder.Execute();
        _stubs++;
        entry = (hid, false);
        return hid;
    }

    /// <summary>The stored surrogate of a holder about to be upserted, or a fresh one when it is new.</summary>
    private long FindOrAssignHolder(string holderId)
    {
        long existing = _holdersWereEmpty ? 0 : FindHolder(holderId);
        return existing != 0 ? existing : _nextHid++;
    }

    private long FindHolder(string holderId)
    {
        _findHolder.Set(0, holderId);
        return _findHolder.Scalar() is long hid ? hid : 0;
    }

    private void EnsureAgent(string agentId)
    {
        if (!_agents.Add(agentId)) return;
        if (!_agentsWereEmpty)
        {
            _findAgent.Set(0, agentId);
            if (_findAgent.Scalar() is not null) return;
        }
        _stubAgent.Set(0, agentId);
        _stubAgent.Execute();
        _stubs++;
    }

    private void DeleteOrphanContacts()
    {
        if (_orphanCandidates.Count == 0) return;
        using var delete = new PreparedStatement(_connection,
            "DELETE FROM contact_points WHERE id = $p0 AND NOT EXISTS (SELECT 1 FROM links WHERE contact_id = $p0)", 1);
        foreach (long id in _orphanCandidates)
        {
            delete.Set(0, id);
            delete.Execute();
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private PreparedStatement Prepare(string sql, int parameters) => new(_connection, sql, parameters);

    private bool IsEmpty(string table) => ScalarLong($"SELECT NOT EXISTS (SELECT 1 FROM {table})") == 1;

    private long ScalarLong(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private void Exec(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Rollback()
    {
        if (_done) return;
        _done = true;
        try
        {
            // A failed COMMIT may already have rolled back; only an open transaction needs ending.
            if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0) Exec("ROLLBACK");
        }
        finally
        {
            Close();
        }
    }

    private void Close()
    {
        foreach (var s in (PreparedStatement?[])[_upsertHolder, _findHolder, _stubHolder, _upsertAgent, _findAgent, _stubAgent,
                     _upsertPolicy, _findPolicy, _stubPolicy, _upsertChange, _upsertSurrender, _upsertComplaint,
                     _deleteLinks, _findContact, _insertContact, _insertLink])
            s?.Dispose();
        _connection.Dispose();
    }
}
