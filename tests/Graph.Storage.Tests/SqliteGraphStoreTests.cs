using System.Security.Cryptography;
using System.Text;
using Graph.Core;
using Graph.Storage.Sqlite;
using Graph.Storage.Sqlite.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Data.Sqlite;
using static Graph.Storage.Tests.TestRecords;

namespace Graph.Storage.Tests;

/// <summary>The conformance suite against the SQLite store, plus what only a SQLite file can show.</summary>
public sealed class SqliteGraphStoreTests : StoreConformanceTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fraudgraph-store-tests", Guid.NewGuid().ToString("N"));
    private int _files;

    protected override IGraphStore CreateStore() => new SqliteGraphStore(Path.Combine(_folder, $"graph{_files++}.db"));

    protected override IGraphStore Reopen(IGraphStore store) => new SqliteGraphStore(store.Location);

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // best effort: a temp folder
    }

    [Fact]
    public void The_file_is_in_wal_mode()
    {
        var store = NewStore();
        using var connection = Connect(store.Location);
        Assert.Equal("wal", Query(connection, "PRAGMA journal_mode").Single()[0]);
    }

    [Fact]
    public void A_new_file_has_the_engines_page_size()
    {
        var store = NewStore();
        using var connection = Connect(store.Location);
        Assert.Equal((long)SqliteGraphStore.PageSize, Query(connection, "PRAGMA page_size").Single()[0]);
    }

    [Fact]
    public void Schema_version_is_recorded_and_reopening_applies_nothing_again()
    {
        var store = (SqliteGraphStore)NewStore();
        Assert.Equal(SqliteSchema.CurrentVersion, store.SchemaVersion);
        store.Dispose();
        var again = (SqliteGraphStore)Track(new SqliteGraphStore(store.Location));
        Assert.Equal(SqliteSchema.CurrentVersion, again.SchemaVersion);

        using var connection = Connect(store.Location);
        Assert.Equal(
            Enumerable.Range(1, SqliteSchema.CurrentVersion).Select(v => (object?)(long)v),
            Query(connection, "SELECT version FROM schema_version ORDER BY version").Select(r => r[0]));
    }

    [Fact]
    public void A_file_from_a_newer_engine_is_refused()
    {
        var store = NewStore();
        store.Dispose();
        using (var connection = Connect(store.Location))
            Execute(connection, $"INSERT INTO schema_version(version, applied_at) VALUES({SqliteSchema.CurrentVersion + 1}, 'later')");
        Assert.Throws<NotSupportedException>(() => new SqliteGraphStore(store.Location));
    }

    [Fact]
    public void Raw_and_normalized_values_are_stored_side_by_side()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        using var connection = Connect(store.Location);

        var h1 = Query(connection, "SELECT phone_raw, phone, id_number_raw = id_number FROM holders WHERE id = 'H1'").Single();
        Assert.Equal(["138 0000 0001", "13800000001", 1L], h1);
        var s1 = Query(connection, "SELECT contact_phone_raw, contact_phone, holder_id, attributed_holder_id, amount, status FROM surrender_requests").Single();
        Assert.Equal(["+86 138-0000-9999", "13800009999", null, "H2", "10234.56", "paid"], s1);
        var firstRaw = Query(connection, "SELECT first_raw FROM contact_points WHERE kind = 1 AND value = '13800000001'").Single();
        Assert.Equal("138 0000 0001", firstRaw[0]);
    }

    [Fact]
    public void Unknown_columns_are_kept_as_json()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1") with { Extra = new Dictionary<string, string> { ["vip_level"] = "3", ["备注"] = "a,\"b\"" } });
        using var connection = Connect(store.Location);

        var extra = (string)Query(connection, "SELECT extra FROM holders").Single()[0]!;
        var parsed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(extra)!;
        Assert.Equal("3", parsed["vip_level"]);
        Assert.Equal("a,\"b\"", parsed["备注"]);
        Assert.Null(Query(connection, "SELECT extra FROM policies").SingleOrDefault()?[0]);
    }

    [Fact]
    public void A_stub_is_marked_in_its_table_and_cleared_by_the_real_row()
    {
        var store = NewStore();
        Load(store, "f1", Policy("P1", "H1", "A1"));
        using var connection = Connect(store.Location);
        Assert.Equal([1L], Query(connection, "SELECT is_stub FROM holders").Single());
        Assert.Equal([1L], Query(connection, "SELECT is_stub FROM agents").Single());

        Load(store, "f2", Holder("H1"), Agent("A1"));
        Assert.Equal([0L], Query(connection, "SELECT is_stub FROM holders").Single());
        Assert.Equal([0L], Query(connection, "SELECT is_stub FROM agents").Single());
        Assert.Equal([0L], Query(connection, "SELECT is_stub FROM policies").Single());
    }

    [Fact]
    public void Rollback_leaves_every_table_identical()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        store.SaveAnalysis(SampleRun("run-1", At(10)));
        var before = Dump(store.Location);

        using (var tx = store.BeginLoad(TestRecords.Load("f2")))
        {
            tx.Write(ManyRecords(2_000));
            tx.Write([Holder("H1", name: "changed", phone: "13811111111"), Change("C1", "H3", null, newPhone: "13822222222"),
                Policy("P9", "H9", "A9"), Complaint("M2", null, "P404", "text")]);
        }

        Assert.Equal(before, Dump(store.Location));
    }

    [Fact]
    public void A_load_cut_off_mid_write_leaves_the_file_as_it_was()
    {
        // What a killed process leaves behind is the database and WAL files as they are on disk mid-transaction.
        // A tiny page cache makes SQLite spill uncommitted pages into the WAL, the dangerous case; a copy of both
        // files, opened fresh, must show the last committed state.
        var store = (SqliteGraphStore)NewStore();
        Load(store, "f1", SmallDataset());
        var before = Dump(store.Location);
        store.LoadCacheKib = 64;

        var crashed = Path.Combine(_folder, "crashed");
        Directory.CreateDirectory(crashed);
        using (var tx = store.BeginLoad(TestRecords.Load("f2")))
        {
            tx.Write(ManyRecords(20_000));
            tx.Write([Holder("H1", name: "changed", phone: "13811111111")]);
            Assert.True(new FileInfo(store.Location + "-wal").Length > 64 * 1024, "the load should have spilled pages into the WAL");
            File.Copy(store.Location, Path.Combine(crashed, "graph.db"));
            File.Copy(store.Location + "-wal", Path.Combine(crashed, "graph.db-wal"));
        }

        Assert.Equal(before, Dump(Path.Combine(crashed, "graph.db")));
        var reopened = Track(new SqliteGraphStore(Path.Combine(crashed, "graph.db")));
        Assert.False(reopened.HasLoaded("f2"));
        Assert.Equal(3, reopened.ReadSnapshot().Holders.Count);
    }

    [Fact]
    public void A_first_load_cut_off_mid_write_leaves_the_empty_store_with_its_indexes()
    {
        // A load into empty tables drops their secondary indexes and builds them at commit: a kill before then must
        // leave the indexes as well as the rows as they were.
        var store = (SqliteGraphStore)NewStore();
        var before = Dump(store.Location);
        store.LoadCacheKib = 64;

        var crashed = Path.Combine(_folder, "crashed-first");
        Directory.CreateDirectory(crashed);
        using (var tx = store.BeginLoad(TestRecords.Load("f1")))
        {
            tx.Write(ManyRecords(20_000));
            Assert.True(new FileInfo(store.Location + "-wal").Length > 64 * 1024, "the load should have spilled pages into the WAL");
            File.Copy(store.Location, Path.Combine(crashed, "graph.db"));
            File.Copy(store.Location + "-wal", Path.Combine(crashed, "graph.db-wal"));
        }

        Assert.Equal(before, Dump(store.Location));
        Assert.Equal(before, Dump(Path.Combine(crashed, "graph.db")));
        var reopened = Track(new SqliteGraphStore(Path.Combine(crashed, "graph.db")));
        Assert.False(reopened.HasLoaded("f1"));
        Assert.Empty(reopened.ReadSnapshot().Holders);
    }

    [Fact]
    public void Policies_and_events_find_their_holders_whether_they_come_in_the_holders_order_or_not()
    {
        // The reader tries the holder after the last one found before its dictionary, and gives that up when most tries
        // miss: policies first in the holders' order (tries hit), then shuffled (they miss until it gives up).
        var store = NewStore();
        var ids = Enumerable.Range(0, 9_000).Select(i => i % 7 == 0 ? $"客户{i:D5}" : $"X{i:D5}").ToArray();
        var holderOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var records = new List<InputRecord>(ids.Select(id => Holder(id)));
        var random = new Random(5);
        var shuffled = ids[3_000..].OrderBy(_ => random.Next()).ToArray();
        var named = ids[..3_000].SelectMany(id => new[] { id, id }).Concat(shuffled).ToArray();
        for (int i = 0; i < named.Length; i++)
        {
            string policy = $"P{i:D6}";
            holderOf[policy] = named[i];
            records.Add(Policy(policy, named[i]));
        }
        records.Add(Policy("P999999", null));
        for (int i = 0; i < named.Length; i += 5) records.Add(Complaint($"M{i:D6}", null, $"P{i:D6}", "退保"));
        Load(store, "f1", [.. records]);

        var snapshot = store.ReadSnapshot();
        Assert.Equal(named.Length, snapshot.Policies.Count);
        foreach (var p in snapshot.Policies) Assert.Equal(holderOf[p.Id], snapshot.Holders[p.Holder].Id);
        var complaints = snapshot.Events.Where(e => e.Kind == RecordKind.Complaint).ToList();
        Assert.Equal((named.Length + 4) / 5, complaints.Count);
        foreach (var e in complaints) Assert.Equal(holderOf[e.PolicyId!], snapshot.Holders[e.Holder].Id);
    }

    [Fact]
    public void A_first_load_builds_every_index_it_deferred_and_they_agree_with_the_tables()
    {
        var store = NewStore();
        using (var connection = Connect(store.Location))
        {
            var indexes = Indexes(connection);
            Assert.Contains("holders_by_id", indexes);
            Assert.Contains("contact_points_by_value", indexes);
            Assert.Contains("links_by_contact", indexes);

            Load(store, "f1", ManyRecords(3_000));
            // The unique indexes are built at the commit; the others are listed for after it.
            var pending = Query(connection, "SELECT name FROM pending_indexes ORDER BY name").Select(r => (string)r[0]!).ToList();
            Assert.Contains("links_by_contact", pending);
            Assert.DoesNotContain("holders_by_id", pending);
            Assert.DoesNotContain("contact_points_by_value", pending);
            Assert.Equal(indexes.Except(pending), Indexes(connection));

            // A snapshot read starts building them beside the analysis; a write from this process waits for them.
            Assert.Equal(3_000, store.ReadSnapshot().Holders.Count(h => !h.IsStub));
            store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, "tester", "test", null, "index check", null));
            Assert.Equal(indexes, Indexes(connection));
            Assert.Empty(Query(connection, "SELECT name FROM pending_indexes"));
            Assert.Equal("ok", Query(connection, "PRAGMA integrity_check").Single()[0]);
            // The unique indexes are there and enforced.
            Assert.Throws<SqliteException>(() => Execute(connection, "INSERT INTO holders(hid, id) VALUES(1000000, 'X000001')"));
            Assert.Throws<SqliteException>(() => Execute(connection, "INSERT INTO contact_points(id, kind, value) SELECT 1000000, kind, value FROM contact_points LIMIT 1"));
        }

        // A second load finds the tables full: it keeps the indexes and looks rows up through them.
        Load(store, "f2", Holder("X000001", name: "changed", phone: "13912345678"), Holder("NEW1", phone: "13912345678"));
        using (var connection = Connect(store.Location))
        {
            Assert.Equal("ok", Query(connection, "PRAGMA integrity_check").Single()[0]);
            Assert.Equal(new object?[] { 1L }, Query(connection, "SELECT COUNT(*) FROM holders WHERE id = 'X000001'").Single());
            Assert.Equal(new object?[] { 2L }, Query(connection,
                "SELECT COUNT(*) FROM links JOIN contact_points AS cp ON cp.id = links.contact_id WHERE cp.value = '13912345678'").Single());
        }
    }

    [Fact]
    public void Indexes_a_killed_process_left_pending_are_built_when_the_store_is_next_opened_for_writing()
    {
        // A process killed after a load's commit and before it built the indexes it listed leaves the rows committed,
        // those indexes missing and their list. Read-only, the store answers as it is; opened for writing, it builds
        // them, and ends as if nothing had been interrupted.
        var store = NewStore();
        List<string> indexes;
        using (var connection = Connect(store.Location)) indexes = Indexes(connection);
        Load(store, "f1", ManyRecords(3_000));
        var crashed = Path.Combine(_folder, "crashed-after-commit");
        Directory.CreateDirectory(crashed);
        var path = Path.Combine(crashed, "graph.db");
        File.Copy(store.Location, path);
        File.Copy(store.Location + "-wal", path + "-wal");

        using (var connection = Connect(path))
        {
            Assert.DoesNotContain("links_by_contact", Indexes(connection));
            Assert.Contains(new object?[] { "links_by_contact" }, Query(connection, "SELECT name FROM pending_indexes"));
        }
        using (var readOnly = new SqliteGraphStore(path, readOnly: true))
        {
            Assert.True(readOnly.HasLoaded("f1"));
            Assert.Equal(3_000, readOnly.ReadSnapshot().Holders.Count(h => !h.IsStub));
        }
        using (var connection = Connect(path)) Assert.DoesNotContain("links_by_contact", Indexes(connection));

        var reopened = Track(new SqliteGraphStore(path));
        using (var connection = Connect(path))
        {
            Assert.Equal(indexes, Indexes(connection));
            Assert.Empty(Query(connection, "SELECT name FROM pending_indexes"));
            Assert.Equal("ok", Query(connection, "PRAGMA integrity_check").Single()[0]);
        }
        Assert.Equal(3_000, reopened.ReadSnapshot().Holders.Count(h => !h.IsStub));
    }

    [Fact]
    public void Migration_5_keeps_every_holder_and_contact_point_with_its_surrogate()
    {
        // A store written before migration 5 had UNIQUE constraints where there are named unique indexes now.
        var path = Path.Combine(_folder, "version4.db");
        Directory.CreateDirectory(_folder);
        using (var connection = Connect(path))
        {
            for (int i = 0; i < 4; i++) Execute(connection, SqliteSchema.Migrations[i]);
            Execute(connection, "CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            Execute(connection, "INSERT INTO schema_version VALUES(1, 'then'), (2, 'then'), (3, 'then'), (4, 'then')");
            Execute(connection, "INSERT INTO holders(hid, id, name, phone, is_stub) VALUES(7, 'H7', '王五', '13800000007', 0), (9, 'H9', NULL, NULL, 1)");
            Execute(connection, "INSERT INTO contact_points(id, kind, value, first_raw) VALUES(3, 1, '13800000007', '138 0000 0007')");
            Execute(connection, "INSERT INTO links(hid, contact_id, evidence, source_kind, source_id, at) VALUES(7, 3, 1, 0, 'H7', NULL)");
        }

        var store = Track(new SqliteGraphStore(path));
        using (var connection = Connect(path))
        {
            Assert.Equal(new object?[][] { [7L, "H7", "王五", "13800000007", 0L], [9L, "H9", null, null, 1L] },
                Query(connection, "SELECT hid, id, name, phone, is_stub FROM holders ORDER BY hid"));
            Assert.Equal(new object?[][] { [3L, 1L, "13800000007", "138 0000 0007"] },
                Query(connection, "SELECT id, kind, value, first_raw FROM contact_points"));
            Assert.Contains("holders_by_id", Indexes(connection));
            Assert.Contains("contact_points_by_value", Indexes(connection));
            // The file was made before the store set its page size: it keeps SQLite's default.
            Assert.Equal(4096L, Query(connection, "PRAGMA page_size").Single()[0]);
        }
        var snapshot = store.ReadSnapshot();
        Assert.Equal(["H7", "H9"], snapshot.Holders.Select(h => h.Id));
        Assert.Equal("H7", snapshot.Holders[snapshot.Links.Single().Holder].Id);
    }

    private static List<string> Indexes(SqliteConnection connection) =>
        Query(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").Select(r => (string)r[0]!).ToList();

    [Fact]
    public async Task Batches_prepared_on_one_thread_and_written_on_another_store_what_write_stores()
    {
        // The loader plans each batch on its parsing thread (looking up stored rows on a reader of its own) while the
        // writing thread runs the batches planned before it. Into a store with rows: replaced links, orphans, stubs.
        InputRecord[] second = [.. ManyRecords(3_000), Holder("H1", name: "changed", phone: "13811111111"),
            Change("C1", "H3", null, newPhone: "13822222222"), Policy("P9", "H9", "A9"), Complaint("M2", null, "P404", "text")];
        var direct = NewStore();
        var piped = NewStore();
        Load(direct, "f1", SmallDataset());
        Load(piped, "f1", SmallDataset());

        using (var tx = direct.BeginLoad(TestRecords.Load("f2")))
        {
            foreach (var chunk in second.Chunk(250)) tx.Write(chunk);
            tx.Commit();
        }
        using (var tx = piped.BeginLoad(TestRecords.Load("f2")))
        {
            using var queue = new System.Collections.Concurrent.BlockingCollection<Action>(2);
            var planner = Task.Run(() =>
            {
                try { foreach (var chunk in second.Chunk(250)) queue.Add(tx.Prepare(chunk)); }
                finally { queue.CompleteAdding(); }
            });
            foreach (var write in queue.GetConsumingEnumerable()) write();
            await planner;
            tx.Commit();
        }

        Assert.Equal(Dump(direct.Location, recordsOnly: true), Dump(piped.Location, recordsOnly: true));
        Assert.Equal("changed", piped.ReadSnapshot().Holders.Single(h => h.Id == "H1").Name);
    }

    [Fact]
    public void Readers_see_the_last_committed_state_while_a_load_is_open()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        var before = Describe(store);

        using var tx = store.BeginLoad(TestRecords.Load("f2"));
        tx.Write(ManyRecords(500));
        Assert.Equal(before, Describe(store));
        tx.Commit();
        Assert.Equal(503, store.ReadSnapshot().Holders.Count);
    }

    [Theory]
    [InlineData(2024, 3, 5, 14, 22, 10, 0, 480, "2024-03-05T14:22:10+08:00")]
    [InlineData(2024, 3, 5, 14, 22, 10, 1234567, 480, "2024-03-05T14:22:10.1234567+08:00")]
    [InlineData(1, 1, 1, 0, 0, 0, 1, -210, "0001-01-01T00:00:00.0000001-03:30")]
    [InlineData(9999, 12, 31, 23, 59, 59, 9999999, 0, "9999-12-31T23:59:59.9999999+00:00")]
    public void Timestamps_are_iso_8601_text_that_parses_back_exactly(int y, int mo, int d, int h, int mi, int s, int ticks, int offsetMinutes, string text)
    {
        var t = new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(ticks);
        Assert.Equal(text, SqliteValues.FormatTime(t));
        var back = SqliteValues.ParseTime(text);
        Assert.Equal((t.Ticks, t.Offset), (back.Ticks, back.Offset));
        Assert.Equal(t, SqliteValues.ParseTime(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(t, DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_failing_statement_surfaces_as_a_sqlite_exception_and_the_load_can_be_abandoned()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1"));
        var before = Dump(store.Location);
        using (var connection = Connect(store.Location))
            Execute(connection, "CREATE TRIGGER no_h2 BEFORE INSERT ON holders WHEN NEW.id = 'H2' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
        var withTrigger = Dump(store.Location);
        Assert.NotEqual(before, withTrigger);

        using (var tx = store.BeginLoad(TestRecords.Load("f2")))
        {
            tx.Write([Holder("H3")]);
            var e = Assert.Throws<SqliteException>(() => tx.Write([Holder("H2")]));
            Assert.Contains("refused by test", e.Message);
        }
        Assert.Equal(withTrigger, Dump(store.Location));
    }

    [Fact]
    public void A_large_load_round_trips_through_the_snapshot()
    {
        var store = NewStore();
        var records = ManyRecords(5_000);
        Load(store, "f1", records);

        var snapshot = store.ReadSnapshot();
        Assert.Equal(records.OfType<Policyholder>().Select(h => h.Id).Distinct().Count(), snapshot.Holders.Count);
        Assert.Equal(records.OfType<Policy>().Count(), snapshot.Policies.Count);
        int expectedLinks = records.Sum(r => ContactLinkExtractor.Extract(r, r switch
        {
            Policyholder h => h.Id,
            ContactChange c => c.HolderId,
            SurrenderRequest s => "X" + s.PolicyId![1..],
            _ => null,
        }).Count());
        Assert.Equal(expectedLinks, snapshot.Links.Count);
        Assert.All(snapshot.Holders, h => Assert.False(h.IsStub));
    }

    [Fact]
    public void Writing_after_commit_is_refused()
    {
        var store = NewStore();
        var tx = store.BeginLoad(TestRecords.Load("f1"));
        tx.Write([Holder("H1")]);
        tx.Commit();
        Assert.Throws<ObjectDisposedException>(() => tx.Write([Holder("H2")]));
        tx.Dispose();
        Assert.Single(store.ReadSnapshot().Holders);
    }

    [Fact]
    public void Open_makes_a_sqlite_store_from_a_path_and_sends_http_addresses_to_neo4j()
    {
        var path = Path.Combine(_folder, "sub", "factory.db");
        using (var store = GraphStores.Open(path))
        {
            Assert.IsType<SqliteGraphStore>(store);
            Assert.Equal(Path.GetFullPath(path), store.Location);
        }
        Assert.True(File.Exists(path));
        // Nothing listens on port 1: the address is taken as a Neo4j server, and the failure says so.
        var e = Assert.Throws<Graph.Storage.Neo4j.Neo4jException>(() => GraphStores.Open("http://127.0.0.1:1"));
        Assert.Contains("127.0.0.1:1", e.Message);
    }

    /// <summary>Holders with phones (every tenth shares one), a policy each, a change for every third and a surrender for every fifth.</summary>
    private static InputRecord[] ManyRecords(int holders)
    {
        var records = new List<InputRecord>();
        for (int i = 0; i < holders; i++)
            records.Add(Holder($"X{i:D6}", phone: $"139{(i % 10 == 0 ? 0 : i):D8}", address: $"Road {i / 4}"));
        for (int i = 0; i < holders; i++) records.Add(Policy($"Y{i:D6}", $"X{i:D6}", $"AG{i % 50}"));
        for (int i = 0; i < holders; i += 3) records.Add(Change($"CH{i:D6}", $"X{i:D6}", null, newPhone: $"137{i % 500:D8}"));
        for (int i = 0; i < holders; i += 5) records.Add(Surrender($"SR{i:D6}", null, $"Y{i:D6}", $"62220202{i % 300:D11}"));
        return records.ToArray();
    }

    [Fact]
    public void A_snapshot_read_on_two_connections_equals_the_one_read_on_one()
    {
        var store = NewStore();
        Load(store, "f1", [.. SmallDataset(), .. ManyRecords(3_000), Complaint("M9", "X000003", null, "退保 全额")]);
        using var first = NativeReader(store);
        using var second = NativeReader(store);
        var pairedReader = new SqliteSnapshotReader(first, second, CancellationToken.None);
        var paired = pairedReader.Read(NullLogger.Instance);
        var single = new SqliteSnapshotReader(first, null, CancellationToken.None).Read(NullLogger.Instance);

        Assert.True(pairedReader.ReadOnTwoConnections);
        Assert.True(paired.Links.Count > 3_000 && paired.Events.Count > 1_000);
        Assert.Equal(single.Holders, paired.Holders);
        Assert.Equal(single.Contacts, paired.Contacts);
        Assert.Equal(single.Links, paired.Links);
        Assert.Equal(single.Policies, paired.Policies);
        Assert.Equal(single.Agents, paired.Agents);
        Assert.Equal(single.Events, paired.Events);
    }

    [Fact]
    public void Read_transactions_started_on_either_side_of_a_commit_stand_at_different_places_in_the_wal()
    {
        // What lets a snapshot be read on two connections: their read transactions see the same data exactly when
        // their WAL positions are equal.
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        using var before = NativeReader(store);
        using var alsoBefore = NativeReader(store);
        using var after = NativeReader(store);
        StartRead(before);
        StartRead(alsoBefore);
        Load(store, "f2", Holder("H77", phone: "13899999999"));
        StartRead(after);

        Assert.Equal(before.ReadPosition(), alsoBefore.ReadPosition());
        Assert.NotNull(after.ReadPosition());
        Assert.NotEqual(before.ReadPosition(), after.ReadPosition());
        Assert.Equal(before.Scalar("SELECT COUNT(*) FROM holders") + 1, after.Scalar("SELECT COUNT(*) FROM holders"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_loads_wal_is_copied_into_the_file_by_the_time_the_store_is_closed(bool readBeforeClosing)
    {
        // The commit leaves the copy for later: after the next snapshot read it runs beside the analysis, or else when
        // the store closes. Closing waits for it, and the last connection's close removes the WAL.
        var path = Path.Combine(_folder, $"checkpointed-{readBeforeClosing}.db");
        int holders = 0;
        using (var store = new SqliteGraphStore(path))
        {
            Load(store, "f1", ManyRecords(5_000));
            Assert.True(new FileInfo(path + "-wal").Length > new FileInfo(path).Length, "the load's pages wait in the WAL");
            if (readBeforeClosing) holders = store.ReadSnapshot().Holders.Count;
            Load(store, "f2", Holder("H77", phone: "13899999999"));
            holders = store.ReadSnapshot().Holders.Count;
        }
        var wal = new FileInfo(path + "-wal");
        Assert.True(!wal.Exists || wal.Length == 0, "the WAL is left with the load's pages");
        using var connection = new NativeConnection(path, readOnly: true, busyTimeoutMs: 5_000);
        Assert.Equal(holders, connection.Scalar("SELECT COUNT(*) FROM holders"));
        // The indexes the first load left pending were built too.
        Assert.Equal(0, connection.Scalar("SELECT COUNT(*) FROM pending_indexes"));
        Assert.Equal(1, connection.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'links_by_contact'"));
        Assert.True(holders > 5_000);
    }

    private static NativeConnection NativeReader(IGraphStore store) => new(store.Location, readOnly: true, busyTimeoutMs: 5_000);

    private static void StartRead(NativeConnection connection)
    {
        connection.Exec("BEGIN");
        connection.Scalar("SELECT COUNT(*) FROM sqlite_schema");
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static List<object?[]> Query(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A hash of the schema and of every row of every table (rows sorted, so physical order does not matter).</summary>
    /// <param name="recordsOnly">Leaves out the rows that say when, not what: loads and schema versions.</param>
    private static string Dump(string path, bool recordsOnly = false)
    {
        using var connection = Connect(path);
        var text = new StringBuilder();
        foreach (var table in Query(connection, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"))
        {
            text.Append(string.Join('|', table)).Append('\n');
            if ((string)table[0]! != "table" || (recordsOnly && (string)table[1]! is "loads" or "schema_version")) continue;
            var rows = Query(connection, $"SELECT * FROM \"{table[1]}\"")
                .Select(r => string.Join('\u001f', r.Select(v => v is null ? "∅" : $"{v.GetType().Name}:{v}")))
                .Order(StringComparer.Ordinal);
            foreach (var row in rows) text.Append(row).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
