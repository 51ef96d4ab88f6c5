using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring;

/// <summary>The records a surrender can follow: a contact change (by field) or a complaint.</summary>
internal enum AnchorKind : byte { PhoneChange, AddressChange, AccountChange, EmailChange, OtherChange, Complaint }

/// <summary>
/// This insurer's own base rates, estimated once per snapshot, against which every reason measures a ring:
/// <list type="bullet">
/// <item><b>Households</b>: holders who had the same phone or address as their own (registered it, or changed away
/// from it; never switched to it) and live in at most two cities, or whose first policies one agent sold on the same
/// day in the same city, are one household (a family, or colleagues under an employer's group policy). Evidence
/// counts households, not holders: a family that surrenders together is one decision, not five.</item>
/// <item><b>Time from a contact change or complaint to the next surrender</b>, per kind of record, for a set of
/// windows; and for each surrender, the time back to the latest change or complaint. Estimated on honest-looking
/// records (changes to values nobody else was switched to, complaints outside templates), shrunk towards the rate
/// expected if changes and surrenders were unrelated, so a small insurer does not trust a handful of events.</item>
/// <item><b>Collision rates</b> per channel (switched to, paid out to, represented by, contact on a form, device or
/// IP, letter template): how often a household shares such a value with exactly one other household. That is how
/// often unrelated people meet on a value here without a ring behind it.</item>
/// <item><b>Surnames per city</b> (how often two holders of a city share a surname) and <b>each agent's share</b> of
/// the book, and of each city's holders for terminated agents.</item>
/// </list>
/// </summary>
internal sealed class Baseline
{
    /// <summary>The windows (days) a ring's timing is tested at; the best one is reported, paying for the choice.</summary>
    public static readonly int[] Windows = [7, 14, 30, 60, 90, 180, 365];

    /// <summary>Kinds of record a gap is measured from: the six <see cref="AnchorKind"/>s (forward), then surrenders (backward).</summary>
    private const int Kinds = 7, BackwardKind = 6;

    /// <summary>
    /// Channels told apart (the most common ones of this insurer; the last bucket holds the rest and unknown):
    /// a change made at a counter is followed by a surrender far more often than one made in an app.
    /// </summary>
    public const int Channels = 8;

    /// <summary>The row of <see cref="Rates"/> for a record of <paramref name="kind"/> (0–5 forward, 6 backward) made through <paramref name="channel"/>.</summary>
    public static byte Row(int kind, int channel) => (byte)(kind * Channels + channel);

    /// <summary>A row of a surrender (backward) record, with unknown channel: the starting value of "no record yet".</summary>
    public static readonly byte BackwardRow = Row(BackwardKind, Channels - 1);

    public static bool IsBackward(byte row) => row / Channels == BackwardKind;

    private const double PriorWeight = 50; // pseudo-observations a measured rate is shrunk with

    public required SnapshotIndex Index { get; init; }
    /// <summary>Household of each holder (0 .. HouseholdCount-1).</summary>
    public required int[] Household { get; init; }
    public required int HouseholdCount { get; init; }
    /// <summary>Agent (index into snapshot agents) of each holder's first policy, -1 when unknown.</summary>
    public required int[] PrimaryAgent { get; init; }
    /// <summary>Holders per agent as primary agent.</summary>
    public required int[] AgentClients { get; init; }
    /// <summary>Holders per city (<see cref="SnapshotIndex.HolderCity"/>).</summary>
    public required int[] CityHolders { get; init; }
    /// <summary>Per terminated agent and city: the city's holders that agent first sold to.</summary>
    public required Dictionary<(int Agent, int City), int> TerminatedAgentClients { get; init; }
    /// <summary>Per holder: the day (China Standard Time, days since 0001-01-01) the first policy was issued; long.MaxValue when unknown.</summary>
    public required long[] FirstIssuedDay { get; init; }
    /// <summary>Every holder's <see cref="FirstIssuedDay"/> that is known, sorted: the insurer's own pace of selling.</summary>
    public required double[] FirstIssuedDays { get; init; }
    /// <summary>Per event: days to the holder's next surrender (anchors) or back to the latest anchor (surrenders); +∞ when none.</summary>
    public required float[] EventGap { get; init; }
    /// <summary>Per event: its row of <see cref="Rates"/> (kind and channel), 255 for undated events and records that are neither.</summary>
    public required byte[] EventRow { get; init; }
    /// <summary><c>Rates[row][w]</c>: the base probability that the gap is at most <c>Windows[w]</c> days.</summary>
    public required double[][] Rates { get; init; }
    /// <summary>Per pair of <see cref="ValuePairs"/>: the smallest gap of its records (+∞ when none) and its row of <see cref="Rates"/>.</summary>
    public required float[] PairGap { get; init; }
    public required byte[] PairRow { get; init; }
    /// <summary>Per <see cref="EvidenceGroup"/>: chance that a household meets another household on a value of that channel.</summary>
    public required double[] Collision { get; init; }
    /// <summary>Per city: chance that two holders of the city share a surname (Σ f²), shrunk towards the whole book.</summary>
    public required double[] SameSurname { get; init; }
    public required double BookSameSurname { get; init; }
    /// <summary>Distinct takeover households per value (extended contact index).</summary>
    public required int[] TakeoverHouseholds { get; init; }

