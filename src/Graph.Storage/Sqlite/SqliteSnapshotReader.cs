using System.Diagnostics;
using Graph.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using static Graph.Storage.Sqlite.SqliteValues;

namespace Graph.Storage.Sqlite;

/// <summary>
/// Reads a <see cref="GraphSnapshot"/> out of the SQLite file in one read transaction (a consistent view even
/// while a load runs in another process, thanks to WAL).
/// </summary>
/// <remarks>
/// Orders: holders, policies and agents by id (ordinal), contact points by kind then value, links by holder,
/// contact, time, source id, events by holder, time, id. SQLite compares text as UTF-8 bytes, which agrees with
/// .NET's ordinal UTF-16 order except around surrogate pairs, so each <c>ORDER BY</c> is checked in one pass
/// and re-sorted in memory only when it disagrees. Policies that name no holder and events whose holder could
/// not be attributed are left out: the analysis indexes holders by them.
/// </remarks>
internal sealed class SqliteSnapshotReader
{
    private const int CancelCheckMask = 0xFFFF;

    private readonly SqliteConnection _connection;
    private readonly CancellationToken _ct;

    private SnapshotHolder[] _holders = [];
    private int[] _holderByHid = [];
    private Dictionary<string, int> _holderById = new(StringComparer.Ordinal);
    private SnapshotContact[] _contacts = [];
    private int[] _contactById = [];

    public SqliteSnapshotReader(SqliteConnection connection, CancellationToken cancellationToken)
    {
        _connection = connection;
        _ct = cancellationToken;
    }

    public GraphSnapshot Read(ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        using var tx = _connection.BeginTransaction(deferred: true);
        ReadHolders(tx);
        ReadContacts(tx);
        var links = ReadLinks(tx);
        var agents = ReadAgents(tx, out var agentIds);
        var policies = ReadPolicies(tx, agentIds);
        var events = ReadEvents(tx);
        tx.Commit();
        SqliteLog.SnapshotRead(logger, _holders.Length, _contacts.Length, links.Length, events.Length, clock.ElapsedMilliseconds);
        return new GraphSnapshot
        {
            Holders = _holders,
            Contacts = _contacts,
            Links = links,
            Policies = policies,
            Agents = agents,
            Events = events,
        };
    }

