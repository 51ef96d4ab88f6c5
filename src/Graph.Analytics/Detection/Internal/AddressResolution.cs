using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
    /// <param name="threads">Threads to parse addresses, join spellings and move links on (0: one per logical core); the result is the same on any number.</param>
    public static GraphSnapshot Resolve(GraphSnapshot snapshot, bool inPlace, out int joined, int threads = 0, CancellationToken cancellationToken = default)
    {
        threads = Partitions.Threads(threads);
        var alias = Aliases(snapshot.Contacts, threads, cancellationToken);
        joined = 0;
        for (int c = 0; c < alias.Length; c++) if (alias[c] != c) joined++;
        if (joined == 0) return snapshot;

        var own = inPlace ? snapshot.Links as SnapshotLink[] : null;
        var links = own ?? new SnapshotLink[snapshot.Links.Count];
        bool[] touched = new bool[snapshot.Holders.Count];
        var source = snapshot.Links;
        // Each link is moved on its own (two ranges may mark one holder touched, both with true).
        Partitions.For(links.Length, threads, (_, from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                var l = own is null ? source[i] : own[i];
                if (alias[l.Contact] != l.Contact) { l = l with { Contact = alias[l.Contact] }; touched[l.Holder] = true; }
                links[i] = l;
            }
        }, cancellationToken);
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
    internal static int[] Aliases(IReadOnlyList<SnapshotContact> contacts, int threads = 0, CancellationToken cancellationToken = default)
    {
        threads = Partitions.Threads(threads);
        var alias = new int[contacts.Count];
        for (int c = 0; c < alias.Length; c++) alias[c] = c;
        int addressCount = 0;
        for (int c = 0; c < contacts.Count; c++) if (contacts[c].Kind == ContactKind.Address) addressCount++;
        var address = new int[addressCount];
        for (int c = 0, a = 0; c < contacts.Count; c++) if (contacts[c].Kind == ContactKind.Address) address[a++] = c;

        // Each address's parts kept as numbers, one per distinct text (-1: not written), and its flat's signature
        // likewise (-1: names no flat). Only equality of parts is ever asked, and a parsed address held as strings
        // was about 400 bytes: two gigabytes at 10,000,000 holders, the peak of the analysis (issue 13).
        var place = new int[addressCount * Flat.PlaceParts];
        var signature = new int[addressCount];
        var texts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var signatures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var textCount = new StrongBox<int>();
        var signatureCount = new StrongBox<int>();
        Parallel.For(0, addressCount, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = threads }, a =>
        {
            if (Flat.Of(contacts[address[a]].Value) is not { } flat)
            {
                signature[a] = -1;
                return;
            }
            signature[a] = signatures.GetOrAdd(flat.Signature, NextNumber, signatureCount);
            for (int i = 0; i < Flat.PlaceParts; i++)
                place[a * Flat.PlaceParts + i] = flat.Place[i] is { } part ? texts.GetOrAdd(part, NextNumber, textCount) : -1;
        });
        signatures.Clear();
        texts.Clear();
        int groups = signatureCount.Value;

        // The addresses of each signature (ascending), as one array cut by offsets.
        var offsets = new int[groups + 1];
        foreach (int g in signature) if (g >= 0) offsets[g + 1]++;
        for (int g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
        var grouped = new int[offsets[groups]];
        var fill = (int[])offsets.Clone();
        for (int a = 0; a < addressCount; a++) if (signature[a] >= 0) grouped[fill[signature[a]]++] = a;

        // Place parts written per address, counted once rather than at every comparison of the sort below.
        var written = new byte[addressCount];
        Partitions.For(addressCount, threads, (_, from, to) =>
        {
            for (int a = from; a < to; a++)
            {
                int n = 0;
                for (int i = 0; i < Flat.PlaceParts; i++) if (place[a * Flat.PlaceParts + i] >= 0) n++;
                written[a] = (byte)n;
            }
        }, cancellationToken);
        // Fullest first, so each flat is named by its fullest spelling; ties by value for one order on every run.
        var fullestFirst = Comparer<int>.Create((a, b) => written[b].CompareTo(written[a]) is var d && d != 0
            ? d : string.CompareOrdinal(contacts[address[a]].Value, contacts[address[b]].Value));
        // Each signature's addresses are joined on their own (a group writes only its own addresses' aliases), so the
        // groups are shared out to the threads as they come.
        Parallel.For(0, groups, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = threads },
            () => new FlatsOfSignature(),
            (g, _, flats) =>
            {
                int from = offsets[g], count = offsets[g + 1] - from;
                if (count < 2) return flats;
                Array.Sort(grouped, from, count, fullestFirst);
                flats.Clear();
                for (int k = from; k < from + count; k++)
                {
                    int a = grouped[k];
                    var spelling = place.AsSpan(a * Flat.PlaceParts, Flat.PlaceParts);
                    if (flats.OnlyFit(spelling) is var fits && fits >= 0)
                    {
                        alias[address[a]] = flats.Name(fits);
                        flats.Merge(fits, spelling);
                    }
                    else flats.Add(address[a], spelling);
                }
                return flats;
            },
            _ => { });
        return alias;
    }

    private static int NextNumber(string text, StrongBox<int> count) => Interlocked.Increment(ref count.Value) - 1;

    /// <summary>
    /// No place part written differently, and the road with its number or the compound written the same in both
    /// (parts as numbers, -1 where not written).
    /// </summary>
    private static bool Fits(ReadOnlySpan<int> a, int[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) return false;
        bool sameRoad = a[Flat.Road] >= 0 && a[Flat.Road] == b[Flat.Road] && a[Flat.Number] >= 0 && a[Flat.Number] == b[Flat.Number];
        bool sameCompound = a[Flat.Compound] >= 0 && a[Flat.Compound] == b[Flat.Compound];
        return sameRoad || sameCompound;
    }

    /// <summary>
    /// The flats of one signature found so far, each with the place parts of its spellings merged, and found by
    /// compound and by road with number: a spelling fits only flats sharing one of them, so it is compared with those
    /// alone, not with every flat of a signature that thousands of compounds share (building 1, unit 1, room 101).
    /// </summary>
    private sealed class FlatsOfSignature
    {
        private readonly List<(int Name, int[] Place)> _flats = [];
        private readonly Dictionary<int, List<int>> _byCompound = [];
        private readonly Dictionary<long, List<int>> _byRoad = [];
        private readonly Stack<List<int>> _spare = new();

        public void Clear()
        {
            _flats.Clear();
            foreach (var list in _byCompound.Values) { list.Clear(); _spare.Push(list); }
            foreach (var list in _byRoad.Values) { list.Clear(); _spare.Push(list); }
            _byCompound.Clear();
            _byRoad.Clear();
        }

        public int Name(int flat) => _flats[flat].Name;

        /// <summary>The one flat <paramref name="spelling"/> fits (<see cref="Fits"/>), or -1 when none or several do.</summary>
        public int OnlyFit(ReadOnlySpan<int> spelling)
        {
            int fits = -1, matches = 0;
            int compound = spelling[Flat.Compound];
            if (compound >= 0 && _byCompound.TryGetValue(compound, out var sameCompound))
                foreach (int f in sameCompound)
                    if (Fits(spelling, _flats[f].Place)) { fits = f; matches++; }
            if (RoadKey(spelling) is { } road && _byRoad.TryGetValue(road, out var sameRoad))
                foreach (int f in sameRoad)
                {
                    // Already seen among the compound's flats.
                    if (compound >= 0 && _flats[f].Place[Flat.Compound] == compound) continue;
                    if (Fits(spelling, _flats[f].Place)) { fits = f; matches++; }
                }
            return matches == 1 ? fits : -1;
        }

        public void Add(int name, ReadOnlySpan<int> spelling)
        {
            _flats.Add((name, spelling.ToArray()));
            Index(_flats.Count - 1, -1, null);
        }

        /// <summary>Fills the parts the flat had not written from <paramref name="spelling"/>; a compound or road gained indexes it there too.</summary>
        public void Merge(int flat, ReadOnlySpan<int> spelling)
        {
            var merged = _flats[flat].Place;
            int compound = merged[Flat.Compound];
            long? road = RoadKey(merged);
            for (int i = 0; i < merged.Length; i++) if (merged[i] < 0) merged[i] = spelling[i];
            Index(flat, compound, road);
        }

        /// <summary>Indexes the flat under its compound and road, those it did not have before (parts once written do not change).</summary>
        private void Index(int flat, int compoundBefore, long? roadBefore)
        {
            var place = _flats[flat].Place;
            if (place[Flat.Compound] >= 0 && compoundBefore < 0) ListOf(_byCompound, place[Flat.Compound]).Add(flat);
            if (RoadKey(place) is { } road && roadBefore is null) ListOf(_byRoad, road).Add(flat);
        }

        private List<int> ListOf<TKey>(Dictionary<TKey, List<int>> index, TKey key) where TKey : notnull
        {
            if (!index.TryGetValue(key, out var list)) index.Add(key, list = _spare.Count > 0 ? _spare.Pop() : []);
            return list;
        }

        private static long? RoadKey(ReadOnlySpan<int> place)
            => place[Flat.Road] >= 0 && place[Flat.Number] >= 0 ? ((long)place[Flat.Road] << 32) | (uint)place[Flat.Number] : null;
    }

    /// <summary>An address split into where it is (place parts, any of which may be left out) and which flat it is.</summary>
    private sealed class Flat
    {
        public const int Road = 4, Number = 5, Compound = 6, PlaceParts = 7;

        /// <summary>Province, city, county, town, road, number, compound.</summary>
        public required string?[] Place { get; init; }

        /// <summary>Lane, group, house, building, unit, floor and room: what must be written alike.</summary>
        public required string Signature { get; init; }

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
