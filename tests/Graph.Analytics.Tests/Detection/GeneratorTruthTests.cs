using System.Text.Json;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Evaluation;
using Graph.Ingest;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// The generator's truth must be something the data can show. A planted ring whose victims fall into groups that
/// share no recorded trace of the ring is, in the data, several rings; the quality tests would then punish the
/// detector for not inventing a link. This checks the generator, not the detector.
/// </summary>
public class GeneratorTruthTests
{
    [Theory]
    [InlineData(1, GeneratorProfile.Classic)]
    [InlineData(2, GeneratorProfile.Classic)]
    [InlineData(3, GeneratorProfile.Classic)]
    [InlineData(4, GeneratorProfile.Classic)]
    [InlineData(5, GeneratorProfile.Classic)]
    [InlineData(6, GeneratorProfile.Classic)]
    [InlineData(7, GeneratorProfile.Classic)]
    [InlineData(8, GeneratorProfile.Classic)]
    [InlineData(1, GeneratorProfile.Hard)]
    [InlineData(2, GeneratorProfile.Hard)]
    [InlineData(3, GeneratorProfile.Hard)]
    [InlineData(4, GeneratorProfile.Hard)]
    [InlineData(5, GeneratorProfile.Hard)]
    [InlineData(6, GeneratorProfile.Hard)]
    public void Every_planted_ring_is_tied_together_by_its_own_controllers(int seed, GeneratorProfile profile)
    {
        string work = Path.Combine(Path.GetTempPath(), "fg-truth-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string data = Path.Combine(work, "data"), truthPath = Path.Combine(work, "truth.json");
            new InsurerGenerator(new GeneratorOptions { Holders = 20_000, Seed = seed, Profile = profile }).Generate(data, truthPath);
            using var store = GraphStores.Open(Path.Combine(work, "store.db"));
            new FolderLoader(store).Load(data);
            var snapshot = store.ReadSnapshot();

            var holderIndex = new Dictionary<string, int>();
            for (int i = 0; i < snapshot.Holders.Count; i++) holderIndex[snapshot.Holders[i].Id] = i;
            var holdersOfContact = new Dictionary<SnapshotContact, List<int>>();
            foreach (var link in snapshot.Links)
            {
                var contact = snapshot.Contacts[link.Contact];
                if (!holdersOfContact.TryGetValue(contact, out var list)) holdersOfContact[contact] = list = [];
                list.Add(link.Holder);
            }

            var split = new List<string>();
            int rings = 0;
            foreach (var group in TruthFile.Load(truthPath).Groups)
            {
                if (!group.IsRing) continue;
                rings++;
                var victims = new HashSet<int>();
                foreach (var id in group.Holders) if (holderIndex.TryGetValue(id, out int h)) victims.Add(h);
                var pieces = new UnionFind(victims);
                foreach (var controller in group.Controllers)
                {
                    if (Contact(controller) is not { } contact || !holdersOfContact.TryGetValue(contact, out var linked)) continue;
                    int first = -1;
                    foreach (int h in linked)
                    {
                        if (!victims.Contains(h)) continue;
                        if (first < 0) first = h; else pieces.Union(first, h);
                    }
                }
                // Single victims with no trace of the ring are allowed (they are missed, not split off as another ring);
                // two groups of several victims each are not.
                var sizes = pieces.Sizes();
                if (sizes.Count > 1 && sizes[1] >= 2) split.Add($"{group.GroupId} ({group.Kind}): {string.Join("+", sizes.Where(s => s >= 2))}");
            }
            Assert.True(rings > 0, "the generator must plant rings");
            Assert.True(split.Count == 0, "rings whose victims share no trace across groups: " + string.Join("; ", split));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A truth controller (<c>{"type":"phone","value":"…"}</c>) as a contact point; null for agents, which are not contact points.</summary>
    private static SnapshotContact? Contact(TruthController controller) =>
        ContactKindNames.FromEntityType(controller.Type) is { } kind ? new SnapshotContact(kind, controller.Value) : null;

    private sealed class UnionFind
    {
        private readonly Dictionary<int, int> _parent = new();

        public UnionFind(IEnumerable<int> items) { foreach (int x in items) _parent[x] = x; }

        public int Find(int x)
        {
            while (_parent[x] != x) x = _parent[x] = _parent[_parent[x]];
            return x;
        }

        public void Union(int a, int b) => _parent[Find(a)] = Find(b);

        /// <summary>Piece sizes, largest first.</summary>
        public List<int> Sizes() => _parent.Keys.GroupBy(Find).Select(g => g.Count()).OrderDescending().ToList();
    }
}
