using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring;

/// <summary>
/// Everything the reasons measure about one candidate ring, gathered once: its victims and their households, its
/// controllers, how each household is tied to them (per channel, with the supporting records), the timing of each
/// household's records, and the victims' surrenders.
/// </summary>
internal sealed class RingFacts
{
    public required GraphSnapshot Snapshot { get; init; }
    public required SnapshotIndex Index { get; init; }
    public required Projection Projection { get; init; }
    public required Baseline Baseline { get; init; }
    /// <summary>Victims (holder indices), ascending.</summary>
    public required int[] Victims { get; init; }
    /// <summary>Distinct households of the victims.</summary>
    public required int Households { get; init; }
    /// <summary>Per victim (as <see cref="Victims"/>): its household, 0 .. <see cref="Households"/> − 1.</summary>
    public required int[] VictimHousehold { get; init; }
    /// <summary>Extended contact indices of the controllers.</summary>
    public required List<int> Controllers { get; init; }
    /// <summary>Per channel (<see cref="EvidenceGroup"/>): the households tied that way, the controllers and the records.</summary>
    public required ChannelFacts[] Channels { get; init; }
    /// <summary>Per household: the smallest gap of its ties to the ring, and the base-rate row of that record.</summary>
    public required float[] HouseholdGap { get; init; }
    public required byte[] HouseholdRow { get; init; }
    /// <summary>Per household: the ids of the records tying it to the ring, and of its surrenders.</summary>
    public required List<string>[] HouseholdRecords { get; init; }
    /// <summary>Days of the victims' surrender requests, sorted, and their ids.</summary>
    public required double[] SurrenderDays { get; init; }
    /// <summary>Day of each household's first surrender request, sorted (a family surrendering together is one decision).</summary>
    public required double[] HouseholdSurrenderDays { get; init; }
    public required SortedSet<string> SurrenderIds { get; init; }
    /// <summary>Day of each household's first complaint, sorted, and the complaints' ids.</summary>
    public required double[] HouseholdComplaintDays { get; init; }
    public required SortedSet<string> ComplaintIds { get; init; }
    /// <summary>Day of each household's first dated record tying it to the ring, sorted (when it joined the ring's values).</summary>
    public required double[] HouseholdTieDays { get; init; }
    /// <summary>Per household: whether some victim of it asked to surrender or complained, at any time.</summary>
    public required bool[] HouseholdActed { get; init; }
    public required decimal SurrenderAmount { get; init; }
    public required int SurrenderedVictims { get; init; }
    public required DateTimeOffset? FirstSeen { get; init; }
    public required DateTimeOffset? LastSeen { get; init; }
    /// <summary>Per victim: how many links tie it to the controllers.</summary>
    public required int[] VictimEvidence { get; init; }
    /// <summary>Per controller: how many links tie victims to it.</summary>
    public required Dictionary<int, int> ControllerEvidence { get; init; }

    public int Holders => Victims.Length;

    public string HolderId(int holder) => Snapshot.Holders[holder].Id;

    /// <summary>Distinct cities and surnames of the victims (for descriptions).</summary>
    public (int Cities, int Surnames) Diversity()
    {
        var cities = new HashSet<int>();
        var surnames = new HashSet<char>();
        foreach (int h in Victims)
        {
            if (Index.HolderCity[h] >= 0) cities.Add(Index.HolderCity[h]);
            if (Index.HolderSurname[h] != '\0') surnames.Add(Index.HolderSurname[h]);
        }
        return (cities.Count, surnames.Count);
    }

    /// <summary>Kind of the controllers of one channel when they share one, else null.</summary>
    public ContactKind? KindOf(ChannelFacts channel)
    {
        ContactKind? kind = null;
        foreach (int c in channel.Controllers)
        {
            var k = c < Projection.ContactCount ? Snapshot.Contacts[c].Kind : ContactKind.ComplaintTemplate;
            if (kind is null) kind = k;
            else if (kind != k) return null;
        }
        return kind;
    }

