namespace Graph.Core;

/// <summary>
/// The things a ring takes over. One node per (kind, normalized value), shared by every record that names it:
/// that sharing is the link analysis.
/// </summary>
public enum ContactKind
{
    Phone = 1,
    BankAccount = 2,
    Address = 3,
    Email = 4,
    Device = 5,
    Ip = 6,
    Representative = 7,
    /// <summary>A cluster of near-duplicate complaint texts; derived by the analysis, never loaded.</summary>
    ComplaintTemplate = 8,
}

/// <summary>
/// How a record ties a holder to a contact point. The analysis weighs these differently: a value the holder
/// was switched to, or a payout account, says more than the phone registered at purchase.
/// </summary>
public enum EvidenceKind
{
    RegisteredPhone = 1,
    RegisteredAddress = 2,
    ChangedTo = 3,
    ChangedFrom = 4,
    ChangeDevice = 5,
    ChangeIp = 6,
    SurrenderContactPhone = 7,
    SurrenderPayoutAccount = 8,
    SurrenderRepresentative = 9,
    SurrenderRepresentativePhone = 10,
    SurrenderDevice = 11,
    SurrenderIp = 12,
    ComplaintContactPhone = 13,
    ComplaintSenderAddress = 14,
    ComplaintRepresentative = 15,
    ComplaintRepresentativePhone = 16,
    ComplaintTemplate = 17,
}

/// <summary>One holder—contact point edge of the projection, with the record that supports it.</summary>
public readonly record struct ContactLink(
    string HolderId,
    ContactKind ContactKind,
    string Value,
    string? RawValue,
    EvidenceKind Evidence,
    RecordKind SourceKind,
    string SourceId,
    DateTimeOffset? At);

public static class ContactKindNames
{
    /// <summary>The <c>entity_type</c> of a contact kind in <c>ring_members.csv</c> (CONTRACT.md section 2).</summary>
    public static string EntityType(this ContactKind kind) => kind switch
    {
        ContactKind.Phone => "phone",
        ContactKind.BankAccount => "bank_account",
        ContactKind.Address => "address",
        ContactKind.Email => "email",
        ContactKind.Device => "device",
        ContactKind.Ip => "ip",
        ContactKind.Representative => "representative",
        ContactKind.ComplaintTemplate => "template",
        _ => "contact",
    };

    /// <summary>The contact kind named by an <c>entity_type</c>, or null (holder, agent or unknown).</summary>
    public static ContactKind? FromEntityType(string entityType)
    {
        foreach (var kind in Enum.GetValues<ContactKind>())
            if (kind.EntityType() == entityType) return kind;
        return null;
    }
}

public static class RepresentativeKey
{
    /// <summary>
    /// Valid id number if any, else <c>name|phone</c> when both are known; null otherwise. A name alone is not an
    /// identity: two people called 张伟 must not become one representative and link their clients.
    /// </summary>
    public static string? Of(string? name, Normalized idNumber, Normalized phone)
    {
        if (idNumber.HasValue) return idNumber.Value;
        if (string.IsNullOrWhiteSpace(name) || !phone.HasValue) return null;
        return $"{TextNormalizer.CollapseWhitespace(TextNormalizer.ToHalfWidth(name))}|{phone.Value}";
    }
}
