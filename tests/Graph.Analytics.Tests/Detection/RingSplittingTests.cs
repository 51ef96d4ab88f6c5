using Graph.Analytics.Detection;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Storage;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Two rings that Leiden may put in one community come apart again when only a value that touches both joins them
/// (<see cref="RingScorer.ControllerGroups"/>); one flat written several ways is one address
/// (<see cref="AddressResolution"/>).
/// </summary>
public class RingSplittingTests
{
    private static Dictionary<int, List<int>> Victims(params (int Controller, int[] Victims)[] controllers)
        => controllers.ToDictionary(c => c.Controller, c => c.Victims.ToList());

    [Fact]
    public void A_representative_two_rings_hired_does_not_make_them_one()
    {
        int[] ringA = [.. Enumerable.Range(0, 12)], ringB = [.. Enumerable.Range(100, 10)];
        var victims = Victims(
            (1, ringA),                         // ring A's phone
            (2, ringB),                         // ring B's phone
            (3, [0, 1, 2, 100, 101, 102]));     // a representative both used for three victims each
        var groups = RingScorer.ControllerGroups([1, 2, 3], victims);
        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g.Contains(1) && !g.Contains(2));
        Assert.Contains(groups, g => g.Contains(2) && !g.Contains(1));
    }

    [Fact]
    public void A_collection_account_every_victim_was_paid_to_holds_rotating_phones_together()
    {
        var victims = Victims(
            (1, [0, 1, 2, 3, 4]), (2, [5, 6, 7, 8, 9]), (3, [10, 11, 12, 13, 14]),
            (9, [.. Enumerable.Range(0, 15)]));
        var group = Assert.Single(RingScorer.ControllerGroups([1, 2, 3, 9], victims));
        Assert.Equal([1, 2, 3, 9], group.Order());
    }

    [Fact]
    public void A_value_whose_victims_are_already_in_larger_rings_adds_no_ring_of_its_own()
    {
        // A carrier address ring victims happened to share: a few of each of two rings.
        var victims = Victims(
            (1, [.. Enumerable.Range(0, 20)]), (2, [.. Enumerable.Range(100, 20)]),
            (5, [0, 1, 2, 3, 100, 101, 102, 103, 500]));
        var groups = RingScorer.ControllerGroups([1, 2, 5], victims);
        Assert.Equal(2, groups.Count);
        Assert.DoesNotContain(groups, g => g.Contains(5));
    }

    [Fact]
    public void Two_rings_joined_by_a_shared_representative_are_found_as_two_rings()
    {
        var world = new TestWorld(5000, seed: 31);
        var a = world.PhoneTakeoverRing(12, startDay: 300, phones: 1);
        var b = world.PhoneTakeoverRing(10, startDay: 650, phones: 1);
        const string rep = "110105198001019999";
        foreach (var h in a.Holders.Take(4).Concat(b.Holders.Take(4)))
            world.Builder.Surrender(h, 700, representative: rep);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run().Where(r => r.Flagged).ToList();
        foreach (var planted in new[] { a, b })
            Assert.Contains(rings, r => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToHashSet().SetEquals(planted.Holders));
    }

    [Fact]
    public void One_flat_written_with_and_without_city_road_or_compound_is_one_address()
    {
        SnapshotContact Address(string v) => new(ContactKind.Address, v);
        var contacts = new List<SnapshotContact>
        {
            Address("西安市复兴街717号翡翠府11栋4单元3302室"),   // 0: the full spelling
            Address("西安市翡翠府11栋4单元3302室"),              // 1: no road
            Address("复兴街717号翡翠府11栋4单元3302室"),         // 2: no city
            Address("翡翠府11栋4单元3302室"),                    // 3: compound only
            Address("西安市复兴街717号翡翠府11栋4单元3301室"),   // 4: the flat next door
            Address("成都市春江名邸6栋3单元1402室"),             // 5, 6: one compound name and flat in two cities,
            Address("杭州市春江名邸6栋3单元1402室"),
            Address("春江名邸6栋3单元1402室"),                   // 7: so a spelling without a city is either
            new(ContactKind.Phone, "13800000000"),
        };
        var alias = AddressResolution.Aliases(contacts);
        Assert.Equal([0, 0, 0, 0, 4, 5, 6, 7, 8], alias);
    }
}
