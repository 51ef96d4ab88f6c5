using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// rings.json and run.json byte for byte as published (CONTRACT.md section 2): the files under Golden/ were written by
/// the writer these outputs first shipped with, so a change of JSON library, number form or escaping shows here.
/// </summary>
public sealed class OutputBytesTests
{
    private static readonly DateTimeOffset Day0 = new(2024, 3, 5, 14, 22, 10, TimeSpan.FromHours(8));

    /// <summary>Values that differ between JSON writers: whole doubles, tiny chances, decimals, Chinese, quotes, HTML characters.</summary>
    private static IReadOnlyList<Ring> Rings() =>
    [
        new Ring("R-000001", 80, true, 12, 2, 1000m, Day0, Day0.AddDays(40).AddHours(-10),
            [
                new RingReason("ring_timing", "12 of 12 households surrendered within 60 days; 0.18 expected; chance 1e-17", 1.5, 17.2, 63.25, ["C1", "S2"])
                    { Observed = 12, Expected = 0.18, Chance = 1e-17 },
                new RingReason("shared_phone", "Phone \"13800000001\" <shared> & used by 张三's family \\ 北京", 1, 0.1 + 0.2, 0, []),
                new RingReason("related_victims", "victims related", -2, 3, -12.5, ["H1"]) { Observed = 3, Expected = 2.75, Chance = 0.31 },
            ],
            [
                new RingMember("holder", "H1", MemberRole.Victim, 1),
                new RingMember("phone", "13800000001", MemberRole.Controller, 12),
                new RingMember("agent", "A-7", MemberRole.Agent, 4),
                new RingMember("address", "北京市朝阳区建国路1号\"甲\"", MemberRole.Controller, 2),
            ]),
        new Ring("R-000002", 33.333333333333336, false, 3, 1, 5000.25m, null, null, [], [new RingMember("device", "=cmd|'/c calc'!A0", MemberRole.Controller, 3)]),
        new Ring("R-000003", 0, false, 2, 1, 1234.50m, Day0, Day0, [], []),
    ];

    private static IReadOnlyList<RingChange> Changes() =>
    [
        new RingChange("R-000001", RingLineage.Merged, ["R-000010", "R-000011"]),
        new RingChange("R-000003", RingLineage.New, []),
    ];

    private static RunReport Report() => new()
    {
        RunId = "20240305-142210-abcd",
        StartedAt = Day0,
        FinishedAt = Day0.AddSeconds(12.5),
        InputFingerprint = new string('f', 64),
        EngineVersion = "0.1.0",
        FileCounts = new Dictionary<string, long> { ["policies.csv"] = 30, ["policyholders.csv"] = 20, ["complaints.csv"] = 0 },
        SnapshotCounts = [new("holders", 20), new("contact_points", 45)],
        Timings = [new StageTiming("snapshot", 0.123456789), new StageTiming("leiden", 2), new StageTiming("scoring", 1e-5)],
        ParametersJson = """{"flagBy":"FalseDiscoveryRate","falseDiscoveryRate":0.05,"weights":{"phone":1.5,"ip":0},"allowlist":{"values":["01012345678","北京"]},"seed":42,"big":1E-05,"none":null,"on":true}""",
        ResultCounts = [new("rings", 3), new("flagged", 1)],
        ValueRoles =
        [
            new ValueMeasurement(ContactKind.Phone, "13800000001", ValueRole.Controller, "8 of 9 households switched to it", 12, 9, 9, 8, 0, 3, 0.25, 7, 0.4, 60, 14.2),
            new ValueMeasurement(ContactKind.Ip, "10.0.0.1", ValueRole.AgentContact, "an agent's tablet", 40, 38, 0, 0, 0, 1, 1, 0, 0.5, 30, 0),
        ],
        Flagging = new FlagDecision(FlagMethod.FalseDiscoveryRate, 0.05, 7.25, null, null, 3, 1, 80),
    };

    [Fact]
    public void Rings_json_is_byte_for_byte_the_published_form() =>
        AssertGolden("rings.json", AnalysisOutputWriter.RingsJson(Rings(), Changes(), "20240305-142210-abcd"));

    [Fact]
    public void Run_json_is_byte_for_byte_the_published_form() =>
        AssertGolden("run.json", AnalysisOutputWriter.RunJson(Report()));

    [Fact]
    public void Run_json_without_file_counts_or_flagging_writes_null_counts_and_leaves_flagging_out() =>
        AssertGolden("run-minimal.json", AnalysisOutputWriter.RunJson(Report() with { FileCounts = null, Flagging = null, ValueRoles = [] }));

    internal static void AssertGolden(string name, byte[] actual)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        var expected = File.ReadAllBytes(path);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }
}
