using System.Security.Claims;
using Graph.Evidence;
using Graph.Storage;
using Graph.Web.Security;

namespace Graph.Web.Internal;

/// <summary>
/// Everything the endpoints share, one per server: the options, the users, the store, node ids and the ring cache.
/// The store is opened on first use (and disposed with the server when it was opened here).
/// </summary>
internal sealed class ExplorerContext : IDisposable
{
    private readonly Lazy<IGraphStore> _store;
    private readonly Lazy<RingCache> _rings;
    private readonly Lazy<ReportTools> _tools;
    private readonly bool _ownsStore;

    public ExplorerContext(ExplorerOptions options, IReadOnlyList<ExplorerUser> users, IGraphStore? store)
    {
        Options = options;
        Users = users;
        _ownsStore = store is null;
        _store = store is not null
            ? new Lazy<IGraphStore>(store)
            : new Lazy<IGraphStore>(() => GraphStores.Open(options.Store, database: options.Database), LazyThreadSafetyMode.ExecutionAndPublication);
        _rings = new Lazy<RingCache>(() => new RingCache(Store, options.RunCheckInterval, TimeProvider.System), LazyThreadSafetyMode.ExecutionAndPublication);
        _tools = new Lazy<ReportTools>(() => options.ReportTools ?? ReportTools.Detect(), LazyThreadSafetyMode.ExecutionAndPublication);
        ExportFolder = options.ResolveExportFolder();
        Unmasks = new UnmaskGrants(TimeProvider.System, options.UnmaskGrantLifetime);
    }

    public ExplorerOptions Options { get; }
    public IReadOnlyList<ExplorerUser> Users { get; }
    public IGraphStore Store => _store.Value;
    public NodeIds Ids { get; } = new();
    public LoginThrottle Logins { get; } = new(TimeProvider.System);

    /// <summary>Password checks running at once (PBKDF2 is slow on purpose): at most <see cref="MaxPasswordChecks"/>.</summary>
    public SemaphoreSlim PasswordChecks { get; } = new(MaxPasswordChecks, MaxPasswordChecks);

    public const int MaxPasswordChecks = 2;
    public RingCache Rings => _rings.Value;
    public ReportTools Tools => _tools.Value;
    public string ExportFolder { get; }

    /// <summary>The rings supervisors have unmasked, per login, until each grant expires.</summary>
    public UnmaskGrants Unmasks { get; }

    /// <summary>True when callers must log in (users are configured); false when the caller is the loopback user <c>local</c>.</summary>
    public bool LoginRequired => Users.Count > 0;

    public ExplorerUser? FindUser(string name)
    {
        foreach (var u in Users)
            if (string.Equals(u.Name, name, StringComparison.Ordinal)) return u;
        return null;
    }

    public static string UserName(ClaimsPrincipal user) => user.Identity?.Name ?? "";

    /// <summary>The caller's login (the session id drawn at log-in), which unmask grants belong to.</summary>
    public static string Session(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Sid)?.Value is { Length: > 0 } sid ? sid : "user:" + UserName(user);

    public static bool IsSupervisor(ClaimsPrincipal user) => user.IsInRole(ExplorerRoles.Supervisor);

    public void Dispose()
    {
        if (_ownsStore && _store.IsValueCreated) _store.Value.Dispose();
        PasswordChecks.Dispose();
    }
}
