using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

public class RingDetectorTests
{
    private static HashSet<string> Victims(Ring r) => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToHashSet();

    private static double Jaccard(ISet<string> a, IEnumerable<string> b)
    {
        var bs = b.ToHashSet();
        int inter = a.Count(bs.Contains);
        return inter / (double)(a.Count + bs.Count - inter);
    }

    [Fact]
    public void Planted_phone_takeover_ring_is_flagged_with_its_victims_and_controllers()
    {
        var world = new TestWorld(3000, seed: 1);
        var ring = world.PhoneTakeoverRing(12, startDay: 500);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();

        var flagged = rings.Where(r => r.Flagged).ToList();
        var match = Assert.Single(flagged);
        Assert.Equal(ring.Holders.ToHashSet(), Victims(match));
        foreach (var phone in ring.Controllers)
            Assert.Contains(match.Members, m => m.Role == MemberRole.Controller && m.EntityType == "phone" && m.EntityId == phone.Value);
        Assert.Contains(match.Reasons, r => r.Code == "CONVERGENCE" && r.Contribution > 0);
        Assert.Contains(match.Reasons, r => r.Code == "CHANGE_BEFORE_SURRENDER" && r.Contribution > 0);
    }

    [Fact]
    public void Families_sharing_their_own_phone_and_address_are_never_flagged()
    {
        var world = new TestWorld(3000, seed: 2, families: 0.2);
        var families = world.Truth.Where(t => t.Kind == "family").ToList();
        // Positive control: a ring planted among the families is flagged, so the detector is not simply silent here.
        var planted = world.PhoneTakeoverRing(10, startDay: 500);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();
        Assert.True(families.Count > 50, "the world must hold families for this test to mean anything");
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(planted.Holders));
        foreach (var r in rings.Where(r => r.Flagged))
            foreach (var f in families)
                Assert.True(Jaccard(Victims(r), f.Holders) < 0.5, $"family {f.GroupId} flagged as {r.RingId}");
    }

    [Fact]
    public void Hotline_shared_by_thousands_neither_forms_a_ring_nor_glues_two_rings()
    {
        var world = new TestWorld(6000, seed: 3);
        var a = world.PhoneTakeoverRing(10, startDay: 300);
        var b = world.RepresentativeRing(10, startDay: 700);
        // Some victims of both rings also gave the hotline on another request: the hotline touches both rings.
        string hotline = world.Hotline(3000, a.Holders.Take(4).Concat(b.Holders.Take(4)));
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var hub = Assert.Single(detector.Projection!.ValueMeasurements, m => m.Value == hotline);
        Assert.Equal(ValueRole.Infrastructure, hub.Role);
        Assert.True(hub.Holders >= 3000);
        var flagged = rings.Where(r => r.Flagged).ToList();
        Assert.Equal(2, flagged.Count);
        Assert.Contains(flagged, r => Victims(r).SetEquals(a.Holders));
        Assert.Contains(flagged, r => Victims(r).SetEquals(b.Holders));
        Assert.DoesNotContain(rings, r => r.Members.Any(m => m.EntityId == hotline));
    }

    [Fact]
    public void Every_supporting_record_of_every_reason_exists_in_the_snapshot()
    {
        var world = new TestWorld(3000, seed: 4);
        world.PhoneTakeoverRing(8, 200);
        world.RepresentativeRing(6, 600);
        var snapshot = world.Build();
        var rings = new RingDetector(snapshot, new DetectionOptions()).Run();
        var known = snapshot.Links.Select(l => l.SourceId)
            .Concat(snapshot.Events.Select(e => e.Id))
            .Concat(snapshot.Policies.Select(p => p.Id))
            .Concat(snapshot.Holders.Select(h => h.Id)).ToHashSet();
        Assert.NotEmpty(rings);
        foreach (var ring in rings)
            foreach (var reason in ring.Reasons)
            {
                Assert.NotEmpty(reason.SupportingRecords);
                foreach (var id in reason.SupportingRecords) Assert.Contains(id, known);
            }
    }

    [Fact]
    public void Same_snapshot_and_seed_give_the_same_rings()
    {
        var world = new TestWorld(3000, seed: 5);
        world.PhoneTakeoverRing(15, 100);
        world.RepresentativeRing(9, 400);
        var snapshot = world.Build();
        var first = new RingDetector(snapshot, new DetectionOptions()).Run();
        var second = new RingDetector(snapshot, new DetectionOptions()).Run();
        Assert.Equal(AnalysisOutputWriter.RingsCsv(first, 3), AnalysisOutputWriter.RingsCsv(second, 3));
        Assert.Equal(AnalysisOutputWriter.MembersCsv(first), AnalysisOutputWriter.MembersCsv(second));
    }

    [Fact]
    public void Scores_stay_between_0_and_100_and_flags_follow_the_threshold()
    {
        var world = new TestWorld(3000, seed: 6, families: 0.15);
        world.PhoneTakeoverRing(30, 100, phones: 3);
        world.RepresentativeRing(4, 400);
        var options = new DetectionOptions { FlagBy = FlagMethod.Score, FlagThreshold = 70 };
        var rings = new RingDetector(world.Build(), options).Run();
        Assert.NotEmpty(rings);
        foreach (var r in rings)
        {
            Assert.InRange(r.Score, 0, 100);
            Assert.Equal(r.Score >= 70, r.Flagged);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_family_switching_to_the_sons_phone_and_account_is_not_flagged(bool oneHome)
    {
        var world = new TestWorld(2000, seed: 8, families: 0);
        var b = world.Builder;
        var family = new List<string>();
        // Parents and grandparents: same surname and city; one home, or (grown-up children) each their own.
        for (int i = 0; i < 4; i++) family.Add(world.NewHolder('欧', "成都", address: oneHome ? "成都市武侯区家园路1号" : null));
        foreach (var h in family)
        {
            b.ChangePhone(h, "13612345678", 300 + family.IndexOf(h));
            b.Surrender(h, 320 + family.IndexOf(h), payout: "6222020200112233445");
        }
        var ring = world.PhoneTakeoverRing(6, 500);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();

        // One household (one home, or one surname in one city far beyond chance) is not a ring of strangers.
        Assert.DoesNotContain(rings, r => Victims(r).Overlaps(family));
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(ring.Holders));
    }

    [Fact]
    public void Relatives_inside_a_ring_of_strangers_count_against_it_but_do_not_hide_it()
    {
        var world = new TestWorld(3000, seed: 12, families: 0);
        var ring = world.PhoneTakeoverRing(12, 500);
        // Three more victims, one family (same surname and city), switched to the ring's phone like the others.
        var relatives = Enumerable.Range(0, 3).Select(_ => world.NewHolder('欧', "成都")).ToList();
        foreach (var h in relatives)
        {
            world.Builder.ChangePhone(h, ring.Controllers[0].Value, 505);
            world.Builder.Surrender(h, 520);
        }
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();
        var match = Assert.Single(rings, r => r.Flagged);
        Assert.True(Victims(match).IsSupersetOf(relatives.Concat(ring.Holders)));
        var related = Assert.Single(match.Reasons, r => r.Code == "RELATED_VICTIMS");
        Assert.True(related.Contribution < 0);
        Assert.True(related.Observed > related.Expected);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(300)]
    public void Rings_of_any_size_are_found_whole(int size)
    {
        var world = new TestWorld(Math.Max(2000, size * 8), seed: 30 + size);
        var ring = world.PhoneTakeoverRing(size, 400, phones: size >= 40 ? 3 : 1);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();
        var match = Assert.Single(rings, r => r.Flagged);
        Assert.Equal(ring.Holders.ToHashSet(), Victims(match));
    }

    [Fact]
    public void A_legitimate_mass_surrender_after_a_rate_cut_is_not_a_ring()
    {
        var world = new TestWorld(4000, seed: 9);
        // 400 holders surrender within two weeks, each with their own account, phone and no representative.
        foreach (var h in world.Pick(400)) world.Builder.Surrender(h, 600 + world.Rng.Next(14), payout: "6222" + world.Rng.NextInt64(100000000000, 999999999999));
        // Positive control: a ring planted in the same weeks is still flagged, and it is the only flag.
        var planted = world.PhoneTakeoverRing(10, startDay: 590);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();
        var flagged = Assert.Single(rings, r => r.Flagged);
        Assert.Equal(planted.Holders.ToHashSet(), Victims(flagged));
    }
}
