using System.Globalization;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Storage;

namespace Graph.Analytics.Detection;

/// <summary>
/// Turns one community of the projection into a <see cref="Ring"/> with roles and an explainable score, or
/// nothing when it has too few victims.
/// <para>
/// <b>Controllers</b> are contact points of the community (not hubs) that at least two of its holders reach
/// through takeover evidence — a value they were switched to, a payout account, a representative, a contact
/// on a surrender or complaint, a device or IP, a complaint template — and that is not the holder's own
/// registered value. <b>Victims</b> are the community's holders linked to a controller that way. Holders who
/// only share registered values (families, colleagues, an honest agent's clients) are never victims.
/// </para>
/// <para>
/// The score is the sum of named reasons, each <c>weight × strength</c> with strength in [0, 1] measured on
/// the ring, clamped to 0–100. What separates rings from look-alikes: rings are unrelated people (different
/// surnames and cities) converging on values they did not register, through changes, payouts,
/// representatives and devices, shortly before surrendering; families share a surname and their own
/// registered values; hotlines are hubs; a legitimate mass surrender has a burst but no controllers.
/// </para>
/// </summary>
public sealed class RingScorer
{
    private readonly SnapshotIndex _index;
    private readonly Projection _projection;
    private readonly DetectionOptions _options;
    private readonly GraphSnapshot _snapshot;
    private readonly int[] _contactStamp;
    private readonly int[] _takeoverHolders;
    private readonly int[] _lastHolder;
    private int _stamp;

    internal RingScorer(SnapshotIndex index, Projection projection, DetectionOptions options)
    {
        _index = index;
        _projection = projection;
        _options = options;
        _snapshot = index.Snapshot;
        int extended = projection.NodeOfContact.Length;
        _contactStamp = new int[extended];
        _takeoverHolders = new int[extended];
        _lastHolder = new int[extended];
        Array.Fill(_contactStamp, -1);
    }

