namespace Graph.Web.Security;

/// <summary>
/// Slows password guessing: at most <see cref="MaxFailures"/> attempts per user name within <see cref="Window"/> that
/// did not succeed; then the name is refused (429) until the window has passed since the last attempt. An attempt is
/// counted when it starts (<see cref="TryReserve"/>), before the password is checked, so parallel guesses cannot all
/// pass the check first; a success clears the count. At most <see cref="MaxNames"/> names are tracked (expired ones are
/// dropped first), so trying endless names cannot grow the memory. Kept in memory: a restart forgets it, which is
/// acceptable for a handful of SIU users.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock, int maxNames = LoginThrottle.MaxNames)
{
    public const int MaxFailures = 5;
    public const int MaxNames = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly Dictionary<string, (int Attempts, DateTimeOffset Last)> _attempts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names tracked now (tests).</summary>
    public int Count
    {
        get { lock (_gate) return _attempts.Count; }
    }

    /// <summary>
    /// Counts an attempt for <paramref name="name"/> and returns true when it may go ahead; false (nothing counted) when
    /// the name has used its attempts, or when the table is full of live names.
    /// </summary>
    public bool TryReserve(string name)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_attempts.TryGetValue(name, out var a) && now - a.Last < Window)
            {
                if (a.Attempts >= MaxFailures) return false;
                _attempts[name] = (a.Attempts + 1, now);
                return true;
            }
            if (!_attempts.ContainsKey(name) && _attempts.Count >= maxNames)
            {
                DropExpired(now);
                // Still full of names tried in the last few minutes: an attack on many names; refuse new ones.
                if (_attempts.Count >= maxNames) return false;
            }
            _attempts[name] = (1, now);
            return true;
        }
    }

    /// <summary>Gives back an attempt reserved but not made (the server was too busy to check the password).</summary>
    public void Release(string name)
    {
        lock (_gate)
        {
            if (!_attempts.TryGetValue(name, out var a)) return;
            if (a.Attempts <= 1) _attempts.Remove(name);
            else _attempts[name] = (a.Attempts - 1, a.Last);
        }
    }

    /// <summary>The right password: the name starts afresh.</summary>
    public void Succeeded(string name)
    {
        lock (_gate) _attempts.Remove(name);
    }

    private void DropExpired(DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var (key, a) in _attempts)
            if (now - a.Last >= Window) (expired ??= []).Add(key);
        if (expired is null) return;
        foreach (var key in expired) _attempts.Remove(key);
    }
}
