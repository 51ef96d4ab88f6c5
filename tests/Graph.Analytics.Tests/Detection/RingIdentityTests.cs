using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

public class RingIdentityTests
{
    private static Ring R(string id, params int[] victims) => new(id, 80, true, victims.Length, 0, 0, null, null, [],
        victims.Select(v => new RingMember("holder", "H" + v.ToString("D4"), MemberRole.Victim, 1)).ToList());

    private static AnalysisRun Run(params Ring[] rings) => new("run", DateTimeOffset.UnixEpoch, "fp", "{}", rings, []);

    private static RingIdentity Match(AnalysisRun? previous, params Ring[] rings)
    {
        var identity = new RingIdentity(rings, previous);
        identity.Run();
        return identity;
    }

    [Fact]
    public void First_run_numbers_rings_from_one_in_order()
    {
        var id = Match(null, R("C-000001", 1, 2, 3), R("C-000002", 4, 5, 6));
        Assert.Equal(["R-000001", "R-000002"], id.Rings.Select(r => r.RingId));
        Assert.All(id.Changes, c => Assert.Equal(RingLineage.New, c.Lineage));
        Assert.Equal(2, id.HighestId);
    }

    [Fact]
    public void A_ring_that_grew_keeps_its_id_and_a_new_one_continues_after_the_highest()
    {
        var previous = Run(R("R-000007", 1, 2, 3, 4), R("R-000003", 10, 11, 12));
        var id = Match(previous, R("C-000001", 20, 21, 22), R("C-000002", 1, 2, 3, 4, 5, 6));
        Assert.Equal("R-000008", id.Rings[0].RingId);
        Assert.Equal(RingLineage.New, id.Changes[0].Lineage);
        Assert.Equal("R-000007", id.Rings[1].RingId);
        Assert.Equal(RingLineage.Continued, id.Changes[1].Lineage);
        Assert.Equal(["R-000007"], id.Changes[1].PreviousRingIds);
    }

    [Fact]
    public void Below_half_overlap_is_a_new_ring()
    {
        var previous = Run(R("R-000001", 1, 2, 3, 4));
        var id = Match(previous, R("C-000001", 1, 2, 9, 10, 11));
        Assert.Equal("R-000002", id.Rings[0].RingId);
        Assert.Equal(RingLineage.New, id.Changes[0].Lineage);
    }

    [Fact]
    public void Two_old_rings_joined_are_a_merge_that_keeps_the_closer_id()
    {
        var previous = Run(R("R-000001", 1, 2, 3), R("R-000002", 4, 5, 6, 7));
        var id = Match(previous, R("C-000001", 1, 2, 3, 4, 5, 6, 7));
        var change = Assert.Single(id.Changes);
        Assert.Equal(RingLineage.Merged, change.Lineage);
        Assert.Equal(["R-000001", "R-000002"], change.PreviousRingIds);
        Assert.Equal("R-000002", id.Rings[0].RingId);
    }

    [Fact]
    public void One_old_ring_in_two_halves_is_a_split_and_one_half_keeps_the_id()
    {
        var previous = Run(R("R-000005", 1, 2, 3, 4, 5, 6, 7, 8));
        var id = Match(previous, R("C-000001", 1, 2, 3, 4), R("C-000002", 5, 6, 7, 8, 9));
        Assert.All(id.Changes, c => Assert.Equal(RingLineage.Split, c.Lineage));
        Assert.All(id.Changes, c => Assert.Equal(["R-000005"], c.PreviousRingIds));
        Assert.Contains("R-000005", id.Rings.Select(r => r.RingId));
        Assert.Contains("R-000006", id.Rings.Select(r => r.RingId));
    }

    [Fact]
    public void An_id_that_disappeared_is_never_reused()
    {
        // The previous run remembered that ids up to 40 were used even though only R-000002 is left.
        var previous = new AnalysisRun("run", DateTimeOffset.UnixEpoch, "fp", """{"highestRingId":40}""", [R("R-000002", 1, 2, 3)], []);
        var id = Match(previous, R("C-000001", 7, 8, 9));
        Assert.Equal("R-000041", id.Rings[0].RingId);
    }
}
