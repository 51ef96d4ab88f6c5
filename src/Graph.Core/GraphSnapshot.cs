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

// The snapshot's records hold millions of items, so they are laid out small (issue 13: 10,000,000 holders in 8 GB):
// a time as its clock ticks and offset instead of a DateTimeOffset? (24 bytes), enums in one or two bytes. They read
// and compare exactly like the plain records they replace.

public readonly record struct SnapshotHolder
{
    private readonly long _createdTicks;
    private readonly short _createdOffset;
    private readonly bool _hasCreated;

    public SnapshotHolder(string Id, string? Name, string? City, DateTimeOffset? CreatedAt, bool IsStub)
    {
        this.Id = Id;
        this.Name = Name;
        this.City = City;
        this.IsStub = IsStub;
        _hasCreated = PackedTime.Pack(CreatedAt, out _createdTicks, out _createdOffset);
    }

    public string Id { get; init; }
    public string? Name { get; init; }
    public string? City { get; init; }
    public DateTimeOffset? CreatedAt
    {
        get => PackedTime.Unpack(_hasCreated, _createdTicks, _createdOffset);
        init => _hasCreated = PackedTime.Pack(value, out _createdTicks, out _createdOffset);
    }
    public bool IsStub { get; init; }
}

public readonly record struct SnapshotContact(ContactKind Kind, string Value);

public readonly record struct SnapshotLink
{
    private readonly long _atTicks;
    private readonly short _atOffset;
    private readonly ushort _evidence, _sourceKind;
    private readonly bool _hasAt;

    public SnapshotLink(int Holder, int Contact, EvidenceKind Evidence, RecordKind SourceKind, string SourceId, DateTimeOffset? At)
    {
        this.Holder = Holder;
        this.Contact = Contact;
        this.SourceId = SourceId;
        _evidence = checked((ushort)Evidence);
        _sourceKind = checked((ushort)SourceKind);
        _hasAt = PackedTime.Pack(At, out _atTicks, out _atOffset);
    }

    /// <summary>Index into <see cref="GraphSnapshot.Holders"/>.</summary>
    public int Holder { get; init; }
    /// <summary>Index into <see cref="GraphSnapshot.Contacts"/>.</summary>
    public int Contact { get; init; }
    public EvidenceKind Evidence { get => (EvidenceKind)_evidence; init => _evidence = checked((ushort)value); }
    public RecordKind SourceKind { get => (RecordKind)_sourceKind; init => _sourceKind = checked((ushort)value); }
    public string SourceId { get; init; }
    public DateTimeOffset? At
    {
        get => PackedTime.Unpack(_hasAt, _atTicks, _atOffset);
        init => _hasAt = PackedTime.Pack(value, out _atTicks, out _atOffset);
    }
}

public readonly record struct SnapshotPolicy
{
    private const byte HasPremium = 1, HasIssued = 2;
    private readonly decimal _premium;
    private readonly long _issuedTicks;
    private readonly short _issuedOffset;
    private readonly byte _status, _present;

    public SnapshotPolicy(string Id, int Holder, string? AgentId, PolicyStatus Status, decimal? Premium, DateTimeOffset? IssuedAt)
    {
        this.Id = Id;
        this.Holder = Holder;
        this.AgentId = AgentId;
        _status = checked((byte)Status);
        _premium = Premium.GetValueOrDefault();
        _present = (byte)((Premium.HasValue ? HasPremium : 0) | (PackedTime.Pack(IssuedAt, out _issuedTicks, out _issuedOffset) ? HasIssued : 0));
    }

    public string Id { get; init; }
    public int Holder { get; init; }
    public string? AgentId { get; init; }
    public PolicyStatus Status { get => (PolicyStatus)_status; init => _status = checked((byte)value); }
    public decimal? Premium
    {
        get => (_present & HasPremium) != 0 ? _premium : null;
        init
        {
            _premium = value.GetValueOrDefault();
            _present = (byte)(value.HasValue ? _present | HasPremium : _present & ~HasPremium);
        }
    }
    public DateTimeOffset? IssuedAt
    {
        get => PackedTime.Unpack((_present & HasIssued) != 0, _issuedTicks, _issuedOffset);
        init => _present = (byte)(PackedTime.Pack(value, out _issuedTicks, out _issuedOffset) ? _present | HasIssued : _present & ~HasIssued);
    }
}

public readonly record struct SnapshotAgent(string Id, string? Name, AgentStatus Status, DateTimeOffset? TerminatedAt, bool IsStub);

/// <summary>
/// One dated event of a holder. <see cref="Amount"/> is set on surrender requests, <see cref="Field"/> on
/// contact changes, <see cref="Text"/> on complaints (the letter, for template detection).
/// </summary>
public readonly record struct SnapshotEvent(
    RecordKind Kind, string Id, int Holder, string? PolicyId, DateTimeOffset? At,
    decimal? Amount, ContactField Field, string? Channel, string? Text);

/// <summary>A DateTimeOffset? kept as its clock ticks and offset in minutes (10 bytes and a flag instead of 24), exactly.</summary>
internal static class PackedTime
{
    public static bool Pack(DateTimeOffset? time, out long ticks, out short offsetMinutes)
    {
        if (time is not { } t)
        {
            ticks = 0;
            offsetMinutes = 0;
            return false;
        }
        ticks = t.Ticks;
        offsetMinutes = checked((short)t.TotalOffsetMinutes);
        return true;
    }

    public static DateTimeOffset? Unpack(bool present, long ticks, short offsetMinutes) =>
        present ? new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes)) : null;
}

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
