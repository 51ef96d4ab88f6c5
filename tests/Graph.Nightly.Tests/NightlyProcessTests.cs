using System.Diagnostics;
using Graph.Ingest;
using Graph.Storage;

namespace Graph.Nightly.Tests;

/// <summary>A larger base folder (40,000 holders), whose load takes long enough to be interrupted on purpose.</summary>
public sealed class LargeInsurer : GeneratedInsurer
{
    public LargeInsurer() : base(40_000, 0) { }
}

/// <summary>
/// The real <c>fraudgraph nightly</c> as a child process: killed at random points and restarted, stopped with
/// SIGTERM, refused with bad options. Serialized with each other: they measure time.
/// </summary>
[Collection("processes")]
public sealed class NightlyProcessTests : IClassFixture<GeneratedInsurer>, IClassFixture<LargeInsurer>
{
    private readonly GeneratedInsurer _gen;
    private readonly LargeInsurer _large;
    private readonly Xunit.Abstractions.ITestOutputHelper _log;

    public NightlyProcessTests(GeneratedInsurer gen, LargeInsurer large, Xunit.Abstractions.ITestOutputHelper log)
    {
        _log = log;
        _gen = gen;
        _large = large;
    }

    private void DeliverAll(World world)
    {
        _gen.DeliverBase(world.Inbox);
        _gen.DeliverIncrement(1, world.Inbox);
        _gen.DeliverIncrement(2, world.Inbox);
    }

    private static string LatestRunFile(World world, string file)
    {
        using var store = GraphStores.Open(world.StorePath);
        var latest = store.ListRuns()[0];
        return File.ReadAllText(Path.Combine(world.Output, "runs", latest.RunId, file));
    }

