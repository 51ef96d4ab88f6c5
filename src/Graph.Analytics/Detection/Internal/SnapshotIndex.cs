using Graph.Core;

namespace Graph.Analytics.Detection.Internal;

/// <summary>
/// Per-holder lookups over a <see cref="GraphSnapshot"/>, built once in linear time: where each holder's links,
/// events and policies are, its city and surname, and the sorted dates of all evidence (the reference for
/// "is this burst unusual").
/// </summary>
internal sealed class SnapshotIndex
{
    public GraphSnapshot Snapshot { get; }
    public int HolderCount { get; }
    /// <summary>Holder h's links are <c>Links[LinkOffsets[h] .. LinkOffsets[h+1])</c>.</summary>
    public int[] LinkOffsets { get; }
    /// <summary>Holder h's events are <c>Events[EventOffsets[h] .. EventOffsets[h+1])</c>.</summary>
    public int[] EventOffsets { get; }
    /// <summary>Holder h's policies are <c>Policies[PolicyOrder[PolicyOffsets[h] .. PolicyOffsets[h+1])]</c>.</summary>
    public int[] PolicyOffsets { get; }
    public int[] PolicyOrder { get; }
    /// <summary>Agent index (into <see cref="GraphSnapshot.Agents"/>) of each policy, -1 when unknown.</summary>
    public int[] PolicyAgent { get; }
    /// <summary>City id of each holder, -1 when unknown.</summary>
    public int[] HolderCity { get; }
    public int CityCount { get; }
    /// <summary>First character of each holder's name (the surname in Chinese), '\0' when unknown.</summary>
    public char[] HolderSurname { get; }
    /// <summary>Sorted dates (days) of every dated link that is not a registration: the reference of the value burst test.</summary>
    public double[] EvidenceDays { get; }
    /// <summary>Sorted dates (days) of every surrender request.</summary>
    public double[] SurrenderDays { get; }
    /// <summary>Sorted dates (days) of every complaint.</summary>
    public double[] ComplaintDays { get; }

    /// <param name="threads">Threads for the four independent parts (links, events, policies, holders); 1: in order.</param>
    public SnapshotIndex(GraphSnapshot snapshot, CancellationToken ct, int threads = 1)
    {
        Snapshot = snapshot;
        int h = snapshot.Holders.Count;
        HolderCount = h;
        // Links, events, policies and holders are read apart and each fills arrays of its own: side by side on two threads.
        int[] linkOffsets = null!, eventOffsets = null!, policyOffsets = null!, policyAgent = null!, policyOrder = null!, holderCity = null!;
        char[] holderSurname = null!;
        double[] evidenceDays = null!, surrenderDays = null!, complaintDays = null!;
        int cityCount = 0;
        threads = Partitions.Threads(threads);
        Partitions.SideBySide(threads, ct,
            () => (linkOffsets, evidenceDays) = IndexLinks(snapshot, h, ct),
            () => (eventOffsets, surrenderDays, complaintDays) = IndexEvents(snapshot, h),
            () => (policyOffsets, policyAgent, policyOrder) = IndexPolicies(snapshot, h),
            () => (holderCity, holderSurname, cityCount) = IndexHolders(snapshot, h, threads, ct));
        LinkOffsets = linkOffsets;
        EventOffsets = eventOffsets;
        PolicyOffsets = policyOffsets;
        PolicyAgent = policyAgent;
        PolicyOrder = policyOrder;
        HolderCity = holderCity;
        HolderSurname = holderSurname;
        CityCount = cityCount;
        EvidenceDays = evidenceDays;
        SurrenderDays = surrenderDays;
        ComplaintDays = complaintDays;
    }

