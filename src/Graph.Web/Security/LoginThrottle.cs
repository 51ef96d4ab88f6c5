using System.Collections.Concurrent;

namespace Graph.Web.Security;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins for one user name within
/// <see cref="Window"/>, that name is refused (429) until the window has passed since the last failure. A success
/// clears the count. Kept in memory: a restart forgets it, which is acceptable for a handful of SIU users.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Last)> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when this name may try now.</summary>
    public bool MayTry(string name)
    {
        if (!_failures.TryGetValue(name, out var f)) return true;
        if (clock.GetUtcNow() - f.Last >= Window)
        {
            _failures.TryRemove(new KeyValuePair<string, (int, DateTimeOffset)>(name, f));
            return true;
        }
        return f.Failures < MaxFailures;
    }

    public void Failed(string name)
    {
        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(name, _ => (1, now), (_, f) => (now - f.Last >= Window ? 1 : f.Failures + 1, now));
    }

    public void Succeeded(string name) => _failures.TryRemove(name, out _);
}
