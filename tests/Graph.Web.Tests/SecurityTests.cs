using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class SecurityTests(ExplorerFixture fixture)
{
    private static StringContent Json(object body) => JsonContent(JsonSerializer.Serialize(body));

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private IReadOnlyList<AuditRecord> Audit()
    {
        using var store = GraphStores.Open(fixture.StorePath);
        return store.ReadAudit();
    }

    [Fact]
    public async Task Without_a_login_the_api_answers_401_and_the_session_asks_for_one()
    {
        var client = await fixture.WithUsers.ClientAsync();
        using var rings = await client.GetAsync("/api/rings");
        Assert.Equal(HttpStatusCode.Unauthorized, rings.StatusCode);
        var session = await client.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.True(session.GetProperty("loginRequired").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("user").ValueKind);
        Assert.Equal(JsonValueKind.Null, session.GetProperty("storeLocation").ValueKind);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_and_a_right_one_a_session_with_the_users_role()
    {
        var client = await fixture.WithUsers.ClientAsync();
        using var wrong = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", "super1"), new("password", "not-it")]));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var nobody = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", "nobody"), new("password", "x")]));
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);

        using var right = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", "super1"), new("password", ExplorerFixture.SupervisorPassword)]));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var cookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".FraudGraph.Explorer=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var session = await client.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.Equal("super1", session.GetProperty("user").GetString());
        Assert.Equal("supervisor", session.GetProperty("role").GetString());
        Assert.True(session.GetProperty("canUnmask").GetBoolean());
        Assert.Equal(fixture.Run.RunId, session.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task After_five_wrong_passwords_a_name_is_refused_even_with_the_right_one()
    {
        var client = await fixture.WithUsers.ClientAsync();
        async Task<HttpStatusCode> Login(string password)
        {
            using var r = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", "guessed1"), new("password", password)]));
            return r.StatusCode;
        }
        for (int i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, await Login("guess-" + i));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Login(ExplorerFixture.AnalystPassword));
        // Other names are not affected.
        var other = await fixture.WithUsers.LoginAsync("analyst1", ExplorerFixture.AnalystPassword);
        Assert.Equal("analyst1", (await other.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("user").GetString());
    }

    [Fact]
    public async Task Without_users_the_caller_is_the_local_analyst_who_cannot_unmask()
    {
        var client = await fixture.Local.ClientAsync();
        var session = await client.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.Equal("local", session.GetProperty("user").GetString());
        Assert.Equal("analyst", session.GetProperty("role").GetString());
        Assert.False(session.GetProperty("canUnmask").GetBoolean());
        using var unmask = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case 1" }));
        Assert.Equal(HttpStatusCode.Forbidden, unmask.StatusCode);
    }

    [Fact]
    public async Task An_analyst_gets_403_on_unmask_and_nothing_is_audited()
    {
        var client = await fixture.WithUsers.LoginAsync("analyst1", ExplorerFixture.AnalystPassword);
        int before = Audit().Count(a => a.Operator == "analyst1" && a.Action == "unmask");
        using var response = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case 2026-114" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, Audit().Count(a => a.Operator == "analyst1" && a.Action == "unmask"));
        using var audit = await client.GetAsync("/api/audit");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    [Fact]
    public async Task A_supervisor_unmasks_with_a_reason_and_it_is_audited_with_who_and_when()
    {
        var client = await fixture.WithUsers.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        using (var noReason = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = " " })))
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var reason = "case " + Guid.NewGuid().ToString("N")[..8];
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var response = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ring = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(ring.GetProperty("masked").GetBoolean());
        // Unmasked labels: the full name of a victim appears.
        var holder = fixture.Records.Holders.First(h => h.Name is { Length: >= 2 });
        var label = ring.GetProperty("graph").GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "h:" + holder.Id).GetProperty("label").GetString();
        Assert.Contains(holder.Name!, label);

        var entry = Assert.Single(Audit(), a => a.Reason == reason);
        Assert.Equal("super1", entry.Operator);
        Assert.Equal("unmask", entry.Action);
        Assert.Equal(fixture.Ring.RingId, entry.RingId);
        Assert.InRange(entry.At, started, DateTimeOffset.UtcNow.AddSeconds(1));

        // Reading the log is a GET: no anti-forgery token needed.
        client.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        var log = await client.GetFromJsonAsync<JsonElement>("/api/audit");
        Assert.Equal(reason, log.EnumerateArray().First(e => e.GetProperty("action").GetString() == "unmask").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("case 1\n2024-01-01 00:00:00 admin unmask R-000001")]
    [InlineData("case\r1")]
    [InlineData("case \u202E1")]
    public async Task A_reason_that_could_forge_an_audit_line_is_refused_and_nothing_is_audited(string reason)
    {
        var client = await fixture.WithUsers.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        int before = Audit().Count;
        using (var unmask = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason })))
            Assert.Equal(HttpStatusCode.BadRequest, unmask.StatusCode);
        using (var export = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/export", Json(new { unmasked = true, reason })))
            Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Equal(before, Audit().Count);
    }

    [Fact]
    public async Task Every_export_is_audited_and_unmasked_ones_are_for_supervisors_with_a_reason()
    {
        var analyst = await fixture.WithUsers.LoginAsync("analyst1", ExplorerFixture.AnalystPassword);
        using (var refused = await analyst.PostAsync($"/api/rings/{fixture.Ring.RingId}/export", Json(new { unmasked = true, reason = "case 9" })))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var masked = await analyst.PostAsync($"/api/rings/{fixture.Ring.RingId}/export", Json(new { unmasked = false }));
        Assert.Equal(HttpStatusCode.OK, masked.StatusCode);
        var package = await masked.Content.ReadFromJsonAsync<JsonElement>();
        var sha = package.GetProperty("manifestSha256").GetString();
        Assert.True(File.Exists(package.GetProperty("zipPath").GetString()));
        Assert.True(Directory.Exists(package.GetProperty("packagePath").GetString()));
        var entry = Assert.Single(Audit(), a => a.PackageSha256 == sha);
        Assert.Equal(("analyst1", "export-masked", fixture.Ring.RingId), (entry.Operator, entry.Action, entry.RingId));

        var supervisor = await fixture.WithUsers.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        using (var noReason = await supervisor.PostAsync($"/api/rings/{fixture.Ring.RingId}/export", Json(new { unmasked = true })))
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var unmasked = await supervisor.PostAsync($"/api/rings/{fixture.Ring.RingId}/export", Json(new { unmasked = true, reason = "police request 77" }));
        Assert.Equal(HttpStatusCode.OK, unmasked.StatusCode);
        var sha2 = (await unmasked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manifestSha256").GetString();
        var entry2 = Assert.Single(Audit(), a => a.PackageSha256 == sha2);
        Assert.Equal(("super1", "export-unmasked", "police request 77"), (entry2.Operator, entry2.Action, entry2.Reason));
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_a_400()
    {
        var client = await fixture.WithUsers.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        client.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        int before = Audit().Count;
        using (var unmask = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case 3" })))
            Assert.Equal(HttpStatusCode.BadRequest, unmask.StatusCode);
        using (var export = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/export", Json(new { unmasked = false })))
            Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        client.DefaultRequestHeaders.Add("X-XSRF-TOKEN", "forged");
        using (var forged = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", Json(new { reason = "case 3" })))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, Audit().Count);

        // Logging out is a state change too: without the token the login (and its grants) stays.
        using (var logout = await client.PostAsync("/logout", null))
            Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal("super1", (await client.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("user").GetString());

        var fresh = await fixture.WithUsers.ClientAsync();
        fresh.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        using var login = await fresh.PostAsync("/login", new FormUrlEncodedContent([new("user", "super1"), new("password", ExplorerFixture.SupervisorPassword)]));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [Fact]
    public async Task A_script_in_a_complaint_reaches_the_page_only_as_escaped_json()
    {
        var client = await fixture.Local.ClientAsync();
        using var response = await client.GetAsync($"/api/nodes/h:{fixture.ScriptHolder}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</script", body, StringComparison.OrdinalIgnoreCase);
        // …and yet the text is there, intact, for the page to put in a text node.
        var complaint = JsonDocument.Parse(body).RootElement.GetProperty("records").EnumerateArray()
            .Single(r => r.GetProperty("id").GetString() == ExplorerFixture.ScriptComplaintId);
        Assert.Equal(ExplorerFixture.ScriptText, complaint.GetProperty("fields").GetProperty("text").GetString());

        foreach (var url in new[] { $"/api/rings/{fixture.Ring.RingId}", $"/api/search?q={fixture.ScriptHolder}", $"/api/nodes/h:{fixture.ScriptHolder}/neighbours" })
            Assert.DoesNotContain("<script", await client.GetStringAsync(url), StringComparison.OrdinalIgnoreCase);

        // The pages are static files under a policy that allows no inline script at all.
        using var page = await client.GetAsync("/");
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("alert('xss')", await page.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("https://0.0.0.0:5443", true, "Always")]
    [InlineData("http://127.0.0.1:5080", true, "SameAsRequest")]
    [InlineData("https://127.0.0.1:5443", false, "SameAsRequest")]
    public async Task Cookies_are_always_secure_with_users_and_an_https_address(string url, bool users, string policy)
    {
        var options = fixture.Options();
        options.Urls = [url];
        options.Users = users ? [.. fixture.Users] : [];
        await using var app = ExplorerApp.Build(options);
        var services = app.Services;
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie;
        Assert.Equal(policy, cookie.SecurePolicy.ToString());
        Assert.Equal(policy, services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy.ToString());
    }
}
