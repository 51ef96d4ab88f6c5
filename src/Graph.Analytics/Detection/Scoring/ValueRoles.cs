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
    private Judge _judge = null!;
    private ToolsOfControl _tools = null!;

    /// <param name="threads">Threads for the first look (ranges of values, each with a judge of its own); 1: in order.</param>
    public static ValueRoles Classify(SnapshotIndex index, ValuePairs pairs, Baseline baseline, Func<int, (ContactKind Kind, string Value)> describe,
        Func<string, bool> isAllowed, RoleOptions options, CancellationToken ct, int threads = 1)
    {
        double burstPenalty = Judge.BurstPenalty(pairs, describe);
        var judge = new Judge(index, pairs, baseline, describe, options, burstPenalty);
        var roles = new ValueRole[pairs.ExtendedCount];
        // First look: every value judged on its own. Ranges of values, each with its own judge (a judge keeps scratch
        // sets), fill their own roles; their measurements are joined in range order, the order of one thread. Values
        // cost as many holders as they have, so there are several ranges per thread.
        int parts = Partitions.Count(pairs.ExtendedCount, threads, smallest: 4096, perThread: 8);
        var reportedParts = new List<ValueMeasurement>[parts];
        Partitions.For(pairs.ExtendedCount, threads, parts, (part, from, to) =>
        {
            var own = parts == 1 ? judge : new Judge(index, pairs, baseline, describe, options, burstPenalty);
            var found = reportedParts[part] = [];
            for (int c = from; c < to; c++)
            {
                if ((c & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                var list = pairs.PairsOf(c);
                if (list.Length < 2) { roles[c] = ValueRole.Lonely; continue; }
                if (c < pairs.ContactCount && isAllowed(describe(c).Value)) { roles[c] = ValueRole.Allowlisted; continue; }
                roles[c] = own.Measure(c, list);
                if (list.Length >= options.ReportHolders || roles[c] == ValueRole.Controller) found.Add(own.Explain());
            }
        }, ct);
        var reported = reportedParts[0];
        for (int part = 1; part < parts; part++) reported.AddRange(reportedParts[part]);
        // Second look, against the first verdicts (no cascade): the handsets a ring made its changes with.
        var tools = new ToolsOfControl(index.Snapshot, pairs, baseline, roles, options);
        var found = new List<(int Contact, ToolsOfControl.Result Result)>();
        for (int c = 0; c < pairs.ContactCount; c++)
        {
            if ((c & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            if (roles[c] is not (ValueRole.Infrastructure or ValueRole.Ordinary) || !ToolsOfControl.Applies(describe(c).Kind)) continue;
            var result = tools.Judge(pairs.PairsOf(c));
            if (result.Controls) found.Add((c, result));
        }
        foreach (var (c, result) in found)
        {
            roles[c] = ValueRole.Controller;
            judge.Measure(c, pairs.PairsOf(c));
            var (kind, value) = describe(c);
            reported.RemoveAll(m => m.Kind == kind && string.Equals(m.Value, value, StringComparison.Ordinal));
            reported.Add(judge.Explain() with { Role = ValueRole.Controller, Why = result.Why });
        }
        return new ValueRoles { Roles = roles, Reported = reported, _judge = judge, _tools = tools };
    }

    /// <summary>
    /// Would the value <paramref name="contact"/> still be judged a controller (by the first look or, for a device, the
    /// second) if only the holders <paramref name="keep"/> accepts named it? A carrier's address that a ring's victims also used is a controller
    /// over all its holders, and nothing over the holders the ring leaves behind.
    /// </summary>
    public bool IsControllerAmong(int contact, Func<int, bool> keep)
    {
        var kept = new List<int>();
        foreach (int p in _judge.Pairs.PairsOf(contact)) if (keep(_judge.Pairs.Holder[p])) kept.Add(p);
        if (kept.Count < 2) return false;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept);
        var role = _judge.Measure(contact, span);
        return role == ValueRole.Controller
            || role is ValueRole.Infrastructure or ValueRole.Ordinary && ToolsOfControl.Applies(_judge.Kind) && _tools.Judge(span).Controls;
    }

    /// <summary>
    /// How much likelier (log10) the households of <paramref name="subset"/> surrendered when they did after the
    /// records tying them to <paramref name="contact"/> were they like those of <paramref name="reference"/> (a
    /// ring's victims) than like the insurer's others (<see cref="Timing.LikelihoodRatioDecades"/>).
    /// </summary>
    public double RingLikeDecades(int contact, Func<int, bool> subset, Func<int, bool> reference)
        => Timing.LikelihoodRatioDecades(_judge.Gaps(contact, reference), _judge.Gaps(contact, subset), _judge.Rates);

    /// <summary>
    /// Judges one value from the pairs of the holders naming it, and keeps the measurements of the last value judged
    /// for <see cref="Explain"/>. Measured over <b>all</b> those holders, not over one community: a branch terminal
    /// cut into small communities still has all its honest users behind it.
    /// </summary>
    /// <param name="burstPenalty">See <see cref="BurstPenalty"/>: counted once for all judges.</param>
    private sealed class Judge(SnapshotIndex index, ValuePairs pairs, Baseline baseline, Func<int, (ContactKind Kind, string Value)> describe, RoleOptions options,
        double burstPenalty)
    {
        public ValuePairs Pairs => pairs;
        /// <summary>The kind of the last value judged.</summary>
        public ContactKind Kind => _kind;
        public double[][] Rates => baseline.Rates;

        private readonly GraphSnapshot _snapshot = index.Snapshot;
        private readonly double _burstPenalty = burstPenalty;
        private readonly Dictionary<int, (float Gap, byte Row)> _householdGap = [];
        private readonly Dictionary<int, double> _householdFirstDay = [];
        private readonly List<double> _firstDays = [];
        private readonly HashSet<int> _households = [];
        private readonly HashSet<int> _active = [];
        private readonly HashSet<int> _cities = [];
        private readonly Dictionary<int, int> _agents = [];
        private readonly List<float> _gaps = [];
        private readonly List<byte> _rows = [];

        // The last value judged, for Explain.
        private ContactKind _kind;
        private string _value = "";
        private ValueRole _role;
        private int _holders, _own, _takeover, _topAgent;
        private double _agentShare;
        private bool _timed, _agentsActive;
        private TimingResult _t;
        private BurstResult _burst;

        /// <summary>Each household's smallest gap and its row (as <see cref="Measure"/> takes them), over the holders <paramref name="keep"/> accepts.</summary>
        public (float[] Gaps, byte[] Rows) Gaps(int c, Func<int, bool> keep)
        {
            var best = new Dictionary<int, (float Gap, byte Row)>();
            foreach (int p in pairs.PairsOf(c))
            {
                int h = pairs.Holder[p];
                if (!keep(h) || pairs.IsOwnRegistration(p) || !pairs.IsTakeover(p)) continue;
                KeepSmallestGap(best, baseline.Household[h], p);
            }
            return (best.Values.Select(v => v.Gap).ToArray(), best.Values.Select(v => v.Row).ToArray());
        }

        /// <summary>Keeps pair <paramref name="p"/>'s gap for its household when it speaks better than the one kept.</summary>
        private void KeepSmallestGap(Dictionary<int, (float Gap, byte Row)> best, int unit, int p)
        {
            float gap = baseline.PairGap[p];
            if (!best.TryGetValue(unit, out var g) || Baseline.Prefer(gap, baseline.PairRow[p], g.Gap, g.Row)) best[unit] = (gap, baseline.PairRow[p]);
        }

        public ValueRole Measure(int c, ReadOnlySpan<int> list)
        {
            var links = Lists.AsSpan(_snapshot.Links);
            (_kind, _value) = describe(c);
            _households.Clear(); _active.Clear(); _cities.Clear(); _agents.Clear(); _householdGap.Clear(); _householdFirstDay.Clear();
            int own = 0;
            double first = double.MaxValue;
            foreach (int p in list)
            {
                int h = pairs.Holder[p], unit = baseline.Household[h];
                _households.Add(unit);
                if (index.HolderCity[h] >= 0) _cities.Add(index.HolderCity[h]);
                int agent = baseline.PrimaryAgent[h];
                if (agent >= 0) _agents[agent] = _agents.GetValueOrDefault(agent) + 1;
                if (pairs.IsOwnRegistration(p)) { own++; continue; }
                if (!pairs.IsTakeover(p)) continue;
                if ((pairs.Flags[p] & PairFlags.Active) != 0) _active.Add(unit);
                KeepSmallestGap(_householdGap, unit, p);
                if (c < pairs.ContactCount)
                    for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
                        if (links[i].At is { } at && Evidence.IsTakeover(links[i].Evidence))
                        {
                            double day = SnapshotIndex.Days(at);
                            first = Math.Min(first, day);
                            _householdFirstDay[unit] = Math.Min(_householdFirstDay.GetValueOrDefault(unit, double.MaxValue), day);
                        }
            }
            _gaps.Clear(); _rows.Clear();
            foreach (var (gap, row) in _householdGap.Values) { _gaps.Add(gap); _rows.Add(row); }
            var gapSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_gaps);
            var rowSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows);
            var t = Timing.Scan(gapSpan, rowSpan, baseline.Rates);
            int takeover = _householdGap.Count;
            int topAgent = -1, topAgentHolders = 0;
            foreach (var (a, n) in _agents) if (n > topAgentHolders || (n == topAgentHolders && a < topAgent)) { topAgent = a; topAgentHolders = n; }
            double agentShare = topAgentHolders / (double)list.Length;

            // Control shows in most of a value's households (at some window), not in a few of many: a carrier's IP
            // that a ring also used is still the carrier's. An agent's own number is one whose clients show no excess.
            bool excess = t.Decades >= options.ControllerDecades;
            bool timed = excess && Timing.MostWithin(gapSpan, rowSpan, baseline.Rates, options.ControllerDecades);
            bool activeConvergence = _active.Count >= 2 && _active.Count * 2 >= takeover;
            bool agentStillActive = topAgent >= 0 && (_snapshot.Agents[topAgent].TerminatedAt is not { } end || SnapshotIndex.Days(end) > first);
            bool agentsOwn = list.Length >= 3 && agentShare >= options.AgentShare && agentStillActive && !excess;
            // Or more than half of its households, beyond those expected, first named it in one short stretch of this
            // insurer's time: a callback number a ring wrote on its victims' letters and forms, or the ring's handset,
            // when many have not surrendered yet. Tried too on a value more of one agent's clients acted through than a
            // family spans (switched to it, paid out to it, represented by it or gave it on their forms): an agent does
            // that across the years of a book, a ring that bought the client list in one stretch. Not on a device: the
            // agent's tablet or the branch terminal serves the agent's clients in bursts too (a campaign, a branch event).
            bool agentsActive = agentsOwn && _kind != ContactKind.Device && takeover > options.FamilyHouseholds;
            var burst = default(BurstResult);
            if ((agentsActive || !timed && !activeConvergence) && _householdFirstDay.Count >= 3 && BurstTested(_kind))
            {
                _firstDays.Clear();
                _firstDays.AddRange(_householdFirstDay.Values);
                _firstDays.Sort();
                burst = Burst.Scan(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_firstDays), index.EvidenceDays, smallestRun: _firstDays.Count / 2 + 1, calendar: true, mostBeyondExpected: true);
            }
            bool bursted = burst.Decades - _burstPenalty >= options.ControllerDecades;
            // Unless its holders also bought their policies in one stretch: colleagues of one employer whose HR
            // office moved them to its new address, or files their surrenders, are a group the agent sold together.
            bool boughtTogether = agentsActive && bursted && BoughtTogether(list, pairs, baseline, options);
            _role = _households.Count == 1 ? (list.Length > options.FamilyHolders ? ValueRole.Employer : ValueRole.Family)
                : agentsOwn && !(agentsActive && bursted && !boughtTogether) ? ValueRole.AgentContact
                : timed || activeConvergence || bursted ? ValueRole.Controller
                : takeover >= options.InfrastructureHouseholds ? ValueRole.Infrastructure
                : ValueRole.Ordinary;
            (_holders, _own, _takeover, _topAgent, _agentShare, _timed, _agentsActive, _t, _burst) =
                (list.Length, own, takeover, topAgent, agentShare, timed, agentsActive, t, burst);
            return _role;
        }

        /// <summary>The measurements behind the last verdict, and why, in words.</summary>
        public ValueMeasurement Explain()
        {
            var t = _t;
            string why = _role switch
            {
                ValueRole.Family => "one household (holders who registered it themselves)",
                ValueRole.Employer => "one employer or group (holders who registered it themselves)",
                // An active agent typing or setting their own phone, or using their own tablet, for their clients,
                // without their clients surrendering any sooner than others do.
                ValueRole.AgentContact => string.Format(CultureInfo.InvariantCulture, "{0:0}% of its holders are clients of agent {1}, who was still active, and they behave like the insurer's others", _agentShare * 100, _snapshot.Agents[_topAgent].Id),
                ValueRole.Controller => _timed
                    ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} households surrendered within {2} days of the records naming it ({3:0.#} expected)", t.Observed, t.Tested, t.Window, t.Expected)
                    : _agentsActive
                    ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} households first named it within {2:0} days ({3} were switched to it, paid out to it or represented by it), though most are clients of agent {4}, who sold to them over the years",
                        _burst.Observed, _takeover, _burst.SpanDays, _active.Count, _snapshot.Agents[_topAgent].Id)
                    : _active.Count >= 2 && _active.Count * 2 >= _takeover
                    ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} households were switched to it, paid out to it or represented by it", _active.Count, _takeover)
                    : string.Format(CultureInfo.InvariantCulture, "{0} of {1} households first named it within {2:0} days, a stretch holding {3:0.##}% of the insurer's records or of its time, whichever is more ({4:0.#} expected)",
                        _burst.Observed, _householdFirstDay.Count, _burst.SpanDays, _burst.Share * 100, _burst.Share * _householdFirstDay.Count),
                ValueRole.Infrastructure => t.Decades >= options.ControllerDecades
                    ? string.Format(CultureInfo.InvariantCulture, "{0} households in {1} cities; {2} surrendered within {3} days ({4:0.#} expected), but not most of them: control does not show in most of its households",
                        _takeover, _cities.Count, t.Observed, t.Window, t.Expected)
                    : string.Format(CultureInfo.InvariantCulture, "{0} households in {1} cities behave like the insurer's others ({2} surrendered within {3} days, {4:0.#} expected)",
                        _takeover, _cities.Count, t.Observed, t.Window, t.Expected),
                _ => "shared by a few households, no sign of control",
            };
            return new ValueMeasurement(_kind, _value, _role, why, _holders, _households.Count, _takeover, _active.Count, _own, _cities.Count,
                Math.Round(_agentShare, 3), t.Observed, Math.Round(t.Expected, 3), t.Window, Math.Round(t.Decades, 2));
        }

        /// <summary>
        /// The burst test is tried on every value named by three or more holders, so a value must beat all those
        /// tries (Bonferroni over values): by chance alone, a few of 20,000 branch numbers bunch in time.
        /// </summary>
        public static double BurstPenalty(ValuePairs pairs, Func<int, (ContactKind Kind, string Value)> describe)
            => Math.Log10(Math.Max(BurstTries(pairs, describe), 1));

        private static int BurstTries(ValuePairs pairs, Func<int, (ContactKind Kind, string Value)> describe)
        {
            int tries = 0;
            for (int c = 0; c < pairs.ContactCount; c++)
                if (pairs.PairsOf(c).Length >= 3 && BurstTested(describe(c).Kind)) tries++;
            return tries;
        }
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

