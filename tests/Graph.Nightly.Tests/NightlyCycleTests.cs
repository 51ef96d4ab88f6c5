using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Ingest;
using Graph.Nightly.Internal;
using Graph.Pipeline;
using Graph.Storage;

namespace Graph.Nightly.Tests;

/// <summary>Cycles run in-process over a generated insurer: loading, archiving, failing, changes against the truth.</summary>
public sealed class NightlyCycleTests : IClassFixture<GeneratedInsurer>
{
    private readonly GeneratedInsurer _gen;

    public NightlyCycleTests(GeneratedInsurer gen) => _gen = gen;

    private static List<string[]> Rows(string csv) =>
        File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();

    /// <summary>The ring of a run holding most of <paramref name="victims"/> (at least half), or null.</summary>
    private static Ring? RingOf(AnalysisRun run, IReadOnlyCollection<string> victims)
    {
        Ring? best = null;
        int bestOverlap = 0;
        foreach (var ring in run.Rings)
        {
            int overlap = ring.Members.Count(m => m.Role == MemberRole.Victim && victims.Contains(m.EntityId));
            if (overlap > bestOverlap) { best = ring; bestOverlap = overlap; }
        }
        return bestOverlap * 2 >= victims.Count ? best : null;
    }

    [Fact]
    public void Base_then_two_increments_report_the_rings_that_grew_and_the_one_that_started()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        var first = world.Cycle();
        Assert.NotNull(first.RunId);
        var previousRun = ReadLatest(world);
        int checkedGrowth = 0;

