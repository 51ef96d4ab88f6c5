using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Nightly.Tests;

/// <summary>The change report on hand-built runs, where every answer is known.</summary>
public sealed class ChangeReportTests
{
    private static Ring R(string id, double score, IEnumerable<int> victims) =>
        new(id, score, score >= 50, victims.Count(), 1, 0, null, null, [],
            victims.Select(v => new RingMember("holder", $"H{v:D4}", MemberRole.Victim, 1))
                .Append(new RingMember("phone", "13800000000", MemberRole.Controller, 3)).ToList());

    private static AnalysisRun Run(string runId, IReadOnlyList<Ring> rings, AnalysisRun? previous)
    {
        var identity = new RingIdentity(rings, previous);
        identity.Run();
        return new AnalysisRun(runId, DateTimeOffset.UnixEpoch, "f", "{}", identity.Rings, identity.Changes);
    }

    private static IEnumerable<int> Span(int from, int to) => Enumerable.Range(from, to - from + 1);

    [Fact]
    public void Each_kind_of_change_is_reported_with_its_before_and_after()
    {
        var yesterday = Run("run-1",
        [
            R("", 60, Span(1, 10)),      // A: will grow, score up 15
            R("", 70, Span(11, 20)),     // B: will shrink
            R("", 50, Span(21, 30)),     // C: merges with D
            R("", 80, Span(31, 40)),     // D
            R("", 55, Span(41, 50)),     // E: splits in two
            R("", 40, Span(70, 75)),     // G: dissolves
            R("", 65, Span(80, 90)),     // H: unchanged but its score moves down 12
        ], null);
        string Id(int ordinal) => yesterday.Rings[ordinal].RingId;
        var today = Run("run-2",
        [
            R("", 75, Span(1, 12)),
            R("", 70, Span(11, 18)),
            R("", 85, Span(21, 40)),
            R("", 50, Span(41, 45)),
            R("", 52, Span(46, 50)),
            R("", 90, Span(60, 65)),     // F: new
            R("", 53, Span(80, 90)),
        ], yesterday);

        var report = new ChangeReport(today, RunOutline.Of(yesterday)).Run();
        var rows = report.Changes;
        RingChangeRow Single(RingChangeKind kind, string ringId) => Assert.Single(rows, r => r.Change == kind && r.RingId == ringId);

        var grown = Single(RingChangeKind.Grown, today.Rings[0].RingId);
        Assert.Equal(Id(0), today.Rings[0].RingId);
        Assert.Equal((10, 12, 2, 0), (grown.HoldersBefore, grown.HoldersAfter, grown.HoldersAdded, grown.HoldersRemoved));
        var up = Single(RingChangeKind.ScoreMoved, Id(0));
        Assert.Equal((60.0, 75.0), (up.ScoreBefore, up.ScoreAfter));

        var shrunk = Single(RingChangeKind.Shrunk, Id(1));
        Assert.Equal((10, 8, 0, 2), (shrunk.HoldersBefore, shrunk.HoldersAfter, shrunk.HoldersAdded, shrunk.HoldersRemoved));

        var merged = Assert.Single(rows, r => r.Change == RingChangeKind.Merged);
        Assert.Equal([Id(2), Id(3)], merged.PreviousRingIds);
        Assert.Equal((20, 20), (merged.HoldersBefore, merged.HoldersAfter));

        var split = rows.Where(r => r.Change == RingChangeKind.Split).ToList();
        Assert.Equal(2, split.Count);
        Assert.All(split, s => Assert.Equal([Id(4)], s.PreviousRingIds));

        var created = Assert.Single(rows, r => r.Change == RingChangeKind.New);
        Assert.Equal(today.Rings[5].RingId, created.RingId);
        Assert.Equal((null, 6, 6), (created.HoldersBefore, created.HoldersAfter, created.HoldersAdded));
        Assert.Null(created.ScoreBefore);

        var dissolved = Assert.Single(rows, r => r.Change == RingChangeKind.Dissolved);
        Assert.Equal(Id(5), dissolved.RingId);
        Assert.Equal((6, (int?)null, 6), (dissolved.HoldersBefore, dissolved.HoldersAfter, dissolved.HoldersRemoved));

        var down = Single(RingChangeKind.ScoreMoved, Id(6));
        Assert.Equal(-12, down.ScoreAfter!.Value - down.ScoreBefore!.Value, 6);
        Assert.DoesNotContain(rows, r => r.RingId == Id(6) && r.Change != RingChangeKind.ScoreMoved);

        // Counts match the rows; the merged ring's second parent is not dissolved.
        var counts = report.Counts.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(rows.Count, counts.Values.Sum());
        // A, H, and the merged ring measured from the ring whose id it kept (C at 50, now 85).
        Assert.Equal(3, counts[RingChangeKind.ScoreMoved]);
        var mergedMove = Single(RingChangeKind.ScoreMoved, merged.RingId);
        Assert.Equal(yesterday.Rings.Single(r => r.RingId == merged.RingId).Score, mergedMove.ScoreBefore);
        Assert.DoesNotContain(rows, r => r.Change == RingChangeKind.Dissolved && r.RingId == Id(3));
    }

