using Graph.Analytics.Detection.Internal;
using Graph.Analytics.Detection.Scoring;
using Graph.Analytics.Detection.Scoring.Reasons;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>A scored candidate ring and the evidence behind its score, in decades (−log10 of a chance).</summary>
/// <param name="Evidence">
/// What the flag rule tests, in decades: the smaller of Fisher's combination of the control reasons (strangers
/// meeting on the ring's values) and of the harm reasons (what they did: surrendered soon after, in a burst, paid to
/// the ring, coached complaints, a leaked client list), less the reasons against. Demanding both (an
/// intersection–union test) keeps strangers who merely share a value, and honest holders who merely surrender
/// together, from being flagged.
/// </param>
public sealed record ScoredRing(Ring Ring, double Evidence)
{
    /// <summary>The victims (holder indices) and the controllers (extended contact indices) the ring was built from.</summary>
    internal (int[] Victims, List<int> Controllers) Parts { get; init; } = ([], []);
}

/// <summary>
/// Turns one community of the projection into candidate <see cref="Ring"/>s with roles and an explainable score —
/// usually one, none when it has too few victims, several when it holds rings that only a shared value joined.
/// <para>
/// <b>Controllers</b> are the community's values whose role is <see cref="ValueRole.Controller"/> (judged over all
/// their holders) that at least two of its holders reach through takeover evidence (a value they were switched to, a
/// payout account, a representative, a contact on a form, a device or IP, a letter template) that is not their own
/// registered value; they are grouped into rings by the victims they share (<see cref="ControllerGrouping"/>).
/// <b>Victims</b> are the holders tied to a group's controllers that way; a ring needs <c>MinRingHolders</c>
/// households of them.
/// </para>
/// <para>
/// Each reason (<see cref="IRingReason"/>, one class each) measures one thing against this insurer's own base rates
/// and says how unlikely it is, in decades (a chance of 10⁻ᵈ), tempered by its weight and capped. The reasons of
/// control and of harm are each combined by Fisher's method; the ring's evidence is the weaker of the two, less the
/// reasons against (<see cref="ScoredRing.Evidence"/>), and its score is <see cref="ScoreOf"/> of that evidence, so the
/// score orders rings exactly as the flag rule does.
/// </para>
/// </summary>
public sealed class RingScorer
{
    private readonly SnapshotIndex _index;
    private readonly Projection _projection;
    private readonly DetectionOptions _options;
    private readonly GraphSnapshot _snapshot;

    private readonly TerminatedAgent _terminatedAgent = new();
    private readonly IRingReason[] _reasons;

    internal RingScorer(SnapshotIndex index, Projection projection, DetectionOptions options)
    {
        _index = index;
        _projection = projection;
        _options = options;
        _snapshot = index.Snapshot;
        _reasons =
        [
            new SwitchedToSharedValues(),
            new PaidToSharedAccounts(),
            new SharedRepresentatives(),
            new SharedDevices(),
            new SharedContactOnForms(),
            new TemplatedComplaints(),
            new ChangeBeforeSurrender(),
            new SurrenderBurst(),
            new ComplaintBurst(),
            _terminatedAgent,
            new RelatedVictims(),
        ];
    }