    /// <param name="threads">Threads for the measurements that do not need each other (side by side, each filling its own arrays); 1: in order.</param>
    public static Baseline Build(SnapshotIndex index, ValuePairs pairs, TemplateLinks templates, IReadOnlyList<ComplaintText> complaints, CancellationToken ct, int threads = 1)
    {
        var snapshot = index.Snapshot;
        var (primaryAgent, agentClients, firstIssued) = PrimaryAgents(index, threads, ct);
        var (cityHolders, terminatedAgentClients) = CityBooks(index, primaryAgent);

        // Households and what depends on them; the records' gaps; the insurer's pace of selling; its surnames: none
        // reads what another writes, so they share the threads as they come.
        int[] households = null!, takeoverHouseholds = null!;
        int householdCount = 0;
        double[] collision = null!, firstIssuedDays = null!, sameSurname = null!;
        double bookSame = 0;
        var gap = new float[snapshot.Events.Count];
        var anchor = new byte[snapshot.Events.Count];
        float[] pairGap = null!;
        byte[] pairRow = null!;
        Partitions.SideBySide(threads, ct,
            () =>
            {
                households = Households(index, pairs, primaryAgent, firstIssued, out householdCount);
                ct.ThrowIfCancellationRequested();
                takeoverHouseholds = CountTakeoverHouseholds(pairs, households);
                collision = Collisions(pairs, households, takeoverHouseholds);
            },
            () =>
            {
                Gaps(index, Lists.AsSpan(snapshot.Events), gap, anchor);
                (pairGap, pairRow) = PairGaps(index, pairs, templates, complaints, gap, anchor);
            },
            () => firstIssuedDays = SortedKnown(firstIssued),
            () => (sameSurname, bookSame) = Surnames(index));

        // Honest-looking references: changes to values no other household was switched to, complaints in no template.
        var suspectRecords = SuspectRecords(index, pairs, takeoverHouseholds, templates, complaints);
        var rates = MeasureRates(index, Lists.AsSpan(snapshot.Events), gap, anchor, suspectRecords);
        return new Baseline
        {
            Index = index,
            Household = households,
            HouseholdCount = householdCount,
            PrimaryAgent = primaryAgent,
            AgentClients = agentClients,
            CityHolders = cityHolders,
            TerminatedAgentClients = terminatedAgentClients,
            FirstIssuedDay = firstIssued,
            FirstIssuedDays = firstIssuedDays,
            EventGap = gap,
            EventRow = anchor,
            Rates = rates,
            PairGap = pairGap,
            PairRow = pairRow,
            Collision = collision,
            SameSurname = sameSurname,
            BookSameSurname = bookSame,
            TakeoverHouseholds = takeoverHouseholds,
        };
    }

    private static double[] SortedKnown(long[] days)
    {
        var known = days.Where(d => d != long.MaxValue).Select(d => (double)d).ToArray();
        Array.Sort(known);
        return known;
    }

    /// <summary>Share of the book that an agent sold to (as first policy).</summary>
    public double AgentShare(int agent) => agent < 0 ? 0 : AgentClients[agent] / (double)Math.Max(1, Index.HolderCount);

