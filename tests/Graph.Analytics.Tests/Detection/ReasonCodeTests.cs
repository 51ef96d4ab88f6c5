using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Every reason code the scorer emits, on two small insurers: one where a planted ring shows what the reason measures
/// (it must fire, with observed above expected and a small chance) and one where a planted ring is found by other
/// reasons but does not show this one (it must be absent). A code added to <see cref="ReasonCode"/> without a case
/// here fails the theory.
/// </summary>
public sealed class ReasonCodeTests
{
    public static TheoryData<ReasonCode> Codes => [.. Enum.GetValues<ReasonCode>()];

    /// <summary>A small insurer with one planted group; <see cref="Victims"/> are the holders the reason is about.</summary>
    private sealed record Scenario(TestWorld World, IReadOnlyCollection<string> Victims);

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_reason_fires_on_a_ring_that_shows_it(ReasonCode code)
    {
        var (shows, _) = Cases(code);
        var ring = RingOf(shows);
        var reason = Assert.Single(ring.Reasons, r => r.Code == ReasonCodes.Of(code));
        Assert.NotNull(reason.Observed);
        Assert.NotNull(reason.Expected);
        Assert.NotNull(reason.Chance);
        Assert.True(reason.Observed > reason.Expected, $"{reason.Code}: observed {reason.Observed} not above expected {reason.Expected}");
        Assert.True(reason.Chance <= 1e-3, $"{reason.Code}: chance {reason.Chance}");
        Assert.NotEmpty(reason.SupportingRecords);
        // Relatives and members gathered over the years count against a ring; every other reason adds to it.
        if (code is ReasonCode.RelatedVictims or ReasonCode.GradualMembership) Assert.True(reason.Contribution < 0, $"contribution {reason.Contribution}");
        else Assert.True(reason.Contribution > 0, $"{reason.Code}: contribution {reason.Contribution}");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_reason_is_absent_from_a_ring_that_does_not_show_it(ReasonCode code)
    {
        var (_, lacks) = Cases(code);
        var ring = RingOf(lacks);
        Assert.NotEmpty(ring.Reasons);
        Assert.DoesNotContain(ring.Reasons, r => r.Code == ReasonCodes.Of(code));
    }

    [Fact]
    public void A_terminated_agents_clients_count_once_per_household_colleagues_sold_on_one_day_once()
    {
        // Ten clients of terminated agent 0 switched to one phone and surrendered; six of them bought on one day in one
        // city (colleagues under one group policy: one household), the other four on days of their own.
        var reason = Assert.Single(RingOf(ClientsOfOneAgent(seed: 119, terminated: true, colleagues: 6)).Reasons,
            r => r.Code == ReasonCodes.Of(ReasonCode.TerminatedAgent));
        Assert.Equal(5, reason.Observed);
        Assert.StartsWith("5 of 5 households are former clients of terminated agent", reason.Description);
    }

    [Fact]
    public void Members_gathered_over_the_years_take_back_weak_harm_and_members_gathered_in_weeks_do_not()
    {
        // Twenty strangers switched to one number, three of them surrendering months later, the rest never: a care home's
        // residents moving in over three years, or a ring caught early that switched them all in a month.
        var home = RingOf(OneNumberGathering(seed: 122, overDays: 960));
        var early = RingOf(OneNumberGathering(seed: 122, overDays: 30));

        var gathered = Assert.Single(home.Reasons, r => r.Code == "GRADUAL_MEMBERSHIP");
        Assert.Equal(17, gathered.Observed);
        Assert.StartsWith("17 of 20 households never surrendered or complained, and they joined over 2.6 years", gathered.Description);
        Assert.Equal(0, home.Score);
        Assert.Contains(home.Reasons, r => r.Code == "CHANGE_BEFORE_SURRENDER");
        Assert.DoesNotContain(early.Reasons, r => r.Code == "GRADUAL_MEMBERSHIP");
        Assert.True(early.Score > 0, $"score {early.Score}");
    }

    /// <summary>The candidate ring holding most of the scenario's victims; at least half of them must be in it.</summary>
    private static Ring RingOf(Scenario s)
    {
        var rings = new RingDetector(s.World.Build(), new DetectionOptions()).Run();
        var planted = s.Victims.ToHashSet(StringComparer.Ordinal);
        var ring = rings.MaxBy(r => r.Members.Count(m => m.Role == MemberRole.Victim && planted.Contains(m.EntityId)));
        Assert.NotNull(ring);
        int found = ring.Members.Count(m => m.Role == MemberRole.Victim && planted.Contains(m.EntityId));
        Assert.True(2 * found >= planted.Count, $"the planted group is not a candidate ring: {found} of {planted.Count} victims in {ring.RingId}");
        return ring;
    }

    private static (Scenario Shows, Scenario Lacks) Cases(ReasonCode code) => code switch
    {
        ReasonCode.Convergence or ReasonCode.SharedPayoutAccount or ReasonCode.SharedDeviceOrIp =>
            (PhoneTakeover(seed: 101), Representative(seed: 102)),
        ReasonCode.SharedRepresentative => (Representative(seed: 103), PhoneTakeover(seed: 104)),
        ReasonCode.SharedContact => (TemplatedLetters(seed: 105, templated: true), PhoneTakeover(seed: 106)),
        ReasonCode.TemplatedComplaints => (TemplatedLetters(seed: 107, templated: true), TemplatedLetters(seed: 108, templated: false)),
        ReasonCode.ChangeBeforeSurrender => (PhoneTakeover(seed: 109), SwitchedWithoutSurrendering(seed: 110)),
        ReasonCode.SurrenderBurst => (PhoneTakeover(seed: 111), RepresentativeOverYears(seed: 112)),
        ReasonCode.TerminatedAgent => (ClientsOfOneAgent(seed: 113, terminated: true), ClientsOfOneAgent(seed: 114, terminated: false)),
        ReasonCode.RelatedVictims => (StrangersWithRelatives(seed: 115), ClientsOfOneAgent(seed: 116, terminated: false)),
        ReasonCode.ComplaintBurst => (TemplatedLetters(seed: 117, templated: false), PhoneTakeover(seed: 118)),
        ReasonCode.GradualMembership => (OneNumberGathering(seed: 120, overDays: 960), PhoneTakeover(seed: 121)),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "No case for this reason code: add one that shows it and one that does not."),
    };

