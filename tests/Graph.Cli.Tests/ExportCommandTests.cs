namespace Graph.Cli.Tests;

/// <summary>End-to-end tests of <c>fraudgraph export</c>, <c>verify</c> and <c>audit</c>, and of an unreachable server store.</summary>
public sealed class ExportCommandTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [Fact]
    public void Flagged_rings_export_to_packages_that_verify_until_a_byte_changes()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "5000", "--seed", "7", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        var flagged = File.ReadLines(dir.Combine("out", "rings.csv")).Skip(1).Where(l => l.Split(',')[2] == "true").Select(l => l.Split(',')[0]).ToList();
        Assert.NotEmpty(flagged);

        Ok(CliProcess.Run(dir.Path, "export", "--flagged", "--out", dir.Combine("pk")));
        foreach (var ring in flagged)
        {
            Assert.True(Directory.Exists(dir.Combine("pk", ring)), ring);
            Assert.True(File.Exists(dir.Combine("pk", ring + ".zip")), ring);
        }
        var package = dir.Combine("pk", flagged[0]);
        Ok(CliProcess.Run(dir.Path, "verify", package));
        Ok(CliProcess.Run(dir.Path, "verify", package + ".zip"));

        var report = Path.Combine(package, "report.html");
        var bytes = File.ReadAllBytes(report);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(report, bytes);
        var tampered = CliProcess.Run(dir.Path, "verify", package);
        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("report.html", tampered.Output + tampered.Error);

        // Exporting again over existing packages is refused without --force.
        Assert.NotEqual(0, CliProcess.Run(dir.Path, "export", "--ring", flagged[0], "--out", dir.Combine("pk")).ExitCode);
    }

    [Fact]
    public void Unmasked_export_needs_a_reason_and_is_audited()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "3000", "--seed", "7", "--out", dir.Combine("data")));
        Ok(CliProcess.Run(dir.Path, "run", dir.Combine("data"), "--out", dir.Combine("out")));
        var ring = File.ReadLines(dir.Combine("out", "rings.csv")).Skip(1).First().Split(',')[0];

        var refused = CliProcess.Run(dir.Path, "export", "--ring", ring, "--out", dir.Combine("pk"), "--unmasked", "--operator", "li.wei");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--reason", refused.Error);
        Assert.DoesNotContain(ring, CliProcess.Run(dir.Path, "audit").Output);

        Ok(CliProcess.Run(dir.Path, "export", "--ring", ring, "--out", dir.Combine("pk"), "--unmasked", "--operator", "li.wei", "--reason", "police request 2026-117"));
        var audit = CliProcess.Run(dir.Path, "audit");
        Ok(audit);
        Assert.Contains(ring, audit.Output);
        Assert.Contains("li.wei", audit.Output);
        Assert.Contains("police request 2026-117", audit.Output);
    }

    [Fact]
    public void A_reason_with_a_line_break_is_refused_and_an_old_entry_holding_one_prints_escaped_on_one_line()
    {
        using var dir = new TempDir();
        const string forged = "case 1\n2024-01-01 00:00:00  admin  export-unmasked  R-000002";
        var refused = CliProcess.Run(dir.Path, "export", "--ring", "R-000001", "--out", dir.Combine("pk"), "--unmasked", "--operator", "li.wei", "--reason", forged);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--reason holds a line break", refused.Error);
        Assert.False(Directory.Exists(dir.Combine("pk")));

        // An entry from before such reasons were refused, written straight into the store's table.
        var storePath = dir.Combine("fraudgraph.db");
        Graph.Storage.GraphStores.Open(storePath).Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storePath};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO audit_log(at, operator, action, ring_id, reason, package_sha256) VALUES('2024-05-01T10:00:00.0000000+00:00', $op, 'export-unmasked', 'R-000001', $reason, NULL)";
            insert.Parameters.AddWithValue("$op", "li\u202Ewei");
            insert.Parameters.AddWithValue("$reason", forged);
            insert.ExecuteNonQuery();
        }
        var audit = CliProcess.Run(dir.Path, "audit");
        Ok(audit);
        var lines = audit.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // the header and the one entry
        Assert.Contains("case 1\\n2024-01-01", lines[1]);
        Assert.Contains("li\\u202Ewei", lines[1]);
        Assert.DoesNotContain('\u202E', audit.Output);
    }

    [Fact]
    public void An_unreachable_server_store_is_a_clear_error_with_exit_code_1()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(dir.Path, "--store", "http://127.0.0.1:1", "stats");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("127.0.0.1:1", r.Error);
        Assert.DoesNotContain("   at ", r.Error); // a message, not a stack trace
    }
}
