using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Graph.Storage;
using Graph.Web.Endpoints;
using Graph.Web.Internal;
using Graph.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Graph.Web;

/// <summary>
/// The SIU web explorer (<c>fraudgraph serve</c>): the pages in <c>wwwroot</c> and the JSON API of
/// <c>docs/explorer-api.md</c> over a graph store. <c>Build</c> makes the application (the CLI runs it);
/// <see cref="StartAsync"/> starts one on a given address and hands back its bound address (tests, benchmarks).
/// </summary>
public static class ExplorerApp
{
    /// <summary>
    /// Reads the users (<see cref="ExplorerOptions.AllUsers"/>: the users file, once) and checks the options
    /// (<see cref="ExplorerOptions.Validate"/>); returns the users for the <c>Build</c> that takes them.
    /// The CLI calls it before it opens the store.
    /// </summary>
    /// <exception cref="ExplorerConfigurationException">The users file cannot be read, or the options are invalid (every problem, one a line).</exception>
    public static IReadOnlyList<ExplorerUser> Check(ExplorerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var users = options.AllUsers();
        ThrowIfInvalid(options, users);
        return users;
    }

    /// <summary>
    /// Builds the explorer. <paramref name="store"/> is used as given (and left open) when not null; otherwise
    /// <see cref="ExplorerOptions.Store"/> is opened on first use and closed with the application.
    /// </summary>
    /// <exception cref="ExplorerConfigurationException">The options are invalid, e.g. a non-loopback address without users (every problem listed).</exception>
    public static WebApplication Build(ExplorerOptions options, IGraphStore? store = null, string[]? args = null, Action<WebApplicationBuilder>? configure = null) =>
        Build(options, Check(options), store, args, configure);

