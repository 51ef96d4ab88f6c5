using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Web.Internal;

namespace Graph.Web.Tests;

/// <summary>The ring page's "what holds the ring together": known answers on a hand-made graph, then the API on the test store.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class RingStructureTests(ExplorerFixture fixture)
{
    /// <summary>Victims 1-3 share phone A, victims 4-6 phone B; only the account that 3 and 4 were switched to joins them.</summary>
    private static GraphDto BowTie()
    {
        var nodes = Enumerable.Range(1, 6).Select(i => new NodeDto("h:H" + i, "victim", "holder", "H" + i, null, 1))
            .Append(new NodeDto("c:1", "controller", "phone", "138****0001", null, 3))
            .Append(new NodeDto("c:2", "controller", "phone", "139****0002", null, 3))
            .Append(new NodeDto("c:3", "controller", "bank_account", "6222****3445", null, 2)).ToList();
        var edges = new List<EdgeDto>();
        void Tie(string a, string b) => edges.Add(new EdgeDto("e" + edges.Count, a, b, "changed_to", "R" + edges.Count, null));
        foreach (var i in new[] { 1, 2, 3 }) Tie("h:H" + i, "c:1");
        foreach (var i in new[] { 4, 5, 6 }) Tie("h:H" + i, "c:2");
        Tie("h:H3", "c:3");
        Tie("h:H4", "c:3");
        Tie("h:H4", "c:3"); // a second record on the same tie
        return new GraphDto(nodes, edges);
    }

    [Fact]
    public void The_joining_account_ranks_first_and_the_example_path_runs_from_the_farthest_victim_to_it()
    {
        var summary = new RingStructureView(BowTie(), default).Summary();
        Assert.Equal(
            [new KeyControllerDto("c:3", "bank_account", "6222****3445", 2, 3), new KeyControllerDto("c:1", "phone", "138****0001", 3, 2), new KeyControllerDto("c:2", "phone", "139****0002", 3, 2)],
            summary.KeyControllers);
        Assert.Equal(["h:H1", "c:1", "h:H3", "c:3"], summary.Path!.Nodes);
    }

    [Fact]
    public void A_path_between_a_given_victim_and_a_given_controller()
    {
        var view = new RingStructureView(BowTie(), default);
        Assert.Equal(["h:H6", "c:2", "h:H4", "c:3", "h:H3", "c:1"], view.Path("h:H6", "c:1")!.Nodes);
        Assert.Equal(["h:H2", "c:1"], view.Path("h:H2", "c:1")!.Nodes);
        Assert.Null(view.Path("c:1", "h:H2"));
        Assert.Null(view.Path("h:H2", "h:H3"));
        Assert.Null(view.Path("h:H9", "c:1"));
    }

    [Fact]
    public async Task The_ring_page_gets_key_controllers_and_a_path_along_its_own_edges()
    {
        var client = await fixture.Local.ClientAsync();
        var ring = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{fixture.Ring.RingId}");
        var nodes = ring.GetProperty("graph").GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("role").GetString()!);
        var ties = ring.GetProperty("graph").GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("source").GetString()!, e.GetProperty("target").GetString()!)).ToHashSet();
        var structure = ring.GetProperty("structure");
        var key = structure.GetProperty("keyControllers").EnumerateArray().ToList();
        var cut = key.Select(k => k.GetProperty("cutOffVictims").GetInt32()).ToList();
        Assert.All(cut, c => Assert.True(c > 0));
        Assert.Equal(cut.OrderByDescending(c => c), cut);
        Assert.All(key, k => Assert.NotEqual("victim", nodes[k.GetProperty("node").GetString()!]));

        var path = structure.GetProperty("path").GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.True(path.Count >= 2);
        Assert.Equal("victim", nodes[path[0]]);
        Assert.NotEqual("victim", nodes[path[^1]]);
        for (int i = 1; i < path.Count; i++)
            Assert.True(ties.Contains((path[i - 1], path[i])) || ties.Contains((path[i], path[i - 1])), $"{path[i - 1]} and {path[i]} are not tied");

        // The same path asked for by its ends.
        var again = await client.GetFromJsonAsync<JsonElement>(
            $"/api/rings/{fixture.Ring.RingId}/path?victim={Uri.EscapeDataString(path[0])}&controller={Uri.EscapeDataString(path[^1])}");
        Assert.Equal(path.Count, again.GetProperty("nodes").GetArrayLength());
        Assert.Equal(path[0], again.GetProperty("nodes")[0].GetString());
    }

    [Fact]
    public async Task A_path_request_that_does_not_name_a_victim_and_a_controller_is_refused()
    {
        var client = await fixture.Local.ClientAsync();
        var victim = "h:" + fixture.Victims[0];
        using (var swapped = await client.GetAsync($"/api/rings/{fixture.Ring.RingId}/path?victim=x&controller={Uri.EscapeDataString(victim)}"))
            Assert.Equal(HttpStatusCode.BadRequest, swapped.StatusCode);
        using (var missing = await client.GetAsync($"/api/rings/{fixture.Ring.RingId}/path?victim={Uri.EscapeDataString(victim)}"))
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var unknown = await client.GetAsync($"/api/rings/R-999999/path?victim=a&controller=b"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
