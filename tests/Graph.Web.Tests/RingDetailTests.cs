using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Core;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class RingDetailTests(ExplorerFixture fixture)
{
    [Fact]
    public async Task Ring_graph_has_the_rings_members_as_nodes_and_every_edge_joins_two_of_them()
    {
        var client = await fixture.Local.ClientAsync();
        var ring = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{fixture.Ring.RingId}");
        var graph = ring.GetProperty("graph");
        var nodes = graph.GetProperty("nodes").EnumerateArray().ToList();
        var edges = graph.GetProperty("edges").EnumerateArray().ToList();
        var ids = nodes.Select(n => n.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(nodes.Count, ids.Count);

        int Members(MemberRole role) => fixture.Ring.Members.Count(m => m.Role == role);
        Assert.Equal(Members(MemberRole.Victim), nodes.Count(n => n.GetProperty("role").GetString() == "victim"));
        Assert.Equal(Members(MemberRole.Controller), nodes.Count(n => n.GetProperty("role").GetString() == "controller"));
        Assert.Equal(Members(MemberRole.Agent), nodes.Count(n => n.GetProperty("role").GetString() == "agent"));
        foreach (var v in fixture.Victims) Assert.Contains("h:" + v, ids);

        Assert.NotEmpty(edges);
        foreach (var e in edges)
        {
            Assert.Contains(e.GetProperty("source").GetString()!, ids);
            Assert.Contains(e.GetProperty("target").GetString()!, ids);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("recordId").GetString()));
        }
        // Every controller is reached by at least one victim's record, and each node's firstSeen is its earliest edge.
        foreach (var n in nodes)
        {
            var id = n.GetProperty("id").GetString();
            var dates = edges.Where(e => e.GetProperty("source").GetString() == id || e.GetProperty("target").GetString() == id)
                .Select(e => e.GetProperty("at")).Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList();
            if (n.GetProperty("role").GetString() == "controller") Assert.NotEmpty(dates);
            if (dates.Count > 0) Assert.Equal(dates.Min(StringComparer.Ordinal), n.GetProperty("firstSeen").GetString());
        }
    }

    [Fact]
    public async Task Node_degree_counts_the_whole_store_not_just_the_ring()
    {
        var client = await fixture.Local.ClientAsync();
        var ring = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{fixture.Ring.RingId}");
        var graph = ring.GetProperty("graph");
        var edges = graph.GetProperty("edges").EnumerateArray().ToList();
        foreach (var n in graph.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("role").GetString() == "controller"))
        {
            var id = n.GetProperty("id").GetString();
            int ringHolders = edges.Where(e => e.GetProperty("target").GetString() == id).Select(e => e.GetProperty("source").GetString()).Distinct().Count();
            int degree = n.GetProperty("degree").GetInt32();
            Assert.True(degree >= ringHolders, $"degree {degree} < {ringHolders} victims linked in the ring");
            var neighbours = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{id}/neighbours?take=0");
            Assert.Equal(degree, neighbours.GetProperty("total").GetInt32());
        }
        // A victim's degree (counted by the store) is what expanding it brings (read from its records).
        foreach (var n in graph.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("role").GetString() is "victim" or "agent").Take(8))
        {
            var neighbours = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{n.GetProperty("id").GetString()}/neighbours?take=0");
            Assert.Equal(n.GetProperty("degree").GetInt32(), neighbours.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task Reasons_come_with_their_supporting_records_and_the_node_each_belongs_to()
    {
        var client = await fixture.Local.ClientAsync();
        var ring = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{fixture.Ring.RingId}");
        var reasons = ring.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(fixture.Ring.Reasons.Select(r => r.Code), reasons.Select(r => r.GetProperty("code").GetString()));
        var nodeIds = ring.GetProperty("graph").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToHashSet();
        var records = ring.GetProperty("records").EnumerateArray().ToList();
        Assert.NotEmpty(records);
        var supporting = reasons.SelectMany(r => r.GetProperty("supportingRecords").EnumerateArray().Select(s => s.GetString())).ToHashSet();
        foreach (var r in records)
        {
            Assert.Contains(r.GetProperty("id").GetString(), supporting);
            Assert.Contains(r.GetProperty("node").GetString(), nodeIds);
        }
    }

    [Fact]
    public async Task An_unknown_ring_is_a_404()
    {
        var client = await fixture.Local.ClientAsync();
        using var unknown = await client.GetAsync("/api/rings/R-999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var malformed = await client.GetAsync("/api/rings/..%2F..%2Fetc");
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Ring_page_data_carries_no_raw_personal_value()
    {
        var client = await fixture.Local.ClientAsync();
        var body = await client.GetStringAsync($"/api/rings/{fixture.Ring.RingId}");
        var raw = fixture.RawPersonalValues();
        Assert.NotEmpty(raw);
        foreach (var value in raw) Assert.DoesNotContain(value, body);
        // Contact points are opaque tokens (128 bits of an HMAC, base64url), never a value.
        var ring = JsonDocument.Parse(body).RootElement;
        foreach (var n in ring.GetProperty("graph").GetProperty("nodes").EnumerateArray())
        {
            var id = n.GetProperty("id").GetString()!;
            if (id.StartsWith("c:", StringComparison.Ordinal))
                Assert.Matches(@"\Ac:[A-Za-z0-9_-]{22}\z", id);
        }
    }
}
