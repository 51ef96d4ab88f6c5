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
    IReadOnlyList<RingChange> Changes)
{
    /// <summary>
    /// The shared values the run measured (those named by many holders, and the controllers), each with the role it was
    /// given by how it is used and why; <c>run.json</c>'s <c>value_roles</c>. Empty for runs made before roles existed.
    /// </summary>
    public IReadOnlyList<SharedValueRole> ValueRoles { get; init; } = [];

    /// <summary>How many of all the values named by two or more holders the run gave each role (most of them are not in <see cref="ValueRoles"/>).</summary>
    public IReadOnlyList<ValueRoleCount> ValueRoleCounts { get; init; } = [];
}

/// <summary>How many shared values an analysis run gave one role (<see cref="SharedValueRole.Role"/>'s words, and <c>allowlisted</c>).</summary>
public sealed record ValueRoleCount(string Role, int Values);

/// <summary>
/// What a value shared by several holders is, judged by how all its holders use it (issue 11): a ring's
/// <c>controller</c>, <c>infrastructure</c> (a branch terminal, an office or carrier IP, a hotline), a <c>family</c>'s or an
/// <c>employer</c>'s, an agent's own (<c>agent_contact</c>), or <c>ordinary</c>; with the measurements behind the verdict.
/// Field names and words are those of <c>run.json</c>'s <c>value_roles</c>.
/// </summary>
/// <param name="EntityType">phone, bank_account, address, email, device, ip, representative, template (as in ring_members.csv).</param>
/// <param name="EntityId">The normalized value (unmasked: mask before showing).</param>
/// <param name="Role">controller, infrastructure, agent_contact, family, employer or ordinary.</param>
/// <param name="Why">One sentence saying which measurement decided the role.</param>
/// <param name="Households">Holders who registered the value themselves count once (a family, an employer's staff).</param>
/// <param name="TakeoverHouseholds">Households tied to it by a record someone else may have made for them.</param>
/// <param name="ActiveHouseholds">Households switched to it, paid out to it or represented by it.</param>
/// <param name="OwnRegistrations">Holders who registered it themselves.</param>
/// <param name="TopAgentShare">Share of its holders sold by one agent.</param>
/// <param name="TimedObserved">Households that surrendered within <paramref name="TimedWindowDays"/> of the records tying them to it.</param>
/// <param name="TimedExpected">The same, expected at the insurer's own rates.</param>
/// <param name="TimedDecades">−log10 of the chance of that timing (0: nothing unusual).</param>
public sealed record SharedValueRole(
    string EntityType,
    string EntityId,
    string Role,
    string Why,
    int Holders,
    int Households,
    int TakeoverHouseholds,
    int ActiveHouseholds,
    int OwnRegistrations,
    int Cities,
    double TopAgentShare,
    int TimedObserved,
    double TimedExpected,
    int TimedWindowDays,
    double TimedDecades);
