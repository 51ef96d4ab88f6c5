using Graph.Core;

namespace Graph.Analytics.Detection.Internal;

/// <summary>
/// One flat written with and without its city, road or compound becomes one address for the analysis.
/// <para>
/// The address key (<see cref="ChineseAddress"/>) makes every full spelling of a flat one value, but it cannot know
/// that <c>翡翠府11栋4单元3302室</c> (no city, no road) is the <c>西安市复兴街717号翡翠府11栋4单元3302室</c> of the
/// same dataset: without a gazetteer, a part left out could be anything. The dataset itself can say: an address is
/// the same flat as a fuller one when it writes the same building, unit and room, agrees with every place part both
/// write (city, county, town, road, number, compound), shares the road and number or the compound with it, and no
/// other flat in the data fits as well. Where two flats fit (the same compound name and room in two cities), the
/// partial spelling stays apart: joining it would be a guess.
/// </para>
/// <para>
/// Links to a joined spelling are moved to the fullest one, so a family that wrote its flat three ways is one
/// household, and a ring's flat written three ways is one controller. The store keeps every spelling as loaded.
/// </para>
/// </summary>
internal static class AddressResolution
{
    /// <summary>
    /// The snapshot with links to partial spellings moved to the flat they name; the same snapshot when nothing joins.
    /// <paramref name="joined"/> is the number of spellings moved. With <paramref name="inPlace"/> and links held in an
    /// array, the links are moved inside the snapshot's own array and the same snapshot comes back: the caller gives
    /// up the links as loaded, and no second copy of every link is held through the analysis (issue 13).
    /// </summary>
    public static GraphSnapshot Resolve(GraphSnapshot snapshot, bool inPlace, out int joined, CancellationToken cancellationToken = default)
    {
        var alias = Aliases(snapshot.Contacts, cancellationToken);
        joined = 0;
        for (int c = 0; c < alias.Length; c++) if (alias[c] != c) joined++;
        if (joined == 0) return snapshot;

        var own = inPlace ? snapshot.Links as SnapshotLink[] : null;
        var links = own ?? new SnapshotLink[snapshot.Links.Count];
        bool[] touched = new bool[snapshot.Holders.Count];
        for (int i = 0; i < links.Length; i++)
        {
            var l = own is null ? snapshot.Links[i] : own[i];
            if (alias[l.Contact] != l.Contact) { l = l with { Contact = alias[l.Contact] }; touched[l.Holder] = true; }
            links[i] = l;
        }
        // Links stay sorted by holder, then contact: only the moved holders' runs need sorting again.
        for (int start = 0; start < links.Length;)
        {
            int end = start, h = links[start].Holder;
            while (end < links.Length && links[end].Holder == h) end++;
            if (touched[h]) Array.Sort(links, start, end - start, Comparer<SnapshotLink>.Create(SnapshotOrder.Links));
            start = end;
        }
        if (own is not null) return snapshot;
        return new GraphSnapshot
        {
            Holders = snapshot.Holders,
            Contacts = snapshot.Contacts,
            Links = links,
            Policies = snapshot.Policies,
            Agents = snapshot.Agents,
            Events = snapshot.Events,
        };
    }

    /// <summary>For each contact point, the contact point it is the same flat as (itself when none).</summary>
    internal static int[] Aliases(IReadOnlyList<SnapshotContact> contacts, CancellationToken cancellationToken = default)
    {
        var alias = new int[contacts.Count];
        for (int c = 0; c < alias.Length; c++) alias[c] = c;
        var parsed = new Flat?[contacts.Count];
        Parallel.For(0, contacts.Count, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            if (contacts[c].Kind == ContactKind.Address) parsed[c] = Flat.Of(contacts[c].Value);
        });

        var byFlat = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int c = 0; c < parsed.Length; c++)
        {
            if (parsed[c] is not { } flat) continue;
            if (!byFlat.TryGetValue(flat.Signature, out var list)) byFlat[flat.Signature] = list = [];
            list.Add(c);
        }
        foreach (var spellings in byFlat.Values)
        {
            if (spellings.Count < 2) continue;
            // Fullest first, so each flat is named by its fullest spelling; ties by value for one order on every run.
            spellings.Sort((a, b) => parsed[b]!.Written.CompareTo(parsed[a]!.Written) is var d && d != 0
                ? d : string.CompareOrdinal(contacts[a].Value, contacts[b].Value));
            var flats = new List<(int Name, string?[] Place)>();
            foreach (int c in spellings)
            {
                var place = parsed[c]!.Place;
                int fits = -1, count = 0;
                for (int f = 0; f < flats.Count; f++)
                    if (Fits(place, flats[f].Place)) { fits = f; count++; }
                if (count == 1)
                {
                    alias[c] = flats[fits].Name;
                    var merged = flats[fits].Place;
                    for (int i = 0; i < merged.Length; i++) merged[i] ??= place[i];
                }
                else flats.Add((c, (string?[])place.Clone()));
            }
        }
        return alias;
    }

    /// <summary>
    /// No place part written differently, and the road with its number or the compound written the same in both.
    /// </summary>
    private static bool Fits(string?[] a, string?[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] is not null && b[i] is not null && !string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
        bool sameRoad = a[Flat.Road] is not null && a[Flat.Road] == b[Flat.Road] && a[Flat.Number] is not null && a[Flat.Number] == b[Flat.Number];
        bool sameCompound = a[Flat.Compound] is not null && a[Flat.Compound] == b[Flat.Compound];
        return sameRoad || sameCompound;
    }

    /// <summary>An address split into where it is (place parts, any of which may be left out) and which flat it is.</summary>
    private sealed class Flat
    {
        public const int Road = 4, Number = 5, Compound = 6;

        /// <summary>Province, city, county, town, road, number, compound.</summary>
        public required string?[] Place { get; init; }

        /// <summary>Lane, group, house, building, unit, floor and room: what must be written alike.</summary>
        public required string Signature { get; init; }

        /// <summary>How many place parts are written.</summary>
        public int Written => Place.Count(p => p is not null);

        /// <summary>
        /// The address's parts, or null when it names no single flat (no room or house number), holds text the parser
        /// could not place, or has neither a road with its number nor a compound to recognise it by.
        /// </summary>
        public static Flat? Of(string value)
        {
            var a = ChineseAddress.Parse(value);
            if (a is null || a.Rest is not null || a.Room is null && a.House is null) return null;
            if (a.Compound is null && (a.Road is null || a.RoadNumber is null)) return null;
            return new Flat
            {
                Place = [a.Province, a.City, a.County, a.Town, a.Road, a.RoadNumber, a.Compound],
                Signature = string.Join('|', a.Lane, a.Group, a.House, a.Building, a.Unit, a.Floor, a.Room),
            };
        }
    }
}
