namespace Graph.Cli.Tests;

/// <summary>
/// Input and stores on read-only media (issue 16, defects 5 and 6): a read-only input folder loads with
/// <c>--quarantine DIR</c>, reading commands read a read-only store, and writing commands say which file and why.
/// </summary>
public sealed class ReadOnlyMediaTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [MountFact]
    public void A_read_only_input_folder_with_rows_to_quarantine_loads_with_quarantine_elsewhere()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "1000", "--seed", "2", "--out", dir.Combine("data")));
        File.AppendAllText(dir.Combine("data", "policyholders.csv"), ",a row without its key,,,,,\n");
        Mounts.ReadOnly(dir.Combine("data"));
        try
        {
            var refused = CliProcess.Run(dir.Path, "load", dir.Combine("data"));
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains(dir.Combine("data", "quarantine"), refused.Error);
            Assert.Contains("--quarantine DIR", refused.Error);
            Assert.Contains("No analysis runs", CliProcess.Run(dir.Path, "runs").Output);
            Assert.Contains("Policyholder", CliProcess.Run(dir.Path, "stats").Output);
            Assert.Matches(@"Policyholder\s+0\b", CliProcess.Run(dir.Path, "stats").Output); // the failed load wrote nothing

            var loaded = CliProcess.Run(dir.Path, "load", dir.Combine("data"), "--quarantine", dir.Combine("q"));
            Ok(loaded);
            Assert.Contains("quarantined=1", loaded.Output);
            Assert.Contains(dir.Combine("q"), loaded.Output);
            Assert.Contains("missing holder_id", File.ReadAllText(dir.Combine("q", "policyholders.csv")));
        }
        finally
        {
            Mounts.Unmount(dir.Combine("data"));
        }
    }

    [MountFact]
    public void A_read_only_store_is_read_by_reading_commands_and_a_writing_command_names_the_file_and_why()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("store"));
        var store = dir.Combine("store", "graph.db");
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "1000", "--seed", "2", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "--store", store, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        Mounts.ReadOnly(dir.Combine("store"));
        try
        {
            var stats = CliProcess.Run(dir.Path, "--store", store, "stats");
            Ok(stats);
            Assert.Matches(@"Policyholder\s+[1-9][0-9,]*\n", stats.Output);
            var runs = CliProcess.Run(dir.Path, "--store", store, "runs");
            Ok(runs);
            Assert.Contains("run-", runs.Output);
            Ok(CliProcess.Run(dir.Path, "--store", store, "audit"));

            var load = CliProcess.Run(dir.Path, "--store", store, "load", dir.Combine("data"));
            Assert.Equal(1, load.ExitCode);
            Assert.Contains(store, load.Error);
            Assert.Contains("cannot be opened for writing", load.Error);
            Assert.Contains("Read-only file system", load.Error);
            Assert.DoesNotContain("   at ", load.Error);
        }
        finally
        {
            Mounts.Unmount(dir.Combine("store"));
        }
    }
}
