using System.Globalization;
using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring;

/// <summary>
/// Classifies every value named by at least two holders by how it is used (<see cref="ValueRole"/>), and keeps the
/// measurements behind each verdict. Roles decide the projection (infrastructure and agents' own values glue
/// nobody together) and the scorer (only controllers name a ring).
/// <para>
/// Measured per value, over <b>all</b> its holders, not over one community — a branch terminal cut into small
/// communities still has all its honest users behind it:
/// households (holders who registered the same phone or address themselves count once), households switched to it,
/// paid out to it or represented by it ("active"), cities, the share of holders sold by one agent, and the timing
/// test (<see cref="Timing"/>): do its holders surrender sooner after the records that tie them to it than this
/// insurer's holders do?
/// </para>
/// </summary>
internal sealed class ValueRoles
{
    public required ValueRole[] Roles { get; init; }
    /// <summary>Measurements of the values named by at least <see cref="RoleOptions.ReportHolders"/> holders, and of every controller.</summary>
    public required List<ValueMeasurement> Reported { get; init; }
    /// <summary>Timing decades per value (for the scorer's description of a controller).</summary>
    public required float[] TimingDecades { get; init; }

    public static ValueRoles Classify(SnapshotIndex index, ValuePairs pairs, Baseline baseline, Func<int, (ContactKind Kind, string Value)> describe,
        Func<string, bool> isAllowed, RoleOptions options, CancellationToken ct)
    {
        var snapshot = index.Snapshot;
        var links = Lists.AsSpan(snapshot.Links);
        var roles = new ValueRole[pairs.ExtendedCount];
        var timing = new float[pairs.ExtendedCount];
        var reported = new List<ValueMeasurement>();
        var householdGap = new Dictionary<int, (float Gap, byte Row)>();
        var householdFirstDay = new Dictionary<int, double>();
        var firstDays = new List<double>();
        // The burst test is tried on every value named by three or more holders, so a value must beat all those
        // tries (Bonferroni over values): by chance alone, a few of 20,000 branch numbers bunch in time.
        int burstTries = 0;
        for (int c = 0; c < pairs.ContactCount; c++)
            if (pairs.PairsOf(c).Length >= 3 && BurstTested(describe(c).Kind)) burstTries++;
        double burstPenalty = Math.Log10(Math.Max(burstTries, 1));
        var households = new HashSet<int>();
        var active = new HashSet<int>();
        var cities = new HashSet<int>();
        var agents = new Dictionary<int, int>();
        var gaps = new List<float>();
        var rows = new List<byte>();
        for (int c = 0; c < pairs.ExtendedCount; c++)
        {
            if ((c & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            var list = pairs.PairsOf(c);
            if (list.Length < 2) { roles[c] = ValueRole.Lonely; continue; }
            var (kind, value) = describe(c);
            if (c < pairs.ContactCount && isAllowed(value)) { roles[c] = ValueRole.Allowlisted; continue; }

            households.Clear(); active.Clear(); cities.Clear(); agents.Clear(); householdGap.Clear(); householdFirstDay.Clear();
            int own = 0;
            double first = double.MaxValue;
            foreach (int p in list)
            {
                int h = pairs.Holder[p], unit = baseline.Household[h];
                households.Add(unit);
                if (index.HolderCity[h] >= 0) cities.Add(index.HolderCity[h]);
                int agent = baseline.PrimaryAgent[h];
                if (agent >= 0) agents[agent] = agents.GetValueOrDefault(agent) + 1;
                if (pairs.IsOwnRegistration(p)) { own++; continue; }
                if (!pairs.IsTakeover(p)) continue;
                if ((pairs.Flags[p] & PairFlags.Active) != 0) active.Add(unit);
                float gap = baseline.PairGap[p];
                if (!householdGap.TryGetValue(unit, out var g) || Baseline.Prefer(gap, baseline.PairRow[p], g.Gap, g.Row)) householdGap[unit] = (gap, baseline.PairRow[p]);
                if (c < pairs.ContactCount)
                    for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
                        if (links[i].At is { } at && Evidence.IsTakeover(links[i].Evidence))
                        {
                            double day = SnapshotIndex.Days(at);
                            first = Math.Min(first, day);
                            householdFirstDay[unit] = Math.Min(householdFirstDay.GetValueOrDefault(unit, double.MaxValue), day);
                        }
            }
            gaps.Clear(); rows.Clear();
            foreach (var (gap, row) in householdGap.Values) { gaps.Add(gap); rows.Add(row); }
            var t = Timing.Scan(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(gaps), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows), baseline.Rates);
            timing[c] = (float)t.Decades;
            int takeover = householdGap.Count;
            int topAgent = -1, topAgentHolders = 0;
            foreach (var (a, n) in agents) if (n > topAgentHolders || (n == topAgentHolders && a < topAgent)) { topAgent = a; topAgentHolders = n; }
            double agentShare = topAgentHolders / (double)list.Length;

            // Control shows in most of a value's households (at some window), not in a few of many: a carrier's IP
            // that a ring also used is still the carrier's. An agent's own number is one whose clients show no excess.
            var gapSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(gaps);
            var rowSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);
            bool excess = t.Decades >= options.ControllerDecades;
            bool timed = excess && Timing.MostWithin(gapSpan, rowSpan, baseline.Rates, options.ControllerDecades);
            bool activeConvergence = active.Count >= 2 && active.Count * 2 >= takeover;
            bool agentStillActive = topAgent >= 0 && (snapshot.Agents[topAgent].TerminatedAt is not { } end || SnapshotIndex.Days(end) > first);
            bool agentsOwn = list.Length >= 3 && agentShare >= options.AgentShare && agentStillActive && !excess;
            // Or more than half of its households, beyond those expected, first named it in one short stretch of this
            // insurer's time: a callback number a ring wrote on its victims' letters and forms, or the ring's handset,
            // when many have not surrendered yet. Tried too on a value more of one agent's clients acted through than a
            // family spans (switched to it, paid out to it, represented by it or gave it on their forms): an agent does
            // that across the years of a book, a ring that bought the client list in one stretch. Not on a device: the
            // agent's tablet or the branch terminal serves the agent's clients in bursts too (a campaign, a branch event).
            bool agentsActive = agentsOwn && kind != ContactKind.Device && takeover > options.FamilyHouseholds;
            var burst = default(BurstResult);
            if ((agentsActive || !timed && !activeConvergence) && householdFirstDay.Count >= 3 && BurstTested(kind))
            {
                firstDays.Clear();
                firstDays.AddRange(householdFirstDay.Values);
                firstDays.Sort();
                burst = Burst.Scan(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(firstDays), index.EvidenceDays, smallestRun: firstDays.Count / 2 + 1, calendar: true, mostBeyondExpected: true);
            }
            bool bursted = burst.Decades - burstPenalty >= options.ControllerDecades;
            // Unless its holders also bought their policies in one stretch: colleagues of one employer whose HR
            // office moved them to its new address, or files their surrenders, are a group the agent sold together.
            bool boughtTogether = agentsActive && bursted && BoughtTogether(list, pairs, baseline, options);
            ValueRole role;
            string why;
            if (households.Count == 1)
            {
                role = list.Length > options.FamilyHolders ? ValueRole.Employer : ValueRole.Family;
                why = role == ValueRole.Family ? "one household (holders who registered it themselves)" : "one employer or group (holders who registered it themselves)";
            }
            else if (agentsOwn && !(agentsActive && bursted && !boughtTogether))
            {
                // An active agent typing or setting their own phone, or using their own tablet, for their clients,
                // without their clients surrendering any sooner than others do.
                role = ValueRole.AgentContact;
                why = string.Format(CultureInfo.InvariantCulture, "{0:0}% of its holders are clients of agent {1}, who was still active, and they behave like the insurer's others", agentShare * 100, snapshot.Agents[topAgent].Id);
            }
            else if (timed || activeConvergence || bursted)
            {
                role = ValueRole.Controller;
                why = timed
                    ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} households surrendered within {2} days of the records naming it ({3:0.#} expected)", t.Observed, t.Tested, t.Window, t.Expected)
                    : agentsActive
                    ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} households first named it within {2:0} days ({3} were switched to it, paid out to it or represented by it), though most are clients of agent {4}, who sold to them over the years",
                        burst.Observed, takeover, burst.SpanDays, active.Count, snapshot.Agents[topAgent].Id)
                    : activeConvergence
                    ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} households were switched to it, paid out to it or represented by it", active.Count, takeover)
                    : string.Format(CultureInfo.InvariantCulture, "{0} of {1} households first named it within {2:0} days, a stretch holding {3:0.##}% of the insurer's records or of its time, whichever is more ({4:0.#} expected)",
                        burst.Observed, householdFirstDay.Count, burst.SpanDays, burst.Share * 100, burst.Share * householdFirstDay.Count);
            }
            else if (takeover >= options.InfrastructureHouseholds)
            {
                role = ValueRole.Infrastructure;
                why = excess
                    ? string.Format(CultureInfo.InvariantCulture, "{0} households in {1} cities; {2} surrendered within {3} days ({4:0.#} expected), but not most of them: control does not show in most of its households",
                        takeover, cities.Count, t.Observed, t.Window, t.Expected)
                    : string.Format(CultureInfo.InvariantCulture, "{0} households in {1} cities behave like the insurer's others ({2} surrendered within {3} days, {4:0.#} expected)",
                        takeover, cities.Count, t.Observed, t.Window, t.Expected);
            }
            else
            {
                role = ValueRole.Ordinary;
                why = "shared by a few households, no sign of control";
            }
            roles[c] = role;
            if (list.Length >= options.ReportHolders || role == ValueRole.Controller)
                reported.Add(new ValueMeasurement(kind, value, role, why, list.Length, households.Count, takeover, active.Count, own, cities.Count,
                    Math.Round(agentShare, 3), t.Observed, Math.Round(t.Expected, 3), t.Window, Math.Round(t.Decades, 2)));
        }
        return new ValueRoles { Roles = roles, Reported = reported, TimingDecades = timing };
    }

    /// <summary>
    /// Did more than half of the households holding a value buy their first policy in a stretch in which this
    /// insurer sold few? The burst test over first-purchase days, against every holder's first purchase.
    /// </summary>
    private static bool BoughtTogether(ReadOnlySpan<int> list, ValuePairs pairs, Baseline baseline, RoleOptions options)
    {
        var firstBought = new Dictionary<int, double>();
        foreach (int p in list)
        {
            int h = pairs.Holder[p];
            long day = baseline.FirstIssuedDay[h];
            if (day == long.MaxValue) continue;
            int unit = baseline.Household[h];
            firstBought[unit] = Math.Min(firstBought.GetValueOrDefault(unit, double.MaxValue), day);
        }
        if (firstBought.Count < 3) return false;
        var days = firstBought.Values.ToArray();
        Array.Sort(days);
        return Burst.Scan(days, baseline.FirstIssuedDays, smallestRun: days.Length / 2 + 1).Decades >= options.ControllerDecades;
    }

    /// <summary>
    /// The values the burst test is tried on, in one place so the count it pays for stays the count it tries: not
    /// IPs, whose addresses are leased for a while, so their honest users bunch in time too.
    /// </summary>
    private static bool BurstTested(ContactKind kind) => kind != ContactKind.Ip;
}

