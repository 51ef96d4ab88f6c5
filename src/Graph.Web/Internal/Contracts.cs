namespace Graph.Web.Internal;

// The JSON shapes of docs/explorer-api.md, serialized camelCase. Strings only ever reach a page as JSON values;
// the serializer escapes <, >, & and quotes, so no response body carries markup from the store.

internal sealed record SessionDto(string? User, string? Role, bool CanUnmask, bool LoginRequired, string AntiforgeryToken, string? RunId, string? StoreLocation);

internal sealed record RingSummaryDto(
    string RingId, double Score, bool Flagged, int Holders, int Controllers, int Agents, decimal SurrenderAmount,
    DateOnly? FirstSeen, DateOnly? LastSeen, string? Lineage, string? TopReason, IReadOnlyList<string> ReasonCodes);

internal sealed record RingListDto(string? RunId, int Total, IReadOnlyList<RingSummaryDto> Rings);

internal sealed record ReasonCountDto(string Code, int Rings);

/// <summary>
/// A reason of the ring's score. <c>observed</c>, <c>expected</c> and <c>chance</c> are null when it is not a comparison
/// with base rates; <c>shown</c> holds the three as the evidence report writes them (<see cref="Graph.Core.ReasonFigures"/>).
/// </summary>
internal sealed record ReasonDto(string Code, string Description, double Weight, double Value, double Contribution, IReadOnlyList<string> SupportingRecords,
    double? Observed, double? Expected, double? Chance, ReasonFiguresDto Shown);

/// <summary>A reason's observed, expected and chance as text: <c>12</c>, <c>0.08</c>, <c>2.4×10⁻²⁵</c>, <c>—</c> when missing.</summary>
internal sealed record ReasonFiguresDto(string Observed, string Expected, string Chance)
{
    public static ReasonFiguresDto Of(Graph.Core.RingReason r) =>
        new(Graph.Core.ReasonFigures.Format(r.Observed), Graph.Core.ReasonFigures.Format(r.Expected), Graph.Core.ReasonFigures.Format(r.Chance));
}

internal sealed record NodeDto(string Id, string Role, string Kind, string Label, DateOnly? FirstSeen, int Degree);

internal sealed record EdgeDto(string Id, string Source, string Target, string Evidence, string RecordId, DateOnly? At);

internal sealed record GraphDto(IReadOnlyList<NodeDto> Nodes, IReadOnlyList<EdgeDto> Edges);

/// <summary>A record named by a reason: which node it belongs to, so the page can point at it.</summary>
internal sealed record RecordRefDto(string Id, string Type, string? Node, DateOnly? At);

internal sealed record RingDetailDto(
    string RingId, string? RunId, double Score, bool Flagged, int Holders, int Controllers, int Agents, decimal SurrenderAmount,
    DateOnly? FirstSeen, DateOnly? LastSeen, string? Lineage, bool Masked, IReadOnlyList<ReasonDto> Reasons,
    IReadOnlyList<RecordRefDto> Records, GraphDto Graph, DateTimeOffset? UnmaskedUntil = null, RingStructureDto? Structure = null);

/// <summary>A controller (or agent) of the ring and how many victims hang on it.</summary>
internal sealed record KeyControllerDto(string Node, string Kind, string Label, int DirectVictims, int CutOffVictims);

/// <summary>A shortest chain of ties from a victim to a controller: node ids, the victim first; empty when they are not tied.</summary>
internal sealed record RingPathDto(string Victim, string Controller, IReadOnlyList<string> Nodes);

/// <summary>What holds the ring together: controllers whose removal splits it (most victims cut off first), and one path.</summary>
internal sealed record RingStructureDto(IReadOnlyList<KeyControllerDto> KeyControllers, RingPathDto? Path);

internal sealed record RecordDto(string Type, string Id, IReadOnlyDictionary<string, string?> Fields);

internal sealed record NodeRecordsDto(string Id, string Kind, string Label, IReadOnlyList<RecordDto> Records, int Holders, IReadOnlyList<string> Rings, bool Masked = true,
    ValueRoleDto? ValueRole = null);

/// <summary>
/// The role the latest run gave a shared value and why (<see cref="Graph.Core.SharedValueRole"/>), with the
/// measurements behind it; the value itself is the node's label.
/// </summary>
internal sealed record ValueRoleDto(string Role, string Why, int Holders, int Households, int TakeoverHouseholds, int ActiveHouseholds,
    int OwnRegistrations, int Cities, double TopAgentShare, int TimedObserved, double TimedExpected, int TimedWindowDays, double TimedDecades)
{
    public static ValueRoleDto Of(Graph.Core.SharedValueRole v) => new(v.Role, RunView.Scrub(v.Why), v.Holders, v.Households, v.TakeoverHouseholds,
        v.ActiveHouseholds, v.OwnRegistrations, v.Cities, v.TopAgentShare, v.TimedObserved, v.TimedExpected, v.TimedWindowDays, v.TimedDecades);
}

internal sealed record NeighboursDto(int Total, int Shown, int Hidden, IReadOnlyList<NodeDto> Nodes, IReadOnlyList<EdgeDto> Edges);

internal sealed record SearchHitDto(string Id, string Label, IReadOnlyList<string> Rings);

internal sealed record SearchDto(IReadOnlyList<SearchHitDto> Holders, bool Truncated);

internal sealed record UnmaskRequest(string? Reason);

internal sealed record ExportRequest(bool Unmasked, string? Reason);

internal sealed record ExportDto(string PackagePath, string ZipPath, string ManifestSha256, bool Masked, IReadOnlyList<string> LeftOut);

internal sealed record AuditDto(DateTimeOffset At, string Operator, string Action, string? RingId, string Reason, string? PackageSha256);

internal sealed record LoginDto(string User, string Role, bool CanUnmask);
