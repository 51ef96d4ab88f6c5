using System.Security.Claims;
using System.Text.Encodings.Web;
using Graph.Web.Internal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Graph.Web.Security;

/// <summary>
/// Who the caller is. With configured users: a cookie from <c>POST /login</c> (HttpOnly, SameSite=Strict). Without:
/// the built-in analyst <c>local</c>, allowed only because the server then listens on loopback alone
/// (<see cref="ExplorerOptions.Validate"/>). One policy scheme picks between the two per request.
/// </summary>
internal static class ExplorerAuth
{
    public const string Scheme = "Explorer";
    public const string LocalScheme = "ExplorerLocal";
    public const string CookieName = ".FraudGraph.Explorer";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public static void AddExplorerAuth(this IServiceCollection services, ExplorerOptions options, IReadOnlyList<ExplorerUser> users)
    {
        var secure = CookiePolicy(options, users);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Explorer user", o => o.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<ExplorerContext>().LoginRequired ? CookieAuthenticationDefaults.AuthenticationScheme : LocalScheme)
            .AddScheme<AuthenticationSchemeOptions, LocalUserHandler>(LocalScheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = secure;
                o.ExpireTimeSpan = options.SessionIdleTimeout;
                o.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = ".FraudGraph.Antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
        });
    }

    /// <summary>
    /// Secure cookies (<see cref="CookieSecurePolicy.Always"/>) when there are logins and the server has an https://
    /// address. Otherwise a cookie is Secure only when its request came over HTTPS to this server: forwarded headers are
    /// not trusted, so behind a TLS proxy that talks plain http to the explorer the cookies are not marked Secure
    /// (docs/explorer.md says so). Plain http on loopback (the browser tests, a local run) keeps working.
    /// </summary>
    public static CookieSecurePolicy CookiePolicy(ExplorerOptions options, IReadOnlyList<ExplorerUser> users)
    {
        if (users.Count == 0) return CookieSecurePolicy.SameAsRequest;
        foreach (var url in options.Urls)
            if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return CookieSecurePolicy.Always;
        return CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>An endpoint filter: 400 unless the request carries a valid anti-forgery token (header <c>X-XSRF-TOKEN</c>).</summary>
    public static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        try
        {
            await antiforgery.ValidateRequestAsync(context.HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token",
                detail: $"Send the {AntiforgeryHeader} header with the antiforgeryToken of GET /api/session (fetch it again after logging in or out).");
        }
        return await next(context);
    }

    /// <summary>
    /// A caller: name, role, and <see cref="ClaimTypes.Sid"/>, an id of this login (random, drawn at each log-in), so
    /// what is given to a login (an unmask grant) is not shared with the same user's other logins.
    /// </summary>
    public static ClaimsPrincipal Principal(string name, string role, string scheme, string session) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Role, role),
            new Claim(ClaimTypes.Sid, session)], scheme));

    /// <summary><c>GET /api/session</c>, <c>POST /login</c>, <c>POST /logout</c>.</summary>
    public static void MapExplorerAuth(this WebApplication app)
    {
        app.MapGet("/api/session", (HttpContext http, ExplorerContext explorer, IAntiforgery antiforgery) =>
        {
            var user = http.User;
            bool signedIn = user.Identity?.IsAuthenticated == true;
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Ok(new SessionDto(
                signedIn ? ExplorerContext.UserName(user) : null,
                signedIn ? (ExplorerContext.IsSupervisor(user) ? ExplorerRoles.Supervisor : ExplorerRoles.Analyst) : null,
                signedIn && ExplorerContext.IsSupervisor(user),
                !signedIn,
                tokens.RequestToken!,
                signedIn ? explorer.Rings.Current()?.Run.RunId : null,
                signedIn ? explorer.Store.Location : null));
        });

        app.MapPost("/login", async (HttpContext http, ExplorerContext explorer, ILoggerFactory loggers) =>
        {
            if (!explorer.LoginRequired)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No users are configured",
                    detail: $"This explorer listens on loopback only and everyone is the analyst '{LocalUser.Name}'; start it with --users FILE to have logins.");
            if (!http.Request.HasFormContentType)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Log in with a form", detail: "POST form fields user and password.");
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            string name = form["user"].ToString();
            string password = form["password"].ToString();
            var log = loggers.CreateLogger("Graph.Web.Login");
            // The attempt counts before the password is checked: parallel guesses cannot all slip in under the limit.
            if (!explorer.Logins.TryReserve(name))
            {
                ExplorerLog.LoginFailed(log, name.Length);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed logins",
                    detail: $"Too many failed logins for this name; try again in {LoginThrottle.Window.TotalMinutes:0} minutes.");
            }
            // A password check is a deliberately slow hash: only a few at once, whoever asks, so anonymous posts
            // cannot take every core.
            bool free;
            try
            {
                free = await explorer.PasswordChecks.WaitAsync(PasswordCheckWait, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                explorer.Logins.Release(name);
                throw;
            }
            if (!free)
            {
                explorer.Logins.Release(name);
                http.Response.Headers.RetryAfter = "2";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy checking other logins", detail: "Try again in a moment.");
            }
            ExplorerUser? user;
            bool ok = false;
            try
            {
                user = explorer.FindUser(name);
                if (user is not null) ok = PasswordHash.Verify(password, user.PasswordHash);
                else PasswordHash.Verify(password, DummyHash.Value); // an unknown name costs a hash too: timing does not tell which names exist
            }
            finally
            {
                explorer.PasswordChecks.Release();
            }
            if (!ok || user is null)
            {
                ExplorerLog.LoginFailed(log, name.Length);
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown user or wrong password");
            }
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                Principal(user.Name, user.Role, CookieAuthenticationDefaults.AuthenticationScheme, Guid.NewGuid().ToString("N")));
            explorer.Logins.Succeeded(name);
            ExplorerLog.LoggedIn(log, user.Name, user.Role);
            return Results.Ok(new LoginDto(user.Name, user.Role, user.Role == ExplorerRoles.Supervisor));
        }).AddEndpointFilter(RequireAntiforgery);

        app.MapPost("/logout", async (HttpContext http, ExplorerContext explorer) =>
        {
            // Unmask grants end with the login that was given them.
            explorer.Unmasks.Revoke(ExplorerContext.Session(http.User));
            if (explorer.LoginRequired) await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).AddEndpointFilter(RequireAntiforgery);
    }

    /// <summary>How long a login waits for a free password check before it is told to come back (503).</summary>
    public static readonly TimeSpan PasswordCheckWait = TimeSpan.FromSeconds(5);

    private static readonly Lazy<string> DummyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString("N")));
}

/// <summary>Authenticates every request from a loopback address as the analyst <c>local</c>; used only when no users are configured.</summary>
internal sealed class LocalUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.RequestServices.GetRequiredService<ExplorerContext>().LoginRequired) return Task.FromResult(AuthenticateResult.NoResult());
        // Validate only sees the configured URLs; configuration (a Kestrel endpoints section) can still bind beyond
        // loopback. The built-in user is for this machine's own callers, whatever the server ended up listening on.
        if (!ExplorerApp.IsLoopbackCaller(Context.Connection.RemoteIpAddress)) return Task.FromResult(AuthenticateResult.NoResult());
        var principal = ExplorerAuth.Principal(LocalUser.Name, ExplorerRoles.Analyst, Scheme.Name, LocalUser.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }
}
