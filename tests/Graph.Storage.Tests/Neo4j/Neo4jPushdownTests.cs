using Graph.Ingest;
using Graph.Storage.Neo4j;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// The read-back half of <c>--pushdown</c> on the real server. The 3.1.1 server has no Graph Data Science, so the
/// procedures' output — a <c>community</c> property on every holder and contact point — is written here by
/// Cypher (each connected component of the holder—contact point graph as one community), and
/// <c>gds/communities.cypher</c> must read back exactly those communities, holders and contact points.
/// </summary>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jPushdownTests(Neo4jServerFixture server, GeneratedInsurerFixture insurer) : IClassFixture<GeneratedInsurerFixture>
{
    [Neo4jFact]
    public void Communities_written_on_the_server_read_back_with_their_holders_and_contact_points()
    {
        server.Wipe();
        using var store = Neo4jGraphStore.Open(server.Options());
        new FolderLoader(store).Load(insurer.Data);
        var s = store.ReadSnapshot();

        // Components by union-find over the links: holder i is node i, contact point j is node holders + j.
        int holders = s.Holders.Count;
        var parent = Enumerable.Range(0, holders + s.Contacts.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var l in s.Links) parent[Find(l.Holder)] = Find(holders + l.Contact);
        using var connection = new Neo4jConnection(server.Options(), NullLogger.Instance);
        connection.Discover();
        var holderRows = Enumerable.Range(0, holders).Select(h => new Dictionary<string, object?> { ["id"] = s.Holders[h].Id, ["community"] = (long)Find(h) }).ToList();
        var statements = new List<CypherStatement>
        {
            new("test", "UNWIND $rows AS row MATCH (h:Policyholder {holder_id: row.id}) SET h.community = row.community", new Dictionary<string, object?> { ["rows"] = holderRows }),
        };
        // By each kind's label, whose value index makes every lookup a seek.
        foreach (var kind in Enumerable.Range(0, s.Contacts.Count).GroupBy(c => s.Contacts[c].Kind))
        {
            var label = kind.Key == Graph.Core.ContactKind.Ip ? "IpAddress" : kind.Key.ToString();
            var rows = kind.Select(c => new Dictionary<string, object?> { ["value"] = s.Contacts[c].Value, ["community"] = (long)Find(holders + c) }).ToList();
            statements.Add(new("test", $"UNWIND $rows AS row MATCH (c:{label} {{value: row.value}}) SET c.community = row.community", new Dictionary<string, object?> { ["rows"] = rows }));
        }
        connection.AutoCommit(statements);

        var result = connection.AutoCommit([new CypherStatement("gds/communities.cypher", CypherLibrary.Statement("gds/communities.cypher"), new Dictionary<string, object?> { ["minHolders"] = 3 })])[0];

        var expected = Enumerable.Range(0, holders).GroupBy(Find).Where(g => g.Count() >= 3)
            .Select(g => (Community: (long)g.Key,
                Holders: string.Join(",", g.Select(h => s.Holders[h].Id).Order(StringComparer.Ordinal)),
                Contacts: string.Join(",", Enumerable.Range(0, s.Contacts.Count).Where(c => Find(holders + c) == g.Key)
                    .Select(c => Graph.Core.ContactKindNames.EntityType(s.Contacts[c].Kind) + ":" + s.Contacts[c].Value).Order(StringComparer.Ordinal))))
            .OrderBy(x => x.Community).ToList();
        Assert.True(expected.Count >= 5, $"only {expected.Count} components with 3 or more holders");
        var actual = result.Rows.Select(r => (Community: (long)r[result.Column("community")],
                Holders: string.Join(",", r[result.Column("holders")].Values<string>().Order(StringComparer.Ordinal)),
                Contacts: string.Join(",", r[result.Column("contact_points")].Values<string>().Order(StringComparer.Ordinal))))
            .OrderBy(x => x.Community).ToList();
        Assert.Equal(expected, actual);
        // Biggest first, as the query promises.
        var sizes = result.Rows.Select(r => r[result.Column("holders")].Count()).ToList();
        Assert.Equal(sizes.OrderByDescending(x => x), sizes);
        // And the store's parse of them gives the snapshot's own contact keys.
        var first = new ServerCommunity(1, [], result.Rows[0][result.Column("contact_points")].Values<string>().Select(v => v!).ToList());
        Assert.All(first.ContactKeys(), k => Assert.Contains(k, s.Contacts));
        Assert.Equal(first.ContactPoints.Count, first.ContactKeys().Count);
    }
}
