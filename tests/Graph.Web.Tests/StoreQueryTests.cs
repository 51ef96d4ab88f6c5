using Graph.Core;
using Graph.Storage;

namespace Graph.Web.Tests;

/// <summary>
/// The store's explorer queries (IGraphStore, SQLite) checked against the same facts counted independently from the
/// full snapshot the analysis reads.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class StoreQueryTests(ExplorerFixture fixture)
{
    private sealed class Truth
    {
        public required GraphSnapshot Snapshot { get; init; }
        public required Dictionary<int, HashSet<int>> HoldersOfContact { get; init; }
        public required Dictionary<int, HashSet<int>> ContactsOfHolder { get; init; }
    }

    private Truth Read(IGraphStore store)
    {
        var snapshot = store.ReadSnapshot();
        var holdersOf = new Dictionary<int, HashSet<int>>();
        var contactsOf = new Dictionary<int, HashSet<int>>();
        foreach (var l in snapshot.Links)
        {
            if (!holdersOf.TryGetValue(l.Contact, out var h)) holdersOf[l.Contact] = h = [];
            h.Add(l.Holder);
            if (!contactsOf.TryGetValue(l.Holder, out var c)) contactsOf[l.Holder] = c = [];
            c.Add(l.Contact);
        }
        return new Truth { Snapshot = snapshot, HoldersOfContact = holdersOf, ContactsOfHolder = contactsOf };
    }

    [Fact]
    public async Task Contact_point_holder_counts_and_pages_match_the_snapshot()
    {
        using var store = GraphStores.Open(fixture.StorePath);
        var truth = Read(store);
        // The ten most shared contact points and ten shared by exactly two holders.
        var picked = truth.HoldersOfContact.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key).Take(10)
            .Concat(truth.HoldersOfContact.Where(p => p.Value.Count == 2).OrderBy(p => p.Key).Take(10)).ToList();
        var keys = picked.Select(p => new ContactPointKey(truth.Snapshot.Contacts[p.Key].Kind, truth.Snapshot.Contacts[p.Key].Value)).ToList();
        var counts = await store.CountContactPointHoldersAsync(keys);
        for (int i = 0; i < picked.Count; i++)
        {
            var expected = picked[i].Value.Select(h => truth.Snapshot.Holders[h].Id).ToHashSet();
            Assert.Equal(expected.Count, counts[i]);
            var all = new List<string>();
            for (int skip = 0; skip < expected.Count; skip += 7)
            {
                var page = await store.ReadContactPointHoldersAsync(keys[i], skip, 7);
                Assert.Equal(expected.Count, page.Total);
                all.AddRange(page.Holders.Select(h => h.HolderId));
                foreach (var h in page.Holders)
                {
                    int linkCount = truth.Snapshot.Links.Count(l => l.Contact == picked[i].Key && truth.Snapshot.Holders[l.Holder].Id == h.HolderId);
                    Assert.Equal(linkCount, h.Links.Count);
                }
            }
            Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), all.OrderBy(x => x, StringComparer.Ordinal));
        }
        Assert.Equal([0], (await store.CountContactPointHoldersAsync([new ContactPointKey(ContactKind.Phone, "00000000000")])));
        Assert.Equal(0, (await store.ReadContactPointHoldersAsync(new ContactPointKey(ContactKind.Phone, "00000000000"), 0, 10)).Total);
    }

    [Fact]
    public async Task Holder_neighbour_counts_are_its_contact_points_plus_its_agents()
    {
        using var store = GraphStores.Open(fixture.StorePath);
        var truth = Read(store);
        var ids = fixture.Victims.Take(20).Append("H00000001").Append("H00000002").ToList();
        var counts = await store.CountHolderNeighboursAsync(ids.Append("NO-SUCH-HOLDER").ToList());
        Assert.False(counts.ContainsKey("NO-SUCH-HOLDER"));
        var index = new Dictionary<string, int>();
        for (int i = 0; i < truth.Snapshot.Holders.Count; i++) index[truth.Snapshot.Holders[i].Id] = i;
        foreach (var id in ids)
        {
            int h = index[id];
            int contacts = truth.ContactsOfHolder.TryGetValue(h, out var c) ? c.Count : 0;
            int agents = truth.Snapshot.Policies.Where(p => p.Holder == h && p.AgentId is not null).Select(p => p.AgentId).Distinct().Count();
            Assert.Equal(contacts + agents, counts[id]);
        }
    }

    [Fact]
    public async Task Agent_holders_are_the_holders_of_the_agents_policies()
    {
        using var store = GraphStores.Open(fixture.StorePath);
        var truth = Read(store);
        var agent = truth.Snapshot.Policies.Where(p => p.AgentId is not null).GroupBy(p => p.AgentId!).OrderByDescending(g => g.Count()).First();
        var expected = agent.Select(p => truth.Snapshot.Holders[p.Holder].Id).Distinct().ToHashSet();
        var first = await store.ReadAgentHoldersAsync(agent.Key, 0, 5);
        Assert.Equal(expected.Count, first.Total);
        var all = new List<string>();
        for (int skip = 0; skip < expected.Count; skip += 5)
            all.AddRange((await store.ReadAgentHoldersAsync(agent.Key, skip, 5)).Holders.Select(h => h.HolderId));
        Assert.True(expected.SetEquals(all));
        Assert.Equal(expected.Count, all.Count);
        Assert.Equal(agent.Key, (await store.ReadAgentAsync(agent.Key))?.Id);
        Assert.Null(await store.ReadAgentAsync("NO-SUCH-AGENT"));
    }

    [Fact]
    public async Task Phone_pattern_search_finds_exactly_the_holders_linked_to_a_matching_phone()
    {
        using var store = GraphStores.Open(fixture.StorePath);
        var truth = Read(store);
        var phone = truth.Snapshot.Contacts.First(c => c.Kind == ContactKind.Phone && c.Value.Length == 11).Value;
        var expected = new HashSet<string>();
        for (int i = 0; i < truth.Snapshot.Contacts.Count; i++)
        {
            var c = truth.Snapshot.Contacts[i];
            if (c.Kind != ContactKind.Phone || c.Value.Length != 11 || !c.Value.StartsWith(phone[..3], StringComparison.Ordinal) || !c.Value.EndsWith(phone[^4..], StringComparison.Ordinal)) continue;
            foreach (var h in truth.HoldersOfContact[i]) expected.Add(truth.Snapshot.Holders[h].Id);
        }
        var found = await store.FindHoldersByPhonePatternAsync(phone[..3], phone[^4..], 11, 1000);
        Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), found.Select(h => h.HolderId));
    }
}