    /// <summary>Ten holders switched to one phone from one device, then paid out to one account weeks later.</summary>
    private static Scenario PhoneTakeover(int seed)
    {
        var world = new TestWorld(3000, seed, families: 0);
        return new Scenario(world, world.PhoneTakeoverRing(10, startDay: 500, phones: 1).Holders);
    }

    /// <summary>One representative files nine strangers' surrenders within a month: no changes, payouts or devices.</summary>
    private static Scenario Representative(int seed)
    {
        var world = new TestWorld(3000, seed, families: 0);
        return new Scenario(world, world.RepresentativeRing(9, startDay: 300).Holders);
    }

    /// <summary>One representative for nine strangers whose surrenders are spread evenly over almost three years.</summary>
    private static Scenario RepresentativeOverYears(int seed)
    {
        var world = new TestWorld(3000, seed, families: 0);
        var victims = world.Pick(9);
        for (int i = 0; i < victims.Count; i++) world.Builder.Surrender(victims[i], 20 + 120 * i, representative: "110105198001011234");
        return new Scenario(world, victims);
    }

    /// <summary>Eight strangers' complaints and surrenders giving one callback number; the letters are one template or each their own.</summary>
    private static Scenario TemplatedLetters(int seed, bool templated)
    {
        var world = new TestWorld(3000, seed, families: 0);
        var victims = world.Pick(8);
        const string callback = "13700001111";
        const string template = "本人于购买保险时被业务员误导，未告知退保损失和保单现金价值，现要求贵公司全额退还已交保费，否则将向监管部门继续投诉，联系电话13700001111";
        int k = 0;
        foreach (var h in victims)
        {
            world.Builder.Complain(h, 500 + k, templated ? template + "，保单号" + h : world.RandomText(90), contactPhone: callback);
            world.Builder.Surrender(h, 520 + k++, contactPhone: callback);
        }
        return new Scenario(world, victims);
    }