    /// <summary>
    /// Share of <paramref name="city"/>'s holders that a terminated agent first sold to, shrunk towards the agent's share
    /// of the whole book; that share when the city is unknown. Agents sell where they live: holders of one town (a
    /// village, the users of one parcel station or nursing home) are far more often one local agent's clients than
    /// that agent's share of a national book says.
    /// </summary>
    public double TerminatedAgentShareIn(int agent, int city)
    {
        double book = AgentShare(agent);
        if (city < 0 || city >= CityHolders.Length) return book;
        return (TerminatedAgentClients.GetValueOrDefault((agent, city)) + PriorWeight * book) / (CityHolders[city] + PriorWeight);
    }

    /// <summary>Chance that two holders of <paramref name="city"/> share a surname.</summary>
    public double SameSurnameIn(int city) => city >= 0 && city < SameSurname.Length ? SameSurname[city] : BookSameSurname;

    private static int[] Households(SnapshotIndex index, ValuePairs pairs, int[] primaryAgent, long[] firstIssued, out int count)
    {
        int holders = index.HolderCount;
        var uf = new UnionFind(holders);
        // Bought together: the same agent sold the first policy of each on the same day in the same city (a family
        // at the kitchen table, colleagues at the workplace). Exact days, so a busy agent's year does not chain up.
        // Holders sorted by (agent, city, day) put each sale next to its own: a dictionary of every holder's sale was
        // some 400 MB and its growth as much again at 10,000,000 holders (issue 13); the sets are the same.
        int sold = 0;
        for (int h = 0; h < holders; h++) if (primaryAgent[h] >= 0 && firstIssued[h] != long.MaxValue && index.HolderCity[h] >= 0) sold++;
        var buyers = new int[sold];
        int maxAgent = 0, maxCity = 0;
        long minDay = long.MaxValue, maxDay = long.MinValue;
        for (int h = 0, n = 0; h < holders; h++)
        {
            if (primaryAgent[h] < 0 || firstIssued[h] == long.MaxValue || index.HolderCity[h] < 0) continue;
            buyers[n++] = h;
            maxAgent = Math.Max(maxAgent, primaryAgent[h]);
            maxCity = Math.Max(maxCity, index.HolderCity[h]);
            minDay = Math.Min(minDay, firstIssued[h]);
            maxDay = Math.Max(maxDay, firstIssued[h]);
        }
        // A sale packed into one number sorts as (agent, city, day) does, and numbers sort several times faster than
        // records compared field by field; when the three do not fit in 63 bits, records. Sales that are equal join
        // whatever their order, so the sets are the same either way.
        int agentBits = 32 - int.LeadingZeroCount(maxAgent), cityBits = 32 - int.LeadingZeroCount(maxCity);
        int dayBits = sold == 0 ? 0 : 64 - (int)ulong.LeadingZeroCount((ulong)(maxDay - minDay));
        if (agentBits + cityBits + dayBits <= 63)
        {
            var sales = new long[sold];
            for (int n = 0; n < sold; n++)
            {
                int h = buyers[n];
                sales[n] = ((long)primaryAgent[h] << (cityBits + dayBits)) | ((long)index.HolderCity[h] << dayBits) | (firstIssued[h] - minDay);
            }
            Array.Sort(sales, buyers);
            for (int i = 1, first = 0; i < sold; i++)
            {
                if (sales[i] == sales[first]) uf.Union(buyers[first], buyers[i]);
                else first = i;
            }
        }
        else
        {
            var sales = new Sale[sold];
            for (int n = 0; n < sold; n++)
            {
                int h = buyers[n];
                sales[n] = new Sale(primaryAgent[h], index.HolderCity[h], firstIssued[h]);
            }
            Array.Sort(sales, buyers);
            for (int i = 1, first = 0; i < sold; i++)
            {
                if (sales[i] == sales[first]) uf.Union(buyers[first], buyers[i]);
                else first = i;
            }
        }
        var cityStamp = new Dictionary<int, int>();
        for (int c = 0; c < pairs.ContactCount; c++)
        {
            var list = pairs.PairsOf(c);
            if (list.Length < 2) continue;
            // Own values only (registered, or replaced by a change), and only when local: an institution typed in as
            // "the holder's phone" across many cities is not a family.
            int first = -1, cities = 0, firstCity = -2, secondCity = -2;
            foreach (int p in list)
            {
                if (!pairs.IsOwnValue(p)) continue;
                int h = pairs.Holder[p], city = index.HolderCity[h];
                if (city != firstCity && city != secondCity)
                {
                    cities++;
                    if (cities == 1) firstCity = city; else if (cities == 2) secondCity = city;
                    if (cities > 2) break;
                }
                if (first < 0) first = h;
            }
            if (cities > 2 || first < 0) continue;
            foreach (int p in list)
                if (pairs.IsOwnValue(p)) uf.Union(first, pairs.Holder[p]);
        }
        // Households numbered in order of their first holder; roots are holders, so an array maps them.
        var id = new int[holders];
        var idOfRoot = new int[holders];
        Array.Fill(idOfRoot, -1);
        count = 0;
        for (int h = 0; h < holders; h++)
        {
            int r = uf.Find(h);
            if (idOfRoot[r] < 0) idOfRoot[r] = count++;
            id[h] = idOfRoot[r];
        }
        return id;
    }

