using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Web.Internal;
using Graph.Web.Security;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class ServerTests(ExplorerFixture fixture)
{
    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://[::]:5080")]
    public void Binding_beyond_loopback_without_users_is_refused_with_a_clear_message(string url)
    {
        var options = fixture.Options();
        options.Urls = [url];
        var e = Assert.Throws<ExplorerConfigurationException>(() => ExplorerApp.Build(options));
        Assert.Contains(url, e.Message);
        Assert.Contains("--users", e.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void Loopback_without_users_is_allowed(string url)
    {
        var options = fixture.Options();
        options.Urls = [url];
        Assert.Empty(options.Validate([]));
    }

    [Fact]
    public void Binding_beyond_loopback_with_users_is_allowed()
    {
        var options = fixture.Options();
        options.Urls = ["http://0.0.0.0:5080"];
        Assert.Empty(options.Validate(fixture.Users));
    }

    [Fact]
    public void A_users_file_is_read_and_checked()
    {
        var path = Path.Combine(fixture.Work, "users-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        File.WriteAllText(path, $$"""
            { "users": [
              { "name": "wang.li", "role": "supervisor", "passwordHash": "{{PasswordHash.Create("pw-12345678", 1000)}}" },
              { "name": "zhao", "role": "admin", "passwordHash": "plain" } ] }
            """);
        var users = ExplorerUsers.Load(path);
        Assert.Equal(["wang.li", "zhao"], users.Select(u => u.Name));
        var errors = ExplorerUsers.Validate(users);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("'zhao'", e));
        Assert.True(PasswordHash.Verify("pw-12345678", users[0].PasswordHash));
        Assert.False(PasswordHash.Verify("pw-12345679", users[0].PasswordHash));
    }

    [Fact]
    public async Task StartAsync_serves_on_a_free_loopback_port_until_disposed()
    {
        var options = fixture.Options();
        options.Urls = ["http://127.0.0.1:0"];
        Uri address;
        await using (var server = await ExplorerApp.StartAsync(options))
        {
            address = server.Address;
            Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(address.Host)));
            Assert.NotEqual(0, address.Port);
            using var http = new HttpClient { BaseAddress = address };
            var list = await http.GetFromJsonAsync<JsonElement>("/api/rings?take=1");
            Assert.Equal(fixture.Run.Rings.Count, list.GetProperty("total").GetInt32());
        }
        using var after = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("/api/rings"));
    }
}

public sealed class ExplorerCheckTests
{
    [Fact]
    public async Task Check_reads_the_users_file_once_and_Build_uses_what_it_read()
    {
        var path = Path.Combine(Path.GetTempPath(), "fg-users-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, $$"""{ "users": [ { "name": "wang.li", "role": "supervisor", "passwordHash": "{{PasswordHash.Create("pw-12345678", 1000)}}" } ] }""");
        var options = new ExplorerOptions { Store = "unused.db", UsersFile = path, Urls = ["http://0.0.0.0:0"], ReportTools = Graph.Evidence.ReportTools.None };
        var users = ExplorerApp.Check(options);
        Assert.Equal("wang.li", Assert.Single(users).Name);
        File.Delete(path);
        // The file is gone: a second read would fail; Build takes the users as read.
        await using var app = ExplorerApp.Build(options, users, null);
        Assert.NotNull(app);
        Assert.Throws<ExplorerConfigurationException>(() => ExplorerApp.Check(options));
    }

    [Fact]
    public void Build_with_given_users_still_checks_the_options()
    {
        var options = new ExplorerOptions { Store = "unused.db", Urls = ["http://0.0.0.0:0"] };
        var e = Assert.Throws<ExplorerConfigurationException>(() => ExplorerApp.Build(options, [], null));
        Assert.Contains("--users", e.Message);
    }
}

public sealed class HolderAttributionTests
{
    [Fact]
    public void A_record_belongs_to_its_own_holder_else_to_its_policys_holder_else_to_none()
    {
        var records = new Graph.Storage.HolderRecords(
            [new Core.Policyholder { Id = "H1" }],
            [new Core.Policy { Id = "P1", HolderId = "H1" }],
            [],
            [
                new Core.ContactChange { Id = "C-own", HolderId = "H2", PolicyId = "P1" },
                new Core.ContactChange { Id = "C-policy", HolderId = null, PolicyId = "P1" },
                new Core.ContactChange { Id = "C-none", HolderId = "", PolicyId = "P-unknown" },
            ],
            [new Core.SurrenderRequest { Id = "S1", PolicyId = "P1" }],
            [new Core.Complaint { Id = "M1", HolderId = "H3" }]);
        var seen = new List<(string Id, string Holder, string Type)>();
        HolderAttribution.ForEach(records, (r, h, type, _) => seen.Add((r.Id, h, type)));
        Assert.Equal(
            [("H1", "H1", "policyholder"), ("C-own", "H2", "contact_change"), ("C-policy", "H1", "contact_change"),
             ("S1", "H1", "surrender_request"), ("M1", "H3", "complaint")],
            seen);
    }
}
