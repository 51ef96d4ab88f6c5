using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Each reason measured against the insurer's own base rates: a positive control (a planted ring shows it, with
/// observed above expected and a small chance) and, where it matters, a negative one (honest sharing shows nothing).
/// </summary>
public class BaseRateEvidenceTests
{
    private static HashSet<string> Victims(Ring r) => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToHashSet();

    private static RingReason Reason(Ring ring, string code) => Assert.Single(ring.Reasons, r => r.Code == code);

    private static void AssertStrong(RingReason reason, double maxChance)
    {
        Assert.NotNull(reason.Observed);
        Assert.NotNull(reason.Expected);
        Assert.NotNull(reason.Chance);
        Assert.True(reason.Observed > reason.Expected, $"{reason.Code}: observed {reason.Observed} not above expected {reason.Expected}");
        Assert.True(reason.Chance <= maxChance, $"{reason.Code}: chance {reason.Chance} above {maxChance}");
        Assert.True(reason.Contribution > 0, $"{reason.Code}: contribution {reason.Contribution}");
    }

    [Fact]
    public void A_value_shared_by_300_holders_who_surrender_at_the_base_rate_gives_no_reason()
    {
        var world = new TestWorld(6000, seed: 21);
        // A branch counter terminal: 300 holders change their phone there at random moments; whether and when they
        // surrender is whatever every other holder of this insurer does.
        const string terminal = "branch-terminal-0001";
        foreach (var h in world.Pick(300)) world.Builder.ChangePhone(h, world.NextPhone(), world.Rng.Next(1000), device: terminal);
        // Positive control: a ring planted beside the terminal is flagged, so the detector is not simply silent here.
        var planted = world.PhoneTakeoverRing(10, startDay: 500);
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var measured = Assert.Single(detector.Projection!.ValueMeasurements, m => m.Value == terminal);
        Assert.Equal(ValueRole.Infrastructure, measured.Role);
        Assert.True(measured.TakeoverHouseholds >= 290, $"{measured.TakeoverHouseholds} households");
        Assert.True(measured.TimedDecades < new DetectionOptions().Roles.ControllerDecades, $"timing {measured.TimedDecades} decades");
        Assert.DoesNotContain(rings, r => r.Members.Any(m => m.EntityId == terminal));
        var flagged = Assert.Single(rings, r => r.Flagged);
        Assert.Equal(planted.Holders.ToHashSet(), Victims(flagged));
    }

    [Fact]
    public void Twelve_holders_switched_to_one_phone_weeks_before_surrendering_give_a_strong_reason()
    {
        var world = new TestWorld(6000, seed: 22);
        var ring = world.PhoneTakeoverRing(12, startDay: 400, phones: 1);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();

        var match = Assert.Single(rings, r => r.Flagged);
        Assert.Equal(ring.Holders.ToHashSet(), Victims(match));
        var timing = Reason(match, "CHANGE_BEFORE_SURRENDER");
        AssertStrong(timing, 1e-8);
        Assert.Equal(12, timing.Observed);
        Assert.True(timing.Expected < 1, $"expected {timing.Expected}");
        AssertStrong(Reason(match, "CONVERGENCE"), 1e-8);
    }

    [Fact]
    public void Payouts_devices_and_a_burst_of_a_planted_ring_are_each_measured()
    {
        var world = new TestWorld(4000, seed: 23);
        world.PhoneTakeoverRing(10, startDay: 600, phones: 2);
        var ring = Assert.Single(new RingDetector(world.Build(), new DetectionOptions()).Run(), r => r.Flagged);
        AssertStrong(Reason(ring, "SHARED_PAYOUT_ACCOUNT"), 1e-6);
        AssertStrong(Reason(ring, "SHARED_DEVICE_OR_IP"), 1e-6);
        AssertStrong(Reason(ring, "SURRENDER_BURST"), 1e-3);
    }

