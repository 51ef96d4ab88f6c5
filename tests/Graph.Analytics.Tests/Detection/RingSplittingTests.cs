using Graph.Analytics.Detection;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Storage;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Two rings that Leiden may put in one community come apart again when only a value that touches both joins them
/// (<see cref="ControllerGrouping.Group"/>); one flat written several ways is one address
/// (<see cref="AddressResolution"/>).
/// </summary>
public class RingSplittingTests
{
    private static Dictionary<int, List<int>> Victims(params (int Controller, int[] Victims)[] controllers)
        => controllers.ToDictionary(c => c.Controller, c => c.Victims.ToList());

    /// <summary>Every piece holds each of its victims through a value the victim used as its own.</summary>
    private static bool OwnTied(int ring, int victim) => true;

    /// <summary>Controllers 50 and up stand for templates and IP addresses; <paramref name="hired"/> for representatives.</summary>
    private static List<(List<int> Controllers, List<int> Victims)> Groups(List<int> controllers, Dictionary<int, List<int>> victims, params int[] hired)
        => ControllerGrouping.Group(controllers, victims, c => c >= 50, isHired: hired.Contains);

    [Fact]
    public void A_representative_two_rings_hired_does_not_make_them_one()
    {
        int[] ringA = [.. Enumerable.Range(0, 12)], ringB = [.. Enumerable.Range(100, 10)];
        var victims = Victims(
            (1, ringA),                         // ring A's phone
            (2, ringB),                         // ring B's phone
            (3, [0, 1, 2, 100, 101, 102]));     // a representative both used for three victims each
        var groups = Groups([1, 2, 3], victims, hired: 3);
        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g.Controllers.Contains(1) && !g.Controllers.Contains(2));
        Assert.Contains(groups, g => g.Controllers.Contains(2) && !g.Controllers.Contains(1));
    }

    [Fact]
    public void A_small_value_inside_two_rings_cannot_chain_them()
    {
        // The representative ties six of ring A and four of ring B; the representative's name with its phone ties two
        // of ring B, which are the representative's too. Joined pairwise, the two small values would chain A and B.
        int[] ringA = [.. Enumerable.Range(0, 23)], ringB = [.. Enumerable.Range(100, 11)];
        var victims = Victims((1, ringA), (2, ringB), (3, [0, 1, 2, 3, 4, 5, 100, 101, 102, 103]), (4, [100, 101]));
        var groups = Groups([1, 2, 3, 4], victims, hired: [3, 4]);
        Assert.Equal(2, groups.Count);
        Assert.Equal([1, 3], groups[0].Controllers.Order());
        Assert.Equal([2, 4], groups[1].Controllers.Order());
        Assert.Equal(ringB, groups[1].Victims);
    }

    [Fact]
    public void A_handset_two_teams_of_one_ring_worked_from_makes_them_one_ring_and_a_value_two_victims_share_does_not()
    {
        // Team A: phone 1 and account 2 for victims 0–19; team B: phone 3 and account 4 for victims 100–109. The ring's
        // handset (5) switched eight of each: most of B, but under half of A, so it is no common anchor by majority.
        int[] teamA = [.. Enumerable.Range(0, 20)], teamB = [.. Enumerable.Range(100, 10)];
        var victims = Victims((1, teamA), (2, teamA), (3, teamB), (4, teamB),
            (5, [.. Enumerable.Range(0, 8), .. Enumerable.Range(100, 8)]));
        var ring = Assert.Single(Groups([1, 2, 3, 4, 5], victims));
        Assert.Equal(30, ring.Victims.Count);

        // An email two of A's victims and two of B's were switched to ties too few of either to say they are one.
        victims[5] = [0, 1, 100, 101];
        Assert.Equal(2, Groups([1, 2, 3, 4, 5], victims).Count);
    }

    [Fact]
    public void A_number_victims_of_two_groups_used_as_their_own_joins_them_however_large_one_is_and_a_representatives_does_not()
    {
        // A ring of 112 victims: team A (0–99) on phone 1, team B (100–111) on phone 2, which ten of A's victims were
        // also switched to: ten is under a quarter of A, so no anchor by the older rules.
        int[] teamA = [.. Enumerable.Range(0, 100)], teamB = [.. Enumerable.Range(100, 12)];
        var victims = Victims((1, teamA), (2, [.. teamA.Take(10), .. teamB]));
        List<(List<int> Controllers, List<int> Victims)> Grouped(Func<int, int, bool> usedAsOwn)
            => ControllerGrouping.Group([1, 2], victims, _ => false, usedAsOwn: usedAsOwn);

        var ring = Assert.Single(Grouped((_, _) => true));
        Assert.Equal(112, ring.Victims.Count);

        // The same ties, but A's ten were only represented by the person with phone 2 (a representative two rings
        // hired, whose phone is one of ring B's own numbers): two rings.
        var rings = Grouped((c, h) => !(c == 2 && h < 100));
        Assert.Equal(2, rings.Count);
        Assert.Equal(teamB, rings.Single(g => g.Controllers.Contains(2)).Victims);

        // Two of A's victims used phone 2 as their own: too few to say one ring (minVictims 3).
        Assert.Equal(2, Grouped((c, h) => !(c == 2 && h is >= 2 and < 100)).Count);
    }

    [Fact]
    public void A_handsets_group_joins_the_one_ring_whose_numbers_its_victims_used_and_a_terminal_two_rings_used_joins_neither()
    {
        // Ring X: phone 1 for victims 0–99; its handset (3) took in first the 30 victims 100–129 (and served seven of
        // the others); account 2 was paid to by 0–14 and by five of the handset's victims. Five is under a quarter of 30:
        // no anchor by the older rules.
        int[] ringX = [.. Enumerable.Range(0, 100)], handset = [.. Enumerable.Range(100, 30)];
        var victims = Victims((1, ringX), (2, [.. ringX.Take(15), .. handset.Take(5)]), (3, [.. ringX.Take(7), .. handset]));
        bool UsedAsOwn(int c, int h) => c != 3;
        var ring = Assert.Single(ControllerGrouping.Group([1, 2, 3], victims, _ => false, usedAsOwn: UsedAsOwn));
        Assert.Equal(130, ring.Victims.Count);

        // Were the device a branch terminal that ring Y (phone 4: 200–214) used too, five of the victims it took in
        // having used phone 4, it would join neither ring, and the two rings stay two.
        victims[4] = [.. Enumerable.Range(200, 15), .. handset.Skip(10).Take(5)];
        var groups = ControllerGrouping.Group([1, 2, 3, 4], victims, _ => false, usedAsOwn: UsedAsOwn);
        Assert.Equal(3, groups.Count);
        Assert.Equal(ringX, groups.Single(g => g.Controllers.Contains(1)).Victims);
        Assert.Equal(Enumerable.Range(200, 15), groups.Single(g => g.Controllers.Contains(4)).Victims);
    }

    [Fact]
    public void A_handset_used_by_almost_no_one_but_two_groups_victims_joins_them_and_one_strangers_use_too_does_not()
    {
        // Two pieces of one payout ring (accounts 1 and 2), whose handset (no controller: too few households to show
        // control) served four victims of each and one other holder: nine holders, eight of them the pieces' victims.
        // No one uses a handset as their own (the last list), so only the quarter counts.
        List<(List<int> Controllers, List<int> Victims)> pieces = [([1], [0, 1, 2, 3, 4]), ([2], [10, 11, 12, 13])];
        int[] handset = [0, 1, 2, 3, 10, 11, 12, 13];
        var ring = Assert.Single(ControllerGrouping.JoinAtCommonValues(pieces, [(5, [.. handset], 9, [])], minVictims: 3, OwnTied));
        Assert.Equal([1, 2], ring.Controllers);
        Assert.Equal([0, 1, 2, 3, 4, 10, 11, 12, 13], ring.Victims);

        // A small branch's terminal: the same eight victims among twelve holders (a third of them strangers).
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [(5, [.. handset], 12, [])], minVictims: 3, OwnTied).Count);
        // Two victims of the second piece: too few to say one ring.
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [(5, [0, 1, 2, 3, 10, 11], 6, [])], minVictims: 3, OwnTied).Count);
    }

    [Fact]
    public void A_terminals_customers_in_the_group_it_alone_made_are_not_ring_victims_to_it()
    {
        // Two rings (accounts 1 and 2) whose victims used a branch terminal (3), four of each, and six customers that
        // nothing else ties: they are a group of their own, made by the terminal alone (none used a value of it as
        // their own). Counted as ring victims, they would make the terminal look used by almost no one but the rings' victims.
        List<(List<int> Controllers, List<int> Victims)> rings = [([1], [0, 1, 2, 3, 4]), ([2], [10, 11, 12, 13]), ([3], [20, 21, 22, 23, 24, 25])];
        bool HeldThroughOwnValues(int ring, int h) => ring != 2;
        int[] terminal = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 24, 25];
        Assert.Equal(3, ControllerGrouping.JoinAtCommonValues(rings, [(3, [.. terminal], 14, [])], minVictims: 3, HeldThroughOwnValues).Count);

        // A ring's handset whose own group holds one of its nine holders: that one is left out, and the other eight are the
        // rings' victims still.
        List<(List<int> Controllers, List<int> Victims)> withHandset = [rings[0], rings[1], ([3], [20, 21])];
        var joined = ControllerGrouping.JoinAtCommonValues(withHandset, [(3, [0, 1, 2, 3, 10, 11, 12, 13, 20], 9, [])], minVictims: 3, HeldThroughOwnValues);
        Assert.Equal([1, 2], joined.Single(r => r.Controllers.Contains(1)).Controllers);
    }

    [Fact]
    public void Values_used_by_almost_no_one_but_two_groups_victims_join_them_when_together_they_tie_enough_of_each()
    {
        // Two pieces of one takeover ring, each on its own phone (1, 2). Its handset took in two victims of each and
        // no one else; an account it collected to was paid by one more of each, and by no one else.
        // Its victims were switched to their piece's phone (each piece holds them through a value of their own).
        List<(List<int> Controllers, List<int> Victims)> pieces = [([1], [0, 1, 2, 3, 4, 5]), ([2], [10, 11, 12, 13, 14, 15])];
        (int Value, List<int> Tied, int Holders, HashSet<int> Users) handset = (5, [0, 1, 10, 11], 4, []), secondHandset = (6, [2, 12], 2, []);
        var ring = Assert.Single(ControllerGrouping.JoinAtCommonValues(pieces, [handset, secondHandset], minVictims: 3, OwnTied));
        Assert.Equal([1, 2], ring.Controllers);
        Assert.Equal(12, ring.Victims.Count);

        // The handset alone ties two of each: too few to say one ring.
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [handset], minVictims: 3, OwnTied).Count);
        // A handset half of whose users are strangers (a branch terminal) does not count.
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [handset, (6, [2, 12], 4, [])], minVictims: 3, OwnTied).Count);
        // Two values that tie the same victims of the second piece still tie only two of them.
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [handset, (6, [2, 10], 2, [])], minVictims: 3, OwnTied).Count);
        // A ring of forty holding three of the other ring's victims (an earlier step left them there, through the
        // representative it hired): under a quarter of it, and those three are not held by a value of their own there,
        // though they wrote the other ring's phone and flat on their letters.
        List<(List<int> Controllers, List<int> Victims)> mixed = [([1], [.. Enumerable.Range(0, 40)]), ([2], [40, 41, 42, 43, 44, 45])];
        bool LeftThere(int ring, int h) => !(ring == 0 && h < 3);
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(mixed, [(5, [0, 1, 40, 41], 4, [0, 1, 40, 41]), (6, [2, 42], 2, [2, 42])], minVictims: 3, LeftThere).Count);
    }

    [Fact]
    public void A_number_victims_of_two_pieces_used_as_their_own_joins_them_however_few_and_a_representatives_or_a_handset_does_not()
    {
        // A ring that rotates its numbers: two pieces, each on its own phones (1, 2), and the number it moved on from
        // (a phone no one else used) was given by the last victim of the first piece and the first two of the second.
        List<(List<int> Controllers, List<int> Victims)> pieces = [([1], [.. Enumerable.Range(0, 40)]), ([2], [40, 41, 42, 43, 44])];
        var ring = Assert.Single(ControllerGrouping.JoinAtCommonValues(pieces, [(5, [39, 40, 41], 3, [39, 40, 41])], minVictims: 3, OwnTied));
        Assert.Equal(45, ring.Victims.Count);

        // A representative's phone that victims of both wrote on their forms is his, not the ring's (no users counted).
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [(5, [39, 40, 41], 3, [])], minVictims: 3, OwnTied).Count);
        // A victim the first piece holds only through a handset or a representative may be the other ring's.
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [(5, [39, 40, 41], 3, [39, 40, 41])], minVictims: 3, (r, h) => h != 39).Count);
        // A number two strangers used too is not the ring's alone.
        Assert.Equal(2, ControllerGrouping.JoinAtCommonValues(pieces, [(5, [39, 40, 41], 5, [39, 40, 41])], minVictims: 3, OwnTied).Count);
    }

    [Fact]
    public void Pieces_two_representatives_filed_for_are_one_ring_and_rings_that_hired_one_are_not()
    {
        // Three pieces of one rotating ring, each on its own phones (1, 2, 3). Its two representatives (each a person and
        // the phone he gave) filed for victims of every piece and for no one else.
        List<(List<int> Controllers, List<int> Victims)> pieces =
            [([1], [.. Enumerable.Range(0, 8)]), ([2], [.. Enumerable.Range(10, 8)]), ([3], [.. Enumerable.Range(20, 6)])];
        static (bool IsPhone, List<int> Represented, int Holders) Filed(bool isPhone, int[] represented, int holders = 0)
            => (isPhone, [.. represented], Math.Max(holders, represented.Length));
        int[] first = [0, 1, 10, 11, 20], second = [2, 3, 12, 13, 21, 22];
        var ring = Assert.Single(ControllerGrouping.JoinAtSharedRepresentatives(pieces,
            [Filed(false, first), Filed(true, first), Filed(false, second), Filed(true, second)], minVictims: 3));
        Assert.Equal([1, 2, 3], ring.Controllers);
        Assert.Equal(22, ring.Victims.Count);

        // One representative two rings hired, written with his id number on some forms and without it on others: two
        // values, one phone. The rings stay apart.
        int[] hired = [0, 1, 2, 3, 10, 11, 12, 13];
        Assert.Equal(3, ControllerGrouping.JoinAtSharedRepresentatives(pieces,
            [Filed(false, hired), Filed(false, hired), Filed(true, hired)], minVictims: 3).Count);
        // Two lawyers of one firm, most of whose clients are no ring's victims.
        Assert.Equal(3, ControllerGrouping.JoinAtSharedRepresentatives(pieces,
            [Filed(false, first, 12), Filed(true, first, 12), Filed(false, second, 12), Filed(true, second, 12)], minVictims: 3).Count);
        // A ring of forty, three of whose victims (left there by an earlier step) the other's representatives filed for.
        List<(List<int> Controllers, List<int> Victims)> large = [([1], [.. Enumerable.Range(0, 40)]), ([2], [.. Enumerable.Range(40, 8)])];
        int[] few = [0, 40, 41, 42], more = [1, 2, 43, 44];
        Assert.Equal(2, ControllerGrouping.JoinAtSharedRepresentatives(large,
            [Filed(false, few), Filed(true, few), Filed(false, more), Filed(true, more)], minVictims: 3).Count);
    }

    [Fact]
    public void Pieces_each_holding_more_of_one_terminated_agents_clients_than_chance_and_together_far_more_are_one_ring()
    {
        // Pieces of one community (victims 10p..10p+2 are piece p) and the decades by which their households hold one
        // terminated agent's clients beyond his share where they live; a union's decades are its pieces' summed. Agent 7:
        // 8, 5 and 2 decades (a small piece of the list, too weak alone), and 0.5 (a client, as chance gives); agent 9:
        // one piece; agent 11: two pieces at 1.5 and 1.2, together short of the three decades a join needs.
        double[] decades = [8, 5, 2, 0.5, 10, 1.5, 1.2];
        int[] agent = [7, 7, 7, 7, 9, 11, 11];
        List<(List<int> Controllers, List<int> Victims)> pieces = [.. Enumerable.Range(0, 7).Select(p => (new List<int> { p + 1 }, new List<int> { 10 * p, 10 * p + 1, 10 * p + 2 }))];
        (int, double) ClientList(List<int> victims)
        {
            var of = victims.Select(v => v / 10).Distinct().ToList();
            return of.Select(p => agent[p]).Distinct().Count() == 1 ? (agent[of[0]], of.Sum(p => decades[p])) : (-1, 0);
        }
        var rings = ControllerGrouping.JoinAtOneClientList(pieces, ClientList, minDecades: 3);
        Assert.Equal(5, rings.Count);
        Assert.Equal([0, 1, 2, 10, 11, 12, 20, 21, 22], rings[0].Victims);
        Assert.Equal([1, 2, 3], rings[0].Controllers);
        Assert.Equal([[30, 31, 32], [40, 41, 42], [50, 51, 52], [60, 61, 62]], rings.Skip(1).Select(r => r.Victims));
    }

    [Fact]
    public void A_collection_account_every_victim_was_paid_to_holds_rotating_phones_together()
    {
        var victims = Victims(
            (1, [0, 1, 2, 3, 4]), (2, [5, 6, 7, 8, 9]), (3, [10, 11, 12, 13, 14]),
            (9, [.. Enumerable.Range(0, 15)]));
        var group = Assert.Single(Groups([1, 2, 3, 9], victims));
        Assert.Equal([1, 2, 3, 9], group.Controllers.Order());
        Assert.Equal(15, group.Victims.Count);
    }

    [Fact]
    public void A_template_a_few_victims_of_two_rings_sent_supports_both_and_joins_neither()
    {
        var victims = Victims((1, [.. Enumerable.Range(0, 14)]), (2, [.. Enumerable.Range(100, 15)]),
            (60, [0, 1, 2, 3, 100, 101, 102]));
        var groups = Groups([1, 2, 60], victims);
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Contains(60, g.Controllers));
        Assert.Equal(29, groups.Sum(g => g.Victims.Count));
    }

    [Fact]
    public void A_value_tying_most_victims_of_each_group_is_their_common_anchor()
    {
        // Three teams, each with its own phone, all working from one office IP.
        var victims = Victims((1, [.. Enumerable.Range(0, 12)]), (2, [.. Enumerable.Range(100, 10)]), (3, [.. Enumerable.Range(200, 9)]),
            (40, [.. Enumerable.Range(0, 9), .. Enumerable.Range(100, 8), .. Enumerable.Range(200, 7)]));
        var group = Assert.Single(Groups([1, 2, 3, 40], victims));
        Assert.Equal([1, 2, 3, 40], group.Controllers.Order());
        Assert.Equal(31, group.Victims.Count);
    }

    [Fact]
    public void A_representative_two_standing_rings_hired_for_most_of_their_victims_joins_one_and_merges_neither()
    {
        // Ring A: phone 1 and account 2; ring B: phone 3 and account 4; the representative (5, hired) and the
        // representative's phone (6, hired) acted for most victims of both. Kinds: 1 and 3 phones, 2 and 4 accounts.
        int[] ringA = [.. Enumerable.Range(0, 20)], ringB = [.. Enumerable.Range(100, 14)];
        int[] hired = [.. ringA.Take(15), .. ringB.Take(12)];
        var victims = Victims((1, ringA), (2, ringA), (3, ringB), (4, ringB), (5, hired), (6, hired));
        var groups = ControllerGrouping.Group([1, 2, 3, 4, 5, 6], victims, _ => false,
            isHired: c => c >= 5, kindOf: c => c is 1 or 3 or 6 ? 0 : c is 2 or 4 ? 1 : 2, minVictims: 3);
        Assert.Equal(2, groups.Count);
        Assert.Equal(ringA, groups.Single(g => g.Controllers.Contains(1)).Victims);
        Assert.Equal(ringB, groups.Single(g => g.Controllers.Contains(3)).Victims);

        // The same representative over two rings that each have one phone only: nothing says they stand apart.
        var thin = Victims((1, ringA), (3, ringB), (5, hired));
        Assert.Single(ControllerGrouping.Group([1, 3, 5], thin, _ => false, isHired: c => c == 5, kindOf: c => c == 5 ? 2 : 0, minVictims: 3));
    }


    [Fact]
    public void A_representative_two_standing_rings_hired_still_holds_together_a_third_rings_fragments()
    {
        // Rings A (phone 1, account 2) and B (phone 3, account 4) stand alone. Ring C's victims gave their own values:
        // phone 7 for some, account 8 for others, address 9 for the rest; the representative (5, hired) acted for
        // most victims of all three. Kinds: 1, 3, 7 phones; 2, 4, 8 accounts; 9 an address; 5 a representative.
        int[] ringA = [.. Enumerable.Range(0, 12)], ringB = [.. Enumerable.Range(100, 10)], ringC = [.. Enumerable.Range(200, 14)];
        int[] hired = [.. ringA.Take(9), .. ringB.Take(8), .. ringC];
        var victims = Victims((1, ringA), (2, ringA), (3, ringB), (4, ringB),
            (7, [.. ringC.Take(6)]), (8, [.. ringC.Skip(6).Take(5)]), (9, [.. ringC.Skip(11)]), (5, hired));
        var groups = ControllerGrouping.Group([1, 2, 3, 4, 5, 7, 8, 9], victims, _ => false,
            isHired: c => c == 5, kindOf: c => c is 1 or 3 or 7 ? 0 : c is 2 or 4 or 8 ? 1 : c == 9 ? 2 : 3, minVictims: 3);
        Assert.Equal(3, groups.Count);
        Assert.Equal(ringA, groups.Single(g => g.Controllers.Contains(1)).Victims);
        Assert.Equal(ringB, groups.Single(g => g.Controllers.Contains(3)).Victims);
        var c = groups.Single(g => g.Controllers.Contains(7));
        Assert.Equal(ringC, c.Victims);
        Assert.Equal([5, 7, 8, 9], c.Controllers.Order());
    }

    [Fact]
    public void A_representative_two_standing_rings_hired_does_not_join_them_through_fragments_already_theirs()
    {
        // Rings A (phone 1, account 2) and B (phone 3, account 4) stand alone. A's flat 10 took in six victims no other
        // value of A ties, and four of A's others (a quarter: one ring's own value); B's phone 11 likewise, four and
        // three of B's. Each fragment is part of its ring before the representative (5, hired), who acted for most
        // victims of all four groups, is looked at; holding the fragments together would join A and B (held-out
        // independent seed 162). Kinds: 1, 3, 11 phones; 2, 4 accounts; 10 an address; 5 a representative.
        int[] ringA = [.. Enumerable.Range(0, 12)], ringB = [.. Enumerable.Range(100, 12)];
        int[] flatOnly = [.. Enumerable.Range(200, 6)], phoneOnly = [.. Enumerable.Range(300, 4)];
        int[] hired = [.. ringA.Take(9), .. ringB.Take(9), .. flatOnly, .. phoneOnly];
        var victims = Victims((1, ringA), (2, ringA), (3, ringB), (4, ringB),
            (10, [.. ringA.Take(4), .. flatOnly]), (11, [.. ringB.Take(3), .. phoneOnly]), (5, hired));
        var groups = ControllerGrouping.Group([1, 2, 3, 4, 5, 10, 11], victims, _ => false,
            isHired: c => c == 5, kindOf: c => c is 1 or 3 or 11 ? 0 : c is 2 or 4 ? 1 : c == 10 ? 2 : 3, minVictims: 3);
        Assert.Equal(2, groups.Count);
        Assert.Equal([.. ringA, .. flatOnly], groups.Single(g => g.Controllers.Contains(1)).Victims);
        Assert.Equal([.. ringB, .. phoneOnly], groups.Single(g => g.Controllers.Contains(3)).Victims);
    }

    [Fact]
    public void A_representative_two_one_phone_rings_hired_months_apart_merges_neither_and_one_ring_that_changed_numbers_stays_one()
    {
        // Ring A switched its victims to phone 1 over three weeks in March, ring B to phone 3 over three weeks in
        // July; both hired the representative (5) for most of their victims. Each ring has one phone only.
        int[] ringA = [.. Enumerable.Range(0, 12)], ringB = [.. Enumerable.Range(100, 10)];
        int[] hired = [.. ringA.Take(8), .. ringB.Take(7)];
        var victims = Victims((1, ringA), (3, ringB), (5, hired));
        static double March(int h) => 60 + h % 21;
        static double July(int h) => 180 + (h - 100) % 21;
        List<(List<int> Controllers, List<int> Victims)> Grouped(Func<int, double> dayOf) => ControllerGrouping.Group([1, 3, 5], victims, _ => false,
            isHired: c => c == 5, kindOf: c => c == 5 ? 2 : 0, minVictims: 3, dayOf: dayOf, episodeGapDays: 30);

        var apart = Grouped(h => h < 100 ? March(h) : July(h));
        Assert.Equal(2, apart.Count);
        Assert.Equal(ringA, apart.Single(g => g.Controllers.Contains(1)).Victims);
        Assert.Equal(ringB, apart.Single(g => g.Controllers.Contains(3)).Victims);

        // One ring that moved from its first phone to a second in the middle of one campaign: no gap, one ring.
        Assert.Single(Grouped(h => h < 100 ? March(h) : March(h - 100) + 21));
        // Two phones used side by side: one ring.
        Assert.Single(Grouped(h => h < 100 ? March(h) * 2 : March(h - 100) * 2 + 15));
        // A slow ring that worked with its first phone for two months, paused six weeks, went on with a second: a
        // gap shorter than its own episodes, one ring.
        Assert.Single(Grouped(h => h < 100 ? 60 + 5 * h : 60 + 55 + 42 + 5 * (h - 100)));
    }
    [Fact]
    public void A_template_most_victims_of_two_rings_sent_is_no_common_anchor()
    {
        // A small ring wrote the letter; a larger one bought it and sent it too. One template, two rings.
        var victims = Victims((1, [.. Enumerable.Range(0, 8)]), (2, [.. Enumerable.Range(100, 29)]),
            (60, [.. Enumerable.Range(0, 8), .. Enumerable.Range(100, 29)]));
        var groups = Groups([1, 2, 60], victims);
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Contains(60, g.Controllers));
        Assert.Equal([.. Enumerable.Range(0, 8)], groups.Single(g => g.Controllers.Contains(1)).Victims);
    }

    [Fact]
    public void A_value_whose_victims_are_already_in_larger_rings_adds_no_ring_of_its_own()
    {
        // A device a few victims of each of two rings used: it starts a group, but its victims are already in rings.
        var victims = Victims(
            (1, [.. Enumerable.Range(0, 20)]), (2, [.. Enumerable.Range(100, 20)]),
            (5, [0, 1, 2, 3, 100, 101, 102, 103, 500]));
        var groups = Groups([1, 2, 5], victims);
        Assert.Equal(2, groups.Count);
        Assert.DoesNotContain(groups, g => g.Controllers.Contains(5));
    }

    [Fact]
    public void A_rings_rotating_handsets_bring_in_the_victims_only_they_tie_and_a_terminal_that_keeps_no_control_does_not()
    {
        // A ring of 30 on one mail-drop address (1) and one account (2); each of its handsets (10, 11) switched five of
        // them and five more that nothing else ties. A branch terminal (12) that five of them used, and five strangers,
        // keeps no control over the strangers. Each handset's and the terminal's group has most of its victims in the
        // ring already: without the handsets joining, their new victims would be in no ring at all.
        int[] ring = [.. Enumerable.Range(0, 30)];
        var victims = Victims((1, ring), (2, ring),
            (10, [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]),
            (11, [5, 6, 7, 8, 9, 105, 106, 107, 108, 109]),
            (12, [10, 11, 12, 13, 14, 200, 201, 202, 203, 204]));
        var groups = ControllerGrouping.Group([1, 2, 10, 11, 12], victims, _ => false, staysWith: (c, _, _) => c != 12);
        var found = Assert.Single(groups);
        Assert.Equal([.. ring, .. Enumerable.Range(100, 10)], found.Victims);
        Assert.Equal([1, 2, 10, 11], found.Controllers.Order());
    }

    [Fact]
    public void A_satellites_values_each_join_the_ring_most_of_their_victims_are_in_and_a_representative_in_it_decides_nothing()
    {
        // Ring A (address 1, account 2) and ring B (phone 3, account 4). A's handset 6 switched four of A's victims and
        // four new ones; B's second phone 7 three of B's victims that nothing else ties. A representative (5) both rings
        // hired filed for the handset's four new victims, ten of A's and B's six: he, the handset and the phone end up one
        // group, most of whose victims are A's. The handset and its new victims join A; B's phone joins no one, and
        // B's victims that only it and the representative tie stay out of A.
        int[] ringA = [.. Enumerable.Range(0, 30)], ringB = [.. Enumerable.Range(100, 10)];
        int[] handsets = [200, 201, 202, 203], onlyHis = [.. Enumerable.Range(110, 6)];
        var victims = Victims((1, ringA), (2, ringA), (3, ringB), (4, ringB), (6, [0, 1, 2, 3, .. handsets]), (7, [110, 111, 112]),
            (5, [.. handsets, .. Enumerable.Range(0, 10), .. onlyHis]));
        var groups = Groups([1, 2, 3, 4, 5, 6, 7], victims, hired: 5);
        var a = Assert.Single(groups, g => g.Controllers.Contains(1));
        Assert.Equal([.. ringA, .. handsets], a.Victims);
        Assert.Contains(6, a.Controllers);
        Assert.DoesNotContain(7, a.Controllers);
        Assert.DoesNotContain(groups, g => g.Victims.Intersect(onlyHis).Any());
        Assert.Equal(ringB, Assert.Single(groups, g => g.Controllers.Contains(3)).Victims);
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
    public void A_handset_that_switched_a_victim_of_each_piece_to_its_pieces_number_joins_them_and_a_representatives_does_not()
    {
        // A ring working in two teams, each on its own phone, handset and collection account; one change of each team
        // was made from a third handset that no one else used: the ring's. A representative both teams hired, filing
        // one surrender of each from his own handset, switched no one.
        static (List<string> A, List<string> B, List<Ring> Rings) Run(bool ringsHandset)
        {
            var world = new TestWorld(5000, seed: 47);
            var teams = new[] { world.Pick(6), world.Pick(6) };
            for (int t = 0; t < 2; t++)
            {
                string phone = world.NextPhone(), handset = $"team-handset-{t}", account = $"6222000000000{t}";
                for (int i = 0; i < teams[t].Count; i++)
                {
                    string h = teams[t][i];
                    double day = 300 + 10 * t + i;
                    world.Builder.ChangePhone(h, phone, day, ringsHandset && i == 0 ? "rings-handset" : handset);
                    string surrender = world.Builder.Surrender(h, day + 20, payout: account, representative: i == 0 && !ringsHandset ? "110105198001017777" : null);
                    if (i == 0 && !ringsHandset)
                        world.Builder.Link(h, ContactKind.Device, "representatives-handset", EvidenceKind.SurrenderDevice, RecordKind.SurrenderRequest, surrender, day + 20);
                }
            }
            var rings = new RingDetector(world.Build(), new DetectionOptions()).Run().Where(r => r.Flagged).ToList();
            return (teams[0], teams[1], rings);
        }
        static HashSet<string> VictimsOf(Ring r) => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToHashSet();

        var (a, b, rings) = Run(ringsHandset: true);
        Assert.True(VictimsOf(Assert.Single(rings)).SetEquals(a.Concat(b)));

        (a, b, rings) = Run(ringsHandset: false);
        Assert.Equal(2, rings.Count);
        Assert.Contains(rings, r => VictimsOf(r).SetEquals(a));
        Assert.Contains(rings, r => VictimsOf(r).SetEquals(b));
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
