using Graph.Core;

namespace Graph.Storage;

/// <summary>A contact point named by its kind and normalized value (unmasked: mask before showing).</summary>
public readonly record struct ContactPointKey(ContactKind Kind, string Value);

/// <summary>
/// One record that ties a holder to a node of the explorer's graph: a link to a contact point (with its
/// <see cref="Evidence"/>), or a policy an agent sold (<see cref="Evidence"/> null, <see cref="SourceKind"/> Policy).
/// </summary>
public readonly record struct HolderLink(RecordKind SourceKind, string SourceId, EvidenceKind? Evidence, DateTimeOffset? At);

/// <summary>A holder linked to a contact point or an agent, with every record that links them, ordered by time then record id.</summary>
/// <param name="Name">The holder's name as loaded (unmasked: mask before showing), or null.</param>
public sealed record LinkedHolder(string HolderId, string? Name, IReadOnlyList<HolderLink> Links);

/// <summary>One page of the holders linked to a node, and how many there are in all.</summary>
public sealed record LinkedHolderPage(int Total, IReadOnlyList<LinkedHolder> Holders)
{
    /// <summary>No holders.</summary>
    public static readonly LinkedHolderPage Empty = new(0, []);
}

/// <summary>A holder found by a search: its id and name as loaded (unmasked: mask before showing).</summary>
public sealed record HolderMatch(string HolderId, string? Name);
