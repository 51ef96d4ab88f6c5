using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.TestSupport;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class NodeTests(ExplorerFixture fixture)
{
    [Fact]
    public async Task Holder_records_are_masked_no_full_phone_or_id_number_in_the_body()
    {
        var client = await fixture.Local.ClientAsync();
        var raw = fixture.RawPersonalValues();
        foreach (var victim in fixture.Victims.Take(12))
        {
            var body = await client.GetStringAsync($"/api/nodes/h:{victim}");
            foreach (var value in raw) Assert.DoesNotContain(value, body);
            var node = JsonDocument.Parse(body).RootElement;
            var records = node.GetProperty("records").EnumerateArray().ToList();
            var holder = fixture.Records.Holders.Single(h => h.Id == victim);
            var own = records.Single(r => r.GetProperty("type").GetString() == "policyholder");
            Assert.Equal(victim, own.GetProperty("id").GetString());
            Assert.Equal(Core.Mask.Phone(holder.Phone.Value), own.GetProperty("fields").GetProperty("phone").GetString());
            Assert.Equal(Core.Mask.IdNumber(holder.IdNumber.Value), own.GetProperty("fields").GetProperty("idNumber").GetString());
            Assert.Equal(fixture.Records.Policies.Count(p => p.HolderId == victim), records.Count(r => r.GetProperty("type").GetString() == "policy"));
            Assert.Contains(fixture.Ring.RingId, node.GetProperty("rings").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Numbers_hidden_in_free_text_in_full_width_spaced_dashed_or_invisible_forms_are_masked()
    {
        var client = await fixture.Local.ClientAsync();
        var body = await client.GetStringAsync($"/api/nodes/h:{ExplorerFixture.DisguisedHolder}");
        // The JSON may escape the invisible characters (\u200B): the scan reads the decoded strings.
        var strings = new List<string>();
        void Collect(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.String) strings.Add(e.GetString()!);
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Collect(x);
            else if (e.ValueKind == JsonValueKind.Object) foreach (var p in e.EnumerateObject()) Collect(p.Value);
        }
        Collect(JsonDocument.Parse(body).RootElement);
        var text = string.Join("\n", strings);
        Assert.Contains("请回电137****0098或", text); // the text is shown, its own words around the masked numbers
        Assert.Contains("，身份证", text);
        Assert.Equal(7, strings.Count(v => v.Contains("请回电", StringComparison.Ordinal))); // city, product, bank, channel, demand, text, extra
        LeakScan.AssertNone("/api/nodes/h:" + ExplorerFixture.DisguisedHolder, text, ExplorerFixture.DisguisedNumbers);
    }

    [Fact]
    public async Task Neighbours_of_a_shared_contact_point_come_in_pages_that_say_how_many_are_hidden()
    {
        var client = await fixture.Local.ClientAsync();
        var ring = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{fixture.Ring.RingId}");
        var busiest = ring.GetProperty("graph").GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() != "holder")
            .OrderByDescending(n => n.GetProperty("degree").GetInt32()).First();
        var id = busiest.GetProperty("id").GetString()!;
        int degree = busiest.GetProperty("degree").GetInt32();
        Assert.True(degree >= 4, $"the busiest node has {degree} neighbours; the test needs a few");

        int take = Math.Max(1, degree / 3);
        var seen = new List<string>();
        for (int skip = 0; skip < degree; skip += take)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{id}/neighbours?skip={skip}&take={take}");
            int shown = page.GetProperty("shown").GetInt32();
            Assert.Equal(degree, page.GetProperty("total").GetInt32());
            Assert.Equal(Math.Min(take, degree - skip), shown);
            Assert.Equal(degree - skip - shown, page.GetProperty("hidden").GetInt32());
            var nodes = page.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(shown, nodes.Count);
            Assert.All(nodes, n => Assert.Equal("neighbour", n.GetProperty("role").GetString()));
            var ids = nodes.Select(n => n.GetProperty("id").GetString()!).ToHashSet();
            foreach (var e in page.GetProperty("edges").EnumerateArray())
            {
                Assert.Contains(e.GetProperty("source").GetString()!, ids);
                Assert.Equal(id, e.GetProperty("target").GetString());
            }
            seen.AddRange(ids);
        }
        Assert.Equal(degree, seen.Count);
        Assert.Equal(degree, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_page_of_neighbours_is_at_most_200()
    {
        var client = await fixture.Local.ClientAsync();
        // The hotline-like hub of the generated insurer: the contact point with the most holders in the store.
        var victim = fixture.Victims[0];
        var holder = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/h:{victim}/neighbours?take=1000");
        Assert.True(holder.GetProperty("shown").GetInt32() <= 200);
        var busiest = holder.GetProperty("nodes").EnumerateArray().OrderByDescending(n => n.GetProperty("degree").GetInt32()).First();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{busiest.GetProperty("id").GetString()}/neighbours?take=1000");
        int total = page.GetProperty("total").GetInt32();
        Assert.Equal(Math.Min(total, 200), page.GetProperty("shown").GetInt32());
        Assert.Equal(total - page.GetProperty("shown").GetInt32(), page.GetProperty("hidden").GetInt32());
    }

    [Fact]
    public async Task Holder_neighbours_are_its_contact_points_and_agents_and_lead_back_to_it()
    {
        var client = await fixture.Local.ClientAsync();
        var victim = fixture.Victims[1];
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/h:{victim}/neighbours?take=200");
        var nodes = page.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(page.GetProperty("total").GetInt32(), nodes.Count);
        var node = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/h:{victim}");
        Assert.Equal(nodes.Count, node.GetProperty("holders").GetInt32());
        var agents = fixture.Records.Policies.Where(p => p.HolderId == victim && p.AgentId is not null).Select(p => "a:" + p.AgentId).Distinct().ToList();
        foreach (var a in agents) Assert.Contains(a, nodes.Select(n => n.GetProperty("id").GetString()));
        // A contact point's own neighbours include the holder we came from.
        var point = nodes.First(n => n.GetProperty("kind").GetString() != "agent").GetProperty("id").GetString();
        var back = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{point}/neighbours?take=200");
        Assert.Contains("h:" + victim, back.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        var cp = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{point}");
        Assert.Empty(cp.GetProperty("records").EnumerateArray());
        Assert.Equal(back.GetProperty("total").GetInt32(), cp.GetProperty("holders").GetInt32());
    }

    [Theory]
    [InlineData("c:AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("h:H99999999")]
    [InlineData("x:1")]
    public async Task An_unknown_node_is_a_404(string nodeId)
    {
        var client = await fixture.Local.ClientAsync();
        using var response = await client.GetAsync($"/api/nodes/{nodeId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
