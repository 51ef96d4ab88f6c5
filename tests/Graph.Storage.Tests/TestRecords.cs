using Graph.Core;

namespace Graph.Storage.Tests;

/// <summary>Small, readable records for store tests, normalized the same way ingestion does it.</summary>
internal static class TestRecords
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static DateTimeOffset At(int day, int hour = 10) => new(2024, 3, day, hour, 0, 0, China);

    /// <summary>A valid 18-character id number derived from <paramref name="seed"/>.</summary>
    public static string IdNumber(int seed)
    {
        var body = $"110105{19800101 + seed % 28:D8}{seed % 1000:D3}";
        return body + IdNumberNormalizer.CheckDigit(body);
    }

    public static Policyholder Holder(string id, string? phone = null, string? address = null, string? name = null, string? city = "Beijing") => new()
    {
        Id = id,
        Name = name ?? "Holder " + id,
        IdNumber = IdNumberNormalizer.Normalize(IdNumber(id.Sum(c => c))),
        Phone = PhoneNormalizer.Normalize(phone),
        Address = AddressNormalizer.Normalize(address),
        City = city,
        CreatedAt = At(1),
    };

    public static Agent Agent(string id, AgentStatus status = AgentStatus.Active, DateTimeOffset? terminatedAt = null) => new()
    {
        Id = id,
        Name = "Agent " + id,
        Phone = PhoneNormalizer.Normalize("13900000000"),
        Org = "Branch 1",
        Status = status,
        HiredAt = At(1),
        TerminatedAt = terminatedAt,
    };

    public static Policy Policy(string id, string? holderId, string? agentId = null, decimal? premium = 1200.50m) => new()
    {
        Id = id,
        HolderId = holderId,
        AgentId = agentId,
        Product = "Whole life",
        Premium = premium,
        IssuedAt = At(2),
        Status = PolicyStatus.InForce,
    };

    public static ContactChange Change(string id, string? holderId, string? policyId, string? newPhone, string? oldPhone = null, int day = 5) => new()
    {
        Id = id,
        HolderId = holderId,
        PolicyId = policyId,
        Field = ContactField.Phone,
        NewValue = PhoneNormalizer.Normalize(newPhone),
        OldValue = PhoneNormalizer.Normalize(oldPhone),
        ChangedAt = At(day),
        Channel = "app",
        Ip = TokenNormalizer.Normalize("10.0.0.7"),
        DeviceId = TokenNormalizer.Normalize("DEV-77"),
    };

    public static SurrenderRequest Surrender(string id, string? holderId, string? policyId, string? account, int day = 9) => new()
    {
        Id = id,
        HolderId = holderId,
        PolicyId = policyId,
        RequestedAt = At(day),
        Amount = 10234.56m,
        ContactPhone = PhoneNormalizer.Normalize("+86 138-0000-9999"),
        PayoutAccount = BankAccountNormalizer.Normalize(account),
        PayoutBank = "ICBC",
        Representative = new Representative("王 五", IdNumberNormalizer.Normalize(IdNumber(42)), PhoneNormalizer.Normalize("13700000042")),
        Channel = "counter",
        Status = SurrenderStatus.Paid,
    };

    public static Complaint Complaint(string id, string? holderId, string? policyId, string text, int day = 7) => new()
    {
        Id = id,
        HolderId = holderId,
        PolicyId = policyId,
        FiledAt = At(day),
        Channel = ComplaintChannel.Regulator,
        ContactPhone = PhoneNormalizer.Normalize("13800009999"),
        SenderAddress = AddressNormalizer.Normalize("北京市 朝阳区  建国路1号"),
        Demand = "full refund",
        Text = text,
    };

    /// <summary>
    /// Three holders, two agents (one only referenced), three policies and one event of each kind; holders 1 and 2
    /// share a registered phone, and the surrender names no holder (it belongs to its policy's holder).
    /// </summary>
    public static InputRecord[] SmallDataset() =>
    [
        Holder("H1", phone: "138 0000 0001", address: "北京市朝阳区1号"),
        Holder("H2", phone: "13800000001", address: "北京市海淀区2号"),
        Holder("H3", phone: "010-12345678"),
        Agent("A1"),
        Policy("P1", "H1", "A1"),
        Policy("P2", "H2", "A1"),
        Policy("P3", "H3", "A2"),
        Change("C1", "H1", "P1", newPhone: "13800000003", oldPhone: "13800000001"),
        Surrender("S1", null, "P2", account: "6222020200112233445"),
        Complaint("M1", "H3", "P3", "误导销售，要求全额退保"),
    ];

    public static LoadInfo Load(string fingerprint) => new(fingerprint, "test", new DateTimeOffset(2024, 3, 10, 1, 0, 0, TimeSpan.Zero));
}