    [Fact]
    public void A_score_move_under_ten_points_is_not_reported()
    {
        var yesterday = Run("run-1", [R("", 60, Span(1, 10))], null);
        var today = Run("run-2", [R("", 69.9, Span(1, 10))], yesterday);

        Assert.Empty(new ChangeReport(today, RunOutline.Of(yesterday)).Run().Changes);

        var moved = Run("run-3", [R("", 70, Span(1, 10))], yesterday);
        Assert.Equal(RingChangeKind.ScoreMoved, Assert.Single(new ChangeReport(moved, RunOutline.Of(yesterday)).Run().Changes).Change);
    }

    [Fact]
    public void Against_the_run_it_was_matched_with_the_lineage_is_the_run_own()
    {
        var yesterday = Run("run-1", [R("", 60, Span(1, 10)), R("", 50, Span(21, 30)), R("", 80, Span(31, 40))], null);
        var today = Run("run-2", [R("", 60, Span(1, 14)), R("", 85, Span(21, 40)), R("", 30, Span(50, 55))], yesterday);

        var rows = new ChangeReport(today, RunOutline.Of(yesterday)).Run().Changes;

        foreach (var change in today.Changes)
        {
            var expected = change.Lineage switch
            {
                RingLineage.New => RingChangeKind.New,
                RingLineage.Merged => RingChangeKind.Merged,
                RingLineage.Split => RingChangeKind.Split,
                _ => RingChangeKind.Grown,
            };
            var row = Assert.Single(rows, r => r.RingId == change.RingId && r.Change == expected);
            Assert.Equal(change.PreviousRingIds, row.PreviousRingIds);
        }
    }

    [Fact]
    public void The_first_run_reports_every_ring_as_new_and_the_files_agree()
    {
        var first = Run("run-1", [R("", 60, Span(1, 10)), R("", 20, Span(11, 14))], null);
        var report = new ChangeReport(first, null).Run();

        Assert.All(report.Changes, c => Assert.Equal(RingChangeKind.New, c.Change));
        var csv = report.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("change,ring_id,previous_ring_ids,holders_before,holders_after,holders_added,holders_removed,score_before,score_after,score_delta,flagged_before,flagged_after", csv[0]);
        Assert.Equal($"new,{first.Rings[0].RingId},,,10,10,0,,60.0,,,true", csv[1]);
        Assert.Equal(3, csv.Length);
        var json = System.Text.Encoding.UTF8.GetString(report.ToJson());
        Assert.Contains("\"previous_run_id\": null", json);
        Assert.Contains("\"new\": 2", json);
        Assert.Contains("\"dissolved\": 0", json);
    }
}