    /// <summary>A scorer over a snapshot and its projection.</summary>
    public RingScorer(GraphSnapshot snapshot, Projection projection, DetectionOptions options)
        : this(new SnapshotIndex(snapshot ?? throw new ArgumentNullException(nameof(snapshot)), CancellationToken.None),
               projection ?? throw new ArgumentNullException(nameof(projection)),
               options ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    private readonly record struct TakeoverPair(int Holder, int Contact, EvidenceGroup Groups);

    /// <summary>
    /// Scores the community made of the projection nodes <paramref name="nodes"/> (holders and contact points).
    /// Returns null when fewer than <c>MinRingHolders</c> victims remain.
    /// </summary>
    public Ring? Score(ReadOnlySpan<int> nodes, string ringId)
    {
        int stamp = ++_stamp;
        var holders = new List<int>();
        var contactsInCommunity = new List<int>();
        foreach (int node in nodes)
        {
            if (_projection.IsHolderNode(node)) holders.Add(node);
            else
            {
                int c = _projection.ContactOfNode[node - _projection.HolderCount];
                if (_projection.States[c] != ContactState.Linked) continue;
                _contactStamp[c] = stamp;
                _takeoverHolders[c] = 0;
                _lastHolder[c] = -1;
                contactsInCommunity.Add(c);
            }
        }
        if (holders.Count < _options.MinRingHolders || contactsInCommunity.Count == 0) return null;
        holders.Sort();

        // Takeover pairs between the community's holders and contact points.
        var links = Lists.AsSpan(_snapshot.Links);
        var pairs = new List<TakeoverPair>();
        int contacts = _projection.ContactCount;
        foreach (int h in holders)
        {
            int end = _index.LinkOffsets[h + 1];
            for (int i = _index.LinkOffsets[h]; i < end;)
            {
                int c = links[i].Contact;
                bool registered = false, changedTo = false;
                int groups = 0;
                for (; i < end && links[i].Contact == c; i++)
                {
                    var e = links[i].Evidence;
                    if (Evidence.IsRegistration(e)) registered = true;
                    if (e == EvidenceKind.ChangedTo) changedTo = true;
                    if (Evidence.IsTakeover(e)) groups |= 1 << (int)Evidence.GroupOf(e);
                }
                if (_contactStamp[c] != stamp || groups == 0 || (registered && !changedTo)) continue;
                pairs.Add(new TakeoverPair(h, c, (EvidenceGroup)groups));
                if (_lastHolder[c] != h) { _lastHolder[c] = h; _takeoverHolders[c]++; }
            }
            for (int i = _projection.TemplateLinkOffsets[h]; i < _projection.TemplateLinkOffsets[h + 1]; i++)
            {
                int c = contacts + _projection.TemplateLinkTemplate[i];
                if (_contactStamp[c] != stamp || _lastHolder[c] == h) continue;
                pairs.Add(new TakeoverPair(h, c, (EvidenceGroup)(1 << (int)EvidenceGroup.Template)));
                _lastHolder[c] = h;
                _takeoverHolders[c]++;
            }
        }

        var controllers = new List<int>();
        foreach (int c in contactsInCommunity) if (_takeoverHolders[c] >= 2) controllers.Add(c);
        if (controllers.Count == 0) return null;
        var isController = new HashSet<int>(controllers);
        var victimSet = new SortedSet<int>();
        foreach (var p in pairs) if (isController.Contains(p.Contact)) victimSet.Add(p.Holder);
        if (victimSet.Count < _options.MinRingHolders) return null;
        var victims = victimSet.ToArray();
        return Build(ringId, victims, controllers, isController, pairs);
    }

    private Ring Build(string ringId, int[] victims, List<int> controllers, HashSet<int> isController, List<TakeoverPair> pairs)
    {
        int n = victims.Length;
        var links = Lists.AsSpan(_snapshot.Links);
        var events = Lists.AsSpan(_snapshot.Events);
        int contacts = _projection.ContactCount;
        var validPairs = new HashSet<(int, int)>(pairs.Count);
        foreach (var p in pairs) validPairs.Add((p.Holder, p.Contact));
        var victimIndex = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) victimIndex[victims[i]] = i;

        // Per victim and per controller: which groups link them, and the supporting records.
        var victimGroups = new int[n];
        var victimEvidence = new int[n];
        var controllerEvidence = new Dictionary<int, int>();
        var groupRecords = new Dictionary<EvidenceGroup, SortedSet<string>>();
        var groupControllers = new Dictionary<EvidenceGroup, HashSet<int>>();
        var groupVictims = new Dictionary<EvidenceGroup, HashSet<int>>();
        var allRecords = new SortedSet<string>(StringComparer.Ordinal);
        var changeTimes = new List<(int Victim, double Day, string ChangeId)>();
        DateTimeOffset? first = null, last = null;
        foreach (int h in victims)
        {
            int vi = victimIndex[h];
            int end = _index.LinkOffsets[h + 1];
            for (int i = _index.LinkOffsets[h]; i < end; i++)
            {
                ref readonly var l = ref links[i];
                if (!isController.Contains(l.Contact) || !Evidence.IsTakeover(l.Evidence)) continue;
                if (!validPairs.Contains((h, l.Contact))) continue;
                var g = Evidence.GroupOf(l.Evidence);
                victimGroups[vi] |= 1 << (int)g;
                victimEvidence[vi]++;
                controllerEvidence[l.Contact] = controllerEvidence.GetValueOrDefault(l.Contact) + 1;
                Add(groupRecords, g, l.SourceId);
                AddC(groupControllers, g, l.Contact);
                AddC(groupVictims, g, vi);
                allRecords.Add(l.SourceId);
                if (l.At is { } at)
                {
                    if (first is null || at < first) first = at;
                    if (last is null || at > last) last = at;
                    if (l.Evidence == EvidenceKind.ChangedTo) changeTimes.Add((vi, SnapshotIndex.Days(at), l.SourceId));
                }
            }
            for (int i = _projection.TemplateLinkOffsets[h]; i < _projection.TemplateLinkOffsets[h + 1]; i++)
            {
                int c = contacts + _projection.TemplateLinkTemplate[i];
                if (!isController.Contains(c)) continue;
                var complaint = _projection.Complaints[_projection.TemplateLinkComplaint[i]];
                victimGroups[vi] |= 1 << (int)EvidenceGroup.Template;
                victimEvidence[vi]++;
                controllerEvidence[c] = controllerEvidence.GetValueOrDefault(c) + 1;
                Add(groupRecords, EvidenceGroup.Template, complaint.ComplaintId);
                AddC(groupControllers, EvidenceGroup.Template, c);
                AddC(groupVictims, EvidenceGroup.Template, vi);
                allRecords.Add(complaint.ComplaintId);
            }
        }

        // Victims' surrenders (amounts, dates) and complaints.
        decimal amount = 0;
        var surrenderDays = new List<double>();
        var surrenderIds = new SortedSet<string>(StringComparer.Ordinal);
        var surrenderedVictims = 0;
        var firstSurrenderAfter = new List<(int Victim, double Day, string Id)>();
        foreach (int h in victims)
        {
            bool any = false;
            for (int e = _index.EventOffsets[h]; e < _index.EventOffsets[h + 1]; e++)
            {
                ref readonly var ev = ref events[e];
                if (ev.Kind is not (RecordKind.SurrenderRequest or RecordKind.Complaint)) continue;
                if (ev.At is { } at)
                {
                    if (first is null || at < first) first = at;
                    if (last is null || at > last) last = at;
                }
                if (ev.Kind != RecordKind.SurrenderRequest) continue;
                any = true;
                amount += ev.Amount ?? 0;
                surrenderIds.Add(ev.Id);
                if (ev.At is { } sat)
                {
                    surrenderDays.Add(SnapshotIndex.Days(sat));
                    firstSurrenderAfter.Add((victimIndex[h], SnapshotIndex.Days(sat), ev.Id));
                }
            }
            if (any) surrenderedVictims++;
        }

        // Who the victims are: surnames and cities.
        var surnameCount = new Dictionary<char, int>();
        var cityIds = new HashSet<int>();
        var familyKey = new Dictionary<(char, int), int>();
        int knownSurnames = 0;
        foreach (int h in victims)
        {
            char s = _index.HolderSurname[h];
            int city = _index.HolderCity[h];
            if (city >= 0) cityIds.Add(city);
            if (s == '\0') continue;
            knownSurnames++;
            surnameCount[s] = surnameCount.GetValueOrDefault(s) + 1;
            if (city >= 0) familyKey[(s, city)] = familyKey.GetValueOrDefault((s, city)) + 1;
        }
        int largestSurname = surnameCount.Count == 0 ? 0 : surnameCount.Values.Max();
        int distinctSurnames = surnameCount.Count;

        var reasons = new List<RingReason>();
        var ci = CultureInfo.InvariantCulture;
        var holderIdList = victims.Select(h => _snapshot.Holders[h].Id).OrderBy(x => x, StringComparer.Ordinal).ToList();

        // 1. Convergence on controlled values. A contact phone or address written on a request and a shared
        // letter template are weaker than a change of the registered value, a payout, a representative or a
        // device: clerks type institutional numbers on forms, and honest complainants copy letters.
        double convergence = 0;
        int templateBit = 1 << (int)EvidenceGroup.Template;
        int weakBits = (1 << (int)EvidenceGroup.Template) | (1 << (int)EvidenceGroup.ContactOnRequest);
        for (int i = 0; i < n; i++)
        {
            if ((victimGroups[i] & ~weakBits) != 0) convergence += 1;
            else if (victimGroups[i] != 0) convergence += _options.WeakEvidenceFactor;
        }
        {
            double strength = convergence / n;
            var (group, set) = groupVictims.OrderByDescending(kv => kv.Value.Count * ((1 << (int)kv.Key & weakBits) != 0 ? _options.WeakEvidenceFactor : 1)).ThenBy(kv => kv.Key).FirstOrDefault();
            string action = DescribeGroup(set is null ? EvidenceGroup.Template : group, groupControllers);
            string desc = string.Format(ci, "{0} unrelated holders ({1} surnames, {2} cities) {3}", n, distinctSurnames, cityIds.Count, action);
            AddReason(reasons, ReasonCode.Convergence, desc, strength, strength, allRecords);
        }

        // 2. Unrelated holders; 3. related victims (families) count against.
        {
            double strength = knownSurnames >= 2 ? (knownSurnames - largestSurname) / (double)(knownSurnames - 1) : 0;
            string desc = string.Format(ci, "victims have {0} different surnames among {1} and live in {2} cities", distinctSurnames, n, cityIds.Count);
            AddReason(reasons, ReasonCode.UnrelatedHolders, desc, distinctSurnames / (double)n, strength, holderIdList);
            // Related: same surname and city as another victim, or a registered phone/address shared with one
            // (one household, one employer). Such victims converging is a family or an office, not a ring.
            var registeredOwners = new Dictionary<int, int>();
            foreach (int h in victims)
            {
                int prev = -1;
                for (int i = _index.LinkOffsets[h]; i < _index.LinkOffsets[h + 1]; i++)
                {
                    if (!Evidence.IsRegistration(links[i].Evidence) || links[i].Contact == prev) continue;
                    prev = links[i].Contact;
                    registeredOwners[prev] = registeredOwners.GetValueOrDefault(prev) + 1;
                }
            }
            var related = new List<string>();
            int byName = 0, byHome = 0;
            foreach (int h in victims)
            {
                char s = _index.HolderSurname[h];
                int city = _index.HolderCity[h];
                bool name = s != '\0' && city >= 0 && familyKey[(s, city)] > 1;
                bool home = false;
                for (int i = _index.LinkOffsets[h]; i < _index.LinkOffsets[h + 1] && !home; i++)
                    home = Evidence.IsRegistration(links[i].Evidence) && registeredOwners[links[i].Contact] > 1;
                if (name) byName++;
                if (home) byHome++;
                if (name || home) related.Add(_snapshot.Holders[h].Id);
            }
            if (related.Count > 0)
            {
                double share = related.Count / (double)n;
                AddReason(reasons, ReasonCode.RelatedVictims,
                    string.Format(ci, "{0} of {1} victims are related to another victim ({2} by surname and city, {3} by a registered phone or address)", related.Count, n, byName, byHome),
                    share, share, related);
            }
        }

        // 4. Contact change before surrender.
        if (changeTimes.Count > 0)
        {
            var gaps = new List<double>();
            var support = new SortedSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<int>();
            foreach (var (vi, day, changeId) in changeTimes.OrderBy(x => x.Victim).ThenBy(x => x.Day))
            {
                if (seen.Contains(vi)) continue;
                double best = double.MaxValue;
                string? sid = null;
                foreach (var (svi, sday, id) in firstSurrenderAfter)
                {
                    if (svi != vi) continue;
                    double gap = sday - day;
                    if (gap >= 0 && gap <= _options.ChangeBeforeSurrenderDays && gap < best) { best = gap; sid = id; }
                }
                if (sid is null) continue;
                seen.Add(vi);
                gaps.Add(best);
                support.Add(changeId);
                support.Add(sid);
            }
            if (gaps.Count > 0)
            {
                gaps.Sort();
                double median = SnapshotIndex.Quantile(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(gaps), 0.5);
                double strength = gaps.Count / (double)n;
                AddReason(reasons, ReasonCode.ChangeBeforeSurrender,
                    string.Format(ci, "median {0:0} days from contact change to surrender ({1} of {2} victims)", median, gaps.Count, n),
                    median, strength, support);
            }
        }

        // 5. Surrender burst against the distribution of all surrenders. Strength is the smaller of the effect
        // (how concentrated) and its significance (could this many dates fall that close by chance?), so three
        // strangers who happen to surrender in the same month are not a burst, and a hundred dates that are only
        // mildly uneven are not one either.
        if (surrenderDays.Count >= 3)
        {
            var days = surrenderDays.ToArray();
            double ratio = SnapshotIndex.Concentration(days, _index.SurrenderDays, out double span);
            double effect = Math.Clamp((ratio - 1) / (_options.BurstFullRatio - 1), 0, 1);
            double p = SnapshotIndex.RangeProbability(days, _index.SurrenderDays);
            double significance = Math.Clamp((-Math.Log10(Math.Max(p, 1e-300)) - 1) / 3, 0, 1);
            double strength = Math.Min(effect, significance);
            if (strength > 0)
                AddReason(reasons, ReasonCode.SurrenderBurst,
                    string.Format(ci, "surrenders burst in {0} (middle 80% of {1} requests; {2:0.#}x the usual rate; chance {3:0.#####})", DescribeSpan(span), days.Length, ratio, p),
                    ratio, strength, surrenderIds);
        }

        // 6–9. Specific channels of control.
        GroupReason(reasons, ReasonCode.SharedPayoutAccount, EvidenceGroup.Payout, groupVictims, groupControllers, groupRecords, n,
            (v, k, r) => string.Format(ci, "payouts of {0} holders to {1}", v, k == 1 ? "one account" : k + " accounts"));
        GroupReason(reasons, ReasonCode.SharedRepresentative, EvidenceGroup.Representative, groupVictims, groupControllers, groupRecords, n,
            (v, k, r) => string.Format(ci, "{0} on {1} surrender requests and complaints of {2} holders", k == 1 ? "one representative" : k + " representatives", r, v));
        GroupReason(reasons, ReasonCode.SharedDeviceOrIp, EvidenceGroup.DeviceOrIp, groupVictims, groupControllers, groupRecords, n,
            (v, k, r) => string.Format(ci, "{0} holders acted from {1} shared devices or IP addresses ({2} records)", v, k, r));
        // A letter template alone is public text anyone can copy; it speaks for a ring when the same victims are
        // also tied to the ring another way (a shared contact, payout, representative or device).
        if (groupVictims.TryGetValue(EvidenceGroup.Template, out var templateVictims) && templateVictims.Count >= 2)
        {
            int corroborated = 0;
            foreach (int vi in templateVictims) if ((victimGroups[vi] & ~templateBit) != 0) corroborated++;
            var records = groupRecords[EvidenceGroup.Template];
            double share = corroborated / (double)n;
            AddReason(reasons, ReasonCode.TemplatedComplaints,
                string.Format(ci, "{0} near-identical complaints from {1} holders ({2} of them also tied to the ring otherwise)", records.Count, templateVictims.Count, corroborated),
                templateVictims.Count / (double)n, share, records);
        }

        // 10. Former clients of one terminated agent.
        RingMember? agentMember = null;
        {
            var perAgent = new Dictionary<int, (int Victims, List<string> Policies)>();
            foreach (int h in victims)
            {
                int prevAgent = -1;
                for (int p = _index.PolicyOffsets[h]; p < _index.PolicyOffsets[h + 1]; p++)
                {
                    int pi = _index.PolicyOrder[p];
                    int a = _index.PolicyAgent[pi];
                    if (a < 0 || _snapshot.Agents[a].Status != AgentStatus.Terminated) continue;
                    if (!perAgent.TryGetValue(a, out var entry)) perAgent[a] = entry = (0, []);
                    entry.Policies.Add(_snapshot.Policies[pi].Id);
                    if (a != prevAgent) { entry.Victims++; prevAgent = a; }
                    perAgent[a] = entry;
                }
            }
            if (perAgent.Count > 0)
            {
                var (agent, (count, policies)) = perAgent.OrderByDescending(kv => kv.Value.Victims).ThenBy(kv => _snapshot.Agents[kv.Key].Id, StringComparer.Ordinal).First();
                double share = count / (double)n;
                if (count >= 2 && share >= _options.TerminatedAgentMinShare)
                {
                    var agentId = _snapshot.Agents[agent].Id;
                    AddReason(reasons, ReasonCode.TerminatedAgent,
                        string.Format(ci, "{0:0}% of victims are former clients of terminated agent {1}", share * 100, agentId),
                        share, share, policies);
                    agentMember = new RingMember("agent", agentId, MemberRole.Agent, policies.Count);
                }
            }
        }

        // 11. Money out.
        if (surrenderedVictims > 0)
        {
            double share = surrenderedVictims / (double)n;
            AddReason(reasons, ReasonCode.Surrendered,
                string.Format(ci, "{0} of {1} victims asked to surrender ({2:0.##} yuan)", surrenderedVictims, n, amount),
                share, share, surrenderIds);
        }

        double score = Math.Round(Math.Clamp(reasons.Sum(r => r.Contribution), 0, 100), 1);
        reasons.Sort((a, b) => b.Contribution.CompareTo(a.Contribution) is var c && c != 0 ? c : string.CompareOrdinal(a.Code, b.Code));

        var members = new List<RingMember>(n + controllers.Count + 1);
        var victimMembers = new List<RingMember>(n);
        for (int i = 0; i < n; i++) victimMembers.Add(new RingMember("holder", _snapshot.Holders[victims[i]].Id, MemberRole.Victim, victimEvidence[i]));
        victimMembers.Sort((a, b) => string.CompareOrdinal(a.EntityId, b.EntityId));
        members.AddRange(victimMembers);
        var controllerMembers = new List<RingMember>();
        foreach (int c in controllers)
        {
            if (c >= contacts) continue; // templates are reasons, not entities the contract lists
            var contact = _snapshot.Contacts[c];
            controllerMembers.Add(new RingMember(contact.Kind.EntityType(), contact.Value, MemberRole.Controller, controllerEvidence.GetValueOrDefault(c)));
        }
        controllerMembers.Sort((a, b) => string.CompareOrdinal(a.EntityType, b.EntityType) is var t && t != 0 ? t : string.CompareOrdinal(a.EntityId, b.EntityId));
        members.AddRange(controllerMembers);
        if (agentMember is not null) members.Add(agentMember);

        return new Ring(ringId, score, score >= _options.FlagThreshold, n, controllerMembers.Count, amount, first, last, reasons, members);
    }

