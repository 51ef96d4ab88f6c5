using Graph.Core;

namespace Graph.Storage;

/// <summary>
/// The full typed records of some policyholders, as loaded: the holders themselves, their policies, the agents
/// who sold those policies, and every contact change, surrender request and complaint attributed to them (their
/// own, or naming one of their policies). Values are unmasked: mask before showing.
/// </summary>
public sealed record HolderRecords(
    IReadOnlyList<Policyholder> Holders,
    IReadOnlyList<Policy> Policies,
    IReadOnlyList<Agent> Agents,
    IReadOnlyList<ContactChange> ContactChanges,
    IReadOnlyList<SurrenderRequest> SurrenderRequests,
    IReadOnlyList<Complaint> Complaints)
{
    /// <summary>No records.</summary>
    public static readonly HolderRecords Empty = new([], [], [], [], [], []);
}

/// <summary>
/// One entry of the store's audit log: who did something with personal data, when, to which ring, why, and the
/// SHA-256 of what they took away (for an evidence export, of the package's <c>manifest.json</c>).
/// </summary>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Operator">Who did it, as they named themselves (<c>--operator</c>).</param>
/// <param name="Action">What was done, e.g. <c>export-unmasked</c>.</param>
/// <param name="RingId">The ring concerned, or null.</param>
/// <param name="Reason">Why, as given (<c>--reason</c>).</param>
/// <param name="PackageSha256">SHA-256 (hex) of the package manifest, or null.</param>
public sealed record AuditRecord(DateTimeOffset At, string Operator, string Action, string? RingId, string Reason, string? PackageSha256)
{
    /// <summary>
    /// Throws unless who, what and why are given, each as one line: an entry without them proves nothing, and one with
    /// a line break or a direction override could forge another. Every store calls it before writing.
    /// </summary>
    /// <exception cref="ArgumentException">The operator, action or reason is empty, or a field holds control characters.</exception>
    public void ThrowIfIncomplete()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Operator, nameof(Operator));
        ArgumentException.ThrowIfNullOrWhiteSpace(Action, nameof(Action));
        ArgumentException.ThrowIfNullOrWhiteSpace(Reason, nameof(Reason));
        foreach (var (name, value) in new[] { (nameof(Operator), Operator), (nameof(Action), Action), (nameof(Reason), Reason), (nameof(RingId), RingId) })
            if (ControlCharacters.FirstNamed(value) is { } what)
                throw new ArgumentException($"The audit entry's {name} holds {what}; an entry is one line without control characters.", name);
    }
}