    [Fact]
    public void A_representative_acting_for_strangers_is_measured()
    {
        var world = new TestWorld(4000, seed: 24);
        var planted = world.RepresentativeRing(9, startDay: 300);
        var ring = Assert.Single(new RingDetector(world.Build(), new DetectionOptions()).Run(), r => r.Flagged);
        Assert.Equal(planted.Holders.ToHashSet(), Victims(ring));
        AssertStrong(Reason(ring, "SHARED_REPRESENTATIVE"), 1e-6);
    }

    [Fact]
    public void Templated_letters_with_the_rings_callback_number_are_measured()
    {
        var world = new TestWorld(4000, seed: 25);
        var victims = world.Pick(8);
        const string callback = "13700001111";
        string template = "本人于购买保险时被业务员误导，未告知退保损失和保单现金价值，现要求贵公司全额退还已交保费，否则将向监管部门继续投诉，联系电话" + callback;
        int k = 0;
        foreach (var h in victims)
        {
            world.Builder.Complain(h, 500 + k, template + "，保单号" + h, contactPhone: callback);
            world.Builder.Surrender(h, 520 + k++, contactPhone: callback);
        }
        var ring = Assert.Single(new RingDetector(world.Build(), new DetectionOptions()).Run(), r => r.Flagged);
        Assert.Equal(victims.ToHashSet(), Victims(ring));
        AssertStrong(Reason(ring, "TEMPLATED_COMPLAINTS"), 1e-4);
        AssertStrong(Reason(ring, "SHARED_CONTACT"), 1e-4);
        AssertStrong(Reason(ring, "CHANGE_BEFORE_SURRENDER"), 1e-4);
    }

    [Fact]
    public void A_callback_number_most_of_whose_households_named_it_in_one_stretch_is_a_controller_and_the_hotline_is_not()
    {
        var world = new TestWorld(6000, seed: 28);
        // A ring's callback number on 24 victims' complaints within ten weeks: only a third surrender soon after, the
        // others have not surrendered yet, so the timing test alone cannot call it control.
        const string callback = "13722223333";
        var victims = world.Pick(24);
        for (int i = 0; i < victims.Count; i++)
        {
            double day = 600 + world.Rng.Next(70);
            world.Builder.Complain(victims[i], day, world.RandomText(80), contactPhone: callback);
            if (i % 3 == 0) world.Builder.Surrender(victims[i], day + 2, contactPhone: callback);
        }
        string hotline = world.Hotline(40);
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var measured = detector.Projection!.ValueMeasurements;
        var ringPhone = Assert.Single(measured, m => m.Value == callback);
        Assert.Equal(ValueRole.Controller, ringPhone.Role);
        Assert.Contains("first named it within", ringPhone.Why);
        var hotlineMeasured = Assert.Single(measured, m => m.Value == hotline);
        Assert.True(hotlineMeasured.Role != ValueRole.Controller, hotlineMeasured.Why);
        Assert.Contains(rings, r => r.Members.Any(m => m.EntityId == callback && m.Role == MemberRole.Controller));
    }

    [Fact]
    public void Former_clients_of_one_terminated_agent_are_measured_against_that_agents_share_of_the_book()
    {
        var world = new TestWorld(4000, seed: 26);
        // Agent A-0000 is terminated (every 20th agent is); ten of its clients (different surnames, sold on different
        // days: relatives, or clients sold together, would count as one household) switched to one phone.
        var clients = Enumerable.Range(0, 10).Select(i =>
        {
            string id = "HT" + i.ToString("D5");
            world.Builder.Holder(id, "赵钱孙李周吴郑冯陈褚"[i] + "明", "西安", 10 + 17 * i, "1360000" + i.ToString("D4"), "西安市客户路" + i + "号", TestWorld.AgentId(0));
            return id;
        }).ToList();
        foreach (var h in clients)
        {
            world.Builder.ChangePhone(h, "13711112222", 700 + world.Rng.Next(30));
            world.Builder.Surrender(h, 760 + world.Rng.Next(30));
        }
        var ring = Assert.Single(new RingDetector(world.Build(), new DetectionOptions()).Run(), r => r.Flagged);
        AssertStrong(Reason(ring, "TERMINATED_AGENT"), 1e-6);
        Assert.Contains(ring.Members, m => m.Role == MemberRole.Agent && m.EntityId == TestWorld.AgentId(0));
    }