    private static (int[] Offsets, double[] EvidenceDays) IndexLinks(GraphSnapshot snapshot, int h, CancellationToken ct)
    {
        var links = Lists.AsSpan(snapshot.Links);
        var offsets = new int[h + 1];
        // Sized by a first count, not a List copied by ToArray (every day held twice at the start of detection).
        int dated = 0;
        foreach (ref readonly var l in links) if (l.At is not null && !Evidence.IsRegistration(l.Evidence)) dated++;
        var evidenceDays = new double[dated];
        dated = 0;
        int prevHolder = 0, prevContact = -1;
        for (int i = 0; i < links.Length; i++)
        {
            ref readonly var l = ref links[i];
            if (l.Holder < prevHolder || (l.Holder == prevHolder && l.Contact < prevContact))
                throw new InvalidOperationException("Snapshot links must be sorted by holder, then contact point (GraphSnapshot.Links).");
            prevHolder = l.Holder;
            prevContact = l.Contact;
            offsets[l.Holder + 1]++;
            if (l.At is { } at && !Evidence.IsRegistration(l.Evidence)) evidenceDays[dated++] = Days(at);
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
        for (int i = 0; i < h; i++) offsets[i + 1] += offsets[i];
        Array.Sort(evidenceDays);
        return (offsets, evidenceDays);
    }

    private static (int[] Offsets, double[] SurrenderDays, double[] ComplaintDays) IndexEvents(GraphSnapshot snapshot, int h)
    {
        var events = Lists.AsSpan(snapshot.Events);
        var offsets = new int[h + 1];
        var surrenderDays = new List<double>();
        var complaintDays = new List<double>();
        int prevHolder = 0;
        for (int i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.Holder < prevHolder) throw new InvalidOperationException("Snapshot events must be sorted by holder (GraphSnapshot.Events).");
            prevHolder = e.Holder;
            offsets[e.Holder + 1]++;
            if (e.At is not { } at) continue;
            if (e.Kind == RecordKind.SurrenderRequest) surrenderDays.Add(Days(at));
            else if (e.Kind == RecordKind.Complaint) complaintDays.Add(Days(at));
        }
        for (int i = 0; i < h; i++) offsets[i + 1] += offsets[i];
        var surrenders = surrenderDays.ToArray();
        Array.Sort(surrenders);
        var complaints = complaintDays.ToArray();
        Array.Sort(complaints);
        return (offsets, surrenders, complaints);
    }

    private static (int[] Offsets, int[] Agent, int[] Order) IndexPolicies(GraphSnapshot snapshot, int h)
    {
        var agentIndex = new Dictionary<string, int>(snapshot.Agents.Count, StringComparer.Ordinal);
        for (int i = 0; i < snapshot.Agents.Count; i++) agentIndex.TryAdd(snapshot.Agents[i].Id, i);
        var policies = Lists.AsSpan(snapshot.Policies);
        var offsets = new int[h + 1];
        var agent = new int[policies.Length];
        for (int i = 0; i < policies.Length; i++)
        {
            if ((uint)policies[i].Holder < (uint)h) offsets[policies[i].Holder + 1]++;
            agent[i] = policies[i].AgentId is { } a && agentIndex.TryGetValue(a, out var ai) ? ai : -1;
        }
        for (int i = 0; i < h; i++) offsets[i + 1] += offsets[i];
        var order = new int[offsets[h]];
        var fill = (int[])offsets.Clone();
        for (int i = 0; i < policies.Length; i++)
            if ((uint)policies[i].Holder < (uint)h) order[fill[policies[i].Holder]++] = i;
        return (offsets, agent, order);
    }

    /// <summary>
    /// Each holder's city number and surname. Ranges of holders number the cities in the order their holders name
    /// them; the ranges' numbers are then mapped, range by range, onto the order in which the holders name each city
    /// first: the numbers one thread gives.
    /// </summary>
    private static (int[] City, char[] Surname, int CityCount) IndexHolders(GraphSnapshot snapshot, int h, int threads, CancellationToken ct)
    {
        var holders = snapshot.Holders;
        var holderCity = new int[h];
        var holderSurname = new char[h];
        int parts = Partitions.Count(h, threads);
        var named = new List<string>[parts];
        Partitions.For(h, threads, parts, (part, from, to) =>
        {
            var cities = new Dictionary<string, int>(StringComparer.Ordinal);
            var order = named[part] = [];
            for (int i = from; i < to; i++)
            {
                var holder = holders[i];
                if (CityKey(holder.City) is not { } city) holderCity[i] = -1;
                else
                {
                    if (!cities.TryGetValue(city, out var id)) { cities.Add(city, id = order.Count); order.Add(city); }
                    holderCity[i] = id;
                }
                var name = holder.Name?.Trim();
                holderSurname[i] = string.IsNullOrEmpty(name) ? '\0' : name[0];
            }
        }, ct);
        if (parts == 1) return (holderCity, holderSurname, named[0].Count);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var renumber = new int[parts][];
        for (int part = 0; part < parts; part++)
        {
            renumber[part] = new int[named[part].Count];
            for (int j = 0; j < named[part].Count; j++)
            {
                if (!numbers.TryGetValue(named[part][j], out int id)) numbers.Add(named[part][j], id = numbers.Count);
                renumber[part][j] = id;
            }
        }
        Partitions.For(h, threads, parts, (part, from, to) =>
        {
            var map = renumber[part];
            for (int i = from; i < to; i++) if (holderCity[i] >= 0) holderCity[i] = map[holderCity[i]];
        }, ct);
        return (holderCity, holderSurname, numbers.Count);
    }

