namespace Graph.Analytics.Detection.Internal;

/// <summary>
/// A community's controllers grouped into rings, each with the victims that make it up: claimed
/// (<see cref="Claim"/>), kept only where the value that alone ties them shows control over them
/// (<see cref="KeepControlled"/>), merged at common anchors (<see cref="MergeAtAnchors"/>), joined by the groups that
/// are mostly theirs (<see cref="AdoptSatellites"/>), then supported by templates (<see cref="Supported"/>); the rings
/// then joined where values almost only their victims used tie pieces of one ring (<see cref="JoinAtCommonValues"/>) or
/// one leaked client list does (<see cref="JoinAtOneClientList"/>). Controllers and victims are ids; the caller says
/// what each controller is.
/// </summary>
internal static class ControllerGrouping
{
    /// <summary>A group taking shape: its controllers, the victims it claimed, and every victim its controllers tie.</summary>
    private sealed class Forming
    {
        public List<int> Controllers { get; } = [];
        public HashSet<int> Claimed { get; } = [];
        public HashSet<int> Tied { get; } = [];
    }

    /// <param name="controllers">The community's controllers.</param>
    /// <param name="victimsOf">Each controller's victims in the community.</param>
    /// <param name="isSupport">Letter templates: they support groups made of other values and decide none.</param>
    /// <param name="isLast">IP addresses: claimed after every other value.</param>
    /// <param name="isHired">Values that here only represented victims (a representative and their phone).</param>
    /// <param name="kindOf">A controller's kind (phone, account, …), to tell a group that stands alone.</param>
    /// <param name="minVictims">The victims a group needs to stand alone.</param>
    /// <param name="dayOf">The day a victim first named one of the values not hired here (NaN when none is dated), to tell
    /// groups that hired one representative in separate episodes.</param>
    /// <param name="episodeGapDays">The least gap between two such episodes (<see cref="DetectionOptions.EpisodeGapDays"/>).</param>
    /// <param name="episodeDecades">How unlikely the gap must be were the victims of both one ring's (decades).</param>
    /// <param name="staysWith">Whether the victims a controller alone ties (first list) belong with its other victims in
    /// the group (second list) (<see cref="KeepControlled"/>; null: always).</param>
    /// <param name="usedAsOwn">Whether a victim used a controller as the victim's own (switched to it, paid to it, gave it
    /// on a form), not only was represented by it or acted from it; null: never (<see cref="MergeAtAnchors"/>).</param>
    public static List<(List<int> Controllers, List<int> Victims)> Group(List<int> controllers, Dictionary<int, List<int>> victimsOf,
        Func<int, bool> isSupport, Func<int, bool>? isLast = null, Func<int, bool>? isHired = null, Func<int, int>? kindOf = null, int minVictims = 3,
        Func<int, double>? dayOf = null, double episodeGapDays = double.PositiveInfinity, double episodeDecades = 3,
        Func<int, List<int>, List<int>, bool>? staysWith = null, Func<int, int, bool>? usedAsOwn = null)
    {
        usedAsOwn ??= (_, _) => false;
        isLast ??= _ => false;
        isHired ??= _ => false;
        kindOf ??= c => c;
        dayOf ??= _ => double.NaN;
        var deciding = controllers.Where(c => !isSupport(c)).ToList();
        var support = controllers.Where(isSupport).ToList();
        if (deciding.Count == 0) (deciding, support) = (support, []);
        int Order(int c) => isLast(c) ? 2 : isHired(c) ? 1 : 0;
        deciding.Sort((a, b) => Order(a).CompareTo(Order(b)) is var o && o != 0 ? o
            : victimsOf[b].Count.CompareTo(victimsOf[a].Count) is var d && d != 0 ? d : a.CompareTo(b));

        var groups = Claim(deciding, victimsOf);
        if (staysWith is not null) KeepControlled(groups, deciding, victimsOf, staysWith);
        groups = MergeAtAnchors(groups, deciding, victimsOf, isHired, isLast, kindOf, minVictims, dayOf, (episodeGapDays, episodeDecades), usedAsOwn);
        AdoptSatellites(groups, victimsOf, isHired, kindOf, minVictims, staysWith);
        return Supported(groups, support, victimsOf);
    }