    public static RingFacts Gather(Projection projection, SnapshotIndex index, int[] victims, Dictionary<int, int> householdOf, List<int> controllers, HashSet<int> isController)
    {
        var snapshot = index.Snapshot;
        var pairs = projection.Pairs;
        var baseline = projection.Baseline;
        var links = Lists.AsSpan(snapshot.Links);
        var events = Lists.AsSpan(snapshot.Events);
        int groups = Enum.GetValues<EvidenceGroup>().Length;
        var channels = new ChannelFacts[groups];
        for (int g = 0; g < groups; g++) channels[g] = new ChannelFacts();

        var householdIndex = new Dictionary<int, int>();
        var gap = new List<float>();
        var row = new List<byte>();
        var records = new List<List<string>>();
        var firstTie = new List<double>();
        var victimEvidence = new int[victims.Length];
        var controllerEvidence = new Dictionary<int, int>();
        DateTimeOffset? first = null, last = null;
        void See(DateTimeOffset? at)
        {
            if (at is not { } t) return;
            if (first is null || t < first) first = t;
            if (last is null || t > last) last = t;
        }

        for (int v = 0; v < victims.Length; v++)
        {
            int h = victims[v], unit = householdOf[h];
            if (!householdIndex.TryGetValue(unit, out int u))
            {
                householdIndex[unit] = u = gap.Count;
                gap.Add(float.PositiveInfinity); row.Add(Baseline.BackwardRow); records.Add([]); firstTie.Add(double.NaN);
            }
            for (int p = pairs.HolderOffsets[h]; p < pairs.HolderOffsets[h + 1]; p++)
            {
                int c = pairs.Contact[p];
                if (!isController.Contains(c) || !pairs.IsTakeover(p)) continue;
                if (Baseline.Prefer(baseline.PairGap[p], baseline.PairRow[p], gap[u], row[u])) { gap[u] = baseline.PairGap[p]; row[u] = baseline.PairRow[p]; }
                if (c >= pairs.ContactCount)
                {
                    for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
                    {
                        var complaint = projection.Complaints[projection.TemplateLinkComplaint[i]];
                        channels[(int)EvidenceGroup.Template].Add(u, c, complaint.ComplaintId);
                        records[u].Add(complaint.ComplaintId);
                        victimEvidence[v]++;
                        controllerEvidence[c] = controllerEvidence.GetValueOrDefault(c) + 1;
                    }
                    continue;
                }
                for (int i = pairs.LinkStart[p]; i < pairs.LinkEnd[p]; i++)
                {
                    ref readonly var l = ref links[i];
                    if (!Evidence.IsTakeover(l.Evidence)) continue;
                    channels[(int)Evidence.GroupOf(l.Evidence)].Add(u, c, l.SourceId);
                    records[u].Add(l.SourceId);
                    victimEvidence[v]++;
                    controllerEvidence[c] = controllerEvidence.GetValueOrDefault(c) + 1;
                    See(l.At);
                    if (l.At is { } tied && !(firstTie[u] <= SnapshotIndex.Days(tied))) firstTie[u] = SnapshotIndex.Days(tied);
                }
            }
        }

        var surrenderDays = new List<double>();
        var householdFirst = new double[gap.Count];
        Array.Fill(householdFirst, double.NaN);
        var surrenderIds = new SortedSet<string>(StringComparer.Ordinal);
        var complaintIds = new SortedSet<string>(StringComparer.Ordinal);
        var householdFirstComplaint = new double[gap.Count];
        Array.Fill(householdFirstComplaint, double.NaN);
        var acted = new bool[gap.Count];
        decimal amount = 0;
        int surrendered = 0;
        for (int v = 0; v < victims.Length; v++)
        {
            int h = victims[v], u = householdIndex[householdOf[h]];
            bool any = false;
            for (int e = index.EventOffsets[h]; e < index.EventOffsets[h + 1]; e++)
            {
                ref readonly var ev = ref events[e];
                if (ev.Kind is not (RecordKind.SurrenderRequest or RecordKind.Complaint)) continue;
                See(ev.At);
                acted[u] = true;
                if (ev.Kind == RecordKind.Complaint)
                {
                    complaintIds.Add(ev.Id);
                    if (ev.At is { } filed && !(householdFirstComplaint[u] <= SnapshotIndex.Days(filed))) householdFirstComplaint[u] = SnapshotIndex.Days(filed);
                    continue;
                }
                any = true;
                amount += ev.Amount ?? 0;
                surrenderIds.Add(ev.Id);
                records[u].Add(ev.Id);
                if (ev.At is { } at)
                {
                    double day = SnapshotIndex.Days(at);
                    surrenderDays.Add(day);
                    if (!(householdFirst[u] <= day)) householdFirst[u] = day;
                }
            }
            if (any) surrendered++;
        }
        surrenderDays.Sort();
        var householdDays = householdFirst.Where(d => !double.IsNaN(d)).Order().ToArray();

        return new RingFacts
        {
            Snapshot = snapshot,
            Index = index,
            Projection = projection,
            Baseline = baseline,
            Victims = victims,
            Households = gap.Count,
            VictimHousehold = Array.ConvertAll(victims, h => householdIndex[householdOf[h]]),
            Controllers = controllers,
            Channels = channels,
            HouseholdGap = gap.ToArray(),
            HouseholdRow = row.ToArray(),
            HouseholdRecords = records.ToArray(),
            SurrenderDays = surrenderDays.ToArray(),
            HouseholdSurrenderDays = householdDays,
            SurrenderIds = surrenderIds,
            HouseholdComplaintDays = householdFirstComplaint.Where(d => !double.IsNaN(d)).Order().ToArray(),
            ComplaintIds = complaintIds,
            HouseholdTieDays = firstTie.Where(d => !double.IsNaN(d)).Order().ToArray(),
            HouseholdActed = acted,
            SurrenderAmount = amount,
            SurrenderedVictims = surrendered,
            FirstSeen = first,
            LastSeen = last,
            VictimEvidence = victimEvidence,
            ControllerEvidence = controllerEvidence,
        };
    }
}

/// <summary>The households, controllers and records of one channel of a ring.</summary>
internal sealed class ChannelFacts
{
    public HashSet<int> Households { get; } = [];
    public HashSet<int> Controllers { get; } = [];
    public SortedSet<string> Records { get; } = new(StringComparer.Ordinal);

    public void Add(int household, int controller, string record)
    {
        Households.Add(household);
        Controllers.Add(controller);
        Records.Add(record);
    }
}