    [Fact]
    public void A_terminated_agents_clients_in_his_own_town_are_measured_against_his_share_of_that_town()
    {
        // A town of 60 holders where terminated agent A-0000 sold to half of them (about 1% of the whole book). Twelve of
        // the town, six of them his, named the village committee's phone and never surrendered: half of them his
        // clients is what his share of the town predicts, not a leaked client list (insurer-b study seeds: parcel
        // stations and nursing homes flagged on a local agent's share of a national book).
        var world = new TestWorld(4000, seed: 33);
        var town = Enumerable.Range(0, 60).Select(i =>
        {
            string id = "HY" + i.ToString("D5");
            string agent = i % 2 == 0 ? TestWorld.AgentId(0) : TestWorld.AgentId(1 + i % 19);
            world.Builder.Holder(id, "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤"[i] + "明",
                "阳朔", 10 + 13 * i, world.NextPhone(), "阳朔县西街" + i + "号", agent);
            return id;
        }).ToList();
        var villagers = town.Take(12).ToList();
        foreach (var h in villagers) world.Builder.ChangePhone(h, "13622223333", 100 + world.Rng.Next(800));
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();
        var bad = rings.Where(r => r.Flagged && Victims(r).Overlaps(villagers)).ToList();
        Assert.True(bad.Count == 0, string.Join(" | ", bad.Select(r => r.Score + " " + string.Join("; ", r.Reasons.Select(x => x.Code + " " + x.Value + " " + x.Description)))));
    }

