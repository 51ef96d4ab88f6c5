using System.Text.Json;

namespace Graph.Cli.Tests;

/// <summary>
/// <c>analyze</c> onto a full filesystem (issue 16, defect 3): a small tmpfs as the output folder, sized so the disk
/// fills part-way through the outputs. Nothing invalid may be left there, and the run must not be in the store.
/// </summary>
public sealed class FullDiskTests
{
    private static readonly string[] OutputFiles = ["rings.csv", "rings.xlsx", "ring_members.csv", "rings.json", "run.json"];

    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [MountTheory]
    [InlineData("rings.csv", 0.5)]
    [InlineData("rings.json", 0.5)]
    public void Analyze_onto_a_full_disk_leaves_no_invalid_output_and_no_run_in_the_store(string fillsDuring, double share)
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "3000", "--seed", "11", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "load", dir.Combine("data")));
        File.Copy(dir.Combine("fraudgraph.db"), dir.Combine("full.db"));

        // The sizes the outputs take, from the same analysis onto an ordinary disk.
        Ok(CliProcess.Run(dir.Path, "analyze", "--out", dir.Combine("sizes")));
        long before = 0;
        foreach (var f in OutputFiles)
        {
            if (f == fillsDuring) break;
            before += RoundUpToPage(new FileInfo(dir.Combine("sizes", f)).Length);
        }
        long size = before + RoundUpToPage((long)(new FileInfo(dir.Combine("sizes", fillsDuring)).Length * share));

        var full = dir.Combine("full");
        Directory.CreateDirectory(full);
        Mounts.Tmpfs(full, size);
        try
        {
            var r = CliProcess.Run(dir.Path, "--store", dir.Combine("full.db"), "analyze", "--out", full);
            Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");
            Assert.Contains("No space left on device", r.Error);
            Assert.DoesNotContain("   at ", r.Error); // a message, not a stack trace

            // Only complete outputs may be there, and here none can be (they did not all fit); no temporary file either.
            Assert.Empty(Directory.EnumerateFileSystemEntries(full));
        }
        finally
        {
            Mounts.Unmount(full);
        }
        var runs = CliProcess.Run(dir.Path, "--store", dir.Combine("full.db"), "runs");
        Ok(runs);
        Assert.Contains("No analysis runs", runs.Output);

        // With room, the same analysis completes: every output there and valid.
        Ok(CliProcess.Run(dir.Path, "--store", dir.Combine("full.db"), "analyze", "--out", full));
        foreach (var f in OutputFiles) Assert.True(File.Exists(Path.Combine(full, f)), f);
        using (JsonDocument.Parse(File.ReadAllBytes(Path.Combine(full, "rings.json")))) { }
        using (JsonDocument.Parse(File.ReadAllBytes(Path.Combine(full, "run.json")))) { }
    }

    private static long RoundUpToPage(long bytes) => (bytes + 4095) / 4096 * 4096;
}
