using Graph.Core;
using Graph.Evidence.Internal;
using Graph.Storage;

namespace Graph.Evidence.Tests;

/// <summary>
/// A ring small enough to know every answer: two teams of three victims, each team registered with one phone
/// (<see cref="PhoneA"/> for H1-H3, <see cref="PhoneB"/> for H4-H6), joined only by the account that H3 and H4 were both
/// switched to (<see cref="Account"/>). Some values look like spreadsheet formulas.
/// </summary>
internal static class HandMadeRing
{
    public const string PhoneA = "13800000001";
    public const string PhoneB = "13900000002";
    public const string Account = "6222020200112233445";
    public const string FormulaText = "=HYPERLINK(\"http://x\",\"click\")";
    public static readonly DateTimeOffset Day0 = new(2024, 3, 5, 14, 22, 10, TimeSpan.FromHours(8));

    /// <param name="reasons">The ring's reasons; by default one CONVERGENCE reason without observed, expected and chance.</param>
    /// <param name="valueRoles">The run's measured shared values; by default none.</param>
    public static RingEvidence Evidence(bool masked = true, IReadOnlyList<RingReason>? reasons = null, IReadOnlyList<SharedValueRole>? valueRoles = null)
    {
        var holders = Enumerable.Range(1, 6).Select(i => new Policyholder
        {
            Id = "H" + i, Name = "张三" + "明亮光辉红绿"[i - 1], Phone = Phone(i <= 3 ? PhoneA : PhoneB), City = "北京", CreatedAt = Day0.AddDays(-400 + i),
        }).ToList();
        var records = new HolderRecords(
            holders,
            [new Policy { Id = "P1", HolderId = "H1", Product = "-1+2", Premium = 1234.5m, IssuedAt = Day0.AddDays(-390), Status = PolicyStatus.Surrendered }],
            [],
            [
                new ContactChange { Id = "C1", HolderId = "H3", Field = ContactField.BankAccount, NewValue = new(Account, Account), ChangedAt = Day0, Channel = "app" },
                new ContactChange { Id = "C2", HolderId = "H4", Field = ContactField.BankAccount, NewValue = new(Account, Account), ChangedAt = Day0.AddDays(2), Channel = "app" },
            ],
            [new SurrenderRequest { Id = "S1", HolderId = "H2", PolicyId = "P9", Amount = 5000.25m, PayoutBank = "@SUM(A1)", RequestedAt = Day0.AddDays(30), Status = SurrenderStatus.Paid }],
            [new Complaint { Id = "M1", HolderId = "H1", PolicyId = "P1", Channel = ComplaintChannel.Letter, Text = FormulaText, FiledAt = Day0.AddDays(20) }]);
        var members = holders.Select(h => new RingMember("holder", h.Id, MemberRole.Victim, 1)).ToList();
        members.Add(new RingMember("phone", PhoneA, MemberRole.Controller, 3));
        members.Add(new RingMember("phone", PhoneB, MemberRole.Controller, 3));
        members.Add(new RingMember("bank_account", Account, MemberRole.Controller, 2));
        var ring = new Ring("R-000042", 80, true, 6, 3, 5000.25m, Day0, Day0.AddDays(30),
            reasons ?? [new RingReason("CONVERGENCE", "6 unrelated holders converge on 3 values", 40, 1, 40, ["C1", "C2", "H1"])], members);
        var run = new AnalysisRun("run-test", Day0, new string('a', 64), "{}", [ring], []) { ValueRoles = valueRoles ?? [] };
        return new RingEvidence(ring, run, records, new PackageMasker(masked));
    }

    private static Normalized Phone(string v) => new(v, v);
}
