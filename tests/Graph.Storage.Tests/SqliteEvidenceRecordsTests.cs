using Graph.Core;
using Graph.Storage.Sqlite;
using static Graph.Storage.Tests.TestRecords;

namespace Graph.Storage.Tests;

/// <summary>The store members evidence packages use: full holder records and the audit log (SQLite store).</summary>
public sealed class SqliteEvidenceRecordsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fraudgraph-evidence-store-tests", Guid.NewGuid().ToString("N"));

    private SqliteGraphStore NewStore() => new(Path.Combine(_folder, "graph.db"));

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Holder_records_read_back_equal_to_what_was_loaded_with_policies_agents_and_attributed_events()
    {
        using var store = NewStore();
        var data = SmallDataset();
        using (var tx = store.BeginLoad(Load("f1")))
        {
            tx.Write(data);
            tx.Commit();
        }
        var records = store.ReadHolderRecords(["H2", "H1", "nobody"]);
        Assert.Equal(data.OfType<Policyholder>().Where(h => h.Id is "H1" or "H2"), records.Holders);
        Assert.Equal(data.OfType<Policy>().Where(p => p.Id is "P1" or "P2"), records.Policies);
        Assert.Equal(data.OfType<Agent>().Where(a => a.Id == "A1"), records.Agents);
        Assert.Equal(data.OfType<ContactChange>(), records.ContactChanges);
        // S1 names no holder: it belongs to H2 through its policy.
        Assert.Equal(data.OfType<SurrenderRequest>(), records.SurrenderRequests);
        Assert.Empty(records.Complaints);

        var h3 = store.ReadHolderRecords(["H3"]);
        Assert.Equal(data.OfType<Complaint>(), h3.Complaints);
        // A2 is only referenced by P3: its stub is listed by id, with nothing else known.
        var stub = Assert.Single(h3.Agents);
        Assert.Equal(("A2", null), (stub.Id, stub.Name));
    }

    [Fact]
    public void No_holder_ids_read_as_no_records()
    {
        using var store = NewStore();
        var records = store.ReadHolderRecords([]);
        Assert.Empty(records.Holders);
        Assert.Empty(records.Policies);
    }

    [Fact]
    public void Audit_entries_read_back_in_order_and_survive_reopening()
    {
        var first = new AuditRecord(new DateTimeOffset(2024, 3, 5, 14, 22, 10, TimeSpan.Zero), "李警官", "export-unmasked", "R-000001", "协查函 117", new string('a', 64));
        var second = new AuditRecord(new DateTimeOffset(2024, 3, 6, 9, 0, 0, TimeSpan.FromHours(8)), "siu", "export-unmasked", null, "review", null);
        using (var store = NewStore())
        {
            Assert.Empty(store.ReadAudit());
            store.WriteAudit(first);
            store.WriteAudit(second);
        }
        using var again = NewStore();
        Assert.Equal([first, second], again.ReadAudit());
    }

    [Fact]
    public void An_audit_entry_without_operator_or_reason_is_refused()
    {
        using var store = NewStore();
        Assert.Throws<ArgumentException>(() => store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, " ", "export-unmasked", "R-000001", "why", null)));
        Assert.Throws<ArgumentException>(() => store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, "me", "export-unmasked", "R-000001", "", null)));
        Assert.Empty(store.ReadAudit());
    }
}
