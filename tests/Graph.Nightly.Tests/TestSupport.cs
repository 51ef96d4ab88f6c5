using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Graph.Synthetic;
using Microsoft.Data.Sqlite;

namespace Graph.Nightly.Tests;

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fg-nightly-test-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A generated insurer (base folder plus increments, with its truth file), written once per fixture; tests copy its
/// folders into their own inbox.
/// </summary>
public class GeneratedInsurer : IDisposable
{
    public GeneratedInsurer() : this(5_000, 2) { }

    protected GeneratedInsurer(int holders, int increments)
    {
        Root = Directory.CreateTempSubdirectory("fg-nightly-gen-").FullName;
        BaseFolder = System.IO.Path.Combine(Root, "gen", "base");
        TruthPath = System.IO.Path.Combine(Root, "truth.json");
        new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = 1, Increments = increments }).Generate(BaseFolder, TruthPath);
        Increments = increments;
        Truth = Nightly.Tests.Truth.Read(TruthPath);
    }

    public string Root { get; }
    public string BaseFolder { get; }
    public string TruthPath { get; }
    public int Increments { get; }
    public Truth Truth { get; }

    public string IncrementFolder(int k) => InsurerGenerator.IncrementDirectory(BaseFolder, k);

    /// <summary>Copies the base folder (adding a ready marker, which the generator writes only for increments) into <paramref name="inbox"/>.</summary>
    public string DeliverBase(string inbox, string name = "00-base") => Deliver(BaseFolder, inbox, name, ready: true);

    public string DeliverIncrement(int k, string inbox, string? name = null) =>
        Deliver(IncrementFolder(k), inbox, name ?? $"{k:D2}-increment", ready: true);

    public static string Deliver(string source, string inbox, string name, bool ready)
    {
        var target = System.IO.Path.Combine(inbox, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (System.IO.Path.GetFileName(file) == NightlyOptions.ReadyMarker) continue;
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
        if (ready) File.WriteAllText(System.IO.Path.Combine(target, NightlyOptions.ReadyMarker), "");
        return target;
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The generator's truth file, as far as these tests read it.</summary>
public sealed record Truth(IReadOnlyList<TruthGroup> Groups)
{
    public static Truth Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var groups = new List<TruthGroup>();
        foreach (var g in doc.RootElement.GetProperty("groups").EnumerateArray())
        {
            var grown = new Dictionary<int, IReadOnlyList<string>>();
            if (g.TryGetProperty("grown", out var gr))
                foreach (var x in gr.EnumerateArray())
                    grown[x.GetProperty("increment").GetInt32()] = x.GetProperty("holders").EnumerateArray().Select(h => h.GetString()!).ToList();
            groups.Add(new TruthGroup(
                g.GetProperty("group_id").GetString()!,
                g.GetProperty("type").GetString()!,
                g.TryGetProperty("increment", out var inc) ? inc.GetInt32() : 0,
                g.GetProperty("holders").EnumerateArray().Select(h => h.GetString()!).ToList(),
                grown));
        }
        return new Truth(groups);
    }
}

/// <param name="Increment">0 for the base folder, else the increment the group started in.</param>
/// <param name="Grown">Victims added per later increment.</param>
public sealed record TruthGroup(string GroupId, string Type, int Increment, IReadOnlyList<string> Holders, IReadOnlyDictionary<int, IReadOnlyList<string>> Grown)
{
    /// <summary>Victims as of the end of increment <paramref name="k"/> (0 = base).</summary>
    public HashSet<string> VictimsAsOf(int k)
    {
        var set = new HashSet<string>(Increment <= k ? Holders : [], StringComparer.Ordinal);
        foreach (var (inc, holders) in Grown) if (inc <= k) set.UnionWith(holders);
        return set;
    }
}

/// <summary>
/// A content hash of the data tables of a SQLite store: everything loaded (holders, agents, policies, events,
/// contact points, links, and the fingerprints and row counts of the loads), and nothing that records when or how
/// often something ran (load times and sources, analysis runs and their rings).
/// </summary>
public static class StoreContent
{
    private static readonly HashSet<string> RunTables = new(StringComparer.Ordinal)
    {
        "runs", "rings", "ring_members", "ring_reasons", "ring_changes", "schema_version",
    };

    public static string Hash(string dbPath)
    {
        if (!File.Exists(dbPath)) return "missing";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) if (!RunTables.Contains(r.GetString(0))) tables.Add(r.GetString(0));
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"#{table}\n"));
            var columns = table == "loads" ? "fingerprint, rows" : "*";
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT * FROM \"{table}\" LIMIT 0";
            int n;
            using (var r0 = count.ExecuteReader()) n = table == "loads" ? 2 : r0.FieldCount;
            var order = string.Join(", ", Enumerable.Range(1, n));
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {columns} FROM \"{table}\" ORDER BY {order}";
            using var r = cmd.ExecuteReader();
            var row = new StringBuilder();
            while (r.Read())
            {
                row.Clear();
                for (int i = 0; i < r.FieldCount; i++)
                    row.Append(r.IsDBNull(i) ? "\u2400" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u241F');
                sha.AppendData(Encoding.UTF8.GetBytes(row.Append('\n').ToString()));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Rows of a table (for messages and simple checks).</summary>
    public static long Count(string dbPath, string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)cmd.ExecuteScalar()!;
    }
}

/// <summary>Runs the built <c>fraudgraph</c> command as a child process, reading its output line by line.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(string Needle, TaskCompletionSource Seen)> _waits = [];

    private static string CliDll => System.IO.Path.Combine(AppContext.BaseDirectory, "fraudgraph.dll");

    public CliProcess(string workingDirectory, params string[] args) : this(workingDirectory, null, args) { }

    public CliProcess(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The child must not pick up a developer's settings.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("FRAUDGRAPH_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        if (environment is not null) foreach (var (key, value) in environment) psi.Environment[key] = value;
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => OnLine(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output { get { lock (_stdout) return _stdout.ToString(); } }
    public string Error { get { lock (_stderr) return _stderr.ToString(); } }

    private void OnLine(StringBuilder sink, string? line)
    {
        if (line is null) return;
        lock (sink) sink.Append(line).Append('\n');
        lock (_waits)
            foreach (var (needle, seen) in _waits)
                if (line.Contains(needle, StringComparison.Ordinal)) seen.TrySetResult();
    }

    /// <summary>Completes when a line of output contains <paramref name="needle"/> (including lines already printed).</summary>
    public Task WhenOutputContains(string needle)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            _waits.Add((needle, seen));
            if (Output.Contains(needle, StringComparison.Ordinal) || Error.Contains(needle, StringComparison.Ordinal)) seen.TrySetResult();
        }
        return seen.Task;
    }

    /// <summary>True once a line containing <paramref name="needle"/> was printed, false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string needle, TimeSpan timeout)
    {
        var seen = WhenOutputContains(needle);
        return await Task.WhenAny(seen, Task.Delay(timeout)) == seen;
    }

    /// <summary>Waits for exit; false when it did not exit in time.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // flushes the asynchronous output readers
        return true;
    }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the process gets no chance to clean up, as when a machine loses power.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Runs to completion (5 minutes at most) and returns the exit code.</summary>
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, null, args);

    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var p = new CliProcess(workingDirectory, environment, args);
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill();
            throw new TimeoutException($"fraudgraph {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return (p.ExitCode, p.Output, p.Error);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
