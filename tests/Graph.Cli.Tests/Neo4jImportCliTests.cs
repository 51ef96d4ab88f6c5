using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Graph.Cli.Tests;

/// <summary>
/// <c>fraudgraph neo4j-import</c> for real: its files go through the 3.1.1 distribution's own <c>bin/neo4j-import</c>
/// into a fresh database, a second server (other port, other folder) starts on it, and that database must hold what
/// the online load writes into the shared test server, and read like the embedded store (<c>stats</c>, <c>analyze</c>).
/// </summary>
[Collection(Neo4jCliCollection.Name)]
public sealed class Neo4jImportCliTests(Neo4jCliServer server)
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    /// <summary>A complaint text with everything CSV and the importers' quoting could get wrong, ending in a backslash.</summary>
    private const string AwkwardText = "第一行, with a comma\n\"quoted\" and \\\"escaped\\\" C:\\path\\\r\nlast line ends in a backslash \\";

    [Neo4j31CliFact]
    public void An_imported_insurer_is_the_graph_the_online_load_writes_and_reads_like_the_embedded_store()
    {
        var sharedUrl = server.RequireUrl();
        using var dir = new TempDir();
        var data = dir.Combine("data");
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "2000", "--seed", "13", "--out", data));
        var holder = AddAwkwardRecords(data);

        // The embedded store: counts before and after an analysis, and the rings.
        var local = dir.Combine("local.db");
        Ok(CliProcess.Run(dir.Path, "--store", local, "load", data));
        var localStats = CliProcess.Run(dir.Path, "--store", local, "stats");
        Ok(localStats);
        Ok(CliProcess.Run(dir.Path, "--store", local, "analyze", "--out", dir.Combine("out-sqlite")));
        var localStatsAfter = CliProcess.Run(dir.Path, "--store", local, "stats");
        Ok(localStatsAfter);

        // The import files, and the 3.x command exactly as printed, run with the 3.1.1 distribution's bin/neo4j-import.
        var import = CliProcess.Run(dir.Path, "neo4j-import", data, "--out", dir.Combine("import"));
        Ok(import);
        Assert.Contains("neo4j-admin database import full", import.Output);
        var command = File.ReadAllLines(dir.Combine("import", "import-commands.txt")).Select(l => l.Trim()).Single(l => l.StartsWith("JAVA_OPTS=", StringComparison.Ordinal));
        Assert.Contains(command, import.Output);
        const string tool = " bin/neo4j-import --into data/databases/graph.db ";
        Assert.Contains(tool, command);
        var home = dir.Combine("neo4j-home");
        Directory.CreateDirectory(home);
        var dist = Script("dist").Output.Trim();
        var imported = Bash(command.Replace(tool, $" bash '{dist}/bin/neo4j-import' --into data/databases/graph.db ", StringComparison.Ordinal), home);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("IMPORT DONE", imported.Output);

        var started = Script("start", home);
        Assert.True(started.ExitCode == 0, started.Output);
        var url = Export(started.Output, "FRAUDGRAPH_NEO4J_URL");
        var pid = Export(started.Output, "FRAUDGRAPH_NEO4J_PID");
        try
        {
            // The first command creates the uniqueness constraints the online store makes; stats match the embedded store's.
            var stats = CliProcess.Run(dir.Path, "--store", url, "stats");
            Ok(stats);
            Assert.Equal(localStats.Output, stats.Output);

            // The graph is the one the online load writes: counts per label and type, keys and properties.
            server.Wipe();
            Ok(CliProcess.Run(dir.Path, "--store", sharedUrl, "load", data));
            var online = Neo4jGraphContent.Read(sharedUrl);
            var offline = Neo4jGraphContent.Read(url);
            Assert.True(online.SameAs(offline), $"online  {online}\nimported {offline}");
            Assert.Equal(Constraints(sharedUrl), Constraints(url));
            Assert.Equal(19, Constraints(url).Count);

            // The awkward records are there as written (and so in the online graph too, by the checksum).
            Assert.Equal(AwkwardText, Value(url, "MATCH (m:Complaint {complaint_id: 'M99999991'}) RETURN m.text").GetString());
            Assert.Equal("王\"小\\明", Value(url, $"MATCH (h:Policyholder {{holder_id: '{holder}'}}) RETURN h.name").GetString());
            Assert.True(Value(url, "MATCH (p:Policy {policy_id: 'P-UNKNOWN-1'}) RETURN p.is_stub").GetBoolean());
            Assert.True(Value(url, "MATCH (h:Policyholder {holder_id: 'H-GHOST'}) RETURN h.is_stub").GetBoolean());
            Assert.Equal(0, Value(url, "MATCH (c:Phone {value: '13900000003'}) RETURN count(c)").GetInt64());
            Assert.Equal(1, Value(url, "MATCH (:Policyholder)-[:LINKED_TO]->(c:Phone {value: '13900000004'}) RETURN count(c)").GetInt64());
            Assert.Equal("north\\east \"x\"", Value(url, "MATCH (a:Agent) WHERE a.region IS NOT NULL RETURN a.region LIMIT 1").GetString());

            // It counts as a finished load of the folder, and analyze finds what the embedded store finds.
            var again = CliProcess.Run(dir.Path, "--store", url, "load", data);
            Ok(again);
            Assert.Contains("is already loaded", again.Output);
            Ok(CliProcess.Run(dir.Path, "--store", url, "analyze", "--out", dir.Combine("out-neo4j")));
            foreach (var file in new[] { "rings.csv", "ring_members.csv" })
                Assert.Equal(File.ReadAllText(dir.Combine("out-sqlite", file)), File.ReadAllText(dir.Combine("out-neo4j", file)));
            Assert.True(File.ReadLines(dir.Combine("out-neo4j", "rings.csv")).Count() > 1);
            var statsAfter = CliProcess.Run(dir.Path, "--store", url, "stats");
            Ok(statsAfter);
            Assert.Equal(localStatsAfter.Output, statsAfter.Output);
        }
        finally
        {
            Script("stop", pid);
        }
    }

    [Fact]
    public void Import_files_go_only_into_a_new_or_empty_folder_and_malformed_input_leaves_none()
    {
        using var dir = new TempDir();
        Ok(CliProcess.Run(dir.Path, "generate", "--holders", "500", "--seed", "3", "--out", dir.Combine("data")));
        Directory.CreateDirectory(dir.Combine("taken"));
        File.WriteAllText(dir.Combine("taken", "keep.txt"), "mine");
        var refused = CliProcess.Run(dir.Path, "neo4j-import", dir.Combine("data"), "--out", dir.Combine("taken"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is not empty; name a new or empty folder for the import files", refused.Error);
        Assert.Equal("mine", File.ReadAllText(dir.Combine("taken", "keep.txt")));

        File.WriteAllText(dir.Combine("data", "policies.csv"), "policy_id,holder_id\n\"P1,H1\n");
        var malformed = CliProcess.Run(dir.Path, "neo4j-import", dir.Combine("data"), "--out", dir.Combine("import"));
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("policies.csv, line 2", malformed.Error);
        Assert.Equal(new[] { "data", "taken" }, Directory.GetFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)!).Order().ToArray());
    }

    /// <summary>
    /// Adds records the generator never makes: a repeated holder (last write wins, its old phone unlinked), a complaint
    /// with awkward text on an unknown policy (a stub), one naming only an unknown policy (no holder to attribute), a
    /// surrender by an unknown holder, a repeated contact change whose first version named a phone nobody else has, and
    /// an extra agents.csv column. Returns the repeated holder's id.
    /// </summary>
    private static string AddAwkwardRecords(string data)
    {
        var holders = Path.Combine(data, "policyholders.csv");
        var first = File.ReadLines(holders).Skip(1).First();
        var holder = first[..first.IndexOf(',', StringComparison.Ordinal)];
        var policy = File.ReadLines(Path.Combine(data, "policies.csv")).Skip(1).First().Split(',')[0];
        Append(holders, new() { ["holder_id"] = holder, ["name"] = "王\"小\\明", ["phone"] = "13900000001", ["created_at"] = "2016-01-01T08:00:00+08:00" });
        Append(Path.Combine(data, "complaints.csv"), new()
        {
            ["complaint_id"] = "M99999991", ["policy_id"] = "P-UNKNOWN-1", ["holder_id"] = holder, ["filed_at"] = "2023-06-01T10:00:00+08:00",
            ["channel"] = "letter", ["contact_phone"] = "13900000002", ["text"] = AwkwardText,
        });
        Append(Path.Combine(data, "complaints.csv"), new() { ["complaint_id"] = "M99999992", ["policy_id"] = "P-UNKNOWN-2", ["filed_at"] = "2023-06-02T10:00:00+08:00", ["channel"] = "online" });
        Append(Path.Combine(data, "surrender_requests.csv"), new()
        {
            ["request_id"] = "S99999991", ["policy_id"] = policy, ["holder_id"] = "H-GHOST", ["requested_at"] = "2023-06-03T10:00:00+08:00",
            ["amount"] = "1000.50", ["contact_phone"] = "13900000005", ["channel"] = "agent", ["status"] = "pending",
        });
        var changes = Path.Combine(data, "contact_changes.csv");
        Append(changes, new() { ["change_id"] = "C99999991", ["holder_id"] = holder, ["field"] = "phone", ["new_value"] = "13900000003", ["changed_at"] = "2023-06-04T10:00:00+08:00" });
        Append(changes, new() { ["change_id"] = "C99999991", ["holder_id"] = holder, ["field"] = "phone", ["new_value"] = "13900000004", ["changed_at"] = "2023-06-04T11:00:00+08:00" });

        var agents = Path.Combine(data, "agents.csv");
        var lines = File.ReadAllLines(agents);
        for (int i = 0; i < lines.Length; i++) lines[i] += i == 0 ? ",region" : i % 3 == 0 ? ",\"north\\east \"\"x\"\"\"" : ",";
        File.WriteAllLines(agents, lines);
        return holder;
    }

    /// <summary>Appends a row with these columns (others empty), in the file's column order, RFC 4180 quoted.</summary>
    private static void Append(string file, Dictionary<string, string> values)
    {
        var header = File.ReadLines(file).First().Split(',');
        var row = header.Select(c => values.TryGetValue(c, out var v) ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : "");
        var text = File.ReadAllText(file);
        File.AppendAllText(file, (text.EndsWith('\n') ? "" : "\n") + string.Join(',', row) + "\n");
    }

    private static List<string> Constraints(string url) =>
        Value(url, "CALL db.constraints() YIELD description RETURN collect(description)").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList();

    private static JsonElement Value(string url, string statement) =>
        Neo4jCliServer.Scalar(url, modern: false, statement) ?? throw new InvalidOperationException($"no row: {statement}");

    private static string Export(string output, string name) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith($"export {name}=", StringComparison.Ordinal))[$"export {name}=".Length..];

    /// <summary>.ci/neo4j.sh with these arguments; stdout and stderr together.</summary>
    private static (int ExitCode, string Output) Script(params string[] args)
    {
        string? script = null;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null && script is null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, ".ci", "neo4j.sh"))) script = Path.Combine(d.FullName, ".ci", "neo4j.sh");
        Assert.NotNull(script);
        // A small heap: the second server holds a test-sized graph, beside the shared one.
        return Run(new ProcessStartInfo("bash", [script, .. args]) { Environment = { ["FRAUDGRAPH_NEO4J_HEAP"] = "1g" } });
    }

    private static (int ExitCode, string Output) Bash(string commandLine, string workingDirectory) =>
        Run(new ProcessStartInfo("bash", ["-c", commandLine]) { WorkingDirectory = workingDirectory });

    private static (int ExitCode, string Output) Run(ProcessStartInfo psi)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