    /// <summary>
    /// Builds the explorer with the users <see cref="Check"/> returned (the users file is not read again; the options
    /// are still checked against them, which reads nothing).
    /// </summary>
    /// <exception cref="ExplorerConfigurationException">The options are invalid (every problem listed).</exception>
    public static WebApplication Build(ExplorerOptions options, IReadOnlyList<ExplorerUser> users, IGraphStore? store, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        ThrowIfInvalid(options, users);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = options.ResolveWebRoot(),
        });
        builder.WebHost.UseUrls([.. options.Urls]);
        // https:// addresses take their certificate from configuration (Kestrel__Certificates__Default__Path and
        // __Password in the environment); the slim builder leaves HTTPS out unless asked.
        builder.WebHost.UseKestrelHttpsConfiguration();
        // The framework's request logs carry query strings (a search term); personal data never goes to a log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(_ => new ExplorerContext(options, users, store));
        // Keys live as long as the process: a restart logs everyone out, and no key file is left on disk (so the
        // "no XML encryptor" warning does not apply).
        builder.Services.AddDataProtection().SetApplicationName("FraudGraph.Explorer");
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryKeyRepository());
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddExplorerAuth(options, users);
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<BoundAddressCheck>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Chinese names stay readable; <, >, &, quotes are still escaped, so no JSON string is ever markup.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use(LoopbackHostOnly);
        app.Use(SecurityHeaders);
        var webRoot = options.ResolveWebRoot();
        bool pages = File.Exists(Path.Combine(webRoot, "index.html"));
        if (Directory.Exists(webRoot))
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        // Routing after the static files, so "/" is the pages' index.html rather than a matched endpoint.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapExplorerAuth();
        var reads = app.MapGroup("/api").RequireAuthorization();
        reads.MapRingEndpoints();
        reads.MapNodeEndpoints();
        reads.MapSearchEndpoints();
        reads.MapAuditEndpoint();
        var actions = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter(ExplorerAuth.RequireAntiforgery);
        actions.MapSupervisorEndpoints();
        if (!pages)
        {
            app.MapGet("/", () => Results.Text(
                "FraudGraph explorer: the pages are not built here (src/Graph.Web/wwwroot); the JSON API is under /api (docs/explorer-api.md).\n",
                "text/plain; charset=utf-8"));
        }

        var context = app.Services.GetRequiredService<ExplorerContext>();
        app.Lifetime.ApplicationStopped.Register(context.Dispose);
        if (options.WarmUp)
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Graph.Web");
            app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() =>
            {
                try
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    if (context.Rings.Current() is { } view) ExplorerLog.RunLoaded(log, view.Run.RunId, view.Run.Rings.Count, clock.ElapsedMilliseconds);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The first request reads the run again and reports the problem to its caller.
                    ExplorerLog.WarmUpFailed(log, e.GetType().Name);
                }
            }));
        }
        return app;
    }

    /// <summary>
    /// Starts an explorer on <see cref="ExplorerOptions.Urls"/> (e.g. <c>http://127.0.0.1:0</c> for a free port)
    /// over <see cref="ExplorerOptions.Store"/> (or <paramref name="store"/>), warms the ring cache, and returns once it
    /// answers. Dispose the result to stop it.
    /// </summary>
    public static async Task<ExplorerServer> StartAsync(ExplorerOptions options, IGraphStore? store = null, CancellationToken cancellationToken = default)
    {
        var app = Build(options, store);
        try
        {
            app.Services.GetRequiredService<ExplorerContext>().Rings.Current();
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            if (addresses.Count == 0) throw new InvalidOperationException("The explorer started but reports no address.");
            return new ExplorerServer(app, [.. addresses.Select(a => new Uri(a))]);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static void ThrowIfInvalid(ExplorerOptions options, IReadOnlyList<ExplorerUser> users)
    {
        var errors = options.Validate(users);
        if (errors.Count > 0) throw new ExplorerConfigurationException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>True for a caller on this machine (IPv4, IPv6, or IPv4 mapped into IPv6 loopback); false when unknown.</summary>
    internal static bool IsLoopbackCaller(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    /// <summary>True for a Host header naming this machine: <c>localhost</c>, <c>127.0.0.1</c> or <c>[::1]</c>, any port.</summary>
    internal static bool IsLoopbackHost(HostString host) =>
        host.HasValue && (string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase) || host.Host is "127.0.0.1" or "[::1]");

    /// <summary>
    /// Without users, nothing but a page of this machine may talk to the explorer: a Host header naming another site is
    /// DNS rebinding (a page of attacker.example whose name now resolves to 127.0.0.1), answered 400 before any data.
    /// </summary>
    private static Task LoopbackHostOnly(HttpContext http, Func<Task> next)
    {
        if (http.RequestServices.GetRequiredService<ExplorerContext>().LoginRequired || IsLoopbackHost(http.Request.Host)) return next();
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unexpected Host header",
            detail: "Without users this explorer answers only requests for localhost, 127.0.0.1 or [::1]; behind a reverse proxy, start it with --users FILE.")
            .ExecuteAsync(http);
    }

    private static async Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // No inline script, no eval, nothing from elsewhere: data from the store can never run as script in a page.
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        // Personal data is never kept in a browser or proxy cache. Set as the response starts, so the anti-forgery
        // system's own no-cache headers (GET /api/session) stand rather than being overridden with a warning.
        if (http.Request.Path.StartsWithSegments("/api"))
            http.Response.OnStarting(static state =>
            {
                var h = ((HttpContext)state).Response.Headers;
                if (string.IsNullOrEmpty(h.CacheControl)) h.CacheControl = "no-store";
                return Task.CompletedTask;
            }, http);
        await next();
    }
}

/// <summary>
/// Once the server listens: without users, every bound address must be loopback. <see cref="ExplorerOptions.Validate"/>
/// checks the URLs it was given, but configuration (a <c>Kestrel:Endpoints</c> section, e.g.
/// <c>Kestrel__Endpoints__X__Url=http://0.0.0.0:0</c>) can replace them; then starting fails and the server stops.
/// </summary>
internal sealed class BoundAddressCheck(IServer server, ExplorerContext context) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (context.LoginRequired) return Task.CompletedTask;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var wide = new List<string>();
        foreach (var a in addresses)
            if (!ExplorerOptions.TryHost(a, out var host) || !ExplorerOptions.IsLoopback(host)) wide.Add(a);
        if (wide.Count > 0)
            throw new ExplorerConfigurationException(
                $"Refusing to serve on {string.Join(", ", wide)}: it is reachable from other machines and no users are configured " +
                "(the address came from configuration, e.g. a Kestrel:Endpoints section). Remove it, or configure users (--users FILE).");
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A running explorer: its bound addresses. Disposing stops it (and closes a store it opened).</summary>
public sealed class ExplorerServer : IAsyncDisposable
{
    internal ExplorerServer(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        App = app;
        Addresses = addresses;
    }

    /// <summary>The application, for its services.</summary>
    public WebApplication App { get; }

    /// <summary>Every address it listens on, ports resolved.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The first address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address => Addresses[0];

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