    /// <summary>
    /// A group most of whose tied victims other groups claimed (<see cref="Supported"/> would drop it, and its own
    /// victims with it): each of its own (not hired) values joins the group that claimed most of the other victims the
    /// value ties, bringing the value's victims that this group claimed, when that group stands alone, claimed at least
    /// <paramref name="minVictims"/> of them and more than half, and the value keeps control over the victims it brings
    /// (<paramref name="staysWith"/>). A ring that rotates its handsets every few victims leaves each handset's victims
    /// half among the ring's and half new (insurer-b study seed 1: a mule-rotation ring of 132 victims, 52 of them in
    /// such groups and so in no ring at all). The rest of the group is dropped as before. A representative in it, whom
    /// several rings hire, neither brings anyone nor decides where the values go, and each value goes its own way
    /// (held-out independent seeds 172, 175, 192 and 193: one twin ring's phone and victims went to the other twin,
    /// which had most of the representative's victims, when the group went as one). Not into a group that is itself
    /// such a satellite. The satellites themselves stay as they were, for <see cref="Supported"/> to drop.
    /// </summary>
    private static void AdoptSatellites(List<Forming> groups, Dictionary<int, List<int>> victimsOf, Func<int, bool> isHired,
        Func<int, int> kindOf, int minVictims, Func<int, List<int>, List<int>, bool>? staysWith)
    {
        static bool IsSatellite(Forming g) => g.Claimed.Count > 0 && MostlyTakenByOthers(g);
        var claimedBy = new Dictionary<int, int>();
        for (int g = 0; g < groups.Count; g++)
            foreach (int h in groups[g].Claimed) claimedBy[h] = g;
        var moves = new List<(int Parent, int Value, List<int> Victims)>();
        for (int g = 0; g < groups.Count; g++)
        {
            var satellite = groups[g];
            if (!IsSatellite(satellite)) continue;
            var brought = new HashSet<int>();
            foreach (int c in satellite.Controllers)
            {
                if (isHired(c)) continue;
                var tied = victimsOf[c].Where(satellite.Tied.Contains).ToList();
                var brings = tied.Where(satellite.Claimed.Contains).ToList();
                if (brings.Count == 0) continue;
                int parent = -1, most = 0, others = 0;
                foreach (var byGroup in tied.Where(h => !satellite.Claimed.Contains(h) && claimedBy.ContainsKey(h)).GroupBy(h => claimedBy[h]))
                {
                    int count = byGroup.Count();
                    others += count;
                    if (count > most) (parent, most) = (byGroup.Key, count);
                }
                if (parent < 0 || most < minVictims || 2 * most <= others || IsSatellite(groups[parent])
                    || !StandsAlone(groups[parent], isHired, kindOf, minVictims)) continue;
                if (staysWith is not null && !staysWith(c, brings, victimsOf[c].Where(groups[parent].Claimed.Contains).ToList())) continue;
                brings.RemoveAll(h => !brought.Add(h)); // a victim two of its values tie goes with the first
                moves.Add((parent, c, brings));
            }
        }
        foreach (var (to, c, victims) in moves)
        {
            groups[to].Controllers.Add(c);
            groups[to].Claimed.UnionWith(victims);
            groups[to].Tied.UnionWith(victimsOf[c]);
        }
    }

