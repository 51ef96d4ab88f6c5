using System.Diagnostics;

namespace Graph.Cli.Tests;

/// <summary>End-to-end tests of <c>fraudgraph generate</c>, <c>load</c> and <c>stats</c> through the real executable.</summary>
public sealed class LoadCommandTests
{
    private static CliResult Fraudgraph(TempDir dir, params string[] args)
    {
        var result = CliProcess.Run(dir.Path, args);
        return result;
    }

    private static void Generate(TempDir dir, int holders, string name = "data")
    {
        var r = Fraudgraph(dir, "generate", "--holders", holders.ToString(), "--seed", "7", "--out", dir.Combine(name), "--truth", dir.Combine(name + "-truth.json"));
        Assert.True(r.ExitCode == 0, r.Error);
    }

    [Fact]
    public void Load_prints_read_equals_loaded_plus_quarantined_for_every_file()
    {
        using var dir = new TempDir();
        Generate(dir, 3000);
        var r = Fraudgraph(dir, "load", dir.Combine("data"));
        Assert.True(r.ExitCode == 0, r.Error);
        var lines = r.Output.Split('\n').Where(l => l.Contains("read=")).ToList();
        Assert.Contains(lines, l => l.StartsWith("policyholders.csv:"));
        Assert.Contains(lines, l => l.StartsWith("total:"));
        foreach (var line in lines)
        {
            long Read(string key) => long.Parse(line.Split(' ').First(t => t.StartsWith(key + "=")).Split('=')[1]);
            Assert.Equal(Read("read"), Read("loaded") + Read("quarantined"));
        }
        Assert.True(lines.Sum(l => l.StartsWith("total:") ? 0 : 1) >= 6, r.Output);
    }

    [Fact]
    public void Load_twice_changes_nothing_and_says_so()
    {
        using var dir = new TempDir();
        Generate(dir, 2000);
        Assert.Equal(0, Fraudgraph(dir, "load", dir.Combine("data")).ExitCode);
        var before = StoreContent.Hash(dir.Combine("fraudgraph.db"));
        var stats1 = Fraudgraph(dir, "stats").Output;
        var second = Fraudgraph(dir, "load", dir.Combine("data"));
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("nothing changed", second.Output);
        Assert.Equal(before, StoreContent.Hash(dir.Combine("fraudgraph.db")));
        Assert.Equal(stats1, Fraudgraph(dir, "stats").Output);
    }

    [Fact]
    public void Malformed_file_exits_2_names_file_and_line_and_leaves_store_untouched()
    {
        using var dir = new TempDir();
        Generate(dir, 1000);
        Assert.Equal(0, Fraudgraph(dir, "load", dir.Combine("data")).ExitCode);
        var before = StoreContent.Hash(dir.Combine("fraudgraph.db"));

        // A second folder: valid holders and policies, then a complaint with a quote that never closes.
        var bad = dir.Combine("bad");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "policyholders.csv"), "holder_id,name,id_number,phone,address,city,created_at\nH9,王五,,13800000000,北京,北京,2024-01-01\n");
        File.WriteAllText(Path.Combine(bad, "policies.csv"), "policy_id,holder_id,agent_id,product,premium,issued_at,status\nP9,H9,,life,100,2024-01-01,in_force\n");
        File.WriteAllText(Path.Combine(bad, "complaints.csv"),
            "complaint_id,policy_id,holder_id,filed_at,channel,contact_phone,sender_address,representative_name,representative_id_number,representative_phone,demand,text\n" +
            "M1,P9,H9,2024-02-01,regulator,,,,,,refund,ok\n" +
            "M2,P9,H9,2024-02-02,regulator,,,,,,refund,\"never closed\n");
        var r = Fraudgraph(dir, "load", bad);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("complaints.csv", r.Error);
        Assert.Contains("line 3", r.Error);
        Assert.Equal(before, StoreContent.Hash(dir.Combine("fraudgraph.db")));
    }

    [Fact]
    public void Missing_required_column_exits_2_and_names_the_column()
    {
        using var dir = new TempDir();
        var bad = dir.Combine("bad");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "policyholders.csv"), "name,phone\n王五,13800000000\n");
        File.WriteAllText(Path.Combine(bad, "policies.csv"), "policy_id,holder_id\nP1,H1\n");
        var r = Fraudgraph(dir, "load", bad);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("policyholders.csv", r.Error);
        Assert.Contains("holder_id", r.Error);
    }

    [Fact]
    public void Killed_load_leaves_the_store_as_it_was()
    {
        using var dir = new TempDir();
        Generate(dir, 1000, "small");
        Assert.Equal(0, Fraudgraph(dir, "load", dir.Combine("small")).ExitCode);
        var db = dir.Combine("fraudgraph.db");
        var before = StoreContent.Hash(db);

        // Big enough that the load is still far from its commit when the kill arrives: the first progress line
        // of policies.csv comes after 50,000 of its ~390,000 rows, with every event file still to go. (With 60,000
        // holders a quiet machine committed before the kill landed.)
        Generate(dir, 300_000, "big");
        using var p = Process.Start(CliProcess.StartInfo(dir.Path, "load", dir.Combine("big")))!;
        using var sawProgress = new ManualResetEventSlim();
        var finished = false;
        p.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("policies.csv") == true) sawProgress.Set(); };
        p.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("total:") == true) finished = true; };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        bool reached = sawProgress.Wait(TimeSpan.FromMinutes(2));
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
        Assert.True(reached, "the load never reported progress on policies.csv");
        Assert.False(finished, "the load committed before it could be killed: the test proves nothing, make the data bigger");
        Assert.NotEqual(0, p.ExitCode);

        Assert.Equal(before, StoreContent.Hash(db));
        var stats = Fraudgraph(dir, "stats");
        Assert.Equal(0, stats.ExitCode);
    }

    [Fact]
    public void Stats_prints_the_same_text_for_the_same_store_and_masks_values()
    {
        using var dir = new TempDir();
        Generate(dir, 2000);
        Assert.Equal(0, Fraudgraph(dir, "load", dir.Combine("data")).ExitCode);
        var a = Fraudgraph(dir, "stats");
        var b = Fraudgraph(dir, "stats");
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Output, b.Output);
        Assert.Contains("Policyholder", a.Output);
        Assert.DoesNotMatch(@"(?<!\d)1[3-9]\d{9}(?!\d)", a.Output);
    }

    [Fact]
    public void Every_command_has_help()
    {
        using var dir = new TempDir();
        foreach (var command in new[] { "generate", "load", "stats", "demo" })
        {
            var r = Fraudgraph(dir, command, "--help");
            Assert.True(r.ExitCode == 0, command);
            Assert.Contains("--store", r.Output);
        }
    }
}
