using System.Diagnostics;

namespace Graph.Cli.Tests;

/// <summary>
/// Issue 15: Ctrl+C during <c>load</c> stops it promptly and leaves the store as it was. Run alone, after the other
/// tests of this project: the 2 s measure the load's response to the signal, not the CPU that this project's other
/// CLI processes take from it on a two-core machine (in parallel with them it missed 2 s in CI at a load average of 10).
/// </summary>
[Collection(Name)]
public sealed class LoadInterruptTests
{
    public const string Name = "Ctrl+C timing, run alone";

    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [Fact]
    public async Task Ctrl_C_during_a_load_stops_it_within_2_seconds_and_leaves_the_store_as_before()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "1000", "--seed", "3", "--out", dir.Combine("small")));
        // Big enough that the load is still writing when the signal comes (its files are read in the contract's order).
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "150000", "--seed", "4", "--out", dir.Combine("big")));

        // On a busy machine the signal can arrive after the load has already committed (its last seconds are the
        // commit, which Ctrl+C also stops): then the premise did not hold, and it is tried again on a fresh store.
        // A load that ignores the signal completes every time and fails below.
        for (int attempt = 1; ; attempt++)
        {
            var store = dir.Combine($"fraudgraph-{attempt}.db");
            Ok(CliProcess.Run(dir.Path, "--store", store, "load", dir.Combine("small")));
            var before = StoreContent.Hash(store);

            using var load = new CliProcess(dir.Path, "--store", store, "load", dir.Combine("big"));
            Assert.True(await load.WaitForOutputAsync("policies.csv:", TimeSpan.FromMinutes(3)), load.Output + load.Error);
            Assert.False(load.HasExited, "the load ended before it could be interrupted: " + load.Output + load.Error);
            load.Interrupt();
            var sinceSignal = Stopwatch.StartNew();
            bool exited = load.WaitForExit(TimeSpan.FromSeconds(60));
            sinceSignal.Stop();
            Assert.True(exited, $"still running {sinceSignal.Elapsed.TotalSeconds:F1} s after SIGINT\n{load.Output}\n{load.Error}");
            if (load.ExitCode == 0 && attempt < 3) continue;
            Assert.True(sinceSignal.Elapsed < TimeSpan.FromSeconds(2), $"ran {sinceSignal.Elapsed.TotalSeconds:F1} s after SIGINT\n{load.Output}\n{load.Error}");

            Assert.Equal(1, load.ExitCode);
            Assert.Contains("cancelled", load.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("total:", load.Output, StringComparison.Ordinal);
            Assert.Equal(before, StoreContent.Hash(store));
            // And the store still takes the same load in full afterwards.
            var again = CliProcess.Run(dir.Path, "--store", store, "load", dir.Combine("big"));
            Ok(again);
            Assert.Contains("total:", again.Output, StringComparison.Ordinal);
            Assert.NotEqual(before, StoreContent.Hash(store));
            return;
        }
    }
}

[CollectionDefinition(LoadInterruptTests.Name, DisableParallelization = true)]
public sealed class LoadInterruptCollection;