    /// <summary>
    /// In order — values the victims were switched to or paid to, then hired values (several rings may hire one
    /// representative), then IP addresses, each largest first — every controller joins the group that already holds
    /// most of its victims, or starts a group of its own, and each victim belongs to the first group that takes it
    /// in: a collection account every victim was paid to gathers the phones each victim was switched to, while a
    /// value that merely touches two rings joins the one holding most of its victims and cannot chain the other in,
    /// and a carrier address victims of several rings happened to share cannot take them first.
    /// </summary>
    private static List<Forming> Claim(List<int> ordered, Dictionary<int, List<int>> victimsOf)
    {
        var groups = new List<Forming>();
        var claimed = new HashSet<int>();
        foreach (int c in ordered)
        {
            var victims = victimsOf[c];
            Forming? best = null;
            int bestShared = 0;
            foreach (var g in groups)
            {
                int shared = 0;
                foreach (int h in victims) if (g.Claimed.Contains(h)) shared++;
                if (shared > bestShared) (best, bestShared) = (g, shared);
            }
            if (best is null || 2 * bestShared <= victims.Count) groups.Add(best = new Forming());
            best.Controllers.Add(c);
            best.Tied.UnionWith(victims);
            foreach (int h in victims)
                if (claimed.Add(h)) best.Claimed.Add(h);
        }
        return groups;
    }

    /// <summary>
    /// The victims that one value alone ties to the community's controllers stay in its group only if they look like
    /// the group's other victims of that value (<paramref name="staysWith"/>, which decides what to ask of which
    /// values). A branch terminal or carrier address a ring's victims used is a controller over all its users, and
    /// its honest users, tied to the ring by nothing else, come out again. Judged only when at least two are so tied
    /// and the group has other victims too: one cannot be judged, and a group made by one value alone is judged as a
    /// whole (<see cref="RingScorer.KeepingControl"/>).
    /// </summary>
    private static void KeepControlled(List<Forming> groups, List<int> deciding, Dictionary<int, List<int>> victimsOf, Func<int, List<int>, List<int>, bool> staysWith)
    {
        var ties = new Dictionary<int, int>();
        foreach (int c in deciding)
            foreach (int h in victimsOf[c]) ties[h] = ties.GetValueOrDefault(h) + 1;
        foreach (var g in groups)
            foreach (int c in g.Controllers)
            {
                var alone = victimsOf[c].Where(h => ties[h] == 1 && g.Claimed.Contains(h)).ToList();
                if (alone.Count < 2 || alone.Count == g.Claimed.Count) continue;
                var others = victimsOf[c].Where(h => ties[h] > 1 && g.Claimed.Contains(h)).ToList();
                if (staysWith(c, alone, others)) continue;
                g.Claimed.ExceptWith(alone);
                g.Tied.ExceptWith(alone);
            }
    }

