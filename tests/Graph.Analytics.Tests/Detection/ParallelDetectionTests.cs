using System.Text.Json;
using Graph.Analytics.Detection;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Ingest;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Issue 13 (10M run): address resolution, the index, complaint templates and the projection run on several threads.
/// Nothing they find may depend on the number of threads or on their timing: on four threads, with every loop cut into
/// ranges (as a 10,000,000-holder insurer is, where a small one would be one range), detection must find what it finds on one thread, in order.
/// </summary>
public sealed class ParallelDetectionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Detection_on_four_threads_in_small_ranges_finds_what_one_thread_finds()
    {
        using var store = GeneratedStore(10_000, seed: 13);

        var (one, ringsOne) = Detect(store, threads: 1);
        Partitions.SmallestRange.Value = 97;
        try
        {
            Assert.Equal(4, Partitions.Count(10_000, 4)); // without the small ranges, 10,000 holders would be one range
            Assert.Equal(32, Partitions.Count(10_000, 4, perThread: 8));
            var (four, ringsFour) = Detect(store, threads: 4);

            Assert.True(one.AddressSpellingsJoined > 0, "the generated insurer should write some flats several ways");
            Assert.True(one.TemplateCount > 0, "the generated insurer should have templated complaints");
            Assert.Contains(ringsOne, r => r.Flagged);
            Assert.Equal(one.AddressSpellingsJoined, four.AddressSpellingsJoined);
            Assert.Equal(one.TemplateCount, four.TemplateCount);
            Assert.Equal(JsonSerializer.Serialize(ringsOne), JsonSerializer.Serialize(ringsFour));

            var a = one.Projection!;
            var b = four.Projection!;
            Assert.Equal(a.Graph.NodeCount, b.Graph.NodeCount);
            for (int v = 0; v < a.Graph.NodeCount; v++)
            {
                Assert.Equal(a.Graph.Neighbors(v).ToArray(), b.Graph.Neighbors(v).ToArray());
                Assert.Equal(a.Graph.NeighborWeights(v).ToArray(), b.Graph.NeighborWeights(v).ToArray());
            }
            Assert.Equal(a.Roles, b.Roles);
            Assert.Equal(a.NodeOfContact, b.NodeOfContact);
            Assert.Equal(a.HoldersPerContact, b.HoldersPerContact);
            Assert.Equal(JsonSerializer.Serialize(a.ValueMeasurements), JsonSerializer.Serialize(b.ValueMeasurements));
        }
        finally
        {
            Partitions.SmallestRange.Value = null;
        }
    }

    [Fact]
    public void The_index_on_four_threads_in_small_ranges_equals_the_index_on_one()
    {
        using var store = GeneratedStore(3_000, seed: 5);
        var snapshot = store.ReadSnapshot();
        var one = new SnapshotIndex(snapshot, CancellationToken.None, threads: 1);
        Partitions.SmallestRange.Value = 13;
        try
        {
            var four = new SnapshotIndex(snapshot, CancellationToken.None, threads: 4);
            Assert.True(one.CityCount > 1, "holders should live in several cities, or their numbering is not tested");
            Assert.Equal(one.HolderCity, four.HolderCity);
            Assert.Equal(one.CityCount, four.CityCount);
            Assert.Equal(one.HolderSurname, four.HolderSurname);
            Assert.Equal(one.LinkOffsets, four.LinkOffsets);
            Assert.Equal(one.EventOffsets, four.EventOffsets);
            Assert.Equal(one.PolicyOffsets, four.PolicyOffsets);
            Assert.Equal(one.PolicyOrder, four.PolicyOrder);
            Assert.Equal(one.PolicyAgent, four.PolicyAgent);
            Assert.Equal(one.EvidenceDays, four.EvidenceDays);
            Assert.Equal(one.SurrenderDays, four.SurrenderDays);
            Assert.Equal(one.ComplaintDays, four.ComplaintDays);
        }
        finally
        {
            Partitions.SmallestRange.Value = null;
        }
    }

    /// <summary>
    /// Joining spellings looks a spelling up among the flats of its compound and of its road and number, instead of
    /// comparing it with every flat of its signature. The plain scan, written out here from the rule, must agree, on
    /// the generated insurer's addresses and on spellings of them with the city, the road or the compound left out, or
    /// moved to another city (so some spellings fit two flats and stay apart).
    /// </summary>
    [Fact]
    public void Joined_spellings_are_those_a_scan_of_every_flat_of_the_signature_joins()
    {
        using var store = GeneratedStore(6_000, seed: 11);
        var snapshot = store.ReadSnapshot();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        var rng = new Random(3);
        string[] cities = ["杭州市", "成都市", "西安市"];
        foreach (var c in snapshot.Contacts)
        {
            if (c.Kind != ContactKind.Address || ChineseAddress.Parse(c.Value) is not { } a) continue;
            values.Add(c.Value);
            if (rng.NextDouble() < 0.3 && a.City is { } city) values.Add(c.Value.Replace(city, "", StringComparison.Ordinal));
            if (rng.NextDouble() < 0.3 && a.Road is { } road && a.RoadNumber is { } number && a.Compound is not null)
                values.Add(c.Value.Replace(road + number + "号", "", StringComparison.Ordinal));
            if (rng.NextDouble() < 0.3 && a.Compound is { } compound && a.Road is not null)
                values.Add(c.Value.Replace(compound, "", StringComparison.Ordinal));
            if (rng.NextDouble() < 0.1 && a.City is { } from) values.Add(c.Value.Replace(from, cities[rng.Next(cities.Length)], StringComparison.Ordinal));
        }
        var contacts = values.Select(v => new SnapshotContact(ContactKind.Address, v)).ToList();

        var scanned = ScanAliases(contacts);
        Assert.True(scanned.Where((t, c) => t != c).Count() > 50, "many spellings should join, or the comparison shows little");
        Assert.Equal(scanned, AddressResolution.Aliases(contacts, threads: 1));
        Assert.Equal(scanned, AddressResolution.Aliases(contacts, threads: 4));
    }

    /// <summary>The rule of <see cref="AddressResolution"/>, as a plain scan over every flat of a signature, on strings.</summary>
    private static int[] ScanAliases(IReadOnlyList<SnapshotContact> contacts)
    {
        var alias = Enumerable.Range(0, contacts.Count).ToArray();
        var bySignature = new Dictionary<string, List<(int Contact, string?[] Place)>>(StringComparer.Ordinal);
        for (int c = 0; c < contacts.Count; c++)
        {
            var a = ChineseAddress.Parse(contacts[c].Value);
            if (a is null || a.Rest is not null || a.Room is null && a.House is null) continue;
            if (a.Compound is null && (a.Road is null || a.RoadNumber is null)) continue;
            string signature = string.Join('|', a.Lane, a.Group, a.House, a.Building, a.Unit, a.Floor, a.Room);
            if (!bySignature.TryGetValue(signature, out var list)) bySignature[signature] = list = [];
            list.Add((c, [a.Province, a.City, a.County, a.Town, a.Road, a.RoadNumber, a.Compound]));
        }
        foreach (var group in bySignature.Values)
        {
            var ordered = group.OrderByDescending(s => s.Place.Count(p => p is not null))
                .ThenBy(s => contacts[s.Contact].Value, StringComparer.Ordinal).ToList();
            var flats = new List<(int Name, string?[] Place)>();
            foreach (var (contact, place) in ordered)
            {
                var fitting = flats.Where(f => Fits(place, f.Place)).ToList();
                if (fitting.Count == 1)
                {
                    alias[contact] = fitting[0].Name;
                    for (int i = 0; i < place.Length; i++) fitting[0].Place[i] ??= place[i];
                }
                else flats.Add((contact, (string?[])place.Clone()));
            }
        }
        return alias;
    }

    private static bool Fits(string?[] a, string?[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] is not null && b[i] is not null && a[i] != b[i]) return false;
        bool sameRoad = a[4] is not null && a[4] == b[4] && a[5] is not null && a[5] == b[5];
        bool sameCompound = a[6] is not null && a[6] == b[6];
        return sameRoad || sameCompound;
    }

    private IGraphStore GeneratedStore(int holders, int seed)
    {
        var data = _dir.Combine("data" + seed);
        // The hard profile: it writes some flats in spellings only address resolution joins.
        new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed, Profile = GeneratorProfile.Hard }).Generate(data, _dir.Combine("truth" + seed + ".json"));
        var store = GraphStores.Open(_dir.Combine("store" + seed + ".db"));
        new FolderLoader(store, new LoaderOptions { QuarantineFolder = _dir.Combine("q" + seed) }).Load(data);
        return store;
    }

    private static (RingDetector Detector, IReadOnlyList<Ring> Rings) Detect(IGraphStore store, int threads)
    {
        var detector = new RingDetector(store.ReadSnapshot(), new DetectionOptions()) { Threads = threads, MayChangeSnapshot = true };
        return (detector, detector.Run());
    }
}
