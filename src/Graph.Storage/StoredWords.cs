using Graph.Core;

namespace Graph.Storage;

/// <summary>
/// How both stores write enum values (a column in SQLite, a property in Neo4j) and read them back: one table per
/// enum, so a value written by one store reads back the same from the other. Unknown values are written as null
/// and read back as <c>Unknown</c>.
/// </summary>
internal static class StoredWords
{
    public static string? Word(AgentStatus s) => s switch
    {
        AgentStatus.Active => "active",
        AgentStatus.Terminated => "terminated",
        _ => null,
    };

    public static AgentStatus AgentStatusOf(string? s) => s switch
    {
        "active" => AgentStatus.Active,
        "terminated" => AgentStatus.Terminated,
        _ => AgentStatus.Unknown,
    };

    public static string? Word(PolicyStatus s) => s switch
    {
        PolicyStatus.InForce => "in_force",
        PolicyStatus.Surrendered => "surrendered",
        PolicyStatus.Lapsed => "lapsed",
        _ => null,
    };

    public static PolicyStatus PolicyStatusOf(string? s) => s switch
    {
        "in_force" => PolicyStatus.InForce,
        "surrendered" => PolicyStatus.Surrendered,
        "lapsed" => PolicyStatus.Lapsed,
        _ => PolicyStatus.Unknown,
    };

    public static string? Word(ContactField f) => f switch
    {
        ContactField.Phone => "phone",
        ContactField.Address => "address",
        ContactField.BankAccount => "bank_account",
        ContactField.Email => "email",
        _ => null,
    };

    public static ContactField ContactFieldOf(string? s) => s switch
    {
        "phone" => ContactField.Phone,
        "address" => ContactField.Address,
        "bank_account" => ContactField.BankAccount,
        "email" => ContactField.Email,
        _ => ContactField.Unknown,
    };

    public static string? Word(SurrenderStatus s) => s switch
    {
        SurrenderStatus.Pending => "pending",
        SurrenderStatus.Paid => "paid",
        SurrenderStatus.Rejected => "rejected",
        _ => null,
    };

    public static SurrenderStatus SurrenderStatusOf(string? s) => s switch
    {
        "pending" => SurrenderStatus.Pending,
        "paid" => SurrenderStatus.Paid,
        "rejected" => SurrenderStatus.Rejected,
        _ => SurrenderStatus.Unknown,
    };

    public static string? Word(ComplaintChannel c) => c switch
    {
        ComplaintChannel.Regulator => "regulator",
        ComplaintChannel.Hotline => "hotline",
        ComplaintChannel.Letter => "letter",
        ComplaintChannel.Online => "online",
        _ => null,
    };

    public static ComplaintChannel ComplaintChannelOf(string? s) => s switch
    {
        "regulator" => ComplaintChannel.Regulator,
        "hotline" => ComplaintChannel.Hotline,
        "letter" => ComplaintChannel.Letter,
        "online" => ComplaintChannel.Online,
        _ => ComplaintChannel.Unknown,
    };

    public static string Word(MemberRole r) => r.Word();

    public static MemberRole MemberRoleOf(string s) =>
        MemberRoleWords.Parse(s) ?? throw new InvalidDataException($"Unknown member role '{s}' in the store.");
}
