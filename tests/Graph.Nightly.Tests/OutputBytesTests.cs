using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Nightly.Tests;

/// <summary>changes.json byte for byte as published: Golden/changes.json was written by the writer it first shipped with.</summary>
public sealed class OutputBytesTests
{
    private static Ring R(double score, int from, int to) =>
        new("", score, score >= 50, to - from + 1, 1, 0, null, null, [],
            Enumerable.Range(from, to - from + 1).Select(v => new RingMember("holder", $"H{v:D4}", MemberRole.Victim, 1))
                .Append(new RingMember("phone", "13800000000", MemberRole.Controller, 3)).ToList());

    private static AnalysisRun Run(string runId, IReadOnlyList<Ring> rings, AnalysisRun? previous)
    {
        var identity = new RingIdentity(rings, previous);
        identity.Run();
        return new AnalysisRun(runId, DateTimeOffset.UnixEpoch, "f", "{}", identity.Rings, identity.Changes);
    }

    [Fact]
    public void Changes_json_is_byte_for_byte_the_published_form()
    {
        var yesterday = Run("run-1", [R(60, 1, 10), R(70.25, 11, 20), R(50, 21, 30), R(80, 31, 40), R(40, 70, 75)], null);
        var today = Run("run-2", [R(75.55, 1, 12), R(70, 11, 18), R(85, 21, 40), R(90, 60, 65)], yesterday);
        var report = new ChangeReport(today, RunOutline.Of(yesterday)).Run();
        var expected = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "changes.json"));
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(report.ToJson()));
        Assert.Equal(expected, report.ToJson());
    }
}
