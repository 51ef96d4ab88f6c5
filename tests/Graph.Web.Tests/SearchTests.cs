using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Core;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class SearchTests(ExplorerFixture fixture)
{
    private static List<JsonElement> Hits(JsonElement result) => [.. result.GetProperty("holders").EnumerateArray()];

    [Fact]
    public async Task Search_by_holder_id_finds_the_holder_and_its_rings()
    {
        var client = await fixture.Local.ClientAsync();
        var victim = fixture.Victims[0];
        var hits = Hits(await client.GetFromJsonAsync<JsonElement>($"/api/search?q={victim}"));
        var hit = Assert.Single(hits);
        Assert.Equal("h:" + victim, hit.GetProperty("id").GetString());
        Assert.Contains(fixture.Ring.RingId, hit.GetProperty("rings").EnumerateArray().Select(e => e.GetString()));
        var holder = fixture.Records.Holders.Single(h => h.Id == victim);
        Assert.Contains(victim, hit.GetProperty("label").GetString());
        if (holder.Name is { Length: >= 3 } name) Assert.DoesNotContain(name, hit.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Search_by_id_prefix_returns_at_most_50_and_says_it_was_cut()
    {
        var client = await fixture.Local.ClientAsync();
        var result = await client.GetFromJsonAsync<JsonElement>("/api/search?q=H0000");
        var hits = Hits(result);
        Assert.Equal(50, hits.Count);
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.All(hits, h => Assert.StartsWith("h:H0000", h.GetProperty("id").GetString()));
        var few = await client.GetFromJsonAsync<JsonElement>("/api/search?q=H0000010");
        Assert.Equal(10, Hits(few).Count); // H00000100 … H00000109
        Assert.False(few.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Search_by_masked_phone_finds_the_holders_linked_to_a_matching_number()
    {
        var client = await fixture.Local.ClientAsync();
        var holder = fixture.Records.Holders.First(h => h.Phone.Value is { Length: 11 });
        var masked = Mask.Phone(holder.Phone.Value);
        var hits = Hits(await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(masked)}"));
        Assert.Contains("h:" + holder.Id, hits.Select(h => h.GetProperty("id").GetString()));
        // Every hit really has a phone link that the mask fits (checked against the store's own records).
        using var store = Graph.Storage.GraphStores.Open(fixture.StorePath);
        foreach (var hit in hits)
        {
            var id = hit.GetProperty("id").GetString()![2..];
            var records = store.ReadHolderRecords([id]);
            var phones = records.Holders.Select(h => h.Phone.Value)
                .Concat(records.ContactChanges.Where(c => c.Field == ContactField.Phone).SelectMany(c => new[] { c.NewValue.Value, c.OldValue.Value }))
                .Concat(records.SurrenderRequests.SelectMany(s => new[] { s.ContactPhone.Value, s.Representative?.Phone.Value }))
                .Concat(records.Complaints.SelectMany(c => new[] { c.ContactPhone.Value, c.Representative?.Phone.Value }));
            Assert.Contains(masked, phones.Where(p => p is not null).Select(p => Mask.Phone(p)));
        }
    }

    [Fact]
    public async Task A_full_width_masked_phone_finds_what_its_ascii_form_finds()
    {
        var client = await fixture.Local.ClientAsync();
        var holder = fixture.Records.Holders.First(h => h.Phone.Value is { Length: 11 });
        var masked = Mask.Phone(holder.Phone.Value);
        var wide = new string(masked.Select(c => char.IsAsciiDigit(c) ? (char)(c + 0xFEE0) : c).ToArray());
        var ascii = Hits(await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(masked)}"));
        var fullWidth = Hits(await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(wide)}"));
        Assert.NotEmpty(ascii);
        Assert.Equal(ascii.Select(h => h.GetProperty("id").GetString()), fullWidth.Select(h => h.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("+86 138-1234-5678")]
    [InlineData("110105199001011234")]
    [InlineData("１３８１２３４５６７８")]
    [InlineData("１３８ １２３４ ５６７８")]
    [InlineData("１１０１０５１９９００１０１１２３４")]
    [InlineData("138.1234.5678")]
    [InlineData("")]
    public async Task A_full_number_or_nothing_is_refused_so_it_never_travels_in_a_url(string q)
    {
        var client = await fixture.Local.ClientAsync();
        using var response = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