    /// <summary>An agent's sale of a holder's first policy: agent, city of the holder, day.</summary>
    private readonly record struct Sale(int Agent, int City, long Day) : IComparable<Sale>
    {
        public int CompareTo(Sale other)
        {
            int c = Agent.CompareTo(other.Agent);
            if (c == 0) c = City.CompareTo(other.City);
            return c != 0 ? c : Day.CompareTo(other.Day);
        }
    }

    private static int[] CountTakeoverHouseholds(ValuePairs pairs, int[] households)
    {
        var result = new int[pairs.ExtendedCount];
        var seen = new HashSet<int>();
        for (int c = 0; c < pairs.ExtendedCount; c++)
        {
            var list = pairs.PairsOf(c);
            if (list.Length < 2) { result[c] = list.Length == 1 && pairs.IsTakeover(list[0]) ? 1 : 0; continue; }
            seen.Clear();
            foreach (int p in list) if (pairs.IsTakeover(p)) seen.Add(households[pairs.Holder[p]]);
            result[c] = seen.Count;
        }
        return result;
    }

    /// <summary>Per holder: the agent and the day (China Standard Time) of the first policy; long.MaxValue when unknown.</summary>
    private static (int[] Primary, int[] Clients, long[] FirstIssuedDay) PrimaryAgents(SnapshotIndex index, int threads, CancellationToken ct)
    {
        var policyList = Lists.Spannable(index.Snapshot.Policies);
        var primary = new int[index.HolderCount];
        var firstDay = new long[index.HolderCount];
        var chinaStandardTime = TimeSpan.FromHours(8);
        // Each holder's first policy on its own: ranges of holders fill their own slots.
        Partitions.For(index.HolderCount, threads, (_, from, to) =>
        {
            var policies = Lists.AsSpan(policyList);
            for (int h = from; h < to; h++)
            {
                int best = -1;
                long bestTicks = long.MaxValue;
                DateTimeOffset? bestAt = null;
                for (int k = index.PolicyOffsets[h]; k < index.PolicyOffsets[h + 1]; k++)
                {
                    int pi = index.PolicyOrder[k];
                    long t = policies[pi].IssuedAt?.UtcTicks ?? long.MaxValue - 1;
                    if (index.PolicyAgent[pi] >= 0 && t < bestTicks) { bestTicks = t; best = index.PolicyAgent[pi]; bestAt = policies[pi].IssuedAt; }
                }
                primary[h] = best;
                firstDay[h] = bestAt is { } at ? at.ToOffset(chinaStandardTime).Date.Ticks / TimeSpan.TicksPerDay : long.MaxValue;
            }
        }, ct);
        var clients = new int[Math.Max(1, index.Snapshot.Agents.Count)];
        foreach (int best in primary) if (best >= 0) clients[best]++;
        return (primary, clients, firstDay);
    }

    /// <summary>Holders per city, and per terminated agent and city the holders that agent first sold to.</summary>
    private static (int[] CityHolders, Dictionary<(int Agent, int City), int> TerminatedAgentClients) CityBooks(SnapshotIndex index, int[] primaryAgent)
    {
        var agents = index.Snapshot.Agents;
        var cityHolders = new int[index.CityCount];
        var terminatedClients = new Dictionary<(int, int), int>();
        for (int h = 0; h < primaryAgent.Length; h++)
        {
            int city = index.HolderCity[h];
            if (city < 0) continue;
            cityHolders[city]++;
            int a = primaryAgent[h];
            if (a >= 0 && agents[a].Status == AgentStatus.Terminated)
                terminatedClients[(a, city)] = terminatedClients.GetValueOrDefault((a, city)) + 1;
        }
        return (cityHolders, terminatedClients);
    }