    private void ReadHolders(SqliteTransaction tx)
    {
        int count = (int)Count(tx, "SELECT COUNT(*) FROM holders");
        long maxHid = Count(tx, "SELECT COALESCE(MAX(hid), 0) FROM holders");
        var holders = new SnapshotHolder[count];
        var hids = new long[count];
        using (var reader = Query(tx, "SELECT hid, id, name, city, created_at, is_stub FROM holders ORDER BY id"))
        {
            int i = 0;
            while (reader.Read())
            {
                if ((i & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                hids[i] = reader.GetInt64(0);
                holders[i] = new SnapshotHolder(
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : ParseTime(reader.GetString(4)),
                    reader.GetInt64(5) != 0);
                i++;
            }
            Debug.Assert(i == count);
        }
        if (!IsOrdinalSorted(holders, static h => h.Id)) Array.Sort(holders, hids, Comparer<SnapshotHolder>.Create(static (a, b) => string.CompareOrdinal(a.Id, b.Id)));

        var byHid = new int[maxHid + 1];
        Array.Fill(byHid, -1);
        var byId = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            byHid[hids[i]] = i;
            byId.Add(holders[i].Id, i);
        }
        _holders = holders;
        _holderByHid = byHid;
        _holderById = byId;
    }

    private void ReadContacts(SqliteTransaction tx)
    {
        int count = (int)Count(tx, "SELECT COUNT(*) FROM contact_points");
        long maxId = Count(tx, "SELECT COALESCE(MAX(id), 0) FROM contact_points");
        var contacts = new SnapshotContact[count];
        var ids = new long[count];
        using (var reader = Query(tx, "SELECT id, kind, value FROM contact_points ORDER BY kind, value"))
        {
            int i = 0;
            while (reader.Read())
            {
                if ((i & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                ids[i] = reader.GetInt64(0);
                contacts[i] = new SnapshotContact((ContactKind)reader.GetInt32(1), reader.GetString(2));
                i++;
            }
        }
        bool sorted = true;
        for (int i = 1; i < count && sorted; i++) sorted = CompareContacts(contacts[i - 1], contacts[i]) < 0;
        if (!sorted) Array.Sort(contacts, ids, Comparer<SnapshotContact>.Create(CompareContacts));

        var byId = new int[maxId + 1];
        Array.Fill(byId, -1);
        for (int i = 0; i < count; i++) byId[ids[i]] = i;
        _contacts = contacts;
        _contactById = byId;
    }

    private static int CompareContacts(SnapshotContact a, SnapshotContact b)
    {
        int c = a.Kind.CompareTo(b.Kind);
        return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
    }

    private SnapshotLink[] ReadLinks(SqliteTransaction tx)
    {
        int count = (int)Count(tx, "SELECT COUNT(*) FROM links");
        var links = new SnapshotLink[count];
        var keys = new long[count];
        int n = 0;
        using (var reader = Query(tx, "SELECT hid, contact_id, evidence, source_kind, source_id, at FROM links"))
        {
            // Links of one source record sit together (they are inserted together), so repeated source ids and
            // timestamps are shared instead of allocated once per link.
            string? lastSource = null, lastAtText = null;
            DateTimeOffset? lastAt = null;
            while (reader.Read())
            {
                if ((n & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                int holder = _holderByHid[reader.GetInt64(0)];
                int contact = _contactById[reader.GetInt64(1)];
                Debug.Assert(holder >= 0 && contact >= 0, "links reference existing holders and contact points");
                var sourceKind = (RecordKind)reader.GetInt32(3);
                var source = reader.GetString(4);
                if (source == lastSource) source = lastSource;
                else if (sourceKind == RecordKind.Policyholder && _holders[holder].Id == source) source = _holders[holder].Id;
                lastSource = source;
                DateTimeOffset? at = null;
                if (!reader.IsDBNull(5))
                {
                    var text = reader.GetString(5);
                    if (text != lastAtText) { lastAtText = text; lastAt = ParseTime(text); }
                    at = lastAt;
                }
                links[n] = new SnapshotLink(holder, contact, (EvidenceKind)reader.GetInt32(2), sourceKind, source, at);
                keys[n] = ((long)holder << 32) | (uint)contact;
                n++;
            }
        }
        Debug.Assert(n == count);

        // Sort on the packed (holder, contact) key with a primitive sort, then order each run of equal keys
        // (one holder's links to one contact point: a handful) by time and source.
        Array.Sort(keys, links);
        _ct.ThrowIfCancellationRequested();
        var tieBreak = Comparer<SnapshotLink>.Create(CompareLinkTies);
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(links, start, end - start, tieBreak);
            start = end;
        }
        return links;
    }

    private static int CompareLinkTies(SnapshotLink a, SnapshotLink b)
    {
        int c = CompareTimes(a.At, b.At);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.SourceId, b.SourceId);
        if (c != 0) return c;
        c = a.SourceKind.CompareTo(b.SourceKind);
        return c != 0 ? c : a.Evidence.CompareTo(b.Evidence);
    }

    /// <summary>Missing times first, then by instant, then by offset (so equal instants still order the same way every time).</summary>
    private static int CompareTimes(DateTimeOffset? a, DateTimeOffset? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        int c = a.Value.UtcTicks.CompareTo(b.Value.UtcTicks);
        return c != 0 ? c : a.Value.Offset.CompareTo(b.Value.Offset);
    }

    private SnapshotAgent[] ReadAgents(SqliteTransaction tx, out Dictionary<string, string> ids)
    {
        var agents = new List<SnapshotAgent>();
        using (var reader = Query(tx, "SELECT id, name, status, terminated_at, is_stub FROM agents ORDER BY id"))
        {
            while (reader.Read())
            {
                agents.Add(new SnapshotAgent(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    AgentStatusOf(reader.IsDBNull(2) ? null : reader.GetString(2)),
                    reader.IsDBNull(3) ? null : ParseTime(reader.GetString(3)),
                    reader.GetInt64(4) != 0));
            }
        }
        var array = agents.ToArray();
        if (!IsOrdinalSorted(array, static a => a.Id)) Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        ids = new Dictionary<string, string>(array.Length, StringComparer.Ordinal);
        foreach (var a in array) ids[a.Id] = a.Id;
        return array;
    }

    private SnapshotPolicy[] ReadPolicies(SqliteTransaction tx, Dictionary<string, string> agentIds)
    {
        var policies = new List<SnapshotPolicy>((int)Count(tx, "SELECT COUNT(*) FROM policies"));
        using (var reader = Query(tx, "SELECT id, holder_id, agent_id, status, premium, issued_at FROM policies ORDER BY id"))
        {
            int i = 0;
            while (reader.Read())
            {
                if ((i++ & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                if (reader.IsDBNull(1) || !_holderById.TryGetValue(reader.GetString(1), out int holder)) continue;
                string? agent = null;
                if (!reader.IsDBNull(2))
                {
                    agent = reader.GetString(2);
                    if (agentIds.TryGetValue(agent, out var shared)) agent = shared;
                }
                policies.Add(new SnapshotPolicy(
                    reader.GetString(0),
                    holder,
                    agent,
                    PolicyStatusOf(reader.IsDBNull(3) ? null : reader.GetString(3)),
                    reader.IsDBNull(4) ? null : ParseMoney(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : ParseTime(reader.GetString(5))));
            }
        }
        var array = policies.ToArray();
        if (!IsOrdinalSorted(array, static p => p.Id)) Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return array;
    }

    private SnapshotEvent[] ReadEvents(SqliteTransaction tx)
    {
        var events = new List<SnapshotEvent>();
        using (var reader = Query(tx, "SELECT id, attributed_holder_id, policy_id, changed_at, field, channel FROM contact_changes"))
        {
            while (reader.Read())
            {
                if (!TryHolder(reader, out int holder)) continue;
                events.Add(new SnapshotEvent(RecordKind.ContactChange, reader.GetString(0), holder, OptionalString(reader, 2),
                    OptionalTime(reader, 3), null, ContactFieldOf(OptionalString(reader, 4)), OptionalString(reader, 5), null));
            }
        }
        _ct.ThrowIfCancellationRequested();
        using (var reader = Query(tx, "SELECT id, attributed_holder_id, policy_id, requested_at, amount, channel FROM surrender_requests"))
        {
            while (reader.Read())
            {
                if (!TryHolder(reader, out int holder)) continue;
                events.Add(new SnapshotEvent(RecordKind.SurrenderRequest, reader.GetString(0), holder, OptionalString(reader, 2),
                    OptionalTime(reader, 3), reader.IsDBNull(4) ? null : ParseMoney(reader.GetString(4)), ContactField.Unknown,
                    OptionalString(reader, 5), null));
            }
        }
        _ct.ThrowIfCancellationRequested();
        using (var reader = Query(tx, "SELECT id, attributed_holder_id, policy_id, filed_at, channel, text FROM complaints"))
        {
            while (reader.Read())
            {
                if (!TryHolder(reader, out int holder)) continue;
                events.Add(new SnapshotEvent(RecordKind.Complaint, reader.GetString(0), holder, OptionalString(reader, 2),
                    OptionalTime(reader, 3), null, ContactField.Unknown, OptionalString(reader, 4), OptionalString(reader, 5)));
            }
        }
        var array = events.ToArray();
        Array.Sort(array, static (a, b) =>
        {
            int c = a.Holder.CompareTo(b.Holder);
            if (c != 0) return c;
            c = CompareTimes(a.At, b.At);
            if (c != 0) return c;
            c = string.CompareOrdinal(a.Id, b.Id);
            return c != 0 ? c : a.Kind.CompareTo(b.Kind);
        });
        return array;
    }

    private bool TryHolder(SqliteDataReader reader, out int holder)
    {
        holder = -1;
        return !reader.IsDBNull(1) && _holderById.TryGetValue(reader.GetString(1), out holder);
    }

    private static string? OptionalString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ParseTime(reader.GetString(ordinal));

    private static bool IsOrdinalSorted<T>(T[] items, Func<T, string> key)
    {
        for (int i = 1; i < items.Length; i++)
            if (string.CompareOrdinal(key(items[i - 1]), key(items[i])) > 0) return false;
        return true;
    }

    private SqliteDataReader Query(SqliteTransaction tx, string sql)
    {
        // Not disposed here: the reader still steps the command's statement; the connection's close releases it.
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteReader();
    }

    private long Count(SqliteTransaction tx, string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
