using System.Net;
using Graph.Evidence;
using Graph.Web.Security;
using Microsoft.Extensions.Configuration;

namespace Graph.Web;

/// <summary>
/// How the explorer (<c>fraudgraph serve</c>) runs: which store, which addresses, which users. Defaults: the store
/// <c>fraudgraph.db</c>, <c>http://127.0.0.1:5080</c>, no users (then only loopback binds are allowed and the caller
/// is the built-in analyst <c>local</c>, who sees masked data only).
/// </summary>
public sealed class ExplorerOptions
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The store as <c>--store</c> names it: a SQLite file path or a Neo4j address.</summary>
    public string Store { get; set; } = "fraudgraph.db";

    /// <summary>The Neo4j database when <see cref="Store"/> is a Neo4j address.</summary>
    public string? Database { get; set; }

    /// <summary>Addresses to listen on (Kestrel URLs); port 0 picks a free port.</summary>
    public IList<string> Urls { get; set; } = [DefaultUrl];

    /// <summary>A JSON users file (<see cref="ExplorerUsers"/>), read at start; its users are added to <see cref="Users"/>.</summary>
    public string? UsersFile { get; set; }

    /// <summary>Configured users. When there are any, every caller logs in; when none, only loopback binds are allowed.</summary>
    public IList<ExplorerUser> Users { get; set; } = [];

    /// <summary>Where evidence packages made from the explorer go; default <c>explorer-exports</c> beside a SQLite store (else the current folder).</summary>
    public string? ExportFolder { get; set; }

    /// <summary>The pages' folder; default <c>wwwroot</c> beside the running executable.</summary>
    public string? WebRoot { get; set; }

    /// <summary>Graphviz and Chromium for evidence packages; null detects them on PATH.</summary>
    public ReportTools? ReportTools { get; set; }

    /// <summary>How often at most the store is asked whether a newer analysis run has appeared.</summary>
    public TimeSpan RunCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Read the latest run into memory in the background as the server starts, so the first ring list answers as fast
    /// as the rest (default true; the benchmark turns it off to time a cold first request).
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// How long a supervisor's unmask of a ring also unmasks the node records of that ring's members (one audit entry
    /// per unmask; default 15 minutes).
    /// </summary>
    public TimeSpan UnmaskGrantLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a login lasts without activity.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Options from configuration: section <c>Explorer</c> (<c>Store</c>, <c>Database</c>, <c>Urls</c> as a list or
    /// a <c>;</c>-separated string, <c>UsersFile</c>, <c>Users</c>, <c>ExportFolder</c>, <c>WebRoot</c>).
    /// </summary>
    public static ExplorerOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Explorer");
        var options = new ExplorerOptions();
        if (section["Store"] is { Length: > 0 } store) options.Store = store;
        options.Database = section["Database"];
        if (section["Urls"] is { Length: > 0 } urls) options.Urls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        else if (section.GetSection("Urls").GetChildren().Select(c => c.Value).OfType<string>()
                     .SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() is { Count: > 0 } list) options.Urls = list;
        options.UsersFile = section["UsersFile"];
        options.ExportFolder = section["ExportFolder"];
        options.WebRoot = section["WebRoot"];
        foreach (var user in section.GetSection("Users").GetChildren())
            options.Users.Add(new ExplorerUser(user["Name"] ?? "", user["Role"] ?? "", user["PasswordHash"] ?? ""));
        return options;
    }

    /// <summary>The configured users plus those of <see cref="UsersFile"/>.</summary>
    /// <exception cref="ExplorerConfigurationException">The users file cannot be read or is invalid.</exception>
    public IReadOnlyList<ExplorerUser> AllUsers()
    {
        var users = new List<ExplorerUser>(Users);
        if (!string.IsNullOrWhiteSpace(UsersFile)) users.AddRange(ExplorerUsers.Load(UsersFile));
        return users;
    }

    /// <summary>
    /// Every problem with these options, each saying how to fix it; empty when valid. Binding to anything but
    /// loopback without users is a problem: the store's personal data would be open to the network.
    /// </summary>
    public IReadOnlyList<string> Validate(IReadOnlyList<ExplorerUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Store)) errors.Add("No store: give --store FILE.");
        if (Urls.Count == 0) errors.Add("No address to listen on: give --urls http://127.0.0.1:5080.");
        foreach (var url in Urls)
        {
            // Kestrel splits a URL on ';' itself: "http://127.0.0.1:0/;http://0.0.0.0:0" would pass here as loopback
            // and then also bind 0.0.0.0. Each address is checked on its own or not at all.
            if (url is not null && url.Contains(';', StringComparison.Ordinal))
                errors.Add($"'{url}' holds more than one address (';'); give each address separately.");
            else if (!TryHost(url!, out var host))
                errors.Add($"'{url}' is not an address to listen on (expected e.g. http://127.0.0.1:5080).");
            else if (!IsLoopback(host) && users.Count == 0)
                errors.Add($"Refusing to listen on {url}: it is reachable from other machines and no users are configured. " +
                           "Configure users (--users FILE, see `fraudgraph serve --hash-password`) or listen on http://127.0.0.1 only.");
        }
        errors.AddRange(ExplorerUsers.Validate(users));
        if (RunCheckInterval < TimeSpan.Zero) errors.Add("RunCheckInterval must not be negative.");
        if (SessionIdleTimeout <= TimeSpan.Zero) errors.Add("SessionIdleTimeout must be positive.");
        return errors;
    }

    /// <summary>The host part of a Kestrel URL (<c>*</c> and <c>+</c> kept as they are).</summary>
    internal static bool TryHost(string url, out string host)
    {
        host = "";
        if (string.IsNullOrWhiteSpace(url)) return false;
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0) return false;
        var rest = url[(scheme + 3)..];
        int slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close < 0) return false;
            host = rest[1..close];
            return true;
        }
        int colon = rest.LastIndexOf(':');
        host = colon >= 0 ? rest[..colon] : rest;
        return host.Length > 0;
    }

    /// <summary>True for <c>localhost</c> and loopback IP addresses; false for wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>) and names.</summary>
    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    internal string ResolveExportFolder()
    {
        if (!string.IsNullOrWhiteSpace(ExportFolder)) return Path.GetFullPath(ExportFolder);
        var beside = Graph.Storage.GraphStores.IsServer(Store) ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(Store)) ?? Directory.GetCurrentDirectory();
        return Path.Combine(beside, "explorer-exports");
    }

    internal string ResolveWebRoot() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(WebRoot) ? Path.Combine(AppContext.BaseDirectory, "wwwroot") : WebRoot);
}

/// <summary>The explorer cannot start as configured; the message says what to change.</summary>
public sealed class ExplorerConfigurationException(string message) : Exception(message);
