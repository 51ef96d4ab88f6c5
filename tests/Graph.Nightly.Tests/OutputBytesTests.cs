using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Nightly.Internal;
using Graph.TestSupport;

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

    /// <summary>A journal is internal, so only its reading matters: Golden/cycle.json was written by the first writer (with its escapes).</summary>
    [Fact]
    public void A_cycle_journal_written_before_reads_back_and_one_written_now_reads_back_the_same()
    {
        var state = new CycleState
        {
            StartedAt = new DateTimeOffset(2024, 3, 5, 2, 0, 0, 123, TimeSpan.FromHours(8)),
            Baseline = new RunOutline("run-1", [new RingOutline("R-000001", 72.5, true, ["H0001", "H0002"]), new RingOutline("R-000002", 40, false, [])]),
            Loaded =
            [
                new IncrementOutcome("2024-03-04", IncrementStatus.AlreadyLoaded, new string('c', 64), 10, 9, 1, null, "archive/2024-03-04",
                    new Dictionary<string, long> { ["policies.csv"] = 5, ["Surrender_Requests.csv"] = 4 }),
                new IncrementOutcome("2024-03-05 新", IncrementStatus.Loaded, null, 0, 0, 0, "no \"rows\"", "archive/x"),
            ],
        };
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "cycle.json");
        state.Write(path);
        foreach (var file in new[] { Path.Combine(AppContext.BaseDirectory, "Golden", "cycle.json"), path })
        {
            var read = CycleState.Read(file)!;
            Assert.Equal(state.StartedAt, read.StartedAt);
            Assert.Equal(state.StartedAt.Offset, read.StartedAt.Offset);
            Assert.Equal(state.Baseline.RunId, read.Baseline!.RunId);
            Assert.Equal(state.Baseline.Rings.Select(r => (r.RingId, r.Score, r.Flagged, string.Join(",", r.Victims))),
                read.Baseline.Rings.Select(r => (r.RingId, r.Score, r.Flagged, string.Join(",", r.Victims))));
            Assert.Equal(2, read.Loaded.Count);
            Assert.Equal(state.Loaded[0] with { Files = null }, read.Loaded[0] with { Files = null });
            Assert.Equal(state.Loaded[0].Files!.OrderBy(kv => kv.Key), read.Loaded[0].Files!.OrderBy(kv => kv.Key));
            Assert.Equal(state.Loaded[1], read.Loaded[1]);
        }
    }
}
