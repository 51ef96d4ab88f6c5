using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Pipeline;

namespace Graph.Analytics.Tests.Detection;

public class AnalysisRunnerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TestWorld World()
    {
        var world = new TestWorld(4000, seed: 21);
        world.PhoneTakeoverRing(14, 200);
        world.PhoneTakeoverRing(9, 650, phones: 1);
        world.RepresentativeRing(11, 800);
        world.Hotline(500);
        return world;
    }

    [Fact]
    public void Same_store_and_seed_give_byte_identical_rings_csv()
    {
        var snapshot = World().Build();
        new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions()).Run(_dir.Combine("a"));
        new AnalysisRunner(new FakeStore(snapshot), new DetectionOptions()).Run(_dir.Combine("b"));
        var a = File.ReadAllBytes(_dir.Combine("a", "rings.csv"));
        Assert.True(a.Length > 200);
        Assert.Equal(a, File.ReadAllBytes(_dir.Combine("b", "rings.csv")));
        Assert.Equal(File.ReadAllBytes(_dir.Combine("a", "ring_members.csv")), File.ReadAllBytes(_dir.Combine("b", "ring_members.csv")));
    }

    private static readonly string[] OutputFiles = ["ring_members.csv", "rings.csv", "rings.json", "rings.xlsx", "run.json"];

    private static string[] Listing(string dir) =>
        Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void An_output_folder_that_cannot_be_written_leaves_no_run_in_the_store()
    {
        var store = new FakeStore(World().Build());
        Directory.CreateDirectory(_dir.Path);
        var notAFolder = _dir.Combine("out");
        File.WriteAllText(notAFolder, "a file where the output folder should be");
        Assert.ThrowsAny<IOException>(() => new AnalysisRunner(store, new DetectionOptions()).Run(notAFolder));
        Assert.Empty(store.Runs);
    }

    [Fact]
    public void A_run_the_store_cannot_save_leaves_the_earlier_outputs_as_they_were_and_no_temporary_file()
    {
        var store = new FakeStore(World().Build());
        var out1 = _dir.Combine("out");
        new AnalysisRunner(store, new DetectionOptions()).Run(out1);
        Assert.Equal(OutputFiles, Listing(out1));
        var before = OutputFiles.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(out1, f)));

        store.SaveFailure = new IOException("disk I/O error");
        Assert.Throws<IOException>(() => new AnalysisRunner(store, new DetectionOptions { FlagThreshold = 10 }).Run(out1));
        Assert.Equal(OutputFiles, Listing(out1));
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(out1, file)));
        Assert.Single(store.Runs);
    }

    [Fact]
    public void Second_run_on_unchanged_data_keeps_every_ring_id()
    {
        var store = new FakeStore(World().Build());
        var first = new AnalysisRunner(store, new DetectionOptions()).Run(_dir.Combine("1"));
        var second = new AnalysisRunner(store, new DetectionOptions()).Run(_dir.Combine("2"));
        Assert.NotEmpty(first.Run.Rings);
        Assert.Equal(first.Run.Rings.Select(r => r.RingId), second.Run.Rings.Select(r => r.RingId));
        Assert.All(second.Run.Changes, c => Assert.Equal(RingLineage.Continued, c.Lineage));
        Assert.Equal(2, store.Runs.Count);
        Assert.Equal(File.ReadAllBytes(_dir.Combine("1", "rings.csv")), File.ReadAllBytes(_dir.Combine("2", "rings.csv")));
    }

    [Fact]
    public void Outputs_have_exactly_the_contract_columns_and_a_row_per_ring_and_member()
    {
        var result = new AnalysisRunner(new FakeStore(World().Build()), new DetectionOptions()) { FileCounts = new Dictionary<string, long> { ["policyholders.csv"] = 4000 } }
            .Run(_dir.Path);
        var rings = File.ReadAllLines(_dir.Combine("rings.csv"));
        Assert.Equal("ring_id,score,flagged,holders,controllers,surrender_amount,first_seen,last_seen,top_reasons", rings[0]);
        Assert.Equal(result.Run.Rings.Count + 1, rings.Length);
        var members = File.ReadAllLines(_dir.Combine("ring_members.csv"));
        Assert.Equal("ring_id,entity_type,entity_id,role,evidence_count", members[0]);
        Assert.Equal(result.Run.Rings.Sum(r => r.Members.Count) + 1, members.Length);
        var allowedTypes = new[] { "holder", "phone", "bank_account", "address", "email", "device", "ip", "representative", "agent" };
        foreach (var line in members.Skip(1))
        {
            var cols = line.Split(',');
            Assert.Contains(cols[1], allowedTypes);
            Assert.Contains(cols[3], new[] { "victim", "controller", "agent" });
        }
        using var runJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_dir.Combine("run.json")));
        var root = runJson.RootElement;
        Assert.Equal(result.Run.RunId, root.GetProperty("run_id").GetString());
        Assert.Equal(4000, root.GetProperty("counts_per_file").GetProperty("policyholders.csv").GetInt64());
        Assert.True(root.GetProperty("timings_seconds").TryGetProperty("projection", out _));
        Assert.Equal(64, root.GetProperty("input_fingerprint").GetString()!.Length);
        using var ringsJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_dir.Combine("rings.json")));
        var first = ringsJson.RootElement.GetProperty("rings")[0];
        Assert.True(first.GetProperty("reasons")[0].GetProperty("supporting_records").GetArrayLength() > 0);
    }

    [Fact]
    public void Console_summary_masks_phone_numbers()
    {
        var result = new AnalysisRunner(new FakeStore(World().Build()), new DetectionOptions()).Run(null);
        var text = AnalysisSummary.Format(result.Run.Rings, top: 10);
        var phones = result.Run.Rings.SelectMany(r => r.Members).Where(m => m.EntityType == "phone").Select(m => m.EntityId).ToList();
        Assert.NotEmpty(phones);
        foreach (var p in phones) Assert.DoesNotContain(p, text);
        Assert.Contains("****", text);
    }
}
