using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Evidence;
using Graph.Ingest;
using Graph.Pipeline;
using Graph.Storage;
using Graph.Synthetic;
using Graph.Web.Internal;
using Graph.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Graph.Web.Tests;

/// <summary>
/// One real store for the whole collection: a generated insurer of 3,000 holders, loaded and analysed by the real
/// pipeline, plus one complaint whose text is a <c>&lt;script&gt;</c> filed by a victim of <see cref="Ring"/>. Two
/// explorers run over it in memory (WebApplicationFactory): one with an analyst and a supervisor, one without users
/// (the loopback user <c>local</c>).
/// </summary>
public sealed class ExplorerFixture : IDisposable
{
    public const string ScriptText = "<script>alert('xss')</script> 我要求全额退保";
    public const string ScriptComplaintId = "M-XSS-000001";
    /// <summary>A holder outside every ring whose free-text fields hide <see cref="DisguisedNumbers"/> in full-width, spaced, zero-width and reversed forms.</summary>
    public const string DisguisedHolder = "HW-000001";

    /// <summary>The full numbers hidden in <see cref="DisguisedHolder"/>'s free text (a mobile, an id number, a card).</summary>
    public static readonly string[] DisguisedNumbers = ["13767610098", "110105199001011234", "6222021234567890"];

    /// <summary>Free text holding <see cref="DisguisedNumbers"/> as an attacker or an unlucky clerk would type them.</summary>
    public const string DisguisedText =
        "请回电１３７６７６１００９８或１３７ ６７６１ ００９８、137\u200B6761\u200B0098、tel13767610098，" +
        "身份证１１０１０５１９９００１０１１２３４，卡号6222－0212－3456－7890、6222\u202E021234567890。";

    public const string AnalystPassword = "analyst-password-1";
    public const string SupervisorPassword = "supervisor-password-1";

    public ExplorerFixture()
    {
        (Work, StorePath, var analysed, Run) = TestStores.Analysed("fg-web-", holders: 3_000, seed: 7);
        using (var store = analysed)
        {
            // The largest flagged ring: most members, most records to leak.
            Ring = Run.Rings.Where(r => r.Flagged).OrderByDescending(r => r.Members.Count).ThenBy(r => r.RingId, StringComparer.Ordinal).First();
            Victims = Ring.Members.Where(m => m.Role == MemberRole.Victim && m.EntityType == "holder").Select(m => m.EntityId).ToList();
            ScriptHolder = Victims[0];
            using (var load = store.BeginLoad(new LoadInfo("xss-complaint", "test", DateTimeOffset.UtcNow)))
            {
                load.Write([new Complaint { Id = ScriptComplaintId, HolderId = ScriptHolder, FiledAt = DateTimeOffset.Parse("2024-05-01T10:00:00+08:00"), Channel = ComplaintChannel.Online, Text = ScriptText }]);
                load.Commit();
            }
            using (var load = store.BeginLoad(new LoadInfo("disguised-numbers", "test", DateTimeOffset.UtcNow)))
            {
                load.Write([new Policyholder { Id = DisguisedHolder, Name = "赵钱孙", City = DisguisedText }]);
                load.Write([new Policy { Id = "PW-000001", HolderId = DisguisedHolder, Product = DisguisedText }]);
                load.Write([new SurrenderRequest { Id = "SW-000001", PolicyId = "PW-000001", HolderId = DisguisedHolder, PayoutBank = DisguisedText, Channel = DisguisedText }]);
                load.Write([new Complaint
                {
                    Id = "MW-000001", HolderId = DisguisedHolder, PolicyId = "PW-000001", Demand = DisguisedText, Text = DisguisedText,
                    Extra = new Dictionary<string, string> { ["note"] = DisguisedText },
                }]);
                load.Commit();
            }
            Records = store.ReadHolderRecords(Victims);
        }

        // A low iteration count keeps the tests quick; the count is part of the hash, so the code path is the real one.
        Users =
        [
            new ExplorerUser("analyst1", ExplorerRoles.Analyst, PasswordHash.Create(AnalystPassword, 1_000)),
            new ExplorerUser("super1", ExplorerRoles.Supervisor, PasswordHash.Create(SupervisorPassword, 1_000)),
            new ExplorerUser("guessed1", ExplorerRoles.Analyst, PasswordHash.Create(AnalystPassword, 1_000)),
        ];
        WithUsers = new ExplorerFactory(Options(), Users);
        Local = new ExplorerFactory(Options(), []);
    }

    public string Work { get; }
    public string StorePath { get; }
    public AnalysisRun Run { get; }
    public Ring Ring { get; }
    public List<string> Victims { get; }
    public string ScriptHolder { get; }
    public HolderRecords Records { get; }
    public IReadOnlyList<ExplorerUser> Users { get; }