    /// <summary>
    /// Twenty strangers switched to one number one by one over <paramref name="overDays"/> days; three of them surrender
    /// seven to ten months after it, the others never surrender or complain.
    /// </summary>
    private static Scenario OneNumberGathering(int seed, double overDays)
    {
        var world = new TestWorld(3000, seed, families: 0);
        // New holders: the background gave surrenders only to the holders made with the world.
        var members = Enumerable.Range(0, 20).Select(_ => world.NewHolder()).ToList();
        for (int i = 0; i < members.Count; i++)
        {
            double day = 20 + overDays * i / (members.Count - 1);
            world.Builder.ChangePhone(members[i], "02088886666", day);
            if (i % 7 == 3) world.Builder.Surrender(members[i], day + 200 + 5 * i);
        }
        return new Scenario(world, members);
    }

    /// <summary>Ten strangers switched to one phone from one device who never surrender.</summary>
    private static Scenario SwitchedWithoutSurrendering(int seed)
    {
        var world = new TestWorld(3000, seed, families: 0);
        // New holders: the background gave surrenders only to the holders made with the world.
        var victims = Enumerable.Range(0, 10).Select(_ => world.NewHolder()).ToList();
        foreach (var h in victims) world.Builder.ChangePhone(h, "13899990000", 500 + world.Rng.Next(20), device: "dev-quiet");
        return new Scenario(world, victims);
    }

    /// <summary>
    /// Ten clients of one agent (terminated, or active), of different surnames and sold on different days, switched
    /// to one phone and surrendering a month later.
    /// </summary>
    /// <param name="colleagues">How many of them bought on one day (one household: an employer's group policy).</param>
    private static Scenario ClientsOfOneAgent(int seed, bool terminated, int colleagues = 0)
    {
        var world = new TestWorld(3000, seed, families: 0);
        // Every 20th agent is terminated in TestWorld: agent 0 is, agent 1 is not.
        string agent = TestWorld.AgentId(terminated ? 0 : 1);
        var clients = Enumerable.Range(0, 10).Select(i =>
        {
            string id = "HT" + i.ToString("D5");
            world.Builder.Holder(id, "赵钱孙李周吴郑冯陈褚"[i] + "明", "西安", i < colleagues ? 10 : 10 + 17 * i, "1360000" + i.ToString("D4"), "西安市客户路" + i + "号", agent);
            return id;
        }).ToList();
        foreach (var h in clients)
        {
            world.Builder.ChangePhone(h, "13711112222", 700 + world.Rng.Next(30));
            world.Builder.Surrender(h, 760 + world.Rng.Next(30));
        }
        return new Scenario(world, clients);
    }

    /// <summary>Twelve strangers and three relatives (one surname, one city) switched to the ring's phone.</summary>
    private static Scenario StrangersWithRelatives(int seed)
    {
        var world = new TestWorld(3000, seed, families: 0);
        var ring = world.PhoneTakeoverRing(12, 500);
        var relatives = Enumerable.Range(0, 3).Select(_ => world.NewHolder('欧', "成都")).ToList();
        foreach (var h in relatives)
        {
            world.Builder.ChangePhone(h, ring.Controllers[0].Value, 505);
            world.Builder.Surrender(h, 520);
        }
        return new Scenario(world, [.. ring.Holders, .. relatives]);
    }
}
