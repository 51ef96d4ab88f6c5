// Compiled into the CLI and nightly test projects (see their csproj): one copy of the helpers both need.
using System.Diagnostics;
using System.Text;

namespace Graph.TestSupport;

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
        _process = new Process { StartInfo = StartInfo(workingDirectory, environment, args) };
        _process.OutputDataReceived += (_, e) => OnLine(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>How to start <c>fraudgraph</c> with these arguments (for tests that drive the process themselves).</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args) => StartInfo(workingDirectory, null, args);

    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
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
        return psi;
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

    /// <summary>SIGINT, as Ctrl+C in a terminal.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-INT {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Runs to completion (5 minutes at most) and returns the exit code.</summary>
    public static CliResult Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, null, args);

    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var p = new CliProcess(workingDirectory, environment, args);
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill();
            throw new TimeoutException($"fraudgraph {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return new CliResult(p.ExitCode, p.Output, p.Error);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}

/// <summary>How a finished <c>fraudgraph</c> run ended.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);