    [Fact]
    public async Task Killed_at_random_points_and_restarted_ends_as_an_uninterrupted_run()
    {
        using var reference = new World();
        DeliverAll(reference);
        TimeSpan cycleLength;
        using (var p = new CliProcess(reference.Root, reference.CliArgs()))
        {
            Assert.True(await p.WaitForOutputAsync("[3502]", TimeSpan.FromSeconds(60)), p.Output + p.Error);
            var clock = Stopwatch.StartNew();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)));
            cycleLength = clock.Elapsed;
            Assert.True(p.ExitCode == 0, p.Output + p.Error);
        }
        var expectedHash = StoreContent.Hash(reference.StorePath);
        var expectedRings = LatestRunFile(reference, "rings.csv");

        int seed = Environment.TickCount;
        var random = new Random(seed);
        var report = new List<string> { $"seed {seed}, uninterrupted cycle {cycleLength.TotalMilliseconds:F0} ms" };
        // Independent trials, each killed at a uniformly random point of the cycle (once or twice in a row),
        // then run to the end.
        for (int trial = 0; trial < 5; trial++)
        {
            using var world = new World();
            DeliverAll(world);
            int kills = 1 + random.Next(2);
            for (int k = 0; k < kills; k++)
            {
                using var p = new CliProcess(world.Root, world.CliArgs());
                if (!await p.WaitForOutputAsync("[3502]", TimeSpan.FromSeconds(60)) && !p.HasExited)
                    throw new TimeoutException("The cycle did not start within a minute:\n" + p.Output + p.Error);
                int delay = random.Next(0, (int)cycleLength.TotalMilliseconds);
                await Task.Delay(delay);
                var last = p.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                p.Kill();
                report.Add($"trial {trial}: killed after {delay} ms at: {last[Math.Min(last.Length, 21)..]}");
            }
            var final = CliProcess.Run(world.Root, world.CliArgs());
            var context = string.Join("\n", report) + "\n" + final.Output + final.Error;

            Assert.True(final.ExitCode == 0, context);
            Assert.True(expectedHash == StoreContent.Hash(world.StorePath), context);
            Assert.Equal(3, StoreContent.Count(world.StorePath, "loads"));
            Assert.Empty(world.Folders(world.Inbox));
            Assert.Equal(reference.Folders(reference.Archive), world.Folders(world.Archive));
            Assert.Empty(world.Folders(world.Failed));
            Assert.False(File.Exists(Path.Combine(world.Output, NightlyCycle.JournalFile)), context);
            Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(world.Output, "runs")), d => Path.GetFileName(d).StartsWith('.'));
            Assert.Equal(expectedRings, LatestRunFile(world, "rings.csv"));

            if (trial == 0)
            {
                var runs = CliProcess.Run(world.Root, "runs", "--store", world.StorePath, "--output", world.Output);
                Assert.Equal(0, runs.ExitCode);
                Assert.Contains("new=", runs.Output);
            }
        }
        _log.WriteLine(string.Join("\n", report));
    }

    [Fact]
    public async Task Sigterm_mid_load_exits_within_ten_seconds_and_the_store_is_as_before()
    {
        using var world = new World();
        _large.DeliverBase(world.Inbox);
        using var p = new CliProcess(world.Root, world.CliArgs());
        Assert.True(await p.WaitForOutputAsync("[3503]", TimeSpan.FromSeconds(60)), "the load did not start:\n" + p.Output + p.Error);
        await Task.Delay(300);

        var clock = Stopwatch.StartNew();
        p.Terminate();
        bool exited = p.WaitForExit(TimeSpan.FromSeconds(15));
        var elapsed = clock.Elapsed;

        Assert.True(exited, "still running 15 s after SIGTERM:\n" + p.Output);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"exited {elapsed.TotalSeconds:F1} s after SIGTERM");
        Assert.Contains("[3514]", p.Output);          // the cycle says it stopped on request
        Assert.DoesNotContain("[3511]", p.Output);     // ... and did not finish
        Assert.NotEqual(0, p.ExitCode);
        // Rolled back: nothing loaded, the folder still waits in the inbox, and the next start resumes.
        Assert.Equal(0, StoreContent.Count(world.StorePath, "loads"));
        Assert.Equal(0, StoreContent.Count(world.StorePath, "holders"));
        Assert.Equal(["00-base"], world.Folders(world.Inbox));

        var again = CliProcess.Run(world.Root, world.CliArgs());
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Empty(world.Folders(world.Inbox));
        using var clean = new TempDir();
        using (var store = GraphStores.Open(clean.Combine("g.db")))
            new FolderLoader(store).Load(Path.Combine(world.Archive, "00-base"));
        Assert.Equal(StoreContent.Hash(clean.Combine("g.db")), StoreContent.Hash(world.StorePath));
    }

    [Fact]
    public async Task Sigterm_while_waiting_for_the_night_exits_at_once_with_success()
    {
        using var world = new World();
        using var p = new CliProcess(world.Root, "nightly", "--inbox", world.Inbox, "--output", world.Output, "--store", world.StorePath, "--time-zone", "UTC",
            "--at", DateTime.UtcNow.AddHours(12).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await p.WaitForOutputAsync("[3501]", TimeSpan.FromSeconds(60)), "no wake-up was scheduled:\n" + p.Output + p.Error);

        var clock = Stopwatch.StartNew();
        p.Terminate();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(15)), "still running 15 s after SIGTERM");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(0, p.ExitCode);
        Assert.DoesNotContain("[3502]", p.Output);
    }

    [Fact]
    public async Task A_cron_schedule_on_the_command_line_sets_the_next_wake_up()
    {
        using var world = new World();
        using var p = new CliProcess(world.Root, "nightly", "--inbox", world.Inbox, "--output", world.Output, "--store", world.StorePath,
            "--schedule", "30 3 * * *", "--time-zone", "UTC");
        Assert.True(await p.WaitForOutputAsync("[3501]", TimeSpan.FromSeconds(60)), "no wake-up was scheduled:\n" + p.Output + p.Error);
        p.Terminate();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(15)), "still running 15 s after SIGTERM");

        var wakeUp = System.Text.RegularExpressions.Regex.Match(p.Output, @"Next cycle at (\d{4}-\d{2}-\d{2}) 03:30 \+00:00 \(UTC\)");
        Assert.True(wakeUp.Success, p.Output);
        // Today's 03:30 UTC or tomorrow's, whichever comes next.
        var day = DateOnly.ParseExact(wakeUp.Groups[1].Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(day.DayNumber - DateOnly.FromDateTime(DateTime.UtcNow).DayNumber, 0, 1);
    }

    [Fact]
    public void A_schedule_beside_a_time_of_day_is_refused_with_exit_code_two()
    {
        using var world = new World();
        var result = CliProcess.Run(world.Root, [.. world.CliArgs("--schedule", "0 2 * * *", "--at", "02:00")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("keep one of --schedule and --at", result.Error);
    }

    [Fact]
    public void Missing_options_are_all_named_with_their_flags_and_exit_code_two()
    {
        using var dir = new TempDir();

        var result = CliProcess.Run(dir.Path, "nightly", "--once", "--at", "7pm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--inbox DIR", result.Error);
        Assert.Contains("--output DIR", result.Error);
        Assert.Contains("--store PATH", result.Error);
        Assert.Contains("7pm", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }

    [Fact]
    public void Settings_come_from_appsettings_json_with_environment_variables_over_it()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        File.WriteAllText(Path.Combine(world.Root, "appsettings.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Nightly = new { world.Inbox, world.Output, Store = world.StorePath, TimeZone = "Nowhere/Atlantis" },
        }));

        var refused = CliProcess.Run(world.Root, "nightly", "--once");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Nowhere/Atlantis", refused.Error);
        Assert.Equal(["00-base"], world.Folders(world.Inbox));

        var fixedByEnvironment = CliProcess.Run(world.Root, new Dictionary<string, string> { ["FRAUDGRAPH_NIGHTLY__TIMEZONE"] = "Europe/Berlin" }, "nightly", "--once");
        Assert.True(fixedByEnvironment.ExitCode == 0, fixedByEnvironment.Output + fixedByEnvironment.Error);
        Assert.Equal(["00-base"], world.Folders(world.Archive));
        Assert.Equal(1, StoreContent.Count(world.StorePath, "runs"));
    }

    [Fact]
    public async Task A_service_finishes_an_interrupted_cycle_at_start_not_at_night()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        // What a cycle killed after its first commit leaves: the journal (here without a baseline run).
        Directory.CreateDirectory(world.Output);
        File.WriteAllText(Path.Combine(world.Output, NightlyCycle.JournalFile), "{}");
        using var p = new CliProcess(world.Root, "nightly", "--inbox", world.Inbox, "--output", world.Output, "--store", world.StorePath, "--time-zone", "UTC",
            "--at", DateTime.UtcNow.AddHours(12).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(await p.WaitForOutputAsync("[3501]", TimeSpan.FromSeconds(120)), "no wake-up was scheduled:\n" + p.Output + p.Error);
        p.Terminate();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(15)));

        var output = p.Output;
        Assert.Contains("[3513]", output);                                  // resuming
        int finished = output.IndexOf("[3511]", StringComparison.Ordinal);
        Assert.True(finished >= 0 && finished < output.IndexOf("[3501]", StringComparison.Ordinal), "the cycle did not run before the night:\n" + output);
        Assert.Equal(["00-base"], world.Folders(world.Archive));
        Assert.False(File.Exists(Path.Combine(world.Output, NightlyCycle.JournalFile)));
        Assert.Equal(1, StoreContent.Count(world.StorePath, "runs"));
    }
}