    /// <summary>
    /// A value tying most victims of each of several groups is their common anchor (one organisation's office IP):
    /// those groups are one. So is one of the ring's own values (a handset, an account) tying a quarter of each, and at
    /// least <paramref name="minVictims"/> (the teams of one large ring); and so is a value that at least
    /// <paramref name="minVictims"/> victims of each group used as their own (<paramref name="usedAsOwn"/>: switched to
    /// it, were paid to it, gave it on a form), however large the groups: two rings do not send their victims to each
    /// other's numbers and accounts, while the teams of a ring of hundreds share its pool of them, each team a small part
    /// of the whole, and its handsets each take in many of its victims first (independent tuning seeds 7, 12 and 123:
    /// rings of 110, 160 and 159 victims flagged in pieces). Being represented by a value, or acting from a handset or
    /// network address, is not using it as one's own. A group that a device or a hired representative made (none of its
    /// victims used its values as their own) joins that way only the one ring whose values its victims used: a branch
    /// terminal that two rings' victims came to joins neither (hard seed 143). Not a template (one letter sold to two rings:
    /// templates never reach this step), and not a hired representative when the groups acted in separate episodes
    /// (<see cref="SeparateEpisodes"/>), and not with the groups that stand alone (at least <paramref name="minVictims"/>
    /// victims, tied by the group's own values of two or more kinds), nor with fragments already joined to one, when two
    /// or more such rings do.
    /// </summary>
    private static List<Forming> MergeAtAnchors(List<Forming> groups, List<int> deciding, Dictionary<int, List<int>> victimsOf,
        Func<int, bool> isHired, Func<int, bool> isLast, Func<int, int> kindOf, int minVictims, Func<int, double> dayOf, (double GapDays, double Decades) episodes,
        Func<int, int, bool> usedAsOwn)
    {
        // Most of a group's victims; or, for a value of the ring's own (not hired, not an IP address), a quarter of them
        // and at least minVictims: two teams of one large ring meet on its handsets and accounts in that way, while
        // two rings that merely touch share a hired representative or a few victims' value.
        bool Anchors(int c, int count, int claimed) => 2 * count > claimed || (!isHired(c) && !isLast(c) && TiesAQuarter(count, claimed, minVictims));
        // A group none of whose values its victims used as their own was made by a device or a hired representative.
        var madeByTools = groups.Select(g => !g.Controllers.Exists(c => g.Claimed.Any(h => usedAsOwn(c, h)))).ToList();
        var periods = groups.Select(g => Period(g.Claimed, dayOf, minVictims)).ToList();
        var parent = Enumerable.Range(0, groups.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        var alone = groups.Select(g => StandsAlone(g, isHired, kindOf, minVictims)).ToArray();
        bool InARing(int g)
        {
            int root = Find(g);
            for (int x = 0; x < alone.Length; x++) if (alone[x] && Find(x) == root) return true;
            return false;
        }
        var anchored = new List<int>();
        var usedBy = new List<int>();
        var named = new List<(int Controller, int Group)>();
        var toolsUsing = new List<(int Tools, int Ring)>();
        foreach (int c in deciding)
        {
            anchored.Clear();
            usedBy.Clear();
            for (int g = 0; g < groups.Count; g++)
            {
                var claimed = groups[g].Claimed;
                if (claimed.Count < 2) continue;
                int count = 0, usedCount = 0;
                foreach (int h in victimsOf[c])
                    if (claimed.Contains(h))
                    {
                        count++;
                        if (usedAsOwn(c, h)) usedCount++;
                    }
                if (Anchors(c, count, claimed.Count)) anchored.Add(g);
                else if (usedCount >= minVictims) usedBy.Add(g);
            }
            if (isHired(c) && SeparateEpisodes(anchored, periods, episodes)) continue;
            // Groups that stand alone are rings of their own: a representative two of them hired joins none of them,
            // but still holds together the fragments that cannot stand alone (a ring whose victims each gave their own
            // phone, account or address, held together only by him). A fragment already joined to a group that stands
            // alone is part of that ring: holding it together with the other fragments would join the two rings
            // (held-out independent seed 162: one ring's flat, a fragment joined to it by its phones).
            if (isHired(c) && anchored.Where(InARing).Select(Find).Distinct().Count() >= 2)
            {
                anchored.RemoveAll(InARing);
                // And he is named in the ring he holds together (without the other rings' victims he also ties).
                if (anchored.Count > 0) named.Add((c, anchored[0]));
            }
            foreach (int g in anchored.Skip(1)) parent[Find(g)] = Find(anchored[0]);
            if (usedBy.Count == 0) continue;
            // A value that at least minVictims victims of each group used as their own joins them, however large the
            // groups. A group made by tools joins later, and only one ring.
            var rings = anchored.Concat(usedBy).Where(g => !madeByTools[g]).ToList();
            foreach (int g in rings.Skip(1)) parent[Find(g)] = Find(rings[0]);
            foreach (int g in usedBy)
                if (madeByTools[g])
                    foreach (int r in rings) toolsUsing.Add((g, r));
        }
        foreach (var byTools in toolsUsing.GroupBy(p => p.Tools))
        {
            var joined = byTools.Select(p => Find(p.Ring)).ToHashSet();
            // The ring the tools' group already belongs to (through a value most of its victims share) counts as one.
            int own = Find(byTools.Key);
            if (Enumerable.Range(0, groups.Count).Any(g => Find(g) == own && !madeByTools[g])) joined.Add(own);
            if (joined.Count == 1 && !joined.Contains(own)) parent[own] = joined.Single();
        }
        for (int g = 0; g < groups.Count; g++)
        {
            int root = Find(g);
            if (root == g) continue;
            groups[root].Controllers.AddRange(groups[g].Controllers);
            groups[root].Claimed.UnionWith(groups[g].Claimed);
            groups[root].Tied.UnionWith(groups[g].Tied);
        }
        foreach (var (c, g) in named)
            if (!groups[Find(g)].Controllers.Contains(c)) groups[Find(g)].Controllers.Add(c);
        return groups.Where((_, g) => Find(g) == g).ToList();
    }

    /// <summary>
    /// Two rings are one when values used by almost no one but their victims (at least three in four of each value's
    /// holders over the whole insurer) together tie a quarter of each one's victims, and at least
    /// <paramref name="minVictims"/>, to the other: the handsets and accounts the teams of one ring shared, each team
    /// on its own phones, none of them tying enough of both on its own (independent seed 225: a takeover ring of 22
    /// flagged as three pieces, one per phone, its two handsets and its collection account each used by two or three
    /// victims of the pieces and no one else). Or when one such value ties, of each ring, a victim the ring holds
    /// through a value the victim used as its own (<paramref name="ownTied"/>: switched to it, paid to it, gave it on a
    /// form): a ring that rotates its numbers every few victims leaves a chain of pieces, each on its own phones, that
    /// the numbers and accounts it moved on from link a victim or two at a time (insurer-b study seeds: rotating rings
    /// of 13 to 132 victims flagged in up to five pieces). Both victims must have used that value as their own too, and
    /// each be held by its ring through a value it used as its own: a victim one ring holds only through a
    /// representative or a handset may be another ring's that an earlier step left there (hard seed 143), and a
    /// representative files the surrenders of two rings that hired him from his own handset (hard seed 129, whose twin
    /// rings were joined so when every handset counted): a handset is the ring's own only on the victims a change made
    /// from it switched to a controller (insurer-b study seed 4: a network of 231 in four teams). Nor a value that
    /// represented anyone in the community (a representative's phone that victims of both wrote on their forms).
    /// Strangers use a branch terminal too, and those whom nothing else ties make a group around it, ring victims only by
    /// its say-so: that group does not count toward its being used by almost no one but the rings' victims (insurer-b
    /// study seed 8 and independent seed 1: a branch's customers joined to a ring through its terminal; insurer-b seed
    /// 590: a nursing home's residents joined to a ring through the branch both used). The caller leaves out what does
    /// not show who holds it: a network address
    /// (two rings in one town share a carrier's), representation (a representative two rings hired), a letter template
    /// (one letter is sold to several rings).
    /// </summary>
    /// <param name="values">Each value (by the id the rings' controllers use), its victims tied here (by more than
    /// representation), its holders over the whole insurer, and the victims here who used it as their own (none when it
    /// represented anyone here).</param>
    public static List<(List<int> Controllers, List<int> Victims)> JoinAtCommonValues(List<(List<int> Controllers, List<int> Victims)> rings,
        List<(int Value, List<int> Tied, int Holders, HashSet<int> Users)> values, int minVictims, Func<int, int, bool> ownTied)
    {
        // The pairs of rings one value ties through victims each holds through its own values.
        var ties = new PairTies(rings);
        var owned = new HashSet<(int A, int B)>();
        var madeByTools = rings.Select((ring, r) => !ring.Victims.Exists(h => ownTied(r, h))).ToArray();
        foreach (var (value, tied, holders, users) in values)
        {
            var byRing = ties.ByRing(tied);
            // The group a device alone made holds its users: ring victims only by that device's say-so.
            bool ItsOwnGroup(int r) => madeByTools[r] && rings[r].Controllers is [var only] && only == value;
            if (byRing.Count < 2 || 4 * byRing.Where(g => !ItsOwnGroup(g.Key)).Sum(g => g.Count()) < 3 * holders) continue;
            var ownedHere = byRing.Where(g => g.Any(h => users.Contains(h) && ownTied(g.Key, h))).Select(g => g.Key).ToHashSet();
            foreach (var pair in ties.Tie(byRing))
                if (ownedHere.Contains(pair.A) && ownedHere.Contains(pair.B)) owned.Add(pair);
        }
        // The test MergeAtAnchors puts to one of a ring's own values. A few of one ring's victims that an earlier step
        // left in another's ring tie it to nothing.
        var sets = new UnionFind(rings.Count);
        foreach (var pair in ties.Pairs)
            if (owned.Contains(pair) || ties.TieAQuarterOfEach(pair, minVictims)) sets.Union(pair.A, pair.B);
        return Merged(rings, sets);
    }

    /// <summary>
    /// Two rings are one when two or more representatives, with two or more phones, each representing almost no one but
    /// the rings' victims (three in four of its holders over the whole insurer), represented victims of both, together a
    /// quarter of each ring's victims and at least <paramref name="minVictims"/>: the people one ring sends to file its
    /// victims' surrenders and letters, whichever team recruited them (insurer-b small seed 5001: a rotating ring of 69
    /// in one community, found as six pieces on their own phones, each of its three representatives filing for four to
    /// six of them). Rings that hired one representative stay apart, though he is two values when some forms lack his id
    /// number (hard seed 31's twins): his phone is one. A few of one ring's victims that an earlier step left in
    /// another's group tie it to nothing (insurer-b seed 590: seven victims of a bank-only ring among a nursing home's
    /// residents).
    /// </summary>
    /// <param name="representatives">Each representative or phone given as a representative's, the holders here it
    /// represented, and its holders over the whole insurer.</param>
    public static List<(List<int> Controllers, List<int> Victims)> JoinAtSharedRepresentatives(List<(List<int> Controllers, List<int> Victims)> rings,
        List<(bool IsPhone, List<int> Represented, int Holders)> representatives, int minVictims)
    {
        var ties = new PairTies(rings);
        var shared = new Dictionary<(int A, int B), (int People, int Phones)>();
        foreach (var (isPhone, represented, holders) in representatives)
        {
            var byRing = ties.ByRing(represented);
            if (4 * byRing.Sum(g => g.Count()) < 3 * holders) continue;
            foreach (var pair in ties.Tie(byRing))
            {
                var (people, phones) = shared.GetValueOrDefault(pair);
                shared[pair] = isPhone ? (people, phones + 1) : (people + 1, phones);
            }
        }
        var sets = new UnionFind(rings.Count);
        foreach (var (pair, (people, phones)) in shared)
            if (people >= 2 && phones >= 2 && ties.TieAQuarterOfEach(pair, minVictims)) sets.Union(pair.A, pair.B);
        return Merged(rings, sets);
    }

    /// <summary>
    /// Rings of one community that each hold more clients of one terminated agent than his share of the book where
    /// they live explains (by at least a decade: a chance under 1 in 10), and together by at least
    /// <paramref name="minDecades"/> (<paramref name="clientListOf"/>: the agent, −1 for none, and the decades), are
    /// one: the pieces of a ring that worked through a leaked client list, each on its own phones and accounts. Each
    /// piece alone may be too small to show it (independent seeds 114 and 186: terminated-agent rings of 13 found as
    /// pieces of 6 and 3, and of 5 and 6, their smaller pieces 2.1 and 2.6 decades beyond the agent's share of their town).
    /// </summary>
    public static List<(List<int> Controllers, List<int> Victims)> JoinAtOneClientList(List<(List<int> Controllers, List<int> Victims)> rings,
        Func<List<int>, (int Agent, double Decades)> clientListOf, double minDecades)
    {
        var sets = new UnionFind(rings.Count);
        var piecesOf = new Dictionary<int, List<int>>();
        for (int r = 0; r < rings.Count; r++)
        {
            var (agent, decades) = clientListOf(rings[r].Victims);
            if (agent < 0 || decades < 1) continue;
            if (!piecesOf.TryGetValue(agent, out var pieces)) piecesOf[agent] = pieces = [];
            pieces.Add(r);
        }
        foreach (var (agent, pieces) in piecesOf)
        {
            if (pieces.Count < 2) continue;
            var (together, decades) = clientListOf(pieces.SelectMany(r => rings[r].Victims).Distinct().ToList());
            if (together != agent || decades < minDecades) continue;
            foreach (int r in pieces.Skip(1)) sets.Union(r, pieces[0]);
        }
        return Merged(rings, sets);
    }

    /// <summary>
    /// The rings joined as <paramref name="sets"/> says, each where its first part was: controllers in order without
    /// repeats, victims sorted. The rings as they were when nothing joined.
    /// </summary>
    private static List<(List<int> Controllers, List<int> Victims)> Merged(List<(List<int> Controllers, List<int> Victims)> rings, UnionFind sets)
    {
        if (Enumerable.Range(0, rings.Count).All(r => sets.SizeOf(r) == 1)) return rings;
        return Enumerable.Range(0, rings.Count).GroupBy(sets.Find)
            .Select(g => (g.SelectMany(r => rings[r].Controllers).Distinct().ToList(), g.SelectMany(r => rings[r].Victims).Order().ToList()))
            .ToList();
    }

    /// <summary>
    /// For every two rings of a community (lower index first) that some values tie, the victims of each that those
    /// values tie to the other (<see cref="JoinAtCommonValues"/>, <see cref="JoinAtSharedRepresentatives"/>).
    /// </summary>
    private sealed class PairTies(List<(List<int> Controllers, List<int> Victims)> rings)
    {
        private readonly Dictionary<int, int> _ringOf = RingOf(rings);
        private readonly Dictionary<(int A, int B), (HashSet<int> OfA, HashSet<int> OfB)> _ties = [];

        private static Dictionary<int, int> RingOf(List<(List<int> Controllers, List<int> Victims)> rings)
        {
            var ringOf = new Dictionary<int, int>();
            for (int r = 0; r < rings.Count; r++)
                foreach (int h in rings[r].Victims) ringOf[h] = r;
            return ringOf;
        }

        public IEnumerable<(int A, int B)> Pairs => _ties.Keys;

        /// <summary>The rings holding some of <paramref name="holders"/>, each with those it holds, in ring order.</summary>
        public List<IGrouping<int, int>> ByRing(IEnumerable<int> holders)
            => holders.Where(_ringOf.ContainsKey).GroupBy(h => _ringOf[h]).OrderBy(g => g.Key).ToList();

        /// <summary>Ties every two rings of <paramref name="byRing"/> through its victims there; the pairs tied.</summary>
        public List<(int A, int B)> Tie(List<IGrouping<int, int>> byRing)
        {
            var pairs = new List<(int A, int B)>();
            for (int i = 0; i < byRing.Count; i++)
                for (int j = i + 1; j < byRing.Count; j++)
                {
                    var pair = (byRing[i].Key, byRing[j].Key);
                    if (!_ties.TryGetValue(pair, out var tie)) _ties[pair] = tie = ([], []);
                    tie.OfA.UnionWith(byRing[i]);
                    tie.OfB.UnionWith(byRing[j]);
                    pairs.Add(pair);
                }
            return pairs;
        }

        /// <summary>Do the values tie a quarter of each ring of <paramref name="pair"/> to the other, and at least <paramref name="minVictims"/>?</summary>
        public bool TieAQuarterOfEach((int A, int B) pair, int minVictims)
            => TiesAQuarter(_ties[pair].OfA.Count, rings[pair.A].Victims.Count, minVictims) && TiesAQuarter(_ties[pair].OfB.Count, rings[pair.B].Victims.Count, minVictims);
    }

    /// <summary>
    /// Do <paramref name="tied"/> of a group's <paramref name="victims"/> tie it to another: a quarter of them, and at
    /// least <paramref name="minVictims"/> (the teams of one large ring meet so on its handsets and accounts).
    /// </summary>
    private static bool TiesAQuarter(int tied, int victims, int minVictims) => tied >= minVictims && 4 * tied >= victims;

    /// <summary>A group that stands alone: at least <paramref name="minVictims"/> victims, tied by its own (not hired) values of two or more kinds.</summary>
    private static bool StandsAlone(Forming g, Func<int, bool> isHired, Func<int, int> kindOf, int minVictims)
        => g.Claimed.Count >= minVictims && g.Controllers.Where(c => !isHired(c)).Select(kindOf).Distinct().Count() >= 2;

    /// <summary>Were most of the victims a group's values tie claimed by earlier groups?</summary>
    private static bool MostlyTakenByOthers(Forming g) => 2 * g.Claimed.Count <= g.Tied.Count;

    /// <summary>The first and last day of a group's dated victims, and how many; null when fewer than <paramref name="minVictims"/> are dated.</summary>
    private static (double First, double Last, int Dated)? Period(HashSet<int> victims, Func<int, double> dayOf, int minVictims)
    {
        double first = double.MaxValue, last = double.MinValue;
        int dated = 0;
        foreach (int h in victims)
        {
            double day = dayOf(h);
            if (double.IsNaN(day)) continue;
            dated++;
            first = Math.Min(first, day);
            last = Math.Max(last, day);
        }
        return dated >= minVictims ? (first, last, dated) : null;
    }

    /// <summary>
    /// Do two of the groups act in separate episodes: all of one group's victims named its values before any of the
    /// other's named theirs, with a pause longer than <c>GapDays</c> that would be unlikely (<c>Decades</c>) if the
    /// victims of both were one ring's, acting at an even pace over the whole time? Of n days spread evenly over a span
    /// T, the chance that some gap between neighbours is at least g is at most (n − 1)(1 − g/T)^(n − 2). Two rings that
    /// hired one representative months apart, not one ring that changed numbers mid-campaign or paused at its own pace.
    /// </summary>
    private static bool SeparateEpisodes(List<int> anchored, List<(double First, double Last, int Dated)?> periods, (double GapDays, double Decades) episodes)
    {
        foreach (int a in anchored)
            foreach (int b in anchored)
            {
                if (a == b || periods[a] is not { } early || periods[b] is not { } late) continue;
                double gap = late.First - early.Last, span = late.Last - early.First;
                if (gap <= episodes.GapDays) continue;
                int n = early.Dated + late.Dated;
                double log10Chance = Math.Log10(n - 1) + (n - 2) * Math.Log10(1 - gap / span);
                if (-log10Chance >= episodes.Decades) return true;
            }
        return false;
    }

    /// <summary>
    /// The rings: a group most of whose victims were taken by earlier groups adds none; each template joins every
    /// ring two or more of whose victims it ties, without adding victims.
    /// </summary>
    private static List<(List<int> Controllers, List<int> Victims)> Supported(List<Forming> groups, List<int> support, Dictionary<int, List<int>> victimsOf)
    {
        var result = new List<(List<int> Controllers, List<int> Victims)>();
        foreach (var group in groups)
        {
            if (MostlyTakenByOthers(group)) continue;
            foreach (int c in support)
            {
                int count = 0;
                foreach (int h in victimsOf[c]) if (group.Claimed.Contains(h) && ++count == 2) break;
                if (count == 2) group.Controllers.Add(c);
            }
            var victims = group.Claimed.ToList();
            victims.Sort();
            result.Add((group.Controllers, victims));
        }
        return result;
    }
}
