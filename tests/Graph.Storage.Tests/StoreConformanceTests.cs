using System.Text.Json;
using Graph.Core;
using static Graph.Storage.Tests.TestRecords;

namespace Graph.Storage.Tests;

/// <summary>
/// What every <see cref="IGraphStore"/> must do, written against the interface only. A store's test class derives
/// from this and supplies <see cref="CreateStore"/> (a fresh, empty store per call to the same location is not
/// required: each test creates its own store once).
/// </summary>
public abstract class StoreConformanceTests : IDisposable
{
    private readonly List<IGraphStore> _stores = [];

    /// <summary>A new, empty store.</summary>
    protected abstract IGraphStore CreateStore();

    /// <summary>The same store as <paramref name="store"/>, opened again (to show that data survives).</summary>
    protected abstract IGraphStore Reopen(IGraphStore store);

    protected IGraphStore NewStore()
    {
        var store = CreateStore();
        _stores.Add(store);
        return store;
    }

    protected IGraphStore Track(IGraphStore store)
    {
        _stores.Add(store);
        return store;
    }

    protected static void Load(IGraphStore store, string fingerprint, params InputRecord[] records)
    {
        using var tx = store.BeginLoad(TestRecords.Load(fingerprint));
        tx.Write(records);
        tx.Commit();
    }

    public virtual void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Empty_store_reads_an_empty_snapshot()
    {
        var snapshot = NewStore().ReadSnapshot();
        Assert.Empty(snapshot.Holders);
        Assert.Empty(snapshot.Contacts);
        Assert.Empty(snapshot.Links);
        Assert.Empty(snapshot.Policies);
        Assert.Empty(snapshot.Agents);
        Assert.Empty(snapshot.Events);
    }

    [Fact]
    public void Written_records_read_back_as_a_snapshot_with_every_link()
    {
        var store = NewStore();
        var records = SmallDataset();
        Load(store, "f1", records);

        var snapshot = store.ReadSnapshot();

        Assert.Equal(["H1", "H2", "H3"], snapshot.Holders.Select(h => h.Id));
        Assert.All(snapshot.Holders, h => Assert.False(h.IsStub));
        Assert.Equal(ExpectedLinks(records), ActualLinks(snapshot));
        Assert.Equal(
            ExpectedLinks(records).Select(l => (l.Kind, l.Value)).Distinct().OrderBy(c => c.Kind).ThenBy(c => c.Value, StringComparer.Ordinal),
            snapshot.Contacts.Select(c => (c.Kind, c.Value)));
        Assert.Equal(["P1", "P2", "P3"], snapshot.Policies.Select(p => p.Id));
        Assert.Equal(["H1", "H2", "H3"], snapshot.Policies.Select(p => snapshot.Holders[p.Holder].Id));
        Assert.Equal(1200.50m, snapshot.Policies[0].Premium);
        Assert.Equal(["A1", "A2"], snapshot.Agents.Select(a => a.Id));
        Assert.Equal([false, true], snapshot.Agents.Select(a => a.IsStub));
    }

    [Fact]
    public void Snapshot_orders_are_the_documented_ones()
    {
        var store = NewStore();
        var records = new List<InputRecord>(SmallDataset())
        {
            Holder("H0", phone: "13800000001"),
            Change("C0", "H1", "P1", newPhone: "13800000001", day: 3),
            Change("C2", "H1", "P1", newPhone: "13800000001", day: 3),
            Complaint("M0", "H1", "P1", "same day as C0", day: 3),
        };
        Load(store, "f1", records.ToArray());
        var s = store.ReadSnapshot();

        for (int i = 1; i < s.Holders.Count; i++) Assert.True(string.CompareOrdinal(s.Holders[i - 1].Id, s.Holders[i].Id) < 0);
        for (int i = 1; i < s.Contacts.Count; i++)
        {
            var (a, b) = (s.Contacts[i - 1], s.Contacts[i]);
            Assert.True(a.Kind < b.Kind || (a.Kind == b.Kind && string.CompareOrdinal(a.Value, b.Value) < 0));
        }
        for (int i = 1; i < s.Links.Count; i++)
        {
            var (a, b) = (s.Links[i - 1], s.Links[i]);
            int c = a.Holder != b.Holder ? a.Holder.CompareTo(b.Holder)
                : a.Contact != b.Contact ? a.Contact.CompareTo(b.Contact)
                : Nullable.Compare(a.At, b.At) != 0 ? Nullable.Compare(a.At, b.At)
                : string.CompareOrdinal(a.SourceId, b.SourceId);
            Assert.True(c <= 0, $"link {i - 1} sorts after link {i}");
        }
        for (int i = 1; i < s.Events.Count; i++)
        {
            var (a, b) = (s.Events[i - 1], s.Events[i]);
            int c = a.Holder != b.Holder ? a.Holder.CompareTo(b.Holder)
                : Nullable.Compare(a.At, b.At) != 0 ? Nullable.Compare(a.At, b.At)
                : string.CompareOrdinal(a.Id, b.Id);
            Assert.True(c < 0, $"event {i - 1} sorts after event {i}");
        }
        Assert.Equal(["C0", "C2", "M0", "C1"], s.Events.Where(e => s.Holders[e.Holder].Id == "H1").Select(e => e.Id));
    }

