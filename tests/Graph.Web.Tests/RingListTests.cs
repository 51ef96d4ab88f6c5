using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class RingListTests(ExplorerFixture fixture)
{
    private static async Task<JsonElement> Get(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static List<JsonElement> Rings(JsonElement list) => [.. list.GetProperty("rings").EnumerateArray()];

    [Fact]
    public async Task Ring_list_defaults_to_every_ring_by_score_descending()
    {
        var client = await fixture.Local.ClientAsync();
        var list = await Get(client, "/api/rings?take=500");
        Assert.Equal(fixture.Run.RunId, list.GetProperty("runId").GetString());
        Assert.Equal(fixture.Run.Rings.Count, list.GetProperty("total").GetInt32());
        var rings = Rings(list);
        Assert.Equal(fixture.Run.Rings.Count, rings.Count);
        for (int i = 1; i < rings.Count; i++)
            Assert.True(rings[i - 1].GetProperty("score").GetDouble() >= rings[i].GetProperty("score").GetDouble());
        var expected = fixture.Run.Rings.Single(r => r.RingId == fixture.Ring.RingId);
        var shown = rings.Single(r => r.GetProperty("ringId").GetString() == expected.RingId);
        Assert.Equal(expected.Holders, shown.GetProperty("holders").GetInt32());
        Assert.Equal(expected.Members.Count(m => m.Role == Core.MemberRole.Agent), shown.GetProperty("agents").GetInt32());
        Assert.Equal(expected.Reasons.Select(r => r.Code).Distinct(), shown.GetProperty("reasonCodes").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("size", "holders", "asc")]
    [InlineData("size", "holders", "desc")]
    [InlineData("amount", "surrenderAmount", "desc")]
    [InlineData("changed", "lastSeen", "desc")]
    public async Task Ring_list_sorts_by_the_key_asked_with_ring_id_breaking_ties(string sort, string property, string dir)
    {
        var client = await fixture.Local.ClientAsync();
        var rings = Rings(await Get(client, $"/api/rings?sort={sort}&dir={dir}&take=500"));
        Assert.Equal(fixture.Run.Rings.Count, rings.Count);
        int sign = dir == "desc" ? -1 : 1;
        for (int i = 1; i < rings.Count; i++)
        {
            var a = rings[i - 1].GetProperty(property);
            var b = rings[i].GetProperty(property);
            int c = a.ValueKind == JsonValueKind.String || b.ValueKind == JsonValueKind.String
                ? string.CompareOrdinal(a.ValueKind == JsonValueKind.Null ? "" : a.GetString(), b.ValueKind == JsonValueKind.Null ? "" : b.GetString())
                : a.GetDecimal().CompareTo(b.GetDecimal());
            Assert.True(sign * c <= 0, $"{property} out of order at {i}");
            if (c == 0) Assert.True(string.CompareOrdinal(rings[i - 1].GetProperty("ringId").GetString(), rings[i].GetProperty("ringId").GetString()) < 0);
        }
    }

    [Fact]
    public async Task Flagged_filter_keeps_exactly_the_flagged_rings()
    {
        var client = await fixture.Local.ClientAsync();
        var flagged = await Get(client, "/api/rings?flagged=true&take=500");
        Assert.Equal(fixture.Run.Rings.Count(r => r.Flagged), flagged.GetProperty("total").GetInt32());
        Assert.All(Rings(flagged), r => Assert.True(r.GetProperty("flagged").GetBoolean()));
        var unflagged = await Get(client, "/api/rings?flagged=false&take=500");
        Assert.Equal(fixture.Run.Rings.Count(r => !r.Flagged), unflagged.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reason_filter_keeps_the_rings_with_that_reason_and_reasons_counts_them()
    {
        var client = await fixture.Local.ClientAsync();
        var reasons = (await Get(client, "/api/reasons")).EnumerateArray().ToList();
        Assert.NotEmpty(reasons);
        foreach (var reason in reasons)
        {
            var code = reason.GetProperty("code").GetString()!;
            int expected = fixture.Run.Rings.Count(r => r.Reasons.Any(x => x.Code == code));
            Assert.Equal(expected, reason.GetProperty("rings").GetInt32());
            var list = await Get(client, $"/api/rings?reason={Uri.EscapeDataString(code)}&take=500");
            Assert.Equal(expected, list.GetProperty("total").GetInt32());
            Assert.All(Rings(list), r => Assert.Contains(code, r.GetProperty("reasonCodes").EnumerateArray().Select(e => e.GetString())));
        }
    }

    [Fact]
    public async Task Date_range_keeps_rings_whose_active_period_overlaps_it()
    {
        var client = await fixture.Local.ClientAsync();
        var dated = fixture.Run.Rings.Where(r => r.FirstSeen is not null).OrderBy(r => r.FirstSeen).ToList();
        var pivot = DateOnly.FromDateTime(dated[dated.Count / 2].FirstSeen!.Value.DateTime);
        var from = pivot.AddDays(-10);
        var to = pivot.AddDays(10);
        var list = await Get(client, $"/api/rings?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&take=500");
        int expected = fixture.Run.Rings.Count(r => r.FirstSeen is { } f && r.LastSeen is { } l
            && DateOnly.FromDateTime(f.DateTime) <= to && DateOnly.FromDateTime(l.DateTime) >= from);
        Assert.True(expected > 0);
        Assert.Equal(expected, list.GetProperty("total").GetInt32());
        foreach (var r in Rings(list))
        {
            Assert.True(DateOnly.Parse(r.GetProperty("firstSeen").GetString()!) <= to);
            Assert.True(DateOnly.Parse(r.GetProperty("lastSeen").GetString()!) >= from);
        }
    }

    [Fact]
    public async Task Pages_partition_the_list_without_overlap()
    {
        var client = await fixture.Local.ClientAsync();
        var all = Rings(await Get(client, "/api/rings?sort=size&take=500")).Select(r => r.GetProperty("ringId").GetString()).ToList();
        var paged = new List<string?>();
        for (int skip = 0; skip < all.Count; skip += 3)
        {
            var page = await Get(client, $"/api/rings?sort=size&skip={skip}&take=3");
            Assert.Equal(all.Count, page.GetProperty("total").GetInt32());
            var rings = Rings(page);
            Assert.Equal(Math.Min(3, all.Count - skip), rings.Count);
            paged.AddRange(rings.Select(r => r.GetProperty("ringId").GetString()));
        }
        Assert.Equal(all, paged);
        Assert.Empty(Rings(await Get(client, $"/api/rings?skip={all.Count}")));
    }

    [Theory]
    [InlineData("/api/rings?sort=name")]
    [InlineData("/api/rings?dir=up")]
    [InlineData("/api/rings?from=2025-13-01")]
    [InlineData("/api/rings?skip=-1")]
    public async Task A_malformed_query_is_a_400(string url)
    {
        var client = await fixture.Local.ClientAsync();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
