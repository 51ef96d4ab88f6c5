using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring;

/// <summary>What the links of one holder to one value say, as bits.</summary>
[Flags]
internal enum PairFlags : byte
{
    None = 0,
    /// <summary>The holder registered the value (phone or address on the policyholder row).</summary>
    Registered = 1,
    /// <summary>The holder was switched to the value by a contact change.</summary>
    ChangedTo = 2,
    /// <summary>Switched to it, paid out to it or represented by it: someone acts on the policy with this value.</summary>
    Active = 4,
    /// <summary>Any evidence that someone else may act for the holder (see <see cref="Evidence.IsTakeover"/>).</summary>
    Takeover = 8,
    /// <summary>The holder's own earlier value, replaced by a contact change.</summary>
    ChangedFrom = 16,
}

/// <summary>
/// One entry per (holder, value) pair, values addressed by the extended contact index of <see cref="Projection"/>
/// (snapshot contact points, then complaint templates), sorted by holder then value; plus the same pairs grouped
/// by value. The projection, the value roles and the scorer all read these instead of walking links again.
/// </summary>
internal sealed class ValuePairs
{
    public required int ContactCount { get; init; }
    public required int ExtendedCount { get; init; }
    public required int[] Holder { get; init; }
    public required int[] Contact { get; init; }
    public required float[] Weight { get; init; }
    public required PairFlags[] Flags { get; init; }
    /// <summary>Bits <c>1 &lt;&lt; EvidenceGroup</c> of the takeover evidence of the pair.</summary>
    public required byte[] Groups { get; init; }
    /// <summary>The pair's links: <c>Snapshot.Links[LinkStart .. LinkEnd)</c>, or for a template its template links.</summary>
    public required int[] LinkStart { get; init; }
    public required int[] LinkEnd { get; init; }
    /// <summary>Holder h's pairs are <c>HolderOffsets[h] .. HolderOffsets[h+1]</c>.</summary>
    public required int[] HolderOffsets { get; init; }
    /// <summary>Value c's pairs are <c>ByContact[ContactOffsets[c] .. ContactOffsets[c+1]]</c> (pair indices, by holder).</summary>
    public required int[] ContactOffsets { get; init; }
    public required int[] ByContact { get; init; }

    public int Count => Holder.Length;

    public bool IsOwnRegistration(int pair) => (Flags[pair] & (PairFlags.Registered | PairFlags.ChangedTo)) == PairFlags.Registered;

    /// <summary>
    /// A value that was the holder's own, registered or replaced by a change, and never one they were switched to:
    /// what a household shares (a home, a landline) before anyone acts for it.
    /// </summary>
    public bool IsOwnValue(int pair) => (Flags[pair] & PairFlags.ChangedTo) == 0 && (Flags[pair] & (PairFlags.Registered | PairFlags.ChangedFrom)) != 0;

    /// <summary>Takeover evidence that is not the holder's own registered value.</summary>
    public bool IsTakeover(int pair) => (Flags[pair] & PairFlags.Takeover) != 0 && !IsOwnRegistration(pair);

    /// <summary>
    /// The holder used the value as the holder's own: was switched to it, was paid out to it, or gave it as contact on a
    /// surrender or complaint — what a ring tells its victims to do with its numbers and accounts. Not being represented
    /// by it, and not acting from a device or IP address.
    /// </summary>
    public bool IsUsedAsOwn(int pair) => (Groups[pair] & UsedAsOwnGroups) != 0;

    /// <summary>The value represented the holder (a representative, or a representative's phone) on some record.</summary>
    public bool IsRepresentation(int pair) => (Groups[pair] & 1 << (int)EvidenceGroup.Representative) != 0;

    /// <summary>Takeover evidence beyond being represented by the value: the holder used it, or acted from it.</summary>
    public bool IsMoreThanRepresentation(int pair) => (Groups[pair] & ~(1 << (int)EvidenceGroup.Representative)) != 0;

    private const int UsedAsOwnGroups = 1 << (int)EvidenceGroup.ContactChange | 1 << (int)EvidenceGroup.Payout | 1 << (int)EvidenceGroup.ContactOnRequest;

    public ReadOnlySpan<int> PairsOf(int contact) => ByContact.AsSpan(ContactOffsets[contact], ContactOffsets[contact + 1] - ContactOffsets[contact]);

