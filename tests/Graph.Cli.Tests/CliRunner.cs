using System.Diagnostics;
using System.Text;

namespace Graph.Cli.Tests;

/// <summary>Runs the built <c>fraudgraph</c> command as a child process, as a user would.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "fraudgraph.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
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
        return psi;
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        using var p = Process.Start(StartInfo(workingDirectory, args))!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"fraudgraph {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return new Result(p.ExitCode, stdout, stderr.Result);
    }
}

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fraudgraph-test-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
