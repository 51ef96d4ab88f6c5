using System.Text.RegularExpressions;

namespace Graph.Cli.Tests;

/// <summary>
/// <c>fraudgraph load</c> into the real Neo4j server (3.1.1 in CI): resumable batches by default, a load killed with
/// SIGKILL and run again ends in the graph of an uninterrupted load, analysis refuses an unfinished load and says
/// how to finish it, a finished load run again changes nothing and says so.
/// </summary>
[Collection(Neo4jCliCollection.Name)]
public sealed class Neo4jLoadCliTests(Neo4jCliServer server)
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    /// <summary>Batches the unfinished load has committed, or null when no load is unfinished.</summary>
    private long? BatchesDone() => server.Scalar("MATCH (l:Load) WHERE l.committed_at IS NULL RETURN size(l.done_from)")?.GetInt64();

    [Neo4jCliFact]
    public void A_load_killed_at_three_random_moments_and_run_again_each_time_ends_in_the_graph_of_an_uninterrupted_load()
    {
        var url = server.RequireUrl();
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "3000", "--seed", "11", "--out", dir.Combine("data")));
        string[] load = ["--store", url, "load", dir.Combine("data"), "--batch-size", "200"];

        server.Wipe();
        var uninterrupted = CliProcess.Run(dir.Path, load);
        Ok(uninterrupted);
        var batches = int.Parse(Regex.Match(uninterrupted.Output, @"Neo4j: (\d+) batches of up to 200 records").Groups[1].Value);
        Assert.True(batches >= 30, uninterrupted.Output);
        var expected = Neo4jGraphContent.Read(url);

        // Three moments, as points in the load: after a random number of committed batches, plus a random delay, so
        // a kill lands between batches or in the middle of one. Within the first three quarters of the load: the last
        // batches are small, and a load a few batches from its end can finish while the test polls and waits (CI, seed
        // 8627248: killed at 38 after the load had closed its journal; seed 47721683: at 34 of 41, seven from the end).
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var targets = Enumerable.Range(0, 3).Select(_ => random.Next(1, batches * 3 / 4)).Order().ToArray();
        server.Wipe();
        var log = new List<string>();
        foreach (var target in targets)
        {
            using var process = new CliProcess(dir.Path, load);
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!process.HasExited && (BatchesDone() ?? 0) < target && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Thread.Sleep(random.Next(0, 150));
            Assert.False(process.HasExited, $"the load finished before the kill at {target} batches (seed {seed}):\n{process.Output}{process.Error}");
            process.Kill();
            var done = BatchesDone();
            log.Add($"killed at {target}: {done} batches committed");
            Assert.True(done >= target, $"seed {seed}: {string.Join("; ", log)}");

            // Analysis refuses the half-done graph and says how to finish it.
            var analyze = CliProcess.Run(dir.Path, "--store", url, "analyze", "--out", dir.Combine("out"));
            Assert.Equal(1, analyze.ExitCode);
            Assert.Contains("Run the same load command again", analyze.Error);
        }

        var resumed = CliProcess.Run(dir.Path, load);
        Ok(resumed);
        Assert.Contains("resumed an interrupted load", resumed.Output);
        Assert.Null(BatchesDone());
        var actual = Neo4jGraphContent.Read(url);
        Assert.True(expected.SameAs(actual), $"seed {seed}: {string.Join("; ", log)}\nexpected {expected}\nactual   {actual}");

        var again = CliProcess.Run(dir.Path, load);
        Ok(again);
        Assert.Contains("is already loaded", again.Output);
        Assert.Contains("nothing changed", again.Output);
        Assert.True(expected.SameAs(Neo4jGraphContent.Read(url)));
    }

    [Neo4jCliFact]
    public void Load_prints_how_it_wrote_to_neo4j_and_an_atomic_load_gives_the_same_graph()
    {
        var url = server.RequireUrl();
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "800", "--seed", "5", "--out", dir.Combine("data")));

        server.Wipe();
        var batched = CliProcess.Run(dir.Path, "--store", url, "load", dir.Combine("data"));
        Ok(batched);
        Assert.Matches(@"Neo4j: \d+ batches of up to 5,000 records, each committed with its entry in the load journal; " +
                       @"a first load into an empty graph: [\d,]+ records created rather than merged; 0 transient errors retried\.", batched.Output);
        var expected = Neo4jGraphContent.Read(url);

        server.Wipe();
        var atomic = CliProcess.Run(dir.Path, "--store", url, "load", dir.Combine("data"), "--atomic", "--batch-size", "500");
        Ok(atomic);
        Assert.Matches(@"Neo4j: one transaction \(--atomic\), \d+ requests of up to 500 records; 0 transient errors retried\.", atomic.Output);
        Assert.True(expected.SameAs(Neo4jGraphContent.Read(url)));
    }

    [Fact]
    public void A_batch_size_out_of_range_is_a_command_line_error()
    {
        using var dir = new TempDir();
        var result = CliProcess.Run(dir.Path, "--store", "http://127.0.0.1:9", "load", dir.Path, "--batch-size", "10");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--batch-size 10 is out of range: use 100 to 50,000 records per batch.", result.Error);
    }
}
