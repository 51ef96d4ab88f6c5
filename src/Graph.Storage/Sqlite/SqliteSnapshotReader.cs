using System.Diagnostics;
using Graph.Core;
using Graph.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging;
using static Graph.Storage.Sqlite.SqliteValues;
using static Graph.Storage.StoredWords;

namespace Graph.Storage.Sqlite;

/// <summary>
/// Reads a <see cref="GraphSnapshot"/> out of the SQLite file in one consistent view, even while a load runs in another
/// process, thanks to WAL. Given a second connection, it reads on two threads (holders, agents and policies on one;
/// contact points, links and events on the other), after checking that both connections' read transactions stand
/// at the same place in the WAL.
/// </summary>
/// <remarks>
/// Orders: holders, policies and agents by id (ordinal), contact points by kind then value, links by holder,
/// contact, time, source id, events by holder, time, id. SQLite compares text as UTF-8 bytes, which agrees with
/// .NET's ordinal UTF-16 order except around surrogate pairs, so each <c>ORDER BY</c> is checked in one pass
/// and re-sorted in memory only when it disagrees. Policies that name no holder and events whose holder could
/// not be attributed are left out: the analysis indexes holders by them.
/// Rows are read through <see cref="NativeStatement"/>: timestamps, amounts and references are parsed or looked
/// up straight from the UTF-8 bytes, and repeated values share one string.
/// </remarks>
internal sealed class SqliteSnapshotReader
{
    private const int CancelCheckMask = 0xFFFF;
    /// <summary>How often to start both read transactions again when a load committed between their starts.</summary>
    private const int PairAttempts = 3;

    private readonly NativeConnection _connection;
    private readonly NativeConnection? _second;
    private readonly CancellationToken _ct;
    /// <summary>Short repeated words of holders, agents and policies (cities, agent ids, statuses), read on one thread.</summary>
    private readonly Utf8Interner _words = new();
    /// <summary>The events' words (fields, channels): events are read on the other thread of a paired read.</summary>
    private readonly Utf8Interner _eventWords = new();
    /// <summary>
    /// Holder names: most are repeats (58% of 1,000,000 generated holders, 76% of 3,000,000), so sharing them
    /// saves about 32 bytes a holder for the analysis's whole run; the table lives only while the snapshot is read.
    /// </summary>
    private readonly Utf8Interner _names = new(capacity: 4_000_000);

    private SnapshotHolder[] _holders = [];
    private int[] _holderByHid = [];
    private Dictionary<string, int> _holderById = new(StringComparer.Ordinal);
    private SnapshotContact[] _contacts = [];
    private int[] _contactById = [];

    /// <param name="connection">The connection the snapshot is read on.</param>
    /// <param name="second">Another connection to the same file, to read half of the tables on a second thread; null
    /// reads everything on <paramref name="connection"/>.</param>
    /// <param name="cancellationToken">Stops the read between rows.</param>
    public SqliteSnapshotReader(NativeConnection connection, NativeConnection? second, CancellationToken cancellationToken)
    {
        _connection = connection;
        _second = second;
        _ct = cancellationToken;
    }

    /// <summary>Whether the last <see cref="Read"/> read on both connections (false when given one, or when loads kept
    /// committing between the two transactions' starts).</summary>
    public bool ReadOnTwoConnections { get; private set; }

