using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Core;
using Graph.Storage;

namespace Graph.Web.Tests;

/// <summary>
/// A supervisor's audited unmask of a ring also shows the node records of that ring's members in full, for a limited
/// time and only to that supervisor; analysts never get them. Each test runs its own explorer (grants live in a
/// server's memory), over the shared store.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class UnmaskGrantTests(ExplorerFixture fixture)
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private Policyholder Victim => fixture.Records.Holders.First(h => h.Name is { Length: >= 2 } && h.IdNumber.Value is { Length: > 10 });

    private static string FullIdNumber(Policyholder h) => h.IdNumber.Raw ?? h.IdNumber.Value!;

    private async Task<JsonElement> Node(HttpClient client, string holderId, string? ring)
    {
        var url = $"/api/nodes/h:{holderId}" + (ring is null ? "" : "?ring=" + Uri.EscapeDataString(ring));
        return await client.GetFromJsonAsync<JsonElement>(url);
    }

    /// <summary>The policyholder record's fields of a node answer.</summary>
    private static JsonElement HolderFields(JsonElement node) =>
        node.GetProperty("records").EnumerateArray().First(r => r.GetProperty("type").GetString() == "policyholder").GetProperty("fields");

    private int AuditCount(string reason)
    {
        using var store = GraphStores.Open(fixture.StorePath);
        return store.ReadAudit().Count(a => a.Reason == reason);
    }

    [Fact]
    public async Task An_analyst_never_gets_unmasked_node_records_even_naming_the_ring()
    {
        using var explorer = new ExplorerFactory(fixture.Options(), fixture.Users);
        var analyst = await explorer.LoginAsync("analyst1", ExplorerFixture.AnalystPassword);
        using (var refused = await analyst.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case analyst" })))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // A supervisor's grant for the ring does not reach an analyst either.
        var supervisor = await explorer.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        using (var granted = await supervisor.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case " + Guid.NewGuid().ToString("N")[..8] })))
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);

        var node = await Node(analyst, Victim.Id, fixture.Ring.RingId);
        Assert.True(node.GetProperty("masked").GetBoolean());
        Assert.Equal(Mask.IdNumber(Victim.IdNumber.Value), HolderFields(node).GetProperty("idNumber").GetString());
        Assert.DoesNotContain(FullIdNumber(Victim), node.GetRawText());
    }

    [Fact]
    public async Task A_supervisor_gets_a_rings_node_records_in_full_only_after_an_unmask_with_a_reason_audited_once()
    {
        using var explorer = new ExplorerFactory(fixture.Options(), fixture.Users);
        var client = await explorer.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        var ring = fixture.Ring.RingId;

        // Before any unmask, and after one refused for want of a reason: masked.
        Assert.True((await Node(client, Victim.Id, ring)).GetProperty("masked").GetBoolean());
        using (var noReason = await client.PostAsync($"/api/rings/{ring}/unmask", Json(new { reason = "" })))
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var before = await Node(client, Victim.Id, ring);
        Assert.True(before.GetProperty("masked").GetBoolean());
        Assert.DoesNotContain(FullIdNumber(Victim), before.GetRawText());

        var reason = "case " + Guid.NewGuid().ToString("N")[..8];
        using (var unmask = await client.PostAsync($"/api/rings/{ring}/unmask", Json(new { reason })))
        {
            Assert.Equal(HttpStatusCode.OK, unmask.StatusCode);
            var until = (await unmask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unmaskedUntil").GetDateTimeOffset();
            Assert.InRange(until, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        }

        var full = await Node(client, Victim.Id, ring);
        Assert.False(full.GetProperty("masked").GetBoolean());
        Assert.Equal(FullIdNumber(Victim), HolderFields(full).GetProperty("idNumber").GetString());
        Assert.Equal(Victim.Name, HolderFields(full).GetProperty("name").GetString());
        // Every victim of the ring, and as often as asked, under the one audit entry of the unmask.
        foreach (var victim in fixture.Victims.Take(5)) Assert.False((await Node(client, victim, ring)).GetProperty("masked").GetBoolean());
        Assert.Equal(1, AuditCount(reason));

        // Not without naming the ring, and not for a node outside it.
        Assert.True((await Node(client, Victim.Id, null)).GetProperty("masked").GetBoolean());
        var outsider = fixture.Run.Rings.Where(r => r.RingId != ring).SelectMany(r => r.Members)
            .First(m => m.EntityType == "holder" && !fixture.Victims.Contains(m.EntityId)).EntityId;
        Assert.True((await Node(client, outsider, ring)).GetProperty("masked").GetBoolean());

        // Logging out ends the grant.
        using (var logout = await client.PostAsync("/logout", null)) Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var again = await explorer.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        Assert.True((await Node(again, Victim.Id, ring)).GetProperty("masked").GetBoolean());
    }

    [Fact]
    public async Task An_unmask_grant_expires()
    {
        var options = fixture.Options();
        options.UnmaskGrantLifetime = TimeSpan.FromMilliseconds(400);
        using var explorer = new ExplorerFactory(options, fixture.Users);
        var client = await explorer.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        using (var unmask = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case expiry " + Guid.NewGuid().ToString("N")[..8] })))
            Assert.Equal(HttpStatusCode.OK, unmask.StatusCode);
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var node = await Node(client, Victim.Id, fixture.Ring.RingId);
        Assert.True(node.GetProperty("masked").GetBoolean());
        Assert.DoesNotContain(FullIdNumber(Victim), node.GetRawText());
    }

    [Fact]
    public async Task A_grant_belongs_to_the_login_that_unmasked_not_to_the_users_other_logins()
    {
        using var explorer = new ExplorerFactory(fixture.Options(), fixture.Users);
        var first = await explorer.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        var second = await explorer.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        var ring = fixture.Ring.RingId;
        using (var unmask = await first.PostAsync($"/api/rings/{ring}/unmask", Json(new { reason = "case session " + Guid.NewGuid().ToString("N")[..8] })))
            Assert.Equal(HttpStatusCode.OK, unmask.StatusCode);

        Assert.False((await Node(first, Victim.Id, ring)).GetProperty("masked").GetBoolean());
        var other = await Node(second, Victim.Id, ring);
        Assert.True(other.GetProperty("masked").GetBoolean());
        Assert.DoesNotContain(FullIdNumber(Victim), other.GetRawText());

        // The other login logging out does not end this one's grant.
        using (var logout = await second.PostAsync("/logout", null)) Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.False((await Node(first, Victim.Id, ring)).GetProperty("masked").GetBoolean());
    }
}
