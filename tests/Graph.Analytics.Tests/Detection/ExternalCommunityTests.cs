using System.Text.Json;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Pipeline;
using Graph.Storage;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// The <c>--pushdown</c> seam: communities found elsewhere (the Neo4j server's Graph Data Science) are scored
/// in-process by the same scorer, and the run's outputs have the same shape as an in-process run's.
/// </summary>
public sealed class ExternalCommunityTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static GraphSnapshot World()
    {
        var world = new TestWorld(3000, seed: 5);
        world.PhoneTakeoverRing(12, 200);
        world.RepresentativeRing(9, 700);
        world.Hotline(400);
        return world.Build();
    }

    /// <summary>What a server would return for a ring: its victims, and every contact point they link to.</summary>
    private static ExternalCommunity CommunityOf(GraphSnapshot s, IEnumerable<string> holderIds)
    {
        var ids = holderIds.ToHashSet();
        var contacts = s.Links.Where(l => ids.Contains(s.Holders[l.Holder].Id)).Select(l => s.Contacts[l.Contact]).Distinct().ToList();
        return new ExternalCommunity(ids.Order(StringComparer.Ordinal).ToList(), contacts);
    }

    private static List<string> Victims(Ring r) => r.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Communities_from_the_server_are_scored_by_the_same_scorer_as_in_process_rings()
    {
        var snapshot = World();
        var inProcess = new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions()).Run(null).Run.Rings.Where(r => r.Flagged).ToList();
        Assert.True(inProcess.Count >= 2);
        var communities = inProcess.Select(r => CommunityOf(snapshot, Victims(r))).ToList();
        int calls = 0;
        var source = new ExternalCommunitySource("test-server", (options, _) => { calls++; Assert.Equal(42, options.Seed); return communities; });

        var pushed = new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions { Seed = 42 }) { Communities = source }.Run(null).Run.Rings;

        Assert.Equal(1, calls);
        Assert.Equal(inProcess.Select(Victims), pushed.Select(Victims));
        Assert.Equal(inProcess.Select(r => (r.Score, r.Flagged, r.Controllers)), pushed.Select(r => (r.Score, r.Flagged, r.Controllers)));
        Assert.Equal(inProcess.Select(r => r.Reasons.Select(x => x.Code).ToList()), pushed.Select(r => r.Reasons.Select(x => x.Code).ToList()));
    }

    [Fact]
    public void Unknown_ids_are_ignored_and_communities_with_too_few_known_holders_are_not_scored()
    {
        var snapshot = World();
        var ring = new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions()).Run(null).Run.Rings.First(r => r.Flagged);
        var community = CommunityOf(snapshot, Victims(ring));
        var noisy = community with
        {
            HolderIds = [.. community.HolderIds, "no-such-holder"],
            ContactPoints = [.. community.ContactPoints, new SnapshotContact(ContactKind.Phone, "00000000000")],
        };
        var tooSmall = new ExternalCommunity([community.HolderIds[0], community.HolderIds[1], "ghost-1", "ghost-2"], community.ContactPoints);

        var detector = new RingDetector(snapshot, new DetectionOptions()) { ExternalCommunities = [tooSmall, noisy] };
        var rings = detector.Run();

        Assert.Equal(1, detector.CommunitiesScored);
        Assert.Equal(Victims(ring), Victims(rings.Single()));
        Assert.Equal("C-000001", rings.Single().RingId);
    }

    [Fact]
    public void A_pushdown_run_writes_the_same_files_and_columns_and_names_where_its_communities_came_from()
    {
        var snapshot = World();
        var inProcess = new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions()).Run(_dir.Combine("local"));
        var communities = inProcess.Run.Rings.Select(r => CommunityOf(snapshot, Victims(r))).ToList();
        new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions()) { Communities = new("neo4j-gds", (_, _) => communities) }.Run(_dir.Combine("pushed"));

        foreach (var file in new[] { "rings.csv", "ring_members.csv", "rings.json", "run.json" })
            Assert.True(File.Exists(_dir.Combine("pushed", file)), file);
        Assert.Equal(File.ReadLines(_dir.Combine("local", "rings.csv")).First(), File.ReadLines(_dir.Combine("pushed", "rings.csv")).First());
        Assert.Equal(File.ReadLines(_dir.Combine("local", "ring_members.csv")).First(), File.ReadLines(_dir.Combine("pushed", "ring_members.csv")).First());
        using var local = JsonDocument.Parse(File.ReadAllText(_dir.Combine("local", "run.json")));
        using var pushed = JsonDocument.Parse(File.ReadAllText(_dir.Combine("pushed", "run.json")));
        Assert.Equal(local.RootElement.EnumerateObject().Select(p => p.Name), pushed.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("neo4j-gds", pushed.RootElement.GetRawText());
        Assert.DoesNotContain("neo4j-gds", local.RootElement.GetRawText());
        Assert.True(pushed.RootElement.GetProperty("timings_seconds").TryGetProperty("communities", out _));
        Assert.True(pushed.RootElement.GetProperty("timings_seconds").TryGetProperty("scoring", out _));
    }
}