    private void AddReason(List<RingReason> reasons, ReasonCode code, string description, double value, double strength, IEnumerable<string> support)
    {
        double weight = _options.ReasonWeight(code);
        if (weight == 0) return;
        var records = support.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        reasons.Add(new RingReason(ReasonCodes.Of(code), description, weight, Math.Round(value, 4), Math.Round(weight * Math.Clamp(strength, 0, 1), 2), records));
    }

    private void GroupReason(List<RingReason> reasons, ReasonCode code, EvidenceGroup group,
        Dictionary<EvidenceGroup, HashSet<int>> groupVictims, Dictionary<EvidenceGroup, HashSet<int>> groupControllers,
        Dictionary<EvidenceGroup, SortedSet<string>> groupRecords, int n, Func<int, int, int, string> describe)
    {
        if (!groupVictims.TryGetValue(group, out var v) || v.Count < 2) return;
        int k = groupControllers[group].Count;
        var records = groupRecords[group];
        double share = v.Count / (double)n;
        AddReason(reasons, code, describe(v.Count, k, records.Count), share, share, records);
    }

    private string DescribeGroup(EvidenceGroup group, Dictionary<EvidenceGroup, HashSet<int>> groupControllers)
    {
        int k = groupControllers.TryGetValue(group, out var set) ? set.Count : 0;
        ContactKind? kind = null;
        if (set is not null)
            foreach (int c in set)
            {
                var kc = c < _projection.ContactCount ? _snapshot.Contacts[c].Kind : ContactKind.ComplaintTemplate;
                kind = kind is null || kind == kc ? kc : (ContactKind)0;
            }
        string values = kind switch
        {
            ContactKind.Phone => k == 1 ? "one number" : $"{k} numbers",
            ContactKind.BankAccount => k == 1 ? "one account" : $"{k} accounts",
            ContactKind.Address => k == 1 ? "one address" : $"{k} addresses",
            ContactKind.Email => k == 1 ? "one e-mail address" : $"{k} e-mail addresses",
            _ => k == 1 ? "one shared value" : $"{k} shared values",
        };
        string field = kind switch
        {
            ContactKind.Phone => "phone",
            ContactKind.BankAccount => "bank account",
            ContactKind.Address => "address",
            ContactKind.Email => "e-mail",
            _ => "contact details",
        };
        return group switch
        {
            EvidenceGroup.ContactChange => $"changed their {field} to {values}",
            EvidenceGroup.Payout => $"were paid out to {values}",
            EvidenceGroup.Representative => k == 1 ? "were represented by one person" : $"were represented by {k} people or their phones",
            EvidenceGroup.ContactOnRequest => $"gave {values} as contact on surrenders and complaints",
            EvidenceGroup.DeviceOrIp => k == 1 ? "acted from one device or IP address" : $"acted from {k} shared devices or IP addresses",
            EvidenceGroup.Template => k == 1 ? "filed one complaint template" : $"filed {k} complaint templates",
            _ => "share contact points",
        };
    }