    [Fact]
    public void Events_carry_amount_field_channel_and_text()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        var events = store.ReadSnapshot().Events.ToDictionary(e => e.Id);

        Assert.Equal(ContactField.Phone, events["C1"].Field);
        Assert.Equal("app", events["C1"].Channel);
        Assert.Equal(10234.56m, events["S1"].Amount);
        Assert.Equal("counter", events["S1"].Channel);
        Assert.Equal("P2", events["S1"].PolicyId);
        Assert.Equal("误导销售，要求全额退保", events["M1"].Text);
        Assert.Equal("regulator", events["M1"].Channel);
        Assert.Equal(At(7), events["M1"].At);
    }

    [Fact]
    public void Timestamps_keep_their_ticks_and_offset()
    {
        var store = NewStore();
        var odd = new DateTimeOffset(2023, 12, 31, 23, 59, 58, TimeSpan.FromMinutes(-210)).AddTicks(1234567);
        var utc = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1);
        Load(store, "f1",
            Holder("H1", phone: "13800000001") with { CreatedAt = odd },
            Holder("H2") with { CreatedAt = utc },
            Holder("H3") with { CreatedAt = null });

        var holders = store.ReadSnapshot().Holders;
        Assert.Equal(odd, holders[0].CreatedAt);
        Assert.Equal(odd.Offset, holders[0].CreatedAt!.Value.Offset);
        Assert.Equal(odd.Ticks, holders[0].CreatedAt!.Value.Ticks);
        Assert.Equal(utc.Offset, holders[1].CreatedAt!.Value.Offset);
        Assert.Equal(utc.Ticks, holders[1].CreatedAt!.Value.Ticks);
        Assert.Null(holders[2].CreatedAt);
        Assert.Equal(odd.Offset, store.ReadSnapshot().Links.Single().At!.Value.Offset);
    }

    [Fact]
    public void Upsert_keeps_the_last_write_within_and_across_loads()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1", name: "first", city: "Shanghai"), Holder("H1", name: "second", city: null));
        Assert.Equal(("second", (string?)null), store.ReadSnapshot().Holders.Select(h => (h.Name, h.City)).Single());

        Load(store, "f2", Holder("H1", name: "third", city: "Wuhan"), Policy("P1", "H1", premium: 1m), Policy("P1", "H1", premium: 2m));
        var snapshot = store.ReadSnapshot();
        Assert.Equal(("third", "Wuhan"), snapshot.Holders.Select(h => (h.Name, h.City)).Single());
        Assert.Equal(2m, snapshot.Policies.Single().Premium);
    }

    [Fact]
    public void Updating_a_holder_replaces_its_registered_links()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1", phone: "13800000001", address: "old street"), Holder("H2", phone: "13800000002"));
        Load(store, "f2", Holder("H1", phone: "13800000009"));

        var snapshot = store.ReadSnapshot();
        Assert.Equal(
            [("H1", ContactKind.Phone, "13800000009"), ("H2", ContactKind.Phone, "13800000002")],
            snapshot.Links.Select(l => (snapshot.Holders[l.Holder].Id, snapshot.Contacts[l.Contact].Kind, snapshot.Contacts[l.Contact].Value)));
    }

    [Fact]
    public void Updating_an_event_replaces_its_links_and_drops_contact_points_left_unlinked()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1"), Holder("H2"), Policy("P1", "H1"), Policy("P2", "H2"),
            Change("C1", "H1", "P1", newPhone: "13800000003"));
        Assert.Contains(store.ReadSnapshot().Contacts, c => c.Value == "13800000003");

        Load(store, "f2", Change("C1", null, "P2", newPhone: "13800000004") with { Ip = default, DeviceId = default });

        var snapshot = store.ReadSnapshot();
        var links = snapshot.Links.Select(l => (snapshot.Holders[l.Holder].Id, snapshot.Contacts[l.Contact].Value, l.SourceId)).ToList();
        Assert.Equal([("H2", "13800000004", "C1")], links);
        Assert.DoesNotContain(snapshot.Contacts, c => c.Value == "13800000003");
        Assert.Equal("H2", snapshot.Holders[snapshot.Events.Single().Holder].Id);
    }

    [Fact]
    public void The_same_event_twice_in_one_load_keeps_only_the_last_links()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1"),
            Change("C1", "H1", null, newPhone: "13800000003"),
            Change("C1", "H1", null, newPhone: "13800000004"));

        var snapshot = store.ReadSnapshot();
        Assert.Equal(["13800000004", "dev-77", "10.0.0.7"],
            snapshot.Links.OrderBy(l => l.Evidence).Select(l => snapshot.Contacts[l.Contact].Value));
    }

    [Fact]
    public void Unknown_holder_and_agent_become_stubs_until_their_rows_arrive()
    {
        var store = NewStore();
        Load(store, "f1", Policy("P9", "H9", "A9"));
        var before = store.ReadSnapshot();
        Assert.Equal(("H9", true), before.Holders.Select(h => (h.Id, h.IsStub)).Single());
        Assert.Equal(("A9", true), before.Agents.Select(a => (a.Id, a.IsStub)).Single());
        Assert.Null(before.Holders[0].Name);

        Load(store, "f2", Holder("H9", name: "real", phone: "13800000001"), Agent("A9", AgentStatus.Terminated, At(20)));
        var after = store.ReadSnapshot();
        Assert.Equal(("H9", false, "real"), after.Holders.Select(h => (h.Id, h.IsStub, h.Name)).Single());
        Assert.Equal(("A9", false, AgentStatus.Terminated, (DateTimeOffset?)At(20)),
            after.Agents.Select(a => (a.Id, a.IsStub, a.Status, a.TerminatedAt)).Single());
        Assert.Single(after.Links);
    }

    [Fact]
    public void Event_naming_an_unknown_policy_creates_a_stub_policy_of_its_holder()
    {
        var store = NewStore();
        Load(store, "f1", Complaint("M1", "H5", "P5", "text"));

        var snapshot = store.ReadSnapshot();
        Assert.Equal(("H5", true), snapshot.Holders.Select(h => (h.Id, h.IsStub)).Single());
        Assert.Equal("P5", snapshot.Policies.Single().Id);
        Assert.Equal(0, snapshot.Policies.Single().Holder);
        Assert.All(snapshot.Links, l => Assert.Equal(0, l.Holder));
        Assert.Equal(2, snapshot.Links.Count);
    }

    [Fact]
    public void Event_without_holder_is_attributed_to_its_policy_holder()
    {
        var store = NewStore();
        Load(store, "f1", Holder("H1"), Holder("H2"), Policy("P2", "H2"));
        Load(store, "f2", Surrender("S1", null, "P2", "6222020200112233445"));

        var snapshot = store.ReadSnapshot();
        Assert.NotEmpty(snapshot.Links);
        Assert.All(snapshot.Links, l => Assert.Equal("H2", snapshot.Holders[l.Holder].Id));
        Assert.Equal("H2", snapshot.Holders[snapshot.Events.Single().Holder].Id);
    }

    [Fact]
    public void Disposing_a_load_without_commit_changes_nothing()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        var before = Describe(store);

        using (var tx = store.BeginLoad(TestRecords.Load("f2")))
        {
            tx.Write([Holder("H1", name: "changed", phone: "13800000077"), Policy("P8", "H8", "A8"),
                Change("C1", "H2", null, newPhone: "13800000078"), Surrender("S2", "H3", null, "6222020200112233999")]);
        }

        Assert.Equal(before, Describe(store));
        Assert.False(store.HasLoaded("f2"));
    }

    [Fact]
    public void A_committed_load_is_remembered_by_its_fingerprint()
    {
        var store = NewStore();
        Assert.False(store.HasLoaded("f1"));
        Load(store, "f1", SmallDataset());
        Assert.True(store.HasLoaded("f1"));
        Assert.False(store.HasLoaded("f2"));
    }

    [Fact]
    public void Loading_the_same_records_twice_changes_nothing()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        var once = store.ReadSnapshot();
        Load(store, "f1", SmallDataset());
        var twice = store.ReadSnapshot();
        Assert.Equal(Json(once), Json(twice));
    }

    [Fact]
    public void Data_survives_reopening_the_store()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        var before = Json(store.ReadSnapshot());
        store.Dispose();
        var reopened = Track(Reopen(store));
        Assert.Equal(before, Json(reopened.ReadSnapshot()));
        Assert.True(reopened.HasLoaded("f1"));
    }

    [Fact]
    public void Statistics_count_every_kind_in_a_fixed_order()
    {
        var store = NewStore();
        var records = SmallDataset();
        Load(store, "f1", records);

        var stats = store.GetStatistics();
        var snapshot = store.ReadSnapshot();

        Assert.Equal(["Policyholder", "Agent", "Policy", "ContactChange", "SurrenderRequest", "Complaint",
            "Phone", "BankAccount", "Address", "Email", "Device", "IpAddress", "Representative"], stats.Nodes.Select(n => n.Key));
        var nodes = stats.Nodes.ToDictionary(n => n.Key, n => n.Value);
        Assert.Equal(3, nodes["Policyholder"]);
        Assert.Equal(2, nodes["Agent"]);
        Assert.Equal(3, nodes["Policy"]);
        Assert.Equal(1, nodes["ContactChange"]);
        Assert.Equal(1, nodes["SurrenderRequest"]);
        Assert.Equal(1, nodes["Complaint"]);
        Assert.Equal(snapshot.Contacts.Count(c => c.Kind == ContactKind.Phone), nodes["Phone"]);
        Assert.Equal(snapshot.Contacts.Count(c => c.Kind == ContactKind.Representative), nodes["Representative"]);
        Assert.Equal(snapshot.Contacts.Count, stats.Nodes.Skip(6).Sum(n => n.Value));

        Assert.Equal(Enum.GetNames<EvidenceKind>(), stats.Links.Select(l => l.Key));
        foreach (var evidence in Enum.GetValues<EvidenceKind>())
            Assert.Equal(snapshot.Links.Count(l => l.Evidence == evidence), stats.Links.Single(l => l.Key == evidence.ToString()).Value);
    }

    [Fact]
    public void Most_shared_contact_points_rank_by_distinct_holders_then_kind_then_value()
    {
        var store = NewStore();
        Load(store, "f1",
            Holder("H1", phone: "13800000001", address: "same road"),
            Holder("H2", phone: "13800000001", address: "same road"),
            Holder("H3", phone: "13800000001"),
            Holder("H4", phone: "13800000002"),
            Change("C1", "H1", null, newPhone: "13800000001"),
            Change("C2", "H4", null, newPhone: "13800000002"));

        var stats = store.GetStatistics(topShared: 4);
        var snapshot = store.ReadSnapshot();
        var expected = snapshot.Links
            .GroupBy(l => l.Contact)
            .Select(g => (snapshot.Contacts[g.Key].Kind, snapshot.Contacts[g.Key].Value, Holders: g.Select(l => l.Holder).Distinct().Count()))
            .OrderByDescending(x => x.Holders).ThenBy(x => x.Kind).ThenBy(x => x.Value, StringComparer.Ordinal)
            .Take(4);

        Assert.Equal(expected, stats.MostShared.Select(m => (m.Kind, m.Value, m.Holders)));
        Assert.Equal((ContactKind.Phone, "13800000001", 3), (stats.MostShared[0].Kind, stats.MostShared[0].Value, stats.MostShared[0].Holders));
        Assert.Equal(Json(stats), Json(store.GetStatistics(topShared: 4)));
        Assert.Empty(store.GetStatistics(topShared: 0).MostShared);
    }

    [Fact]
    public void No_analysis_reads_as_null()
    {
        var store = NewStore();
        Assert.Null(store.ReadLatestAnalysis());
        Assert.Empty(store.ListRuns());
    }

    [Fact]
    public void A_saved_analysis_reads_back_equal()
    {
        var store = NewStore();
        var run = SampleRun("run-1", new DateTimeOffset(2024, 3, 10, 2, 0, 0, China));
        store.SaveAnalysis(run);

        var read = store.ReadLatestAnalysis();

        Assert.NotNull(read);
        Assert.Equal(Json(run), Json(read));
        Assert.Equal(run.Rings[0].Reasons[0].SupportingRecords, read.Rings[0].Reasons[0].SupportingRecords);
        Assert.Equal(run.Rings[0].FirstSeen!.Value.Offset, read.Rings[0].FirstSeen!.Value.Offset);
        Assert.Equal(((double?)12, (double?)0.0825, (double?)2.4e-25), (read.Rings[0].Reasons[0].Observed, read.Rings[0].Reasons[0].Expected, read.Rings[0].Reasons[0].Chance));
        Assert.Null(read.Rings[0].Reasons[1].Chance);
        Assert.Equal(run.ValueRoles, read.ValueRoles);
        Assert.Equal(run.ValueRoleCounts, read.ValueRoleCounts);
    }

    [Fact]
    public void Runs_list_newest_first_and_the_latest_is_the_newest()
    {
        var store = NewStore();
        store.SaveAnalysis(SampleRun("run-b", new DateTimeOffset(2024, 3, 11, 2, 0, 0, China)));
        store.SaveAnalysis(SampleRun("run-a", new DateTimeOffset(2024, 3, 10, 2, 0, 0, China)));
        store.SaveAnalysis(SampleRun("run-c", new DateTimeOffset(2024, 3, 11, 1, 0, 0, TimeSpan.Zero)));

        var runs = store.ListRuns();
        Assert.Equal(["run-c", "run-b", "run-a"], runs.Select(r => r.RunId));
        Assert.Equal((2, 1), (runs[0].Rings, runs[0].Flagged));
        Assert.Equal("run-c", store.ReadLatestAnalysis()!.RunId);
    }

    [Fact]
    public void Saving_a_run_id_twice_is_refused_and_keeps_the_first()
    {
        var store = NewStore();
        var first = SampleRun("run-1", new DateTimeOffset(2024, 3, 10, 2, 0, 0, China));
        store.SaveAnalysis(first);
        Assert.Throws<InvalidOperationException>(() => store.SaveAnalysis(first with { Rings = [] }));
        Assert.Equal(Json(first), Json(store.ReadLatestAnalysis()));
    }

    // Evidence packages and the audit log (IGraphStore.ReadHolderRecords, WriteAudit, ReadAudit): the same
    // semantics on every store that implements them.

    [Fact]
    public void Holder_records_read_back_equal_to_what_was_loaded_with_policies_agents_and_attributed_events()
    {
        var store = NewStore();
        var extra = new Dictionary<string, string> { ["vip_level"] = "3", ["备注"] = "a,\"b\"", ["Sales Channel"] = "", ["name"] = "shadow" };
        var data = SmallDataset().Select(r => r.Id == "H1" ? ((Policyholder)r) with { Extra = extra } : r).ToArray();
        Load(store, "f1", data);

        var records = store.ReadHolderRecords(["H2", "H1", "nobody", "H1"]);

        // Extra is compared by content (a record compares its dictionary by reference).
        Assert.Equal(extra, records.Holders[0].Extra);
        Assert.Equal(data.OfType<Policyholder>().Where(h => h.Id is "H1" or "H2").Select(h => h with { Extra = null }),
            records.Holders.Select(h => h with { Extra = null }));
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
        Assert.Equal(("A2", null, AgentStatus.Unknown), (stub.Id, stub.Name, stub.Status));
    }

    [Fact]
    public void Holder_records_are_the_last_version_and_follow_an_event_to_its_new_holder()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        Load(store, "f2", Holder("H1", name: "renamed", phone: "13800000077"), Change("C1", null, "P2", newPhone: "13800000004"),
            Policy("P4", "H1", "A3", premium: 99m));

        var h1 = store.ReadHolderRecords(["H1"]);
        var h2 = store.ReadHolderRecords(["H2"]);

        Assert.Equal(("renamed", "13800000077"), (h1.Holders.Single().Name, h1.Holders.Single().Phone.Value));
        Assert.Empty(h1.ContactChanges);
        Assert.Equal(["P1", "P4"], h1.Policies.Select(p => p.Id));
        Assert.Equal(["A1", "A3"], h1.Agents.Select(a => a.Id));
        Assert.Equal(("C1", (string?)null, "13800000004"), h2.ContactChanges.Select(c => (c.Id, c.HolderId, c.NewValue.Value)).Single());
    }

    [Fact]
    public void No_holder_ids_read_as_no_records()
    {
        var store = NewStore();
        Load(store, "f1", SmallDataset());
        var records = store.ReadHolderRecords([]);
        Assert.Empty(records.Holders);
        Assert.Empty(records.Policies);
        Assert.Empty(store.ReadHolderRecords(["nobody"]).Holders);
    }

    [Fact]
    public void Audit_entries_read_back_in_order_and_survive_reopening()
    {
        var first = new AuditRecord(new DateTimeOffset(2024, 3, 5, 14, 22, 10, TimeSpan.Zero), "李警官", "export-unmasked", "R-000001", "协查函 117", new string('a', 64));
        var second = new AuditRecord(new DateTimeOffset(2024, 3, 6, 9, 0, 0, TimeSpan.FromHours(8)), "siu", "export-unmasked", null, "review", null);
        // Written third but dated first: the log keeps the order of writing, not of the dates.
        var third = new AuditRecord(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), "siu", "export-masked", "R-000002", "again", new string('b', 64));
        var store = NewStore();
        Assert.Empty(store.ReadAudit());
        store.WriteAudit(first);
        store.WriteAudit(second);
        store.WriteAudit(third);
        store.Dispose();

        var again = Track(Reopen(store));
        var read = again.ReadAudit();
        Assert.Equal([first, second, third], read);
        Assert.Equal(second.At.Offset, read[1].At.Offset);
    }

    [Fact]
    public void An_audit_entry_without_operator_or_reason_is_refused()
    {
        var store = NewStore();
        Assert.Throws<ArgumentException>(() => store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, " ", "export-unmasked", "R-000001", "why", null)));
        Assert.Throws<ArgumentException>(() => store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, "me", "export-unmasked", "R-000001", "", null)));
        Assert.Empty(store.ReadAudit());
    }

    // The web explorer's queries (IGraphStore.ReadContactPointHolders ... FindHoldersByPhonePattern).

    /// <summary>Holders H1..H4 and H10, one shared phone.</summary>
    private IGraphStore ExplorerStore()
    {
        var store = NewStore();
        Load(store, "f1",
            Holder("H1", phone: "13800000001", address: "北京市朝阳区1号", name: "张 一"), Holder("H10", phone: "13900000010"),
            Holder("H2", phone: "13800000001"), Holder("H3", phone: "13800000001"), Holder("H4", phone: "13800000004"),
            Agent("A1"),
            Policy("P1", "H1", "A1"), Policy("P2", "H2", "A1"), Policy("P3", "H3", "A2"),
            Policy("P4", "H1", "A1") with { IssuedAt = At(1) },
            Change("C1", "H1", "P1", newPhone: "13800000001", day: 5), Change("C2", "H4", null, newPhone: "13800000001", day: 6));
        return store;
    }

    [Fact]
    public async Task A_contact_points_holders_come_in_pages_with_their_total_and_every_link_by_time()
    {
        var store = ExplorerStore();
        var phone = new ContactPointKey(ContactKind.Phone, "13800000001");

        var all = await store.ReadContactPointHoldersAsync(phone, 0, 10);
        Assert.Equal(4, all.Total);
        Assert.Equal(["H1", "H2", "H3", "H4"], all.Holders.Select(h => h.HolderId));
        Assert.Equal("张 一", all.Holders[0].Name);
        Assert.Equal([(RecordKind.Policyholder, "H1", (EvidenceKind?)EvidenceKind.RegisteredPhone, (DateTimeOffset?)At(1)), (RecordKind.ContactChange, "C1", EvidenceKind.ChangedTo, At(5))],
            all.Holders[0].Links.Select(l => (l.SourceKind, l.SourceId, l.Evidence, l.At)));
        Assert.Equal([(RecordKind.ContactChange, "C2", (EvidenceKind?)EvidenceKind.ChangedTo)], all.Holders[3].Links.Select(l => (l.SourceKind, l.SourceId, l.Evidence)));

        var page = await store.ReadContactPointHoldersAsync(phone, 1, 2);
        Assert.Equal(4, page.Total);
        Assert.Equal(["H2", "H3"], page.Holders.Select(h => h.HolderId));
        var none = await store.ReadContactPointHoldersAsync(phone, 0, 0);
        Assert.Equal((4, 0), (none.Total, none.Holders.Count));
        Assert.Equal((0, 0), ((await store.ReadContactPointHoldersAsync(phone, 4, 10)).Holders.Count, (await store.ReadContactPointHoldersAsync(new(ContactKind.Phone, "13700000000"), 0, 10)).Total));
        // A value is found only under its own kind.
        Assert.Equal(0, (await store.ReadContactPointHoldersAsync(new(ContactKind.Device, "13800000001"), 0, 10)).Total);
        Assert.Equal(["H1", "H4"], (await store.ReadContactPointHoldersAsync(new(ContactKind.Device, "dev-77"), 0, 10)).Holders.Select(h => h.HolderId));
    }

    [Fact]
    public async Task Holder_pages_are_in_holder_id_order_even_when_a_later_load_adds_a_lower_id()
    {
        var store = ExplorerStore();
        Load(store, "f2", Holder("H0", phone: "13800000001"), Policy("P0", "H0", "A1"));

        Assert.Equal(["H0", "H1"], (await store.ReadContactPointHoldersAsync(new(ContactKind.Phone, "13800000001"), 0, 2)).Holders.Select(h => h.HolderId));
        Assert.Equal(["H0", "H1"], (await store.ReadAgentHoldersAsync("A1", 0, 2)).Holders.Select(h => h.HolderId));
    }

    [Fact]
    public async Task Contact_point_holder_counts_come_in_the_order_asked_with_zero_for_unknown_ones()
    {
        var store = ExplorerStore();
        Assert.Equal([4, 2, 0, 1, 4],
            (await store.CountContactPointHoldersAsync([new(ContactKind.Phone, "13800000001"), new(ContactKind.Ip, "10.0.0.7"), new(ContactKind.Phone, "10.0.0.7"),
                new(ContactKind.Phone, "13800000004"), new(ContactKind.Phone, "13800000001")])));
        Assert.Empty(await store.CountContactPointHoldersAsync([]));
    }

    [Fact]
    public async Task A_holders_neighbours_are_its_distinct_contact_points_and_agents()
    {
        var store = ExplorerStore();
        var snapshot = store.ReadSnapshot();
        int Expected(string id)
        {
            int h = snapshot.Holders.Select((x, i) => (x, i)).Single(p => p.x.Id == id).i;
            return snapshot.Links.Where(l => l.Holder == h).Select(l => l.Contact).Distinct().Count()
                + snapshot.Policies.Where(p => p.Holder == h && p.AgentId is not null).Select(p => p.AgentId).Distinct().Count();
        }

        var counts = await store.CountHolderNeighboursAsync(["H1", "H3", "nobody", "H1"]);

        Assert.Equal(["H1", "H3"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Expected("H1"), counts["H1"]);
        Assert.Equal(5, counts["H1"]); // phone, address, device, IP, and agent A1 once for its two policies
        Assert.Equal(2, counts["H3"]); // its phone and the stub agent A2
        Assert.Empty(await store.CountHolderNeighboursAsync([]));
    }

    [Fact]
    public async Task An_agent_reads_back_as_loaded_and_its_holders_come_in_pages_with_their_policies()
    {
        var store = ExplorerStore();
        Assert.Equal(Agent("A1"), (await store.ReadAgentAsync("A1")));
        Assert.Equal(("A2", null), ((await store.ReadAgentAsync("A2"))!.Id, (await store.ReadAgentAsync("A2"))!.Name));
        Assert.Null(await store.ReadAgentAsync("nobody"));

        var page = await store.ReadAgentHoldersAsync("A1", 0, 10);
        Assert.Equal(2, page.Total);
        Assert.Equal(["H1", "H2"], page.Holders.Select(h => h.HolderId));
        // P4 was issued before P1: by issue date, then id.
        Assert.Equal([(RecordKind.Policy, "P4", (EvidenceKind?)null, (DateTimeOffset?)At(1)), (RecordKind.Policy, "P1", null, At(2))],
            page.Holders[0].Links.Select(l => (l.SourceKind, l.SourceId, l.Evidence, l.At)));
        var second = await store.ReadAgentHoldersAsync("A1", 1, 5);
        Assert.Equal(2, second.Total);
        Assert.Equal(["H2"], second.Holders.Select(h => h.HolderId));
        Assert.Equal(0, (await store.ReadAgentHoldersAsync("nobody", 0, 5)).Total);
    }

    [Fact]
    public async Task Holders_are_found_by_id_prefix_and_by_what_a_masked_phone_still_says()
    {
        var store = ExplorerStore();
        Assert.Equal([("H1", (string?)"张 一"), ("H10", "Holder H10")], (await store.FindHoldersByIdPrefixAsync("H1", 10)).Select(m => (m.HolderId, m.Name)));
        Assert.Equal(["H1"], (await store.FindHoldersByIdPrefixAsync("H1", 1)).Select(m => m.HolderId));
        Assert.Empty(await store.FindHoldersByIdPrefixAsync("X", 10));

        // 138****0001: H1-H3 registered it, H4 was switched to it.
        Assert.Equal(["H1", "H2", "H3", "H4"], (await store.FindHoldersByPhonePatternAsync("138", "0001", 11, 10)).Select(m => m.HolderId));
        Assert.Equal(["H1", "H2"], (await store.FindHoldersByPhonePatternAsync("138", "0001", 11, 2)).Select(m => m.HolderId));
        Assert.Equal(["H4"], (await store.FindHoldersByPhonePatternAsync("138", "0004", 11, 10)).Select(m => m.HolderId));
        Assert.Empty(await store.FindHoldersByPhonePatternAsync("138", "0001", 12, 10));
        Assert.Empty(await store.FindHoldersByPhonePatternAsync("139", "0001", 11, 10));
    }

    /// <summary>A run with two rings (one flagged), members of every role, reasons with supporting records, and lineage.</summary>
    protected static AnalysisRun SampleRun(string runId, DateTimeOffset startedAt) => new(
        runId, startedAt, "sha256:abc", """{"resolution":0.05,"seed":42}""",
        [
            new Ring("R-000001", 87.25, true, 14, 2, 143200.50m, At(1), new DateTimeOffset(2024, 3, 9, 8, 30, 0, TimeSpan.FromHours(-5)).AddTicks(7),
                [
                    new RingReason("shared_payout_account", "Payout account shared by unrelated holders", 0.3, 0.9, 27.0, ["S1", "S2", "S3"])
                    {
                        Observed = 12, Expected = 0.0825, Chance = 2.4e-25,
                    },
                    new RingReason("template_complaints", "Near-duplicate complaint texts", 0.2, 1.0 / 3.0, 6.666666666666667, []),
                ],
                [
                    new RingMember("holder", "H1", MemberRole.Victim, 3),
                    new RingMember("bank_account", "6222020200112233445", MemberRole.Controller, 5),
                    new RingMember("agent", "A1", MemberRole.Agent, 2),
                    new RingMember("holder", "H0", MemberRole.Victim, 1),
                ]),
            new Ring("R-000002", 12.0, false, 3, 0, 0m, null, null, [], []),
        ],
        [
            new RingChange("R-000001", RingLineage.Merged, ["R-000007", "R-000003"]),
            new RingChange("R-000002", RingLineage.New, []),
        ])
    {
        ValueRoleCounts = [new("allowlisted", 1), new("ordinary", 5120), new("controller", 64), new("infrastructure", 0)],
        ValueRoles =
        [
            new SharedValueRole("bank_account", "6222020200112233445", "controller", "12 of 14 households surrendered within 30 days of the records naming it (0.4 expected)",
                14, 14, 14, 12, 0, 3, 0.214, 12, 0.4, 30, 17.25),
            new SharedValueRole("ip", "10.1.2.3", "infrastructure", "310 households in 9 cities behave like the insurer's others (4 surrendered within 30 days, 3.8 expected)",
                320, 310, 310, 0, 10, 9, 0.05, 4, 3.8, 30, 0),
        ],
    };

    private static List<(string Holder, ContactKind Kind, string Value, EvidenceKind Evidence, RecordKind SourceKind, string SourceId, DateTimeOffset? At)>
        ExpectedLinks(IReadOnlyList<InputRecord> records)
    {
        var policyHolder = records.OfType<Policy>().ToDictionary(p => p.Id, p => p.HolderId);
        string? HolderOf(string? holder, string? policy) =>
            !string.IsNullOrEmpty(holder) ? holder : policy is not null && policyHolder.TryGetValue(policy, out var h) ? h : null;
        return records
            .SelectMany(r => ContactLinkExtractor.Extract(r, r switch
            {
                Policyholder h => h.Id,
                ContactChange c => HolderOf(c.HolderId, c.PolicyId),
                SurrenderRequest s => HolderOf(s.HolderId, s.PolicyId),
                Complaint m => HolderOf(m.HolderId, m.PolicyId),
                _ => null,
            }))
            .Select(l => (l.HolderId, l.ContactKind, l.Value, l.Evidence, l.SourceKind, l.SourceId, l.At))
            .Order()
            .ToList();
    }

    private static List<(string Holder, ContactKind Kind, string Value, EvidenceKind Evidence, RecordKind SourceKind, string SourceId, DateTimeOffset? At)>
        ActualLinks(GraphSnapshot s) =>
        s.Links
            .Select(l => (s.Holders[l.Holder].Id, s.Contacts[l.Contact].Kind, s.Contacts[l.Contact].Value, l.Evidence, l.SourceKind, l.SourceId, l.At))
            .Order()
            .ToList();

    /// <summary>Everything the interface can say about a store, as one comparable string.</summary>
    protected static string Describe(IGraphStore store) =>
        Json(store.ReadSnapshot()) + "\n" + Json(store.GetStatistics(100)) + "\n" + Json(store.ListRuns());

    protected static string Json<T>(T value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { IncludeFields = true });
}