    private static AnchorKind? AnchorOf(in SnapshotEvent e) => e.Kind switch
    {
        RecordKind.Complaint => AnchorKind.Complaint,
        RecordKind.ContactChange => e.Field switch
        {
            ContactField.Phone => AnchorKind.PhoneChange,
            ContactField.Address => AnchorKind.AddressChange,
            ContactField.BankAccount => AnchorKind.AccountChange,
            ContactField.Email => AnchorKind.EmailChange,
            _ => AnchorKind.OtherChange,
        },
        _ => null,
    };

    /// <summary>
    /// Forward gaps for changes and complaints, backward gaps for surrenders (events are sorted by holder, then time),
    /// and each record's row: its kind and its channel bucket.
    /// </summary>
    private static void Gaps(SnapshotIndex index, ReadOnlySpan<SnapshotEvent> events, float[] gap, byte[] row)
    {
        Array.Fill(gap, float.PositiveInfinity);
        Array.Fill(row, (byte)255);
        var channel = ChannelBuckets(events);
        for (int h = 0; h < index.HolderCount; h++)
        {
            int from = index.EventOffsets[h], to = index.EventOffsets[h + 1];
            double lastAnchor = double.NaN;
            for (int e = from; e < to; e++)
            {
                if (events[e].At is not { } at) continue;
                double day = SnapshotIndex.Days(at);
                if (AnchorOf(events[e]) is { } kind)
                {
                    row[e] = Row((int)kind, channel(events[e].Channel));
                    lastAnchor = day;
                    for (int s = e + 1; s < to; s++)
                        if (events[s].Kind == RecordKind.SurrenderRequest && events[s].At is { } sat)
                        {
                            gap[e] = (float)Math.Max(0, SnapshotIndex.Days(sat) - day);
                            break;
                        }
                }
                else if (events[e].Kind == RecordKind.SurrenderRequest)
                {
                    row[e] = Row(BackwardKind, channel(events[e].Channel));
                    if (!double.IsNaN(lastAnchor)) gap[e] = (float)Math.Max(0, day - lastAnchor);
                }
            }
        }
    }