    private static string DescribeSpan(double days) => days switch
    {
        < 1 => "one day",
        < 14 => $"{Math.Ceiling(days).ToString(CultureInfo.InvariantCulture)} days",
        < 120 => $"{Math.Ceiling(days / 7).ToString(CultureInfo.InvariantCulture)} weeks",
        _ => $"{Math.Ceiling(days / 30.44).ToString(CultureInfo.InvariantCulture)} months",
    };


    private static void Add(Dictionary<EvidenceGroup, SortedSet<string>> map, EvidenceGroup g, string id)
    {
        if (!map.TryGetValue(g, out var set)) map[g] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(id);
    }

    private static void AddC(Dictionary<EvidenceGroup, HashSet<int>> map, EvidenceGroup g, int v)
    {
        if (!map.TryGetValue(g, out var set)) map[g] = set = [];
        set.Add(v);
    }
}

/// <summary>The stable codes of <see cref="ReasonCode"/> as written to outputs (e.g. <c>CONVERGENCE</c>).</summary>
public static class ReasonCodes
{
    public static string Of(ReasonCode code) => code switch
    {
        ReasonCode.Convergence => "CONVERGENCE",
        ReasonCode.UnrelatedHolders => "UNRELATED_HOLDERS",
        ReasonCode.RelatedVictims => "RELATED_VICTIMS",
        ReasonCode.ChangeBeforeSurrender => "CHANGE_BEFORE_SURRENDER",
        ReasonCode.SurrenderBurst => "SURRENDER_BURST",
        ReasonCode.SharedPayoutAccount => "SHARED_PAYOUT_ACCOUNT",
        ReasonCode.SharedRepresentative => "SHARED_REPRESENTATIVE",
        ReasonCode.SharedDeviceOrIp => "SHARED_DEVICE_OR_IP",
        ReasonCode.TemplatedComplaints => "TEMPLATED_COMPLAINTS",
        ReasonCode.TerminatedAgent => "TERMINATED_AGENT",
        ReasonCode.Surrendered => "SURRENDERED",
        _ => code.ToString().ToUpperInvariant(),
    };
}