    public GraphSnapshot Read(ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        bool paired = ReadOnTwoConnections = BeginReads();
        try
        {
            SnapshotLink[] links = [];
            SnapshotAgent[] agents = [];
            SnapshotPolicy[] policies = [];
            SnapshotEvent[] events = [];
            if (paired)
            {
                // Links need the holders and the contact points, policies and events the holders: one thread reads the
                // holders, then agents and policies; the other the contact points, then (once the holders are in) links
                // and events. At 10,000,000 holders the two threads' shares are within a few seconds of each other.
                var holdersRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                RunBoth(
                    () =>
                    {
                        try { ReadHolders(_connection); }
                        catch (Exception e) { holdersRead.SetException(e); throw; }
                        holdersRead.SetResult();
                        agents = ReadAgents(_connection);
                        policies = ReadPolicies(_connection);
                    },
                    () =>
                    {
                        ReadContacts(_second!);
                        holdersRead.Task.GetAwaiter().GetResult();
                        links = ReadLinks(_second!);
                        events = ReadEvents(_second!);
                    },
                    _second!);
            }
            else
            {
                ReadHolders(_connection);
                ReadContacts(_connection);
                links = ReadLinks(_connection);
                agents = ReadAgents(_connection);
                policies = ReadPolicies(_connection);
                events = ReadEvents(_connection);
            }
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
        finally
        {
            if (paired) _second!.Exec("COMMIT");
            _connection.Exec("COMMIT");
        }
    }

    /// <summary>
    /// Starts the read transaction, and the second connection's when it sees the same data: true when both are open.
    /// A load that commits between the two starts puts them at different places in the WAL; both start again, and
    /// after <see cref="PairAttempts"/> tries the snapshot is read on the first connection alone.
    /// </summary>
    private bool BeginReads()
    {
        StartRead(_connection);
        if (_second is null) return false;
        for (int attempt = 1; ; attempt++)
        {
            StartRead(_second);
            if (SameView(_connection.ReadPosition(), _second.ReadPosition())) return true;
            _second.Exec("COMMIT");
            if (attempt == PairAttempts) return false;
            _connection.Exec("COMMIT");
            StartRead(_connection);
        }
    }

    /// <summary>BEGIN is deferred: the read transaction starts with the first statement that reads the file.</summary>
    private static void StartRead(NativeConnection connection)
    {
        connection.Exec("BEGIN");
        connection.Scalar("SELECT COUNT(*) FROM sqlite_schema");
    }

    /// <summary>
    /// Positions from <see cref="NativeConnection.ReadPosition"/>. Both null: neither transaction saw a WAL frame, so
    /// both read the database file as it was when the first started (a commit after that would have left a frame
    /// the second saw, and without WAL a reader's lock holds commits off).
    /// </summary>
    private static bool SameView(byte[]? first, byte[]? second) =>
        first is null ? second is null : second is not null && first.AsSpan().SequenceEqual(second);

    /// <summary>
    /// Runs <paramref name="here"/> on this thread and <paramref name="there"/> on another, which reads on
    /// <paramref name="thereConnection"/>; the first failure is rethrown once both have stopped.
    /// </summary>
    private static void RunBoth(Action here, Action there, NativeConnection thereConnection)
    {
        var other = Task.Factory.StartNew(there, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            here();
        }
        catch
        {
            // Stops a statement it is running; its own failure, if any, follows from this one and is not reported.
            thereConnection.Interrupt();
            try { other.Wait(); }
            catch (AggregateException) { }
            throw;
        }
        other.GetAwaiter().GetResult();
    }

    private void ReadHolders(NativeConnection connection)
    {
        int count = (int)connection.Scalar("SELECT COUNT(*) FROM holders");
        long maxHid = connection.Scalar("SELECT COALESCE(MAX(hid), 0) FROM holders");
        var holders = new SnapshotHolder[count];
        var hids = new long[count];
        using (var q = new NativeStatement(connection, "SELECT hid, id, name, city, created_at, is_stub FROM holders ORDER BY id"))
        {
            int i = 0;
            while (q.Read())
            {
                if ((i & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                hids[i] = q.GetInt64(0);
                holders[i] = new SnapshotHolder(
                    q.GetString(1),
                    q.IsNull(2) ? null : _names.Get(q.GetUtf8(2)),
                    q.IsNull(3) ? null : _words.Get(q.GetUtf8(3)),
                    q.IsNull(4) ? null : ParseTime(q.GetUtf8(4)),
                    q.GetInt64(5) != 0);
                i++;
            }
            Debug.Assert(i == count);
        }
        if (!IsOrdinalSorted(holders, static h => h.Id))
            Array.Sort(holders, hids, Comparer<SnapshotHolder>.Create(static (a, b) => string.CompareOrdinal(a.Id, b.Id)));

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

    private void ReadContacts(NativeConnection connection)
    {
        int count = (int)connection.Scalar("SELECT COUNT(*) FROM contact_points");
        long maxId = connection.Scalar("SELECT COALESCE(MAX(id), 0) FROM contact_points");
        var contacts = new SnapshotContact[count];
        var ids = new long[count];
        using (var q = new NativeStatement(connection, "SELECT id, kind, value FROM contact_points ORDER BY kind, value"))
        {
            int i = 0;
            while (q.Read())
            {
                if ((i & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                ids[i] = q.GetInt64(0);
                contacts[i] = new SnapshotContact((ContactKind)q.GetInt64(1), q.GetString(2));
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

    private SnapshotLink[] ReadLinks(NativeConnection connection)
    {
        int count = (int)connection.Scalar("SELECT COUNT(*) FROM links");
        var links = new SnapshotLink[count];
        var keys = new long[count];
        int n = 0;
        using (var q = new NativeStatement(connection, "SELECT hid, contact_id, evidence, source_kind, source_id, at FROM links"))
        {
            // Links of one source record are stored together (the table is clustered by holder and source), so a
            // repeated source id or timestamp reuses the previous row's value instead of allocating or parsing again.
            string lastSource = "";
            DateTimeOffset? lastAt = null;
            Span<byte> lastAtText = stackalloc byte[48];
            int lastAtLength = -1;
            while (q.Read())
            {
                if ((n & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                int holder = _holderByHid[q.GetInt64(0)];
                int contact = _contactById[q.GetInt64(1)];
                Debug.Assert(holder >= 0 && contact >= 0, "links reference existing holders and contact points");
                var sourceKind = (RecordKind)q.GetInt64(3);
                var sourceUtf8 = q.GetUtf8(4);
                string source;
                if (Utf8Text.EqualsString(sourceUtf8, lastSource)) source = lastSource;
                else if (sourceKind == RecordKind.Policyholder && Utf8Text.EqualsString(sourceUtf8, _holders[holder].Id)) source = _holders[holder].Id;
                else source = q.GetString(4);
                lastSource = source;

                DateTimeOffset? at = null;
                if (!q.IsNull(5))
                {
                    var text = q.GetUtf8(5);
                    if (text.Length > lastAtText.Length) at = ParseTime(text);
                    else
                    {
                        if (text.Length != lastAtLength || !text.SequenceEqual(lastAtText[..lastAtLength]))
                        {
                            lastAt = ParseTime(text);
                            text.CopyTo(lastAtText);
                            lastAtLength = text.Length;
                        }
                        at = lastAt;
                    }
                }
                links[n] = new SnapshotLink(holder, contact, (EvidenceKind)q.GetInt64(2), sourceKind, source, at);
                keys[n] = ((long)holder << 32) | (uint)contact;
                n++;
            }
        }
        Debug.Assert(n == count);

        // Sort on the packed (holder, contact) key with a primitive sort, then order each run of equal keys
        // (one holder's links to one contact point: a handful) by time and source.
        Array.Sort(keys, links);
        _ct.ThrowIfCancellationRequested();
        var tieBreak = Comparer<SnapshotLink>.Create(SnapshotOrder.LinkTies);
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(links, start, end - start, tieBreak);
            start = end;
        }
        return links;
    }



    private SnapshotAgent[] ReadAgents(NativeConnection connection)
    {
        var agents = new List<SnapshotAgent>();
        using (var q = new NativeStatement(connection, "SELECT id, name, status, terminated_at, is_stub FROM agents ORDER BY id"))
        {
            while (q.Read())
            {
                agents.Add(new SnapshotAgent(
                    q.GetString(0),
                    q.GetStringOrNull(1),
                    AgentStatusOf(q.GetStringOrNull(2)),
                    q.IsNull(3) ? null : ParseTime(q.GetUtf8(3)),
                    q.GetInt64(4) != 0));
            }
        }
        var array = agents.ToArray();
        if (!IsOrdinalSorted(array, static a => a.Id)) Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        foreach (var a in array) _words.Add(a.Id);
        return array;
    }

    private SnapshotPolicy[] ReadPolicies(NativeConnection connection)
    {
        var holders = new HolderFinder(_holders, _holderById);
        // Filled in place (not a List copied by ToArray, which held every policy twice for a moment).
        var array = new SnapshotPolicy[(int)connection.Scalar("SELECT COUNT(*) FROM policies")];
        int n = 0;
        using (var q = new NativeStatement(connection, "SELECT id, holder_id, agent_id, status, premium, issued_at FROM policies ORDER BY id"))
        {
            int i = 0;
            while (q.Read())
            {
                if ((i++ & CancelCheckMask) == 0) _ct.ThrowIfCancellationRequested();
                if (q.IsNull(1) || !holders.TryFind(q.GetUtf8(1), out int holder)) continue;
                array[n++] = new SnapshotPolicy(
                    q.GetString(0),
                    holder,
                    q.IsNull(2) ? null : _words.Get(q.GetUtf8(2)),
                    q.IsNull(3) ? PolicyStatus.Unknown : PolicyStatusOf(_words.Get(q.GetUtf8(3))),
                    q.IsNull(4) ? null : ParseMoney(q.GetUtf8(4)),
                    q.IsNull(5) ? null : ParseTime(q.GetUtf8(5)));
            }
        }
        if (n < array.Length) Array.Resize(ref array, n);
        if (!IsOrdinalSorted(array, static p => p.Id)) Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return array;
    }

    private SnapshotEvent[] ReadEvents(NativeConnection connection)
    {
        var holders = new HolderFinder(_holders, _holderById);
        var events = new List<SnapshotEvent>();
        // Each query yields: id, attributed holder, policy, time, then the kind's own columns.
        using (var q = new NativeStatement(connection, "SELECT id, attributed_holder_id, policy_id, changed_at, field, channel FROM contact_changes"))
        {
            while (q.Read())
            {
                if (q.IsNull(1) || !holders.TryFind(q.GetUtf8(1), out int holder)) continue;
                events.Add(new SnapshotEvent(RecordKind.ContactChange, q.GetString(0), holder, q.GetStringOrNull(2), OptionalTime(q, 3),
                    null, q.IsNull(4) ? ContactField.Unknown : ContactFieldOf(_eventWords.Get(q.GetUtf8(4))), OptionalWord(q, 5), null));
            }
        }
        _ct.ThrowIfCancellationRequested();
        using (var q = new NativeStatement(connection, "SELECT id, attributed_holder_id, policy_id, requested_at, amount, channel FROM surrender_requests"))
        {
            while (q.Read())
            {
                if (q.IsNull(1) || !holders.TryFind(q.GetUtf8(1), out int holder)) continue;
                events.Add(new SnapshotEvent(RecordKind.SurrenderRequest, q.GetString(0), holder, q.GetStringOrNull(2), OptionalTime(q, 3),
                    q.IsNull(4) ? null : ParseMoney(q.GetUtf8(4)), ContactField.Unknown, OptionalWord(q, 5), null));
            }
        }
        _ct.ThrowIfCancellationRequested();
        using (var q = new NativeStatement(connection, "SELECT id, attributed_holder_id, policy_id, filed_at, channel, text FROM complaints"))
        {
            while (q.Read())
            {
                if (q.IsNull(1) || !holders.TryFind(q.GetUtf8(1), out int holder)) continue;
                events.Add(new SnapshotEvent(RecordKind.Complaint, q.GetString(0), holder, q.GetStringOrNull(2), OptionalTime(q, 3),
                    null, ContactField.Unknown, OptionalWord(q, 4), q.GetStringOrNull(5)));
            }
        }
        var array = events.ToArray();
        Array.Sort(array, SnapshotOrder.Events);
        return array;
    }

    private string? OptionalWord(NativeStatement q, int column) => q.IsNull(column) ? null : _eventWords.Get(q.GetUtf8(column));

    private static DateTimeOffset? OptionalTime(NativeStatement q, int column) => q.IsNull(column) ? null : ParseTime(q.GetUtf8(column));

    private static bool IsOrdinalSorted<T>(T[] items, Func<T, string> key)
    {
        for (int i = 1; i < items.Length; i++)
            if (string.CompareOrdinal(key(items[i - 1]), key(items[i])) > 0) return false;
        return true;
    }

    /// <summary>
    /// Finds a holder by id for the rows that name one. Policies read in id order mostly name holders in id order too (an
    /// insurer numbers both as they come), so the holder found last and the one after it are tried first: that reads two
    /// neighbouring array items instead of a dictionary's bucket, entry and key, three cache misses in a table of
    /// 10,000,000 holders (issue 13). When fewer than half of the tries hit, it stops trying and uses the dictionary alone.
    /// </summary>
    private struct HolderFinder(SnapshotHolder[] holders, Dictionary<string, int> byId)
    {
        private const int Trial = 4096;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup = byId.GetAlternateLookup<ReadOnlySpan<char>>();
        private int _last = -1, _tries, _hits;

        public bool TryFind(ReadOnlySpan<byte> id, out int holder)
        {
            if (_tries < Trial || _hits * 2 >= _tries)
            {
                _tries++;
                for (int i = Math.Max(_last, 0); i <= _last + 1 && i < holders.Length; i++)
                {
                    if (!Utf8Text.EqualsString(id, holders[i].Id)) continue;
                    _hits++;
                    _last = holder = i;
                    return true;
                }
            }
            if (!Utf8Text.TryGetValue(_lookup, id, out holder)) return false;
            _last = holder;
            return true;
        }
    }
}