    /// <summary>
    /// Builds the pairs. Weight of a pair: the evidence weights of its links summed, at most twice the strongest; a
    /// contact change (and its device/IP) followed by the holder's surrender within the window is boosted; a value
    /// the holder registered and was never switched to is the holder's own, and its other links add a quarter.
    /// </summary>
    /// <param name="threads">Threads for the holders' pairs (cut into ranges of holders, each filling its own slots); 1: in order.</param>
    public static ValuePairs Build(SnapshotIndex index, DetectionOptions options, TemplateLinks templates, CancellationToken ct, int threads = 1)
    {
        var snapshot = index.Snapshot;
        int holders = index.HolderCount, contacts = snapshot.Contacts.Count, extended = contacts + templates.TemplateCount;
        double window = options.ChangeBeforeSurrenderDays, boost = options.ChangeBeforeSurrenderBoost;
        var weightOf = new double[Enum.GetValues<EvidenceKind>().Max(e => (int)e) + 1];
        foreach (var e in Enum.GetValues<EvidenceKind>()) weightOf[(int)e] = options.EvidenceWeight(e);
        double templateWeight = weightOf[(int)EvidenceKind.ComplaintTemplate];

        // Counted first, then filled in place: pair arrays built as lists and copied would be held twice at the peak
        // of the analysis (issue 13: 10,000,000 holders in 8 GB).
        var holderOffsets = new int[holders + 1];
        var linkOffsets = index.LinkOffsets;
        var snapshotLinks = Lists.Spannable(snapshot.Links);
        Partitions.For(holders, threads, (_, from, to) =>
        {
            var links = Lists.AsSpan(snapshotLinks);
            for (int h = from; h < to; h++)
            {
                int pairs = 0, first = linkOffsets[h], last = linkOffsets[h + 1];
                for (int i = first; i < last; i++) if (i == first || links[i].Contact != links[i - 1].Contact) pairs++;
                first = templates.Offsets[h];
                last = templates.Offsets[h + 1];
                for (int i = first; i < last; i++) if (i == first || templates.Template[i] != templates.Template[i - 1]) pairs++;
                holderOffsets[h + 1] = pairs;
            }
        }, ct);
        for (int h = 0; h < holders; h++) holderOffsets[h + 1] += holderOffsets[h];
        int count = holderOffsets[holders];
        var holder = new int[count];
        var contactArray = new int[count];
        var weight = new float[count];
        var flags = new PairFlags[count];
        var groups = new byte[count];
        var start = new int[count];
        var end = new int[count];
        var snapshotEvents = Lists.Spannable(snapshot.Events);
        // Each range of holders fills the pair slots the count pass gave its holders.
        Partitions.For(holders, threads, (_, from, to) =>
        {
            var links = Lists.AsSpan(snapshotLinks);
            var events = Lists.AsSpan(snapshotEvents);
            int n = holderOffsets[from];
            for (int h = from; h < to; h++)
            {
                if ((h & 0x3FFF) == 0) ct.ThrowIfCancellationRequested();
                int last = linkOffsets[h + 1];
                for (int i = linkOffsets[h]; i < last;)
                {
                    int c = links[i].Contact, first = i;
                    double sum = 0, max = 0, registered = 0, other = 0;
                    var f = PairFlags.None;
                    int g = 0;
                    for (; i < last && links[i].Contact == c; i++)
                    {
                        ref readonly var l = ref links[i];
                        double w = weightOf[(int)l.Evidence];
                        if (l.Evidence is EvidenceKind.ChangedTo or EvidenceKind.ChangeDevice or EvidenceKind.ChangeIp && l.At is { } at
                            && SurrenderFollows(events, index.EventOffsets[h], index.EventOffsets[h + 1], SnapshotIndex.Days(at), window))
                            w *= boost;
                        if (l.Evidence == EvidenceKind.ChangedTo) f |= PairFlags.ChangedTo;
                        if (l.Evidence == EvidenceKind.ChangedFrom) f |= PairFlags.ChangedFrom;
                        if (Evidence.IsRegistration(l.Evidence)) { f |= PairFlags.Registered; registered += w; }
                        else other += w;
                        if (Evidence.IsActive(l.Evidence)) f |= PairFlags.Active;
                        if (Evidence.IsTakeover(l.Evidence)) { f |= PairFlags.Takeover; g |= 1 << (int)Evidence.GroupOf(l.Evidence); }
                        sum += w;
                        if (w > max) max = w;
                    }
                    double pairWeight = registered > 0 && (f & PairFlags.ChangedTo) == 0 ? registered + 0.25 * other : Math.Min(sum, 2 * max);
                    holder[n] = h; contactArray[n] = c; weight[n] = (float)pairWeight; flags[n] = f; groups[n] = (byte)g;
                    start[n] = first; end[n++] = i;
                }
                int tLast = templates.Offsets[h + 1];
                for (int i = templates.Offsets[h]; i < tLast;)
                {
                    int t = templates.Template[i], first = i;
                    for (; i < tLast && templates.Template[i] == t; i++) { }
                    holder[n] = h; contactArray[n] = contacts + t; weight[n] = (float)Math.Min(templateWeight * (i - first), 2 * templateWeight);
                    flags[n] = PairFlags.Takeover; groups[n] = (byte)(1 << (int)EvidenceGroup.Template);
                    start[n] = first; end[n++] = i;
                }
                System.Diagnostics.Debug.Assert(n == holderOffsets[h + 1], "the count pass and the fill pass cut the same pairs");
            }
        }, ct);

        var contactOffsets = new int[extended + 1];
        foreach (int c in contactArray) contactOffsets[c + 1]++;
        for (int c = 0; c < extended; c++) contactOffsets[c + 1] += contactOffsets[c];
        var byContact = new int[contactArray.Length];
        var fill = (int[])contactOffsets.Clone();
        for (int p = 0; p < contactArray.Length; p++) byContact[fill[contactArray[p]]++] = p;

        return new ValuePairs
        {
            ContactCount = contacts,
            ExtendedCount = extended,
            Holder = holder,
            Contact = contactArray,
            Weight = weight,
            Flags = flags,
            Groups = groups,
            LinkStart = start,
            LinkEnd = end,
            HolderOffsets = holderOffsets,
            ContactOffsets = contactOffsets,
            ByContact = byContact,
        };
    }

