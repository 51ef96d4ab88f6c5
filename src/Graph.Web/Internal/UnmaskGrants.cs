using System.Collections.Concurrent;

namespace Graph.Web.Internal;

/// <summary>
/// The rings a supervisor has unmasked, each for a limited time: an audited <c>POST /api/rings/{id}/unmask</c> grants
/// that login (the session id of <see cref="ExplorerContext.Session"/>, not just the session name) the ring's node records
/// in full until the grant expires (or that login ends, or the server stops: it is held in memory only). One audit
/// entry per grant; reads under it are not audited again. A grant names one login and one ring, so it never unmasks
/// another ring's nodes, another session's view, or the same session's other logins.
/// </summary>
internal sealed class UnmaskGrants(TimeProvider clock, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<(string Session, string RingId), DateTimeOffset> _until = new();

    public TimeSpan Lifetime => lifetime;

    /// <summary>Grants <paramref name="session"/> ring <paramref name="ringId"/> unmasked until now + lifetime; returns that time.</summary>
    public DateTimeOffset Grant(string session, string ringId)
    {
        var until = clock.GetUtcNow() + lifetime;
        _until[(session, ringId)] = until;
        return until;
    }

    /// <summary>True while <paramref name="session"/> holds an unexpired grant for <paramref name="ringId"/>.</summary>
    public bool Holds(string session, string ringId)
    {
        if (!_until.TryGetValue((session, ringId), out var until)) return false;
        if (clock.GetUtcNow() < until) return true;
        _until.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>((session, ringId), until));
        return false;
    }

    /// <summary>Drops every grant of <paramref name="session"/> (at log-out).</summary>
    public void Revoke(string session)
    {
        foreach (var key in _until.Keys)
            if (string.Equals(key.Session, session, StringComparison.Ordinal)) _until.TryRemove(key, out _);
    }
}
