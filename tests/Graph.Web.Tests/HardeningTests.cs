using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Graph.Web.Tests;

/// <summary>
/// Without users the explorer must stay a loopback-only tool whatever the configuration says: no wide bind through the
/// Kestrel section or a ';' in a URL, no answer to a caller from another machine, no answer to another site's name.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class HardeningTests(ExplorerFixture fixture)
{
    [Fact]
    public async Task Without_users_a_caller_from_another_machine_is_not_the_local_analyst()
    {
        using var lan = new ExplorerFactory(fixture.Options(), []) { RemoteAddress = IPAddress.Parse("192.168.1.20") };
        var client = lan.CreateClient();
        using var rings = await client.GetAsync("/api/rings");
        Assert.Equal(HttpStatusCode.Unauthorized, rings.StatusCode);
        var session = await client.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.Equal(JsonValueKind.Null, session.GetProperty("user").ValueKind);

        // The same server answers its own machine, also over IPv6 and IPv4-in-IPv6.
        foreach (var address in new[] { IPAddress.IPv6Loopback, IPAddress.Loopback.MapToIPv6() })
        {
            using var local = new ExplorerFactory(fixture.Options(), []) { RemoteAddress = address };
            using var ok = await local.CreateClient().GetAsync("/api/rings?take=1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    [Fact]
    public async Task A_wide_kestrel_endpoint_from_configuration_without_users_stops_the_start()
    {
        var options = fixture.Options();
        options.Urls = ["http://127.0.0.1:0"];
        await using var app = ExplorerApp.Build(options, args: ["--Kestrel:Endpoints:Lan:Url=http://0.0.0.0:0"]);
        var e = await Assert.ThrowsAsync<ExplorerConfigurationException>(() => app.StartAsync());
        Assert.Contains("0.0.0.0", e.Message);
        Assert.Contains("--users", e.Message);
    }

    [Fact]
    public async Task A_loopback_kestrel_endpoint_from_configuration_still_starts()
    {
        var options = fixture.Options();
        await using var app = ExplorerApp.Build(options, args: ["--Kestrel:Endpoints:Here:Url=http://127.0.0.1:0"]);
        await app.StartAsync();
        // It listens on the loopback endpoint it was given, and answers there.
        var address = Assert.Single(app.Urls);
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var rings = await http.GetAsync("/api/rings?take=1");
        Assert.Equal(HttpStatusCode.OK, rings.StatusCode);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.1:0/;http://0.0.0.0:0")]
    [InlineData("http://localhost:5080;http://*:5080")]
    public void A_url_holding_two_addresses_is_refused(string url)
    {
        var options = fixture.Options();
        options.Urls = [url];
        var errors = options.Validate([]);
        Assert.Contains(errors, e => e.Contains(url, StringComparison.Ordinal) && e.Contains("';'", StringComparison.Ordinal));
        // …also with users: Kestrel would bind an address nobody checked.
        Assert.NotEmpty(options.Validate(fixture.Users));
    }

    [Fact]
    public void Configured_urls_in_list_form_are_split_and_each_one_checked()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Explorer:Urls:0"] = "http://127.0.0.1:0/;http://0.0.0.0:0",
        }).Build();
        var options = ExplorerOptions.FromConfiguration(configuration);
        Assert.Equal(["http://127.0.0.1:0/", "http://0.0.0.0:0"], options.Urls);
        Assert.Contains(options.Validate([]), e => e.Contains("http://0.0.0.0:0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:5080")]
    [InlineData("127.0.0.1.attacker.example")]
    [InlineData("192.168.1.20:5080")]
    public async Task Without_users_another_host_name_is_a_400_before_any_data(string host)
    {
        var client = fixture.Local.CreateClient();
        foreach (var path in new[] { "/api/rings", "/api/session", "/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("antiforgeryToken", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:5080")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("[::1]:5080")]
    public async Task Without_users_the_loopback_names_are_answered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rings?take=1");
        request.Headers.Host = host;
        using var response = await fixture.Local.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