    /// <summary>An explorer with users analyst1 and super1: every caller logs in.</summary>
    public ExplorerFactory WithUsers { get; }

    /// <summary>An explorer without users: everyone is the loopback analyst <c>local</c>.</summary>
    public ExplorerFactory Local { get; }

    public ExplorerOptions Options() => new()
    {
        Store = StorePath,
        ExportFolder = Path.Combine(Work, "exports"),
        ReportTools = ReportTools.None,
        RunCheckInterval = TimeSpan.Zero,
    };

    /// <summary>Every personal value of the ring's victims as loaded: raw and normalized phones, id numbers, accounts, and names of three or more characters.</summary>
    public IReadOnlyList<string> RawPersonalValues()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? v, int min = 7)
        {
            if (!string.IsNullOrWhiteSpace(v) && v.Length >= min) values.Add(v);
        }
        void AddN(Normalized n) { Add(n.Raw); Add(n.Value); }
        foreach (var h in Records.Holders) { AddN(h.Phone); AddN(h.IdNumber); Add(h.Name, 3); }
        foreach (var a in Records.Agents) { AddN(a.Phone); AddN(a.IdNumber); }
        foreach (var c in Records.ContactChanges) if (c.Field is ContactField.Phone or ContactField.BankAccount) { AddN(c.OldValue); AddN(c.NewValue); }
        foreach (var s in Records.SurrenderRequests)
        {
            AddN(s.ContactPhone); AddN(s.PayoutAccount);
            if (s.Representative is { } r) { AddN(r.Phone); AddN(r.IdNumber); }
        }
        foreach (var c in Records.Complaints)
        {
            AddN(c.ContactPhone);
            if (c.Representative is { } r) { AddN(r.Phone); AddN(r.IdNumber); }
        }
        foreach (var m in Ring.Members) if (m.EntityType is "phone" or "bank_account") Add(m.EntityId);
        return [.. values];
    }

    public void Dispose()
    {
        WithUsers.Dispose();
        Local.Dispose();
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The stores the tests build: a generated insurer loaded and analysed by the real pipeline.</summary>
internal static class TestStores
{
    /// <summary>
    /// Generates <paramref name="holders"/> holders (seed <paramref name="seed"/>) into a new temporary folder named
    /// <paramref name="prefix"/>…, loads and analyses them. The store is returned open, for the caller's additions.
    /// </summary>
    public static (string Work, string StorePath, IGraphStore Store, AnalysisRun Run) Analysed(string prefix, int holders, int seed)
    {
        var work = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(work, "data");
        new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed }).Generate(data, Path.Combine(work, "truth.json"));
        var storePath = Path.Combine(work, "store.db");
        var store = GraphStores.Open(storePath);
        new FolderLoader(store).Load(data);
        var run = new AnalysisRunner(store, new DetectionOptions()).Run(null).Run;
        return (work, storePath, store, run);
    }
}

/// <summary>The explorer's own entry point in memory, its context replaced by one over the fixture's store.</summary>
public sealed class ExplorerFactory(ExplorerOptions options, IReadOnlyList<ExplorerUser> users, ILoggerProvider? logs = null) : WebApplicationFactory<Program>
{
    /// <summary>
    /// The caller's address the server sees; the in-memory server leaves it empty, and the built-in user <c>local</c>
    /// is only for loopback callers. Default 127.0.0.1.
    /// </summary>
    public IPAddress RemoteAddress { get; init; } = IPAddress.Loopback;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ExplorerContext(options, users, null));
            services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(RemoteAddress));
        });
        if (logs is not null) builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
    }

    /// <summary>A client with a cookie jar and the anti-forgery header set (fetched from /api/session).</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        await RefreshTokenAsync(client);
        return client;
    }

    /// <summary>A client logged in as <paramref name="user"/>, its anti-forgery header renewed for the new identity.</summary>
    public async Task<HttpClient> LoginAsync(string user, string password)
    {
        var client = await ClientAsync();
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("user", user), new("password", password)]));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await RefreshTokenAsync(client);
        return client;
    }

    public static async Task RefreshTokenAsync(HttpClient client)
    {
        using var session = await client.GetFromJsonAsync<JsonDocument>("/api/session");
        client.DefaultRequestHeaders.Remove("X-XSRF-TOKEN");
        client.DefaultRequestHeaders.Add("X-XSRF-TOKEN", session!.RootElement.GetProperty("antiforgeryToken").GetString());
    }
}

/// <summary>Sets every request's remote address before the explorer's own middleware runs.</summary>
internal sealed class RemoteAddressFilter(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, inner) =>
        {
            http.Connection.RemoteIpAddress = address;
            return inner(http);
        });
        next(app);
    };
}

[CollectionDefinition(Name)]
public sealed class ExplorerCollection : ICollectionFixture<ExplorerFixture>
{
    public const string Name = "explorer store";
}
