namespace Graph.Core;

/// <summary>
/// Masks personal data for reports and logs (CONTRACT.md section 3): id numbers <c>110105********1234</c>,
/// phones <c>138****5678</c>, accounts <c>6222****1234</c>, names <c>张*明</c>.
/// </summary>
public static class Mask
{
    public static string IdNumber(string? v) =>
        string.IsNullOrEmpty(v) ? "" : v.Length <= 10 ? new string('*', v.Length) : v[..6] + new string('*', v.Length - 10) + v[^4..];

    public static string Phone(string? v) =>
        string.IsNullOrEmpty(v) ? "" : v.Length < 8 ? new string('*', v.Length) : v[..3] + new string('*', v.Length - 7) + v[^4..];

    public static string Account(string? v) =>
        string.IsNullOrEmpty(v) ? "" : v.Length < 9 ? new string('*', v.Length) : v[..4] + "****" + v[^4..];

    /// <summary>Keeps the first and (for three or more characters) the last character.</summary>
    public static string Name(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        if (v.Length == 1) return "*";
        if (v.Length == 2) return v[0] + "*";
        return v[0] + new string('*', v.Length - 2) + v[^1];
    }

    /// <summary>
    /// Keeps the area of an address (city or province, then district or county), hiding road, number and everything
    /// inside: <c>杭州市西湖区****</c>, <c>杭州市****</c> for a canonical key (which has no district), <c>****</c> when
    /// no area is written. What does not parse as a Chinese address keeps its first six characters.
    /// </summary>
    public static string Address(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        if (ChineseAddress.Parse(v) is { } a) return (a.City ?? a.Province) + (a.District ?? a.County) + "****";
        return v.Length <= 6 ? v[..Math.Min(2, v.Length)] + "****" : v[..6] + "****";
    }

    /// <summary>Masks a contact point's normalized value according to its kind.</summary>
    public static string ContactValue(ContactKind kind, string? value) => kind switch
    {
        ContactKind.Phone => Phone(value),
        ContactKind.BankAccount => Account(value),
        ContactKind.Address => Address(value),
        ContactKind.Email => EmailAddress(value),
        ContactKind.Representative => RepresentativeKey(value),
        // Device ids and IP addresses point at a person too: keep only enough to tell two apart.
        ContactKind.Device or ContactKind.Ip => Phone(value),
        _ => value ?? "",
    };

    /// <summary>
    /// A ring member's <c>entity_id</c> as it may be shown: contact values masked by kind; holder, agent and
    /// template ids are record ids and stay. Null for an entity type this does not know.
    /// </summary>
    public static string? Member(string entityType, string entityId) => entityType switch
    {
        "holder" or "agent" or "template" => entityId,
        _ => ContactKindNames.FromEntityType(entityType) is { } kind ? ContactValue(kind, entityId) : null,
    };

    public static string EmailAddress(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        int at = v.IndexOf('@');
        return at <= 0 ? Phone(v) : v[0] + "***" + v[at..];
    }

    /// <summary>A representative key is either an id number or <c>name|phone</c>.</summary>
    public static string RepresentativeKey(string? v)
    {
        if (string.IsNullOrEmpty(v)) return "";
        int bar = v.IndexOf('|');
        return bar < 0 ? IdNumber(v) : Name(v[..bar]) + "|" + Phone(v[(bar + 1)..]);
    }
}
