namespace Graph.Core;

/// <summary>The kinds of record the engine reads, one per input file (CONTRACT.md section 1).</summary>
public enum RecordKind
{
    Policyholder,
    Agent,
    Policy,
    ContactChange,
    SurrenderRequest,
    Complaint,
}

/// <summary>
/// Common shape of every input record: its key, the 1-based line of the CSV where it started, and the
/// columns the contract does not name (kept as properties where the store can hold them).
/// </summary>
public abstract record InputRecord
{
    /// <summary>The record's key (<c>holder_id</c>, <c>policy_id</c>, ...), never empty.</summary>
    public required string Id { get; init; }

    /// <summary>The physical line of the source file where the record starts (header is line 1).</summary>
    public int SourceLine { get; init; }

    /// <summary>Columns not named by the contract, by header name; null when there were none.</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    public abstract RecordKind Kind { get; }
}

/// <summary>A raw value as it appeared in the file, beside its normalized form (null when it did not normalize).</summary>
public readonly record struct Normalized(string? Raw, string? Value)
{
    public static readonly Normalized Missing = new(null, null);
    public bool HasValue => Value is not null;
    public override string ToString() => Value ?? Raw ?? "";
}

public sealed record Policyholder : InputRecord
{
    public override RecordKind Kind => RecordKind.Policyholder;
    public string? Name { get; init; }
    public Normalized IdNumber { get; init; }
    public Normalized Phone { get; init; }
    public Normalized Address { get; init; }
    public string? City { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
}

public enum AgentStatus { Unknown, Active, Terminated }

public sealed record Agent : InputRecord
{
    public override RecordKind Kind => RecordKind.Agent;
    public string? Name { get; init; }
    public Normalized Phone { get; init; }
    public Normalized IdNumber { get; init; }
    public string? Org { get; init; }
    public AgentStatus Status { get; init; }
    public DateTimeOffset? HiredAt { get; init; }
    public DateTimeOffset? TerminatedAt { get; init; }
}

public enum PolicyStatus { Unknown, InForce, Surrendered, Lapsed }

public sealed record Policy : InputRecord
{
    public override RecordKind Kind => RecordKind.Policy;
    public string? HolderId { get; init; }
    public string? AgentId { get; init; }
    public string? Product { get; init; }
    public decimal? Premium { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }
    public PolicyStatus Status { get; init; }
}

/// <summary>Which registered contact field a <see cref="ContactChange"/> altered.</summary>
public enum ContactField { Unknown, Phone, Address, BankAccount, Email }

public sealed record ContactChange : InputRecord
{
    public override RecordKind Kind => RecordKind.ContactChange;
    public string? HolderId { get; init; }
    public string? PolicyId { get; init; }
    public ContactField Field { get; init; }
    public Normalized OldValue { get; init; }
    public Normalized NewValue { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? Channel { get; init; }
    public Normalized Ip { get; init; }
    public Normalized DeviceId { get; init; }
}

/// <summary>
/// A third party acting for a policyholder on a surrender request or complaint. <see cref="Key"/> is the
/// normalized id number when valid, else <c>name|phone</c> (CONTRACT.md); null when nothing identifies them.
/// </summary>
public sealed record Representative(string? Name, Normalized IdNumber, Normalized Phone)
{
    public string? Key => RepresentativeKey.Of(Name, IdNumber, Phone);
}

public enum SurrenderStatus { Unknown, Pending, Paid, Rejected }

public sealed record SurrenderRequest : InputRecord
{
    public override RecordKind Kind => RecordKind.SurrenderRequest;
    public string? PolicyId { get; init; }
    public string? HolderId { get; init; }
    public DateTimeOffset? RequestedAt { get; init; }
    public decimal? Amount { get; init; }
    public Normalized ContactPhone { get; init; }
    public Normalized PayoutAccount { get; init; }
    public string? PayoutBank { get; init; }
    public Representative? Representative { get; init; }
    public string? Channel { get; init; }
    public Normalized Ip { get; init; }
    public Normalized DeviceId { get; init; }
    public SurrenderStatus Status { get; init; }
}

public enum ComplaintChannel { Unknown, Regulator, Hotline, Letter, Online }

public sealed record Complaint : InputRecord
{
    public override RecordKind Kind => RecordKind.Complaint;
    public string? PolicyId { get; init; }
    public string? HolderId { get; init; }
    public DateTimeOffset? FiledAt { get; init; }
    public ComplaintChannel Channel { get; init; }
    public Normalized ContactPhone { get; init; }
    public Normalized SenderAddress { get; init; }
    public Representative? Representative { get; init; }
    public string? Demand { get; init; }
    public string? Text { get; init; }
}
