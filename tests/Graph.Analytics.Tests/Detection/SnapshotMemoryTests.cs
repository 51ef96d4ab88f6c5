using System.Text.Json;
using Graph.Analytics.Detection;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Ingest;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// Issue 13 (10,000,000 holders in 8 GB): address resolution may move links inside the snapshot's own array instead
/// of a copy (<see cref="RingDetector.MayChangeSnapshot"/>). Doing so must change nothing but the snapshot it was given.
/// </summary>
public sealed class SnapshotMemoryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Resolving_addresses_in_place_moves_the_snapshots_own_links_as_the_copy_does()
    {
        var contacts = new SnapshotContact[]
        {
            new(ContactKind.Address, "西安市复兴街717号翡翠府11栋4单元3302室"),
            new(ContactKind.Address, "翡翠府11栋4单元3302室"),
            new(ContactKind.Phone, "13800000000"),
        };
        var at = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
        SnapshotLink Link(int holder, int contact) => new(holder, contact, EvidenceKind.RegisteredAddress, RecordKind.Policyholder, "H" + holder, at);
        GraphSnapshot Snapshot() => new()
        {
            Holders = [new("H0", "甲", "西安", at, false), new("H1", "乙", "西安", at, false)],
            Contacts = contacts,
            // H1's link to the partial spelling sorts before its phone now, and after it once moved to contact 0.
            Links = new[] { Link(0, 0), Link(1, 1), Link(1, 2) },
            Policies = [],
            Agents = [],
            Events = [],
        };

        var given = Snapshot();
        var copied = AddressResolution.Resolve(given, inPlace: false, out int joinedByCopy);
        var owned = Snapshot();
        var ownLinks = (SnapshotLink[])owned.Links;
        var resolved = AddressResolution.Resolve(owned, inPlace: true, out int joinedInPlace);

        Assert.Equal(1, joinedByCopy);
        Assert.Equal(1, joinedInPlace);
        Assert.NotSame(given, copied);
        Assert.Equal(Snapshot().Links, given.Links);
        Assert.Same(owned, resolved);
        Assert.Same(ownLinks, resolved.Links);
        Assert.Equal(copied.Links, resolved.Links);
        Assert.Equal([0, 0, 2], resolved.Links.Select(l => l.Contact));
    }

    [Fact]
    public void A_detector_that_may_change_its_snapshot_finds_the_same_rings_as_one_that_may_not()
    {
        var data = _dir.Combine("data");
        // The hard profile writes some flats in spellings only address resolution joins (the classic one's
        // spellings all key alike since the parser reads 唐山 路北区 and 哈尔滨 道里区).
        new InsurerGenerator(new GeneratorOptions { Holders = 10_000, Seed = 13, Profile = GeneratorProfile.Hard }).Generate(data, _dir.Combine("truth.json"));
        using var store = GraphStores.Open(_dir.Combine("store.db"));
        new FolderLoader(store, new LoaderOptions { QuarantineFolder = _dir.Combine("q") }).Load(data);

        var kept = store.ReadSnapshot();
        var keptLinks = kept.Links.ToArray();
        var asGiven = new RingDetector(kept, new DetectionOptions());
        var ringsAsGiven = asGiven.Run();
        var changed = store.ReadSnapshot();
        var inPlace = new RingDetector(changed, new DetectionOptions()) { MayChangeSnapshot = true };
        var ringsInPlace = inPlace.Run();

        Assert.True(asGiven.AddressSpellingsJoined > 0, "the generated insurer should write some flats several ways, or the in-place path is not taken");
        Assert.Contains(ringsAsGiven, r => r.Flagged);
        Assert.Equal(JsonSerializer.Serialize(ringsAsGiven), JsonSerializer.Serialize(ringsInPlace));
        Assert.Equal(keptLinks, kept.Links);
        Assert.NotEqual(keptLinks, changed.Links);
    }
}