    /// <summary>The city column as one key per city: half-width, no spaces, no trailing 市 (苏州市 and 苏州 are one city).</summary>
    public static string? CityKey(string? city)
    {
        if (string.IsNullOrWhiteSpace(city)) return null;
        var key = TextNormalizer.ToHalfWidth(city).Replace(" ", "", StringComparison.Ordinal).Trim();
        if (key.Length > 1 && key.EndsWith('市')) key = key[..^1];
        return key.Length == 0 ? null : key;
    }

    public static double Days(DateTimeOffset at) => at.UtcTicks / (double)TimeSpan.TicksPerDay;

    /// <summary>Share of <paramref name="sorted"/> within [from, to].</summary>
    public static double ShareBetween(double[] sorted, double from, double to)
    {
        if (sorted.Length == 0) return 0;
        int lo = LowerBound(sorted, from), hi = UpperBound(sorted, to);
        return (hi - lo) / (double)sorted.Length;
    }

    private static int LowerBound(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }
}

/// <summary>What each <see cref="EvidenceKind"/> means for the analysis.</summary>
internal static class Evidence
{
    /// <summary>The holder's own registered values: they link families and colleagues, not rings.</summary>
    public static bool IsRegistration(EvidenceKind e) => e is EvidenceKind.RegisteredPhone or EvidenceKind.RegisteredAddress;

    /// <summary>
    /// Evidence that someone else may be acting for the holder: a value switched to, a payout account, a
    /// representative, a contact on a surrender or complaint, a device or IP, a complaint template. A change's
    /// old value and the registered values are not.
    /// </summary>
    public static bool IsTakeover(EvidenceKind e) => e is not (EvidenceKind.RegisteredPhone or EvidenceKind.RegisteredAddress or EvidenceKind.ChangedFrom);

    /// <summary>A representative, or the representative's phone, acting for the holder on a surrender or complaint.</summary>
    public static bool IsRepresentation(EvidenceKind e) => e is EvidenceKind.SurrenderRepresentative or EvidenceKind.ComplaintRepresentative
        or EvidenceKind.SurrenderRepresentativePhone or EvidenceKind.ComplaintRepresentativePhone;

    /// <summary>
    /// Evidence that someone acts on the holder's policy with this value: the holder was switched to it, paid
    /// out to it, or represented by it (or by the person with this phone). Hotlines and branch numbers are
    /// typed into contact fields; nobody is switched to them.
    /// </summary>
    public static bool IsActive(EvidenceKind e) => e is EvidenceKind.ChangedTo or EvidenceKind.SurrenderPayoutAccount
        or EvidenceKind.SurrenderRepresentative or EvidenceKind.ComplaintRepresentative
        or EvidenceKind.SurrenderRepresentativePhone or EvidenceKind.ComplaintRepresentativePhone;

    public static EvidenceGroup GroupOf(EvidenceKind e) => e switch
    {
        EvidenceKind.ChangedTo => EvidenceGroup.ContactChange,
        EvidenceKind.SurrenderPayoutAccount => EvidenceGroup.Payout,
        EvidenceKind.SurrenderRepresentative or EvidenceKind.ComplaintRepresentative
            or EvidenceKind.SurrenderRepresentativePhone or EvidenceKind.ComplaintRepresentativePhone => EvidenceGroup.Representative,
        EvidenceKind.SurrenderContactPhone or EvidenceKind.ComplaintContactPhone or EvidenceKind.ComplaintSenderAddress => EvidenceGroup.ContactOnRequest,
        EvidenceKind.ChangeDevice or EvidenceKind.ChangeIp or EvidenceKind.SurrenderDevice or EvidenceKind.SurrenderIp => EvidenceGroup.DeviceOrIp,
        EvidenceKind.ComplaintTemplate => EvidenceGroup.Template,
        _ => EvidenceGroup.None,
    };
}

internal enum EvidenceGroup { None, ContactChange, Payout, Representative, ContactOnRequest, DeviceOrIp, Template }
