namespace Graph.Core;

/// <summary>
/// A read-only copy of the graph for the in-process analytics, read from a store (Graph.Storage) and analysed without
/// knowing which one (Graph.Analytics does not reference the stores). Holders and contact points are numbered
/// densely (0..n-1) in a stable order (by id, then by kind and value), so the same store always yields the
/// same numbering and the same results for a given seed.
/// </summary>
public sealed class GraphSnapshot
{
    public required IReadOnlyList<SnapshotHolder> Holders { get; init; }
    public required IReadOnlyList<SnapshotContact> Contacts { get; init; }
    /// <summary>Holder—contact point links, sorted by holder, contact, time, source id.</summary>
    public required IReadOnlyList<SnapshotLink> Links { get; init; }
    public required IReadOnlyList<SnapshotPolicy> Policies { get; init; }
    public required IReadOnlyList<SnapshotAgent> Agents { get; init; }
    /// <summary>Contact changes, surrender requests and complaints, sorted by holder then time.</summary>
    public required IReadOnlyList<SnapshotEvent> Events { get; init; }
}

public readonly record struct SnapshotHolder(string Id, string? Name, string? City, DateTimeOffset? CreatedAt, bool IsStub);

public readonly record struct SnapshotContact(ContactKind Kind, string Value);

/// <param name="Holder">Index into <see cref="GraphSnapshot.Holders"/>.</param>
/// <param name="Contact">Index into <see cref="GraphSnapshot.Contacts"/>.</param>
public readonly record struct SnapshotLink(int Holder, int Contact, EvidenceKind Evidence, RecordKind SourceKind, string SourceId, DateTimeOffset? At);

public readonly record struct SnapshotPolicy(string Id, int Holder, string? AgentId, PolicyStatus Status, decimal? Premium, DateTimeOffset? IssuedAt);

public readonly record struct SnapshotAgent(string Id, string? Name, AgentStatus Status, DateTimeOffset? TerminatedAt, bool IsStub);

/// <summary>
/// One dated event of a holder. <see cref="Amount"/> is set on surrender requests, <see cref="Field"/> on
/// contact changes, <see cref="Text"/> on complaints (the letter, for template detection).
/// </summary>
public readonly record struct SnapshotEvent(
    RecordKind Kind, string Id, int Holder, string? PolicyId, DateTimeOffset? At,
    decimal? Amount, ContactField Field, string? Channel, string? Text);

/// <summary>
/// The orders <see cref="GraphSnapshot"/> promises, in one place so every store sorts the same way and the same data
/// gives the same snapshot (and the same rings) whichever store it came from.
/// </summary>
public static class SnapshotOrder
{
    /// <summary>Missing times first, then by instant, then by offset (so equal instants still order the same way every time).</summary>
    public static int Times(DateTimeOffset? a, DateTimeOffset? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        int c = a.Value.UtcTicks.CompareTo(b.Value.UtcTicks);
        return c != 0 ? c : a.Value.Offset.CompareTo(b.Value.Offset);
    }

    /// <summary>Links of the same holder and contact point: by time, source id, source kind, evidence.</summary>
    public static int LinkTies(SnapshotLink a, SnapshotLink b)
    {
        int c = Times(a.At, b.At);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.SourceId, b.SourceId);
        if (c != 0) return c;
        c = a.SourceKind.CompareTo(b.SourceKind);
        return c != 0 ? c : a.Evidence.CompareTo(b.Evidence);
    }

    /// <summary>Links: by holder, contact point, then <see cref="LinkTies"/>.</summary>
    public static int Links(SnapshotLink a, SnapshotLink b)
    {
        int c = a.Holder.CompareTo(b.Holder);
        if (c != 0) return c;
        c = a.Contact.CompareTo(b.Contact);
        return c != 0 ? c : LinkTies(a, b);
    }

    /// <summary>Events: by holder, time, id, kind.</summary>
    public static int Events(SnapshotEvent a, SnapshotEvent b)
    {
        int c = a.Holder.CompareTo(b.Holder);
        if (c != 0) return c;
        c = Times(a.At, b.At);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Id, b.Id);
        return c != 0 ? c : a.Kind.CompareTo(b.Kind);
    }
}