    /// <summary>A scorer over a snapshot and its projection.</summary>
    public RingScorer(GraphSnapshot snapshot, Projection projection, DetectionOptions options)
        : this(new SnapshotIndex(snapshot ?? throw new ArgumentNullException(nameof(snapshot)), CancellationToken.None),
               projection ?? throw new ArgumentNullException(nameof(projection)),
               options ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>
    /// Scores the community made of the projection nodes <paramref name="nodes"/> (holders and values): one ring per
    /// group of controllers (<see cref="ControllerGrouping"/>) with at least <c>MinRingHolders</c> households of
    /// victims, usually one. The rings come back unflagged: flagging compares rings with each other
    /// (<see cref="FlagRule"/>).
    /// </summary>
    public IReadOnlyList<ScoredRing> Score(ReadOnlySpan<int> nodes)
    {
        var holders = new List<int>();
        // Each candidate controller's victims in this community (holders tied to it by takeover), in holder order.
        var victimsOf = new Dictionary<int, List<int>>();
        foreach (int node in nodes)
        {
            if (_projection.IsHolderNode(node)) { holders.Add(node); continue; }
            int c = _projection.ContactOfNode[node - _projection.HolderCount];
            if (_projection.Roles[c] == ValueRole.Controller) victimsOf[c] = [];
        }
        if (holders.Count < _options.MinRingHolders || victimsOf.Count == 0) return [];
        holders.Sort();

        var pairs = _projection.Pairs;
        var links = Lists.AsSpan(_snapshot.Links);
        // Values that here only represented victims (a representative, or a representative's phone): hired, not owned.
        // And which victims used each value as their own (switched to it, paid to it, gave it on a form).
        var ownedHere = new HashSet<int>();
        var usedAsOwn = new HashSet<(int Contact, int Holder)>();
        foreach (int h in holders)
            for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
            {
                int c = pairs.Contact[p];
                if (!pairs.IsTakeover(p) || !victimsOf.TryGetValue(c, out var list)) continue;
                if (list.Count == 0 || list[^1] != h) list.Add(h);
                if (pairs.IsUsedAsOwn(p)) usedAsOwn.Add((c, h));
                if (c < _projection.ContactCount && pairs.IsMoreThanRepresentation(p)) ownedHere.Add(c);
            }
        var controllers = new List<int>();
        foreach (var (c, victims) in victimsOf) if (victims.Count >= 2) controllers.Add(c);
        if (controllers.Count == 0) return [];
        controllers.Sort();

        bool IsHired(int c) => c < _projection.ContactCount && !ownedHere.Contains(c);

        // When each victim first named a value of the ring's own (not a hired one): two rings that hired one
        // representative months apart are told apart by it. Only needed where a hired value may join groups.
        var firstOwnDay = new Dictionary<int, double>();
        if (controllers.Exists(IsHired))
            foreach (int h in holders)
                for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
                {
                    if (!pairs.IsTakeover(p) || !ownedHere.Contains(pairs.Contact[p])) continue;
                    for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
                        if (links[i].At is { } at && Evidence.IsTakeover(links[i].Evidence))
                            firstOwnDay[h] = Math.Min(firstOwnDay.GetValueOrDefault(h, double.MaxValue), SnapshotIndex.Days(at));
                }

        var groups = ControllerGrouping.Group(controllers, victimsOf, IsSupport, IsIp, IsHired, KindOf,
            _options.MinRingHolders, h => firstOwnDay.GetValueOrDefault(h, double.NaN), _options.EpisodeGapDays, _options.Roles.ControllerDecades,
            StaysWith, (c, h) => usedAsOwn.Contains((c, h)));
        if (groups.Count > 1)
        {
            var grouped = groups;
            groups = ControllerGrouping.JoinAtCommonValues(grouped, CommonValues(nodes, holders), _options.MinRingHolders,
                (ring, h) => grouped[ring].Controllers.Exists(c => usedAsOwn.Contains((c, h))));
        }
        if (groups.Count > 1) groups = ControllerGrouping.JoinAtSharedRepresentatives(groups, Representatives(holders), _options.MinRingHolders);
        if (groups.Count > 1) groups = ControllerGrouping.JoinAtOneClientList(groups, ClientList, _options.Roles.ControllerDecades);

        var rings = new List<ScoredRing>();
        foreach (var (group, victims) in groups)
        {
            var isController = new HashSet<int>(group);
            var householdOf = Households(victims);
            if (householdOf.Values.Distinct().Count() < _options.MinRingHolders) continue;
            var facts = RingFacts.Gather(_projection, _index, victims.ToArray(), householdOf, group, isController);
            rings.Add(Build("", facts));
        }
        return rings;
    }

    /// <summary>
    /// The community's values that someone holds (phones, accounts, addresses, handsets, e-mails; ordinary ones and
    /// controllers, not a family's or employer's), each by its index with the community's holders it ties by more than
    /// representation, how many holders it has in all, and the holders here who used it as their own (none when it
    /// represented any of them: a representative's phone; of a handset, those a change made from it switched to a
    /// controller: the ring's handset, not the one a representative files surrenders from): what the teams of one ring
    /// shared (<see cref="ControllerGrouping.JoinAtCommonValues"/>). Not network addresses: two rings in one town share a
    /// carrier's (hard seed 3: a terminated agent's ring and a slow ring, 13 and 8 of their victims behind each of
    /// three carrier addresses).
    /// </summary>
    private List<(int Value, List<int> Tied, int Holders, HashSet<int> Users)> CommonValues(ReadOnlySpan<int> nodes, List<int> holders)
    {
        var pairs = _projection.Pairs;
        var tiedOf = new Dictionary<int, List<int>>();
        foreach (int node in nodes)
        {
            if (_projection.IsHolderNode(node)) continue;
            int c = _projection.ContactOfNode[node - _projection.HolderCount];
            if (c < _projection.ContactCount && _projection.Roles[c] is (ValueRole.Ordinary or ValueRole.Controller) && !IsIp(c)) tiedOf[c] = [];
        }
        if (tiedOf.Count == 0) return [];
        var usersOf = new Dictionary<int, HashSet<int>>();
        var represents = new HashSet<int>();
        var links = Lists.AsSpan(_snapshot.Links);
        var records = new List<string>();
        foreach (int h in holders)
            for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
            {
                int c = pairs.Contact[p];
                if (!pairs.IsTakeover(p) || !tiedOf.TryGetValue(c, out var tied)) continue;
                if (pairs.IsRepresentation(p)) represents.Add(c);
                if (pairs.IsMoreThanRepresentation(p)) tied.Add(h);
                // A handset is used as the ring's own on a victim a change made from it switched to a controller.
                bool used = pairs.IsUsedAsOwn(p) || ToolsOfControl.Applies(_snapshot.Contacts[c].Kind)
                    && ToolsOfControl.SwitchedToControllerFrom(pairs, _projection.Roles, links, p, records);
                if (!used) continue;
                if (!usersOf.TryGetValue(c, out var users)) usersOf[c] = users = [];
                users.Add(h);
            }
        var common = new List<(int Value, List<int> Tied, int Holders, HashSet<int> Users)>();
        foreach (var (c, tied) in tiedOf)
            if (tied.Count >= 2)
                common.Add((c, tied, pairs.PairsOf(c).Length, represents.Contains(c) ? [] : usersOf.GetValueOrDefault(c) ?? []));
        return common;
    }

    /// <summary>
    /// The representatives of the community's holders and the phones they gave as representatives: each with whether it
    /// is a phone, the holders here it represented and how many holders it has over the whole insurer
    /// (<see cref="ControllerGrouping.JoinAtSharedRepresentatives"/>).
    /// </summary>
    private List<(bool IsPhone, List<int> Represented, int Holders)> Representatives(List<int> holders)
    {
        var pairs = _projection.Pairs;
        var representedBy = new Dictionary<int, List<int>>();
        foreach (int h in holders)
            for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
            {
                int c = pairs.Contact[p];
                if (c >= _projection.ContactCount || !pairs.IsRepresentation(p)
                    || _snapshot.Contacts[c].Kind is not (ContactKind.Representative or ContactKind.Phone)) continue;
                if (!representedBy.TryGetValue(c, out var represented)) representedBy[c] = represented = [];
                represented.Add(h);
            }
        return representedBy.Select(r => (_snapshot.Contacts[r.Key].Kind == ContactKind.Phone, r.Value, pairs.PairsOf(r.Key).Length)).ToList();
    }

    /// <summary>
    /// The terminated agent whose clients stand out most among <paramref name="victims"/>, and by how much
    /// (<see cref="TerminatedAgent.Strongest"/>, over the baseline's households: the ring's own kin merge comes later).
    /// </summary>
    private (int Agent, double Decades) ClientList(List<int> victims)
    {
        var baseline = _projection.Baseline;
        var (agent, _, _, _, decades) = TerminatedAgent.Strongest(victims, v => baseline.Household[victims[v]], baseline, _snapshot);
        return (agent, decades);
    }

    /// <summary>
    /// Do the victims that controller <paramref name="c"/> alone ties belong in a ring with its other victims there?
    /// Asked only of devices and IP addresses, which strangers share by where they stand (a branch terminal, a
    /// carrier's address), not of a phone, account or address they gave: the ring's number on a victim's letter ties
    /// that victim even before any surrender. Yes if the value, judged over them alone, is a controller; no if their
    /// surrenders after it are at least ten times likelier were they the insurer's ordinary customers than were they
    /// like its other victims (a strong Bayes factor): a terminal's honest users who did not surrender, not a ring's
    /// victims who did later.
    /// </summary>
    private bool StaysWith(int c, List<int> alone, List<int> others)
    {
        if (KindOf(c) is not ((int)ContactKind.Device or (int)ContactKind.Ip)) return true;
        var roles = _projection.ValueRoles;
        var subset = new HashSet<int>(alone);
        if (roles.IsControllerAmong(c, subset.Contains)) return true;
        var reference = new HashSet<int>(others);
        return roles.RingLikeDecades(c, subset.Contains, reference.Contains) > -1;
    }

    /// <summary>Templates support a ring's grouping but do not decide it (<see cref="ControllerGrouping"/>).</summary>
    private bool IsSupport(int contact) => contact >= _projection.ContactCount;

    /// <summary>The kind of a controller: phone, account, address, ...</summary>
    private int KindOf(int contact) => contact < _projection.ContactCount ? (int)_snapshot.Contacts[contact].Kind : (int)ContactKind.ComplaintTemplate;

    /// <summary>IP addresses are grouped after every other value (<see cref="ControllerGrouping"/>).</summary>
    private bool IsIp(int contact) => contact < _projection.ContactCount && _snapshot.Contacts[contact].Kind == ContactKind.Ip;

    /// <summary>
    /// The victims' households: those of the <see cref="Scoring.Baseline"/> (own registered phone or address), and,
    /// when the victims share surname and city far more often than the city's surnames explain (at least twice as
    /// many pairs, at <see cref="DetectionOptions.KinshipDecades"/>: <see cref="RelatedVictims.IsKin"/>), each
    /// surname-and-city group too: relatives living apart still decide together, and must not count as strangers converging.
    /// </summary>
    private Dictionary<int, int> Households(List<int> victims)
    {
        var baseline = _projection.Baseline;
        var householdOf = new Dictionary<int, int>(victims.Count);
        foreach (int h in victims) householdOf[h] = baseline.Household[h];
        if (!RelatedVictims.IsKin(victims, _index, baseline, _options.KinshipDecades)) return householdOf;
        var groupHousehold = new Dictionary<(char, int), int>();
        foreach (int h in victims)
        {
            char s = _index.HolderSurname[h];
            int city = _index.HolderCity[h];
            if (s == '\0' || city < 0) continue;
            if (!groupHousehold.TryGetValue((s, city), out int unit)) groupHousehold[(s, city)] = unit = householdOf[h];
            householdOf[h] = unit;
        }
        return householdOf;
    }

    private ScoredRing Build(string ringId, RingFacts facts)
    {
        var found = new List<(ReasonCode Code, bool Against, ReasonFinding Finding, double Weight, double Decades)>();
        var control = new List<double>();
        var harm = new List<double>();
        double against = 0;
        // A weight tempers a reason (honest holders share devices and letters more often than accounts); the cap keeps
        // one channel of a huge ring from standing for everything.
        double Tempered(double weight, ReasonFinding finding) => Math.Min(Math.Abs(weight) * finding.Decades, _options.ReasonCapDecades);
        foreach (var reason in _reasons)
        {
            var finding = reason.Measure(facts);
            if (finding is null || !(finding.Decades > 0)) continue;
            double weight = _options.ReasonWeight(reason.Code);
            if (weight == 0) continue;
            double decades = Tempered(weight, finding);
            bool isAgainst = reason.Family == ReasonFamily.Against || weight < 0;
            found.Add((reason.Code, isAgainst, finding, weight, decades));
            if (isAgainst) { against += decades; continue; }
            if (reason.Family is ReasonFamily.Control or ReasonFamily.Both) control.Add(decades);
            if (reason.Family is ReasonFamily.Harm or ReasonFamily.Both) harm.Add(decades);
        }
        // Intersection–union: a ring needs both control and harm, so its chance is the larger of the two chances.
        // Reasons weaker than one decade (a chance above 1 in 10) are left out of the combination rather than let
        // dilute it: they are reported, but say nothing either way.
        double harmDecades = Combine(harm);
        double support = Math.Min(Combine(control), harmDecades);
        // Members gathered as an institution gathers them: their weak harm is what such members do anyway. Measured after
        // the families because it weighs the harm they found; its weight tempers it as any reason's does.
        double gatheredWeight = _options.ReasonWeight(ReasonCode.GradualMembership);
        if (gatheredWeight != 0 && GradualMembership.Measure(facts, harmDecades) is { } gathered)
        {
            double decades = Tempered(gatheredWeight, gathered);
            found.Add((ReasonCode.GradualMembership, true, gathered, gatheredWeight, decades));
            against += decades;
        }
        double evidence = Math.Round(support - against, 3);
        double score = ScoreOf(evidence), supportScore = ScoreOf(support);

        // Contributions add up to the score: the positive reasons share the score the support alone would give, in
        // proportion to their decades; the reasons against share what they take away.
        double positive = found.Where(f => !f.Against).Sum(f => f.Decades);
        var reasons = new List<RingReason>(found.Count);
        foreach (var (code, isAgainst, finding, weight, decades) in found)
        {
            double contribution = isAgainst
                ? (against > 0 ? (score - supportScore) * decades / against : 0)
                : (positive > 0 ? supportScore * decades / positive : 0);
            var records = finding.Records.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
            reasons.Add(new RingReason(ReasonCodes.Of(code), finding.Description, weight, Math.Round(finding.Decades, 2), Math.Round(contribution, 2), records)
            {
                Observed = Math.Round(finding.Observed, 4),
                Expected = Math.Round(finding.Expected, 4),
                Chance = Chance.Probability(finding.Decades),
            });
        }
        reasons.Sort((a, b) => b.Contribution.CompareTo(a.Contribution) is var c && c != 0 ? c : string.CompareOrdinal(a.Code, b.Code));
        return new ScoredRing(new Ring(ringId, Math.Round(score, 1), false, facts.Holders, facts.Controllers.Count(c => c < _projection.ContactCount),
            facts.SurrenderAmount, facts.FirstSeen, facts.LastSeen, reasons, Members(facts)), evidence) { Parts = (facts.Victims, facts.Controllers) };
    }

    /// <summary>
    /// The rings that keep a controller once the victims of the other rings are set aside. A value is a controller
    /// over all its holders; when other rings claimed some of them, the holders it is left with must show control
    /// too (judged again by <see cref="Scoring.ValueRoles"/>). A carrier address that five of a ring's victims used
    /// among thirteen honest users is a controller over the thirteen, and nothing over the eight the ring leaves
    /// behind: the eight are no ring. Letter templates decide no ring, so they are not judged. Rings this scorer did
    /// not build (no parts known) are kept as they are.
    /// </summary>
    public List<ScoredRing> KeepingControl(IReadOnlyList<ScoredRing> rings)
    {
        ArgumentNullException.ThrowIfNull(rings);
        var ringOf = new Dictionary<int, int>();
        for (int r = 0; r < rings.Count; r++)
            foreach (int h in rings[r].Parts.Victims) ringOf[h] = r;
        var kept = new List<ScoredRing>(rings.Count);
        for (int r = 0; r < rings.Count; r++)
        {
            bool NotOthers(int h) => !ringOf.TryGetValue(h, out int other) || other == r;
            bool SharesHolders(int c)
            {
                foreach (int p in _projection.Pairs.PairsOf(c)) if (!NotOthers(_projection.Pairs.Holder[p])) return true;
                return false;
            }
            var controllers = rings[r].Parts.Controllers;
            if (controllers.Count == 0 || controllers.Exists(c => !IsSupport(c) && (!SharesHolders(c) || _projection.ValueRoles.IsControllerAmong(c, NotOthers))))
                kept.Add(rings[r]);
        }
        return kept;
    }

    /// <summary>
    /// The score (0–100) of a ring with <paramref name="evidence"/> decades: 100·E/(E + 10), so 50 is a chance of one
    /// in ten billion that the insurer's base rates explain what the ring shows, and every further decade adds less.
    /// It only orders and reads the evidence: the flag rule decides on the evidence itself.
    /// </summary>
    public static double ScoreOf(double evidence) => evidence <= 0 ? 0 : 100 * evidence / (evidence + HalfScoreDecades);

    /// <summary>Decades of evidence that give a score of 50.</summary>
    public const double HalfScoreDecades = 10;

    private static double Combine(List<double> decades) => Chance.FisherDecades(decades.Where(d => d >= 1).ToList());

    private List<RingMember> Members(RingFacts facts)
    {
        int contacts = _projection.ContactCount;
        var members = new List<RingMember>(facts.Holders + facts.Controllers.Count + 1);
        var victims = new List<RingMember>(facts.Holders);
        for (int i = 0; i < facts.Holders; i++)
            victims.Add(new RingMember("holder", _snapshot.Holders[facts.Victims[i]].Id, MemberRole.Victim, facts.VictimEvidence[i]));
        victims.Sort((a, b) => string.CompareOrdinal(a.EntityId, b.EntityId));
        members.AddRange(victims);
        var controllers = new List<RingMember>();
        foreach (int c in facts.Controllers)
        {
            if (c >= contacts) continue; // templates are reasons, not entities the contract lists
            var contact = _snapshot.Contacts[c];
            controllers.Add(new RingMember(contact.Kind.EntityType(), contact.Value, MemberRole.Controller, facts.ControllerEvidence.GetValueOrDefault(c)));
        }
        controllers.Sort((a, b) => string.CompareOrdinal(a.EntityType, b.EntityType) is var t && t != 0 ? t : string.CompareOrdinal(a.EntityId, b.EntityId));
        members.AddRange(controllers);
        if (_terminatedAgent.Agent >= 0 && _options.ReasonWeight(ReasonCode.TerminatedAgent) != 0)
        {
            var agentId = _snapshot.Agents[_terminatedAgent.Agent].Id;
            int sold = 0;
            foreach (int h in facts.Victims)
                for (int p = _index.PolicyOffsets[h]; p < _index.PolicyOffsets[h + 1]; p++)
                    if (_index.PolicyAgent[_index.PolicyOrder[p]] == _terminatedAgent.Agent) sold++;
            members.Add(new RingMember("agent", agentId, MemberRole.Agent, sold));
        }
        return members;
    }
}

/// <summary>The stable codes of <see cref="ReasonCode"/> as written to outputs (e.g. <c>CONVERGENCE</c>).</summary>
public static class ReasonCodes
{
    public static string Of(ReasonCode code) => code switch
    {
        ReasonCode.Convergence => "CONVERGENCE",
        ReasonCode.SharedPayoutAccount => "SHARED_PAYOUT_ACCOUNT",
        ReasonCode.SharedRepresentative => "SHARED_REPRESENTATIVE",
        ReasonCode.SharedDeviceOrIp => "SHARED_DEVICE_OR_IP",
        ReasonCode.SharedContact => "SHARED_CONTACT",
        ReasonCode.TemplatedComplaints => "TEMPLATED_COMPLAINTS",
        ReasonCode.ChangeBeforeSurrender => "CHANGE_BEFORE_SURRENDER",
        ReasonCode.SurrenderBurst => "SURRENDER_BURST",
        ReasonCode.TerminatedAgent => "TERMINATED_AGENT",
        ReasonCode.RelatedVictims => "RELATED_VICTIMS",
        ReasonCode.ComplaintBurst => "COMPLAINT_BURST",
        ReasonCode.GradualMembership => "GRADUAL_MEMBERSHIP",
        _ => code.ToString().ToUpperInvariant(),
    };
}
