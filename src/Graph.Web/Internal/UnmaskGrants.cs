using System.Collections.Concurrent;

namespace Graph.Web.Internal;

/// <summary>
/// The rings a supervisor has unmasked, each for a limited time: an audited <c>POST /api/rings/{id}/unmask</c> grants
/// that user the ring's node records in full until the grant expires (or the user logs out, or the server stops: it is
/// held in memory only). One audit entry per grant; reads under it are not audited again. A grant names one user and
/// one ring, so it never unmasks another ring's nodes or another user's view.
/// </summary>
internal sealed class UnmaskGrants(TimeProvider clock, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<(string User, string RingId), DateTimeOffset> _until = new();

    public TimeSpan Lifetime => lifetime;

    /// <summary>Grants <paramref name="user"/> ring <paramref name="ringId"/> unmasked until now + lifetime; returns that time.</summary>
    public DateTimeOffset Grant(string user, string ringId)
    {
        var until = clock.GetUtcNow() + lifetime;
        _until[(user, ringId)] = until;
        return until;
    }

    /// <summary>True while <paramref name="user"/> holds an unexpired grant for <paramref name="ringId"/>.</summary>
    public bool Holds(string user, string ringId)
    {
        if (!_until.TryGetValue((user, ringId), out var until)) return false;
        if (clock.GetUtcNow() < until) return true;
        _until.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>((user, ringId), until));
        return false;
    }

    /// <summary>Drops every grant of <paramref name="user"/> (at log-out).</summary>
    public void Revoke(string user)
    {
        foreach (var key in _until.Keys)
            if (string.Equals(key.User, user, StringComparison.Ordinal)) _until.TryRemove(key, out _);
    }
}
