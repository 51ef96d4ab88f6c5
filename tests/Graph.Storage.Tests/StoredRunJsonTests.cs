using Graph.Core;
using Newtonsoft.Json;

namespace Graph.Storage.Tests;

/// <summary>
/// The Neo4j store keeps each analysis run as one JSON text. Runs stored before the engine moved to Newtonsoft.Json were
/// written by System.Text.Json; they must read back whole, times with their offsets.
/// </summary>
public sealed class StoredRunJsonTests
{
    private static AnalysisRun Run()
    {
        var at = new DateTimeOffset(2024, 3, 5, 14, 22, 10, 5, TimeSpan.FromHours(8));
        var ring = new Ring("R-000001", 80, true, 2, 1, 1234.50m, at, at.AddDays(3),
            [new RingReason("ring_timing", "2 of 2 \"households\" 北京", 1.5, 17.2, 63.25, ["C1"]) { Observed = 2, Expected = 0.18, Chance = 1e-17 },
             new RingReason("shared_phone", "phone", 1, 0.1 + 0.2, 0, [])],
            [new RingMember("holder", "H1", MemberRole.Victim, 1), new RingMember("phone", "2024-03-05", MemberRole.Controller, 2)]);
        return new AnalysisRun("run-1", at, new string('f', 64), """{"seed":42}""", [ring], [new RingChange("R-000001", RingLineage.Split, ["R-000009"])])
        {
            ValueRoles = [new SharedValueRole("phone", "2024-03-05", "controller", "why", 3, 2, 2, 2, 0, 1, 0.5, 2, 0.25, 60, 3.5)],
            ValueRoleCounts = [new ValueRoleCount("controller", 4)],
        };
    }

    [Fact]
    public void A_run_stored_by_System_Text_Json_reads_back_whole()
    {
        var run = Run();
        var read = JsonOutput.Read<AnalysisRun>(System.Text.Json.JsonSerializer.Serialize(run))!;
        Assert.Equal(JsonConvert.SerializeObject(run), JsonConvert.SerializeObject(read));
        Assert.Equal(TimeSpan.FromHours(8), read.StartedAt.Offset);
        Assert.Equal(1e-17, read.Rings[0].Reasons[0].Chance);
        Assert.Equal("2024-03-05", read.Rings[0].Members[1].EntityId);
    }

    [Fact]
    public void A_run_stored_now_reads_back_whole()
    {
        var run = Run();
        var read = JsonOutput.Read<AnalysisRun>(JsonConvert.SerializeObject(run))!;
        Assert.Equal(JsonConvert.SerializeObject(run), JsonConvert.SerializeObject(read));
        Assert.Equal(run.StartedAt, read.StartedAt);
        Assert.Equal(TimeSpan.FromHours(8), read.Rings[0].FirstSeen!.Value.Offset);
        Assert.Equal(1234.50m, read.Rings[0].SurrenderAmount);
        Assert.Equal("2024-03-05", read.ValueRoles[0].EntityId);
    }
}