    [Fact]
    public void Three_strangers_who_changed_to_one_phone_without_any_surrender_are_not_flagged()
    {
        // Convergence alone, with nothing a ring does afterwards: not enough when the insurer is large.
        var world = new TestWorld(6000, seed: 27);
        var friends = world.Pick(3);
        foreach (var h in friends) world.Builder.ChangePhone(h, "13899990000", 100 + world.Rng.Next(900));
        // Positive control: three strangers who also surrendered soon after, paid to one account, are flagged.
        var planted = world.PhoneTakeoverRing(3, startDay: 500, phones: 1);
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();
        Assert.DoesNotContain(rings, r => r.Flagged && Victims(r).Overlaps(friends));
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(planted.Holders));
    }
    [Fact]
    public void A_ring_that_bought_one_active_agents_client_list_is_flagged_and_colleagues_the_agent_sold_together_are_not()
    {
        var world = new TestWorld(6000, seed: 29);
        // Agent A-0001 (active) sold to 16 clients across the book's three years; within four weeks a ring's
        // representative files all their surrenders. Agent A-0002 sold to 24 colleagues of one employer within a
        // week; their HR office files their surrenders within three weeks when the employer ends the plan (enough
        // colleagues for the value to be reported with its role).
        List<string> Clients(string prefix, int count, string agent, Func<int, double> soldOn, string city) =>
            Enumerable.Range(0, count).Select(i =>
            {
                string id = prefix + i.ToString("D5");
                world.Builder.Holder(id, "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华"[i] + "明", city, soldOn(i), world.NextPhone(), city + "客户路" + prefix + i + "号", agent);
                return id;
            }).ToList();
        var book = Clients("HB", 16, TestWorld.AgentId(1), i => 5 + 61 * i, "成都");
        var colleagues = Clients("HC", 24, TestWorld.AgentId(2), i => 300 + i % 7, "杭州");
        const string ringRep = "510105198001010011", hrRep = "330106197501010022";
        foreach (var h in book) world.Builder.Surrender(h, 900 + world.Rng.Next(28), representative: ringRep);
        foreach (var h in colleagues) world.Builder.Surrender(h, 700 + world.Rng.Next(21), representative: hrRep);
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var measured = detector.Projection!.ValueMeasurements;
        var ring = Assert.Single(measured, m => m.Value == ringRep);
        Assert.Equal(ValueRole.Controller, ring.Role);
        var hr = Assert.Single(measured, m => m.Value == hrRep);
        Assert.Equal(ValueRole.AgentContact, hr.Role);
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(book));
        Assert.DoesNotContain(rings, r => r.Flagged && Victims(r).Overlaps(colleagues));
    }
    [Fact]
    public void A_ring_that_reached_an_active_agents_clients_by_forms_more_than_switches_is_flagged_and_the_agents_tablet_in_a_campaign_is_not()
    {
        var world = new TestWorld(6000, seed: 31);
        // Agent A-0001 (active) sold to 8 clients over three years. Within seven weeks a ring switched 3 of them to
        // its phone and had the other 5 write it as contact on their complaints; none has surrendered yet, so the
        // timing test shows nothing. Agent A-0002 updated 22 clients' phones on the agent's own tablet in a two-week campaign.
        List<string> Clients(string prefix, int count, string agent, string city) =>
            Enumerable.Range(0, count).Select(i =>
            {
                string id = prefix + i.ToString("D5");
                world.Builder.Holder(id, "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华"[i] + "明", city, 5 + 45 * i, world.NextPhone(), city + "客户路" + prefix + i + "号", agent);
                return id;
            }).ToList();
        var book = Clients("HB", 8, TestWorld.AgentId(1), "成都");
        var campaign = Clients("HT", 22, TestWorld.AgentId(2), "杭州");
        const string ringPhone = "17300000001", tablet = "agent-tablet-0002";
        for (int i = 0; i < book.Count; i++)
        {
            double day = 900 + 6 * i;
            if (i < 3) world.Builder.ChangePhone(book[i], ringPhone, day);
            else world.Builder.Complain(book[i], day, world.RandomText(200), contactPhone: ringPhone);
        }
        foreach (var h in campaign) world.Builder.ChangePhone(h, world.NextPhone(), 600 + world.Rng.Next(14), device: tablet);
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var measured = detector.Projection!.ValueMeasurements;
        Assert.Equal(ValueRole.Controller, Assert.Single(measured, m => m.Value == ringPhone).Role);
        Assert.Equal(ValueRole.AgentContact, Assert.Single(measured, m => m.Value == tablet).Role);
        Assert.Contains(rings, r => Victims(r).SetEquals(book));
        Assert.DoesNotContain(rings, r => r.Flagged && Victims(r).Overlaps(campaign));
    }

    [Fact]
    public void The_honest_users_a_ring_leaves_behind_on_a_carrier_address_are_no_ring()
    {
        var world = new TestWorld(6000, seed: 41);
        // A ring switches 12 victims to its phone from its handset and is paid their surrenders; 5 of them went
        // through one carrier address, which 8 honest customers also had at other times over three years. Two of
        // those honest customers happened to surrender two months after their own change, as people do.
        const string carrier = "100.64.7.7", ringPhone = "17300000009", handset = "ring-handset-9", account = "6222000000000009";
        var victims = world.Pick(12);
        for (int i = 0; i < victims.Count; i++)
        {
            double day = 700 + 3 * i;
            world.Builder.ChangePhone(victims[i], ringPhone, day, device: handset, ip: i < 5 ? carrier : null);
            world.Builder.Surrender(victims[i], day + 5 + world.Rng.Next(20), payout: account);
        }
        var honest = world.Pick(8);
        for (int i = 0; i < honest.Count; i++)
        {
            double day = 100 + 130 * i;
            world.Builder.ChangePhone(honest[i], world.NextPhone(), day, ip: carrier);
            if (i < 2) world.Builder.Surrender(honest[i], day + 60);
        }
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        // Over all its thirteen users the address is a controller: seven surrendered within two months of using it.
        Assert.Equal(ValueRole.Controller, Assert.Single(detector.Projection!.ValueMeasurements, m => m.Value == carrier).Role);
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(victims));
        // Over the eight the ring leaves behind it shows nothing: they are no ring, not even an unflagged candidate.
        Assert.DoesNotContain(rings, r => Victims(r).Overlaps(honest));
    }

    [Fact]
    public void A_slow_rings_handset_joins_its_flats_into_one_ring_and_a_terminal_its_victims_also_used_stays_infrastructure()
    {
        var world = new TestWorld(6000, seed: 47);
        // A slow ring: over sixteen months its handset switches 24 victims to one of its three numbers (its flats'
        // landlines). A third of them surrender three to eight months later; the others have not yet. The handset's
        // timing shows in a third of its households, not most, so the first look calls it infrastructure; but every
        // change made from it switched a victim to one of the ring's numbers. Six victims of another ring made their
        // changes at a branch terminal that 30 honest customers used: there, most changes switch people to their own
        // numbers.
        const string handset = "slow-handset-47", terminal = "branch-terminal-47";
        var flats = new[] { "13900047001", "13900047002", "13900047003" };
        var victims = world.Pick(24);
        for (int i = 0; i < victims.Count; i++)
        {
            double day = 200 + 20 * i;
            world.Builder.ChangePhone(victims[i], flats[i % 3], day, device: handset);
            if (i % 3 == 0) world.Builder.Surrender(victims[i], day + 90 + world.Rng.Next(150));
        }
        var ring = world.Pick(6);
        foreach (var h in ring)
        {
            double day = 900 + world.Rng.Next(20);
            world.Builder.ChangePhone(h, "13900047009", day, device: terminal);
            world.Builder.Surrender(h, day + 5 + world.Rng.Next(20), payout: "6222000000000047");
        }
        var honest = world.Pick(30);
        for (int i = 0; i < honest.Count; i++) world.Builder.ChangePhone(honest[i], world.NextPhone(), 100 + 30 * i, device: terminal);
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var measured = Assert.Single(detector.Projection!.ValueMeasurements, m => m.Value == handset);
        Assert.Equal(ValueRole.Controller, measured.Role);
        Assert.Contains("by the very changes made from it", measured.Why, StringComparison.Ordinal);
        Assert.Equal(ValueRole.Infrastructure, Assert.Single(detector.Projection.ValueMeasurements, m => m.Value == terminal).Role);
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(victims));
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(ring));
        Assert.DoesNotContain(rings, r => Victims(r).Overlaps(honest));
    }

    [Fact]
    public void A_rotating_rings_handset_holds_its_numbers_together_though_the_changes_made_from_it_were_not_to_them()
    {
        var world = new TestWorld(6000, seed: 53);
        // A ring rotates its numbers, one for every three victims (eight in all), but keeps its handset: from it each
        // victim's number is first moved to a throwaway one, then the ring's number is set at the hotline (no device).
        // It works slowly, over two years; a third of them surrender three to eight months later and another third
        // complain (most of a ring's victims act: a group gathered over years most of whom never did reads as an
        // institution's members, GRADUAL_MEMBERSHIP). Neither the handset's timing nor its surrenders stand out. No
        // change made from it switched anyone to a ring's value, yet every one of its households uses one as its own
        // (insurer-b study seeds: rotating rings flagged in pieces).
        const string handset = "rotating-handset-53";
        var victims = world.Pick(24);
        for (int i = 0; i < victims.Count; i++)
        {
            double day = 100 + 30 * i;
            world.Builder.ChangePhone(victims[i], world.NextPhone(), day, device: handset);
            world.Builder.ChangePhone(victims[i], "1390005300" + (i / 3), day + 1);
            if (i % 3 == 0) world.Builder.Surrender(victims[i], day + 90 + world.Rng.Next(150));
            if (i % 3 == 1) world.Builder.Complain(victims[i], day + 60 + world.Rng.Next(120), world.RandomText(80));
        }
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        var measured = Assert.Single(detector.Projection!.ValueMeasurements, m => m.Value == handset);
        Assert.Equal(ValueRole.Controller, measured.Role);
        Assert.Contains("use a ring's values as their own", measured.Why, StringComparison.Ordinal);
        var ring = Assert.Single(rings, r => r.Flagged && Victims(r).Overlaps(victims));
        Assert.True(Victims(ring).IsSupersetOf(victims), $"{Victims(ring).Count(victims.Contains)} of 24 victims in the ring");
    }

    [Fact]
    public void A_terminal_a_ring_used_does_not_bring_its_honest_users_into_the_ring_and_the_rings_handset_keeps_its_victims()
    {
        var world = new TestWorld(6000, seed: 43);
        // A ring switches 12 victims to its phones and is paid their surrenders. Seven of the changes went through a
        // branch terminal that 6 honest customers also used at other times; the ring's handset made the changes of
        // its 10 victims of a second wave, 7 of whom it alone ties to the ring (each switched to a number of their own).
        // Three of those seven surrendered within weeks, as the ring's other victims did; four have not yet. Over
        // the seven alone the handset is no controller, but they look far more like the ring's victims than like
        // the insurer's other customers.
        const string terminal = "branch-terminal-43", handset = "ring-handset-43", account = "6222000000000043";
        var victims = world.Pick(12);
        for (int i = 0; i < victims.Count; i++)
        {
            double day = 700 + 3 * i;
            world.Builder.ChangePhone(victims[i], "173000000" + (i % 2), day, device: i < 7 ? terminal : null);
            world.Builder.Surrender(victims[i], day + 5 + world.Rng.Next(20), payout: account);
        }
        var honest = world.Pick(6);
        for (int i = 0; i < honest.Count; i++) world.Builder.ChangePhone(honest[i], world.NextPhone(), 100 + 170 * i, device: terminal);
        var wave = world.Pick(10);
        for (int i = 0; i < wave.Count; i++)
        {
            double day = 200 + 25 * i;
            world.Builder.ChangePhone(wave[i], i < 3 ? "17300000042" : world.NextPhone(), day, device: handset);
            if (i < 6) world.Builder.Surrender(wave[i], day + 10 + world.Rng.Next(30), payout: i < 3 ? account + "2" : null);
        }
        var detector = new RingDetector(world.Build(), new DetectionOptions());
        var rings = detector.Run();

        Assert.Equal(ValueRole.Controller, Assert.Single(detector.Projection!.ValueMeasurements, m => m.Value == terminal).Role);
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(victims));
        Assert.DoesNotContain(rings, r => Victims(r).Overlaps(honest));
        Assert.Contains(rings, r => r.Flagged && Victims(r).SetEquals(wave));
    }

    [Fact]
    public void A_ring_whose_victims_complained_in_one_wave_is_flagged_before_anyone_surrenders_even_in_a_month_of_a_product_wide_wave()
    {
        var world = new TestWorld(6000, seed: 45);
        // A ring switched 14 strangers to its phones from one handset within ten days, then had them write to the
        // regulator within two weeks, each letter in its own words. Nobody has surrendered yet. Meanwhile a product
        // drew 300 complaints from its holders over the same month (a rate cut), each from their own phone.
        var victims = world.Pick(14);
        for (int i = 0; i < victims.Count; i++)
        {
            world.Builder.ChangePhone(victims[i], "1730000005" + (i % 3), 900 + world.Rng.Next(10), device: "ring-handset-45");
            world.Builder.Complain(victims[i], 915 + world.Rng.Next(14), world.RandomText(120), contactPhone: "1730000005" + (i % 3));
        }
        foreach (var h in world.Pick(300)) world.Builder.Complain(h, 900 + world.Rng.Next(30), world.RandomText(120));
        var rings = new RingDetector(world.Build(), new DetectionOptions()).Run();

        var ring = Assert.Single(rings, r => r.Flagged);
        Assert.Equal(victims.ToHashSet(), Victims(ring));
        var wave = Reason(ring, "COMPLAINT_BURST");
        AssertStrong(wave, 1e-3);
        Assert.Equal(14, wave.Observed);
    }
}
