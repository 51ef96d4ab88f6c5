namespace Graph.Core;

/// <summary>Role of a ring member (CONTRACT.md section 2, <c>ring_members.csv</c>).</summary>
public enum MemberRole { Victim, Controller, Agent }

/// <summary>
/// One named reason of a ring's score: what was measured, how much it weighs, what it contributed, and the
/// record ids an analyst (or a court) can check.
/// </summary>
/// <remarks>
/// A reason measured against the insurer's own base rates also says what was <see cref="Observed"/>, what was
/// <see cref="Expected"/> at those rates (the same unit: holders, records, days), and the <see cref="Chance"/> of
/// seeing at least that much by chance (a one-sided tail probability). Reasons that are not such a comparison
/// leave the three null.
/// </remarks>
public sealed record RingReason(
    string Code,
    string Description,
    double Weight,
    double Value,
    double Contribution,
    IReadOnlyList<string> SupportingRecords)
{
    /// <summary>What was measured on the ring (a count of holders or records, or days), or null.</summary>
    public double? Observed { get; init; }

    /// <summary>What the insurer's own base rates lead one to expect for the same holders, or null.</summary>
    public double? Expected { get; init; }

    /// <summary>Probability of observing at least <see cref="Observed"/> when <see cref="Expected"/> is right, or null.</summary>
    public double? Chance { get; init; }
}

/// <param name="EntityType">holder, phone, bank_account, address, email, device, ip, representative, agent, template.</param>
/// <param name="EntityId">The normalized value or record id (unmasked: mask before showing).</param>
public sealed record RingMember(string EntityType, string EntityId, MemberRole Role, int EvidenceCount);

public sealed record Ring(
    string RingId,
    double Score,
    bool Flagged,
    int Holders,
    int Controllers,
    decimal SurrenderAmount,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    IReadOnlyList<RingReason> Reasons,
    IReadOnlyList<RingMember> Members);

/// <summary>How a ring of this run relates to the previous run's rings (identity matching by victim Jaccard).</summary>
public enum RingLineage { New, Continued, Merged, Split }

public sealed record RingChange(string RingId, RingLineage Lineage, IReadOnlyList<string> PreviousRingIds);

public sealed record AnalysisRunSummary(string RunId, DateTimeOffset StartedAt, string InputFingerprint, int Rings, int Flagged);

public sealed record AnalysisRun(
    string RunId,
    DateTimeOffset StartedAt,
    string InputFingerprint,
    string ParametersJson,
    IReadOnlyList<Ring> Rings,
    IReadOnlyList<RingChange> Changes);