    private static bool SurrenderFollows(ReadOnlySpan<SnapshotEvent> events, int from, int to, double day, double window)
    {
        for (int e = from; e < to; e++)
        {
            if (events[e].Kind != RecordKind.SurrenderRequest || events[e].At is not { } at) continue;
            double d = SnapshotIndex.Days(at) - day;
            if (d >= 0 && d <= window) return true;
        }
        return false;
    }
}

/// <summary>Complaint-template links as a CSR by holder: which templates each holder's complaints belong to.</summary>
internal sealed class TemplateLinks
{
    public required int TemplateCount { get; init; }
    /// <summary>Holder h's template links are positions <c>Offsets[h] .. Offsets[h+1]</c>, ordered by template.</summary>
    public required int[] Offsets { get; init; }
    public required int[] Template { get; init; }
    /// <summary>Index into the complaint list of each link.</summary>
    public required int[] Complaint { get; init; }

    public static TemplateLinks Build(int holders, IReadOnlyList<ComplaintText> complaints, IReadOnlyList<ComplaintTemplate> templates)
    {
        var offsets = new int[holders + 1];
        foreach (var t in templates) foreach (int c in t.Complaints) offsets[complaints[c].Holder + 1]++;
        for (int h = 0; h < holders; h++) offsets[h + 1] += offsets[h];
        var template = new int[offsets[holders]];
        var complaint = new int[offsets[holders]];
        var fill = (int[])offsets.Clone();
        foreach (var t in templates)
            foreach (int c in t.Complaints)
            {
                int p = fill[complaints[c].Holder]++;
                template[p] = t.Index;
                complaint[p] = c;
            }
        for (int h = 0; h < holders; h++)
        {
            // Equal templates form runs, so a holder's pairs can be cut from them.
            int from = offsets[h], len = offsets[h + 1] - from;
            if (len > 1) Array.Sort(template, complaint, from, len);
        }
        return new TemplateLinks { TemplateCount = templates.Count, Offsets = offsets, Template = template, Complaint = complaint };
    }
}