        for (int k = 1; k <= 2; k++)
        {
            _gen.DeliverIncrement(k, world.Inbox);
            var result = world.Cycle();
            Assert.Equal(IncrementStatus.Loaded, Assert.Single(result.Increments).Status);
            Assert.NotNull(result.RunDirectory);
            var run = ReadLatest(world);
            Assert.Equal(result.RunId, run.RunId);
            var rows = Rows(Path.Combine(result.RunDirectory!, "changes.csv"));
            bool Has(string change, string ringId) => rows.Any(r => r[0] == change && r[1] == ringId);

            // The ring that started in this increment is new.
            var started = Assert.Single(_gen.Truth.Groups, g => g.Type == "ring" && g.Increment == k);
            var startedRing = RingOf(run, started.Holders);
            Assert.True(startedRing is not null, $"increment {k}: the ring {started.GroupId} that started was not detected");
            Assert.True(Has("new", startedRing!.RingId), $"increment {k}: {startedRing.RingId} ({started.GroupId}) is not reported new:\n{string.Join("\n", rows.Select(r => string.Join(',', r)))}");

            // Every ring that recruited victims in this increment, and was already a ring before, grew.
            foreach (var group in _gen.Truth.Groups.Where(g => g.Type == "ring" && g.Grown.ContainsKey(k)))
            {
                var before = RingOf(previousRun, group.VictimsAsOf(k - 1));
                var after = RingOf(run, group.VictimsAsOf(k));
                if (before is null || after is null) continue;
                Assert.Equal(before.RingId, after.RingId);
                var row = rows.SingleOrDefault(r => r[0] == "grown" && r[1] == after.RingId);
                Assert.True(row is not null, $"increment {k}: {after.RingId} ({group.GroupId}) recruited {group.Grown[k].Count} victims but is not reported grown");
                Assert.Equal(before.Holders, int.Parse(row![3]));
                Assert.Equal(after.Holders, int.Parse(row[4]));
                Assert.True(int.Parse(row[5]) >= 1);
                checkedGrowth++;
            }

            // Rings that took no new victims are not reported grown.
            var grownGroups = _gen.Truth.Groups.Where(g => g.Grown.ContainsKey(k)).Select(g => RingOf(run, g.VictimsAsOf(k))?.RingId).ToHashSet();
            foreach (var r in rows.Where(r => r[0] == "grown"))
                Assert.Contains(r[1], grownGroups);

            var json = File.ReadAllText(Path.Combine(result.RunDirectory!, "changes.json"));
            Assert.Contains($"\"previous_run_id\": \"{previousRun.RunId}\"", json);
            previousRun = run;
        }
        Assert.True(checkedGrowth >= 2, $"only {checkedGrowth} growing ring(s) were detected in consecutive runs: growth was hardly checked");
        Assert.Equal(["00-base", "01-increment", "02-increment"], world.Folders(world.Archive));
        Assert.Empty(world.Folders(world.Inbox));
        Assert.False(File.Exists(Path.Combine(world.Output, NightlyCycle.JournalFile)));
    }

    [Fact]
    public void A_malformed_increment_lands_in_failed_with_its_reason_while_the_others_are_processed()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        var bad = _gen.DeliverIncrement(1, world.Inbox, "01-broken");
        // A policies.csv without its key column is malformed: the whole folder must be refused.
        var policies = Path.Combine(bad, "policies.csv");
        var lines = File.ReadAllLines(policies);
        lines[0] = lines[0].Replace("policy_id", "policy_number");
        File.WriteAllLines(policies, lines);
        _gen.DeliverIncrement(2, world.Inbox, "02-fine");

        var result = world.Cycle();

        Assert.True(result.AnyFailed);
        Assert.Equal([IncrementStatus.Loaded, IncrementStatus.Failed, IncrementStatus.Loaded], result.Increments.Select(i => i.Status));
        Assert.Equal(["01-broken"], world.Folders(world.Failed));
        var reason = File.ReadAllText(Path.Combine(world.Failed, "01-broken", NightlyCycle.ReasonFile));
        Assert.Contains("policies.csv", reason);
        Assert.Contains("policy_id", reason);
        Assert.Equal(["00-base", "02-fine"], world.Folders(world.Archive));
        Assert.Equal(2, StoreContent.Count(world.StorePath, "loads"));
        Assert.NotNull(result.RunId);
        Assert.True(File.Exists(Path.Combine(result.RunDirectory!, "rings.csv")));
    }

    /// <summary>Rewrites every CSV file of an increment folder in GB18030, as Excel's "CSV (逗号分隔)" saves it on a Chinese Windows.</summary>
    private static void ToGb18030(string folder)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gb18030 = System.Text.Encoding.GetEncoding("GB18030");
        foreach (var file in Directory.GetFiles(folder, "*.csv"))
            File.WriteAllBytes(file, gb18030.GetBytes(File.ReadAllText(file, System.Text.Encoding.UTF8)));
    }

    [Fact]
    public void A_gb18030_increment_loads_like_a_utf8_one_by_default_and_fails_with_line_and_byte_when_utf8_is_named()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        ToGb18030(_gen.DeliverIncrement(1, world.Inbox, "01-gbk"));
        var options = world.Options;
        options.Encoding = "utf-8";
        using (var store = GraphStores.Open(world.StorePath))
        {
            var named = new NightlyCycle(options, store).Run();
            Assert.Equal([IncrementStatus.Loaded, IncrementStatus.Failed], named.Increments.Select(i => i.Status));
        }
        var reason = File.ReadAllText(Path.Combine(world.Failed, "01-gbk", NightlyCycle.ReasonFile));
        Assert.Matches(@"\w+\.csv, line \d+: not valid UTF-8 \(as asked for\) at byte offset \d+", reason);

        // Moved back into the inbox, the same folder loads with the default (detected) encoding.
        Directory.Move(Path.Combine(world.Failed, "01-gbk"), Path.Combine(world.Inbox, "01-gbk"));
        File.Delete(Path.Combine(world.Inbox, "01-gbk", NightlyCycle.ReasonFile));
        var detected = world.Cycle();
        Assert.Equal(IncrementStatus.Loaded, Assert.Single(detected.Increments).Status);
        using var utf8 = new World();
        _gen.DeliverBase(utf8.Inbox);
        _gen.DeliverIncrement(1, utf8.Inbox, "01-utf8");
        utf8.Cycle();
        // The same graph (the loads' fingerprints differ: they are over the bytes delivered).
        using var fromGb = GraphStores.Open(world.StorePath);
        using var fromUtf8 = GraphStores.Open(utf8.StorePath);
        var (a, b) = (fromGb.GetStatistics(50), fromUtf8.GetStatistics(50));
        Assert.Equal(b.Nodes, a.Nodes);
        Assert.Equal(b.Links, a.Links);
        Assert.Equal(b.MostShared, a.MostShared);
    }

    [Fact]
    public void A_folder_without_its_ready_marker_is_left_alone_until_it_has_one()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        var copying = GeneratedInsurer.Deliver(_gen.IncrementFolder(1), world.Inbox, "01-copying", ready: false);
        Directory.CreateDirectory(Path.Combine(world.Inbox, ".02-rsync-temp"));

        var result = world.Cycle();

        Assert.Equal("00-base", Assert.Single(result.Increments).Folder);
        Assert.Equal([".02-rsync-temp", "01-copying"], world.Folders(world.Inbox));
        Assert.Empty(Directory.GetDirectories(copying, "quarantine"));

        File.WriteAllText(Path.Combine(copying, NightlyOptions.ReadyMarker), "");
        var next = world.Cycle();
        Assert.Equal(IncrementStatus.Loaded, Assert.Single(next.Increments).Status);
        Assert.Equal([".02-rsync-temp"], world.Folders(world.Inbox));
    }

    [Fact]
    public void A_cycle_with_nothing_new_runs_no_analysis()
    {
        using var world = new World();
        var first = world.Cycle();
        Assert.Null(first.RunId);
        Assert.Empty(first.Increments);

        // The same folder delivered again (already loaded) is archived without a load or a run.
        _gen.DeliverBase(world.Inbox);
        Assert.NotNull(world.Cycle().RunId);
        _gen.DeliverBase(world.Inbox);
        var again = world.Cycle();
        Assert.Equal(IncrementStatus.AlreadyLoaded, Assert.Single(again.Increments).Status);
        Assert.Null(again.RunId);
        Assert.Equal(2, world.Folders(world.Archive).Length);
        Assert.Equal(1, StoreContent.Count(world.StorePath, "loads"));
        Assert.Equal(1, StoreContent.Count(world.StorePath, "runs"));
    }

    [Fact]
    public void An_interrupted_cycle_is_finished_with_the_changes_measured_from_the_day_before()
    {
        // Uninterrupted: base, then increment 1.
        using var straight = new World();
        _gen.DeliverBase(straight.Inbox);
        straight.Cycle();
        _gen.DeliverIncrement(1, straight.Inbox);
        var expected = straight.Cycle();

        // Interrupted: the increment committed and even analysed (a run saved), then the process died before the
        // folder was archived and the outputs written.
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        world.Cycle();
        var folder = _gen.DeliverIncrement(1, world.Inbox);
        using (var store = GraphStores.Open(world.StorePath))
        {
            new CycleState { StartedAt = DateTimeOffset.UtcNow, Baseline = RunOutline.Of(store.ReadLatestAnalysis()) }
                .Write(Path.Combine(world.Output, NightlyCycle.JournalFile));
            new FolderLoader(store).Load(folder);
            new AnalysisRunner(store, DetectionOptions.Load()).Run(Path.Combine(world.Output, "runs", ".partial-crashed"));
        }
        Assert.True(NightlyCycle.HasUnfinishedCycle(world.Options));

        var result = world.Cycle();

        Assert.True(result.Resumed);
        Assert.Equal(IncrementStatus.AlreadyLoaded, Assert.Single(result.Increments).Status);
        Assert.Equal(["00-base", "01-increment"], world.Folders(world.Archive));
        Assert.False(NightlyCycle.HasUnfinishedCycle(world.Options));
        Assert.False(Directory.Exists(Path.Combine(world.Output, "runs", ".partial-crashed")));
        Assert.Equal(StoreContent.Hash(straight.StorePath), StoreContent.Hash(world.StorePath));
        // Measured against the base run, not the crashed attempt's run: the same report as without the crash.
        Assert.Equal(File.ReadAllText(Path.Combine(expected.RunDirectory!, "changes.csv")), File.ReadAllText(Path.Combine(result.RunDirectory!, "changes.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(expected.RunDirectory!, "rings.csv")), File.ReadAllText(Path.Combine(result.RunDirectory!, "rings.csv")));
        Assert.Contains(result.Changes!.Changes, c => c.Change != RingChangeKind.ScoreMoved);
    }

    [Fact]
    public void A_second_cycle_on_the_same_output_folder_is_refused_while_one_runs()
    {
        using var world = new World();
        Directory.CreateDirectory(world.Output);
        using var held = new FileStream(Path.Combine(world.Output, NightlyCycle.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        _gen.DeliverBase(world.Inbox);

        var e = Assert.Throws<CycleInProgressException>(() => world.Cycle());

        Assert.Contains("Another nightly cycle", e.Message);
        Assert.Equal(["00-base"], world.Folders(world.Inbox));
    }

    [Fact]
    public void A_cancelled_cycle_loads_nothing_and_the_next_one_does_it_all()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => world.Cycle(cancelled.Token));
        Assert.Equal(["00-base"], world.Folders(world.Inbox));

        var result = world.Cycle();
        Assert.Equal(IncrementStatus.Loaded, Assert.Single(result.Increments).Status);
        Assert.NotNull(result.RunId);
    }

    [Fact]
    public void Runs_lists_the_store_runs_with_the_change_counts_of_their_folders()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        var first = world.Cycle();
        _gen.DeliverIncrement(1, world.Inbox);
        var second = world.Cycle();

        using var store = GraphStores.Open(world.StorePath);
        var history = RunHistory.Read(store, world.Output);

        Assert.Equal([second.RunId, first.RunId], history.Select(h => h.Run.RunId));
        var counts = history[0].ChangeCounts!.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (kind, n) in second.Changes!.Counts) Assert.Equal(n, counts[ChangeReport.Name(kind)]);
        Assert.Equal(first.Changes!.Changes.Count, history[1].ChangeCounts!.Single(kv => kv.Key == "new").Value);
        Assert.Null(RunHistory.Read(store, null)[0].ChangeCounts);
    }

    private static AnalysisRun ReadLatest(World world)
    {
        using var store = GraphStores.Open(world.StorePath);
        return store.ReadLatestAnalysis()!;
    }
}