    /// <summary>The channel bucket of a channel word: the <see cref="Channels"/> − 1 most common words each their own, the rest together.</summary>
    private static Func<string?, int> ChannelBuckets(ReadOnlySpan<SnapshotEvent> events)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ref readonly var e in events)
            if (Word(e.Channel) is { } w) counts[w] = counts.GetValueOrDefault(w) + 1;
        var bucket = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(Channels - 1)
            .Select((kv, i) => (kv.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        return channel => Word(channel) is { } w && bucket.TryGetValue(w, out int b) ? b : Channels - 1;
    }

    private static string? Word(string? channel) => string.IsNullOrWhiteSpace(channel) ? null : channel.Trim().ToLowerInvariant();

    /// <summary>Ids of changes to values another household was also switched to, and of templated complaints.</summary>
    private static HashSet<string> SuspectRecords(SnapshotIndex index, ValuePairs pairs, int[] takeoverHouseholds, TemplateLinks templates, IReadOnlyList<ComplaintText> complaints)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var links = Lists.AsSpan(index.Snapshot.Links);
        for (int p = 0; p < pairs.Count; p++)
        {
            int c = pairs.Contact[p];
            if (takeoverHouseholds[c] < 2) continue;
            if (c >= pairs.ContactCount)
            {
                for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++) result.Add(complaints[templates.Complaint[i]].ComplaintId);
                continue;
            }
            if ((pairs.Flags[p] & PairFlags.Active) == 0) continue;
            for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
                if (Evidence.IsActive(links[i].Evidence)) result.Add(links[i].SourceId);
        }
        return result;
    }

    /// <summary>
    /// The base rate of each row (kind × channel) at each window, from honest-looking records, shrunk three times: a
    /// channel's rate towards its kind's, a kind's towards all forward (or all backward) records', and those towards
    /// the rate the insurer would show if changes, complaints and surrenders were unrelated.
    /// </summary>
    private static double[][] MeasureRates(SnapshotIndex index, ReadOnlySpan<SnapshotEvent> events, float[] gap, byte[] row, HashSet<string> suspect)
    {
        int windows = Windows.Length, rows = Kinds * Channels;
        var trials = new long[rows];
        var hits = new long[rows, windows];
        long anchorCount = 0;
        double firstDay = double.MaxValue, lastDay = double.MinValue;
        for (int e = 0; e < events.Length; e++)
        {
            if (events[e].At is not { } at || row[e] == 255) continue;
            double day = SnapshotIndex.Days(at);
            if (day < firstDay) firstDay = day;
            if (day > lastDay) lastDay = day;
            if (!IsBackward(row[e])) anchorCount++;
            if (suspect.Contains(events[e].Id)) continue;
            trials[row[e]]++;
            for (int w = 0; w < windows; w++) if (gap[e] <= Windows[w]) hits[row[e], w]++;
        }
        // If changes and surrenders were unrelated: daily rates over the period the data covers.
        double days = Math.Max(30, lastDay - firstDay);
        double holders = Math.Max(1, index.HolderCount);
        double surrenderRate = Math.Max(index.SurrenderDays.Length, 1) / holders / days;
        double anchorRate = Math.Max(anchorCount, 1) / holders / days;

        var rates = new double[rows][];
        for (int r = 0; r < rows; r++) rates[r] = new double[windows];
        for (int w = 0; w < windows; w++)
        {
            // All forward kinds pooled, and all backward records, against the no-relation rate.
            long forwardHits = 0, forwardTrials = 0;
            for (int k = 0; k < BackwardKind; k++)
                for (int c = 0; c < Channels; c++) { forwardHits += hits[Row(k, c), w]; forwardTrials += trials[Row(k, c)]; }
            double forward = Chance.Shrunk(forwardHits, forwardTrials, 1 - Math.Exp(-surrenderRate * Windows[w]), PriorWeight);
            long backHits = 0, backTrials = 0;
            for (int c = 0; c < Channels; c++) { backHits += hits[Row(BackwardKind, c), w]; backTrials += trials[Row(BackwardKind, c)]; }
            double backward = Chance.Shrunk(backHits, backTrials, 1 - Math.Exp(-anchorRate * Windows[w]), PriorWeight);
            for (int k = 0; k < Kinds; k++)
            {
                long kindHits = 0, kindTrials = 0;
                for (int c = 0; c < Channels; c++) { kindHits += hits[Row(k, c), w]; kindTrials += trials[Row(k, c)]; }
                double kind = Chance.Shrunk(kindHits, kindTrials, k == BackwardKind ? backward : forward, PriorWeight);
                for (int c = 0; c < Channels; c++) rates[Row(k, c)][w] = Chance.Shrunk(hits[Row(k, c), w], trials[Row(k, c)], kind, PriorWeight);
            }
        }
        return rates;
    }

    /// <summary>
    /// For each takeover pair, the record of its links that speaks for it (<see cref="Prefer"/>): a change or complaint
    /// and the next surrender (forward), else a surrender and the latest change or complaint before it (backward).
    /// </summary>
    private static (float[] Gap, byte[] Row) PairGaps(SnapshotIndex index, ValuePairs pairs, TemplateLinks templates,
        IReadOnlyList<ComplaintText> complaints, float[] gap, byte[] anchor)
    {
        var links = Lists.AsSpan(index.Snapshot.Links);
        var events = Lists.AsSpan(index.Snapshot.Events);
        var pairGap = new float[pairs.Count];
        var pairRow = new byte[pairs.Count];
        Array.Fill(pairGap, float.PositiveInfinity);
        Array.Fill(pairRow, BackwardRow);
        for (int p = 0; p < pairs.Count; p++)
        {
            if (!pairs.IsTakeover(p)) continue;
            int h = pairs.Holder[p];
            bool isTemplate = pairs.Contact[p] >= pairs.ContactCount;
            for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
            {
                string id;
                if (isTemplate) id = complaints[templates.Complaint[i]].ComplaintId;
                else
                {
                    if (!Evidence.IsTakeover(links[i].Evidence)) continue;
                    id = links[i].SourceId;
                }
                int e = FindEvent(events, index.EventOffsets[h], index.EventOffsets[h + 1], id);
                if (e < 0) continue;
                if (anchor[e] == 255) continue;
                if (Prefer(gap[e], anchor[e], pairGap[p], pairRow[p])) { pairGap[p] = gap[e]; pairRow[p] = anchor[e]; }
            }
        }
        return (pairGap, pairRow);
    }

    /// <summary>
    /// Whether a record (gap, row) speaks for a tie better than the one kept: a change or complaint (forward: the act
    /// that tied the holder, then the surrender after it) before a surrender (backward), then the shorter gap.
    /// </summary>
    public static bool Prefer(float gap, byte row, float keptGap, byte keptRow)
    {
        bool forward = !IsBackward(row), keptForward = !IsBackward(keptRow) && !float.IsPositiveInfinity(keptGap);
        if (forward != keptForward) return forward;
        return gap < keptGap;
    }

    private static int FindEvent(ReadOnlySpan<SnapshotEvent> events, int from, int to, string id)
    {
        for (int e = from; e < to; e++) if (string.Equals(events[e].Id, id, StringComparison.Ordinal)) return e;
        return -1;
    }

    /// <summary>
    /// Per channel: of the households with a takeover link in that channel, the share whose value there is shared
    /// with exactly one other household. Rings share with many; pairs are how often strangers meet by chance
    /// (a typo, a friend, a relative not recognised as one).
    /// </summary>
    private static double[] Collisions(ValuePairs pairs, int[] households, int[] takeoverHouseholds)
    {
        int groups = Enum.GetValues<EvidenceGroup>().Length;
        var members = new HashSet<long>[groups];
        var colliding = new HashSet<long>[groups];
        for (int g = 0; g < groups; g++) { members[g] = []; colliding[g] = []; }
        for (int p = 0; p < pairs.Count; p++)
        {
            if (!pairs.IsTakeover(p)) continue;
            int unit = households[pairs.Holder[p]];
            bool pair = takeoverHouseholds[pairs.Contact[p]] == 2;
            for (int g = 1; g < groups; g++)
            {
                if ((pairs.Groups[p] & (1 << g)) == 0) continue;
                members[g].Add(unit);
                if (pair) colliding[g].Add(unit);
            }
        }
        var result = new double[groups];
        for (int g = 0; g < groups; g++) result[g] = Chance.Shrunk(colliding[g].Count, members[g].Count, CollisionPrior, CollisionPriorWeight);
        return result;
    }

    /// <summary>Before any data: one household in a hundred shares such a value with a stranger, worth 100 households of evidence.</summary>
    private const double CollisionPrior = 0.01, CollisionPriorWeight = 100;

    private static (double[] PerCity, double Book) Surnames(SnapshotIndex index)
    {
        var book = new Dictionary<char, int>();
        var perCity = new Dictionary<(int, char), int>();
        var cityTotal = new int[Math.Max(1, index.CityCount)];
        int known = 0;
        for (int h = 0; h < index.HolderCount; h++)
        {
            char s = index.HolderSurname[h];
            if (s == '\0') continue;
            known++;
            book[s] = book.GetValueOrDefault(s) + 1;
            int city = index.HolderCity[h];
            if (city < 0) continue;
            cityTotal[city]++;
            perCity[(city, s)] = perCity.GetValueOrDefault((city, s)) + 1;
        }
        double bookSame = 0;
        foreach (var n in book.Values) bookSame += (n / (double)Math.Max(1, known)) * (n / (double)Math.Max(1, known));
        var same = new double[cityTotal.Length];
        // Σ f² per city with each f shrunk towards the book's frequency: a small city borrows the book's surnames.
        var bookShare = book.ToDictionary(kv => kv.Key, kv => kv.Value / (double)Math.Max(1, known));
        var sumShrunkSquares = new double[cityTotal.Length];
        var coveredBookShare = new double[cityTotal.Length];
        foreach (var ((city, s), n) in perCity)
        {
            double f = Chance.Shrunk(n, cityTotal[city], bookShare[s], PriorWeight);
            sumShrunkSquares[city] += f * f;
            coveredBookShare[city] += bookShare[s] * bookShare[s];
        }
        for (int c = 0; c < same.Length; c++)
        {
            // Surnames absent from the city keep only their prior share.
            double w = PriorWeight / (cityTotal[c] + PriorWeight);
            same[c] = sumShrunkSquares[c] + (bookSame - coveredBookShare[c]) * w * w;
        }
        return (same, bookSame);
    }
}
