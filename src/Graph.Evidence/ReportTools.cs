using System.Diagnostics;
using System.Text;

namespace Graph.Evidence;

/// <summary>
/// The outside programs a report can use, each optional: Graphviz (<c>sfdp</c>/<c>neato</c>) lays out the ring
/// picture, headless Chromium prints the PDF. Without them the export still succeeds and says what it left out.
/// </summary>
/// <param name="Sfdp">Path of Graphviz <c>sfdp</c> (large graphs), or null.</param>
/// <param name="Neato">Path of Graphviz <c>neato</c> (small graphs), or null.</param>
/// <param name="Chromium">Path of Chromium (or Chrome), or null.</param>
public sealed record ReportTools(string? Sfdp, string? Neato, string? Chromium)
{
    /// <summary>The Debian command that installs everything the report can use.</summary>
    public const string InstallHint = "apt-get install chromium graphviz fonts-noto-cjk";

    /// <summary>No outside programs: built-in picture, no PDF.</summary>
    public static readonly ReportTools None = new(null, null, null);

    public bool HasGraphviz => Sfdp is not null || Neato is not null;

    public bool HasChromium => Chromium is not null;

    /// <summary>Finds the programs on PATH.</summary>
    public static ReportTools Detect() =>
        new(FindOnPath("sfdp"), FindOnPath("neato"), FindOnPath("chromium") ?? FindOnPath("chromium-browser") ?? FindOnPath("google-chrome"));

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path)) return null;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe")) return candidate + ".exe";
        }
        return null;
    }
}

/// <summary>Runs the outside programs with a time limit; their failures become messages, never crashes.</summary>
internal static class ToolRunner
{
    /// <summary>Lays out DOT with Graphviz to SVG; null and a reason when it failed.</summary>
    public static (string? Svg, string Note) Graphviz(ReportTools tools, byte[] dot, int nodes, TimeSpan timeout)
    {
        // neato (stress majorization) draws small rings more evenly; sfdp scales to large ones.
        var program = nodes <= 150 ? tools.Neato ?? tools.Sfdp : tools.Sfdp ?? tools.Neato;
        if (program is null) return (null, "Graphviz not installed");
        var (code, stdout, stderr) = Run(program, ["-Tsvg"], dot, timeout);
        if (code != 0 || stdout.IndexOf("<svg", StringComparison.Ordinal) < 0)
            return (null, $"Graphviz {Path.GetFileName(program)} is installed but failed (exit {code}): {FirstLine(stderr)}");
        var svg = stdout[stdout.IndexOf("<svg", StringComparison.Ordinal)..];
        // Fit the page: drop the fixed point size, keep the viewBox.
        int close = svg.IndexOf('>');
        var head = System.Text.RegularExpressions.Regex.Replace(svg[..close], "\\s(width|height)=\"[^\"]*\"", "");
        svg = head + " preserveAspectRatio=\"xMidYMid meet\"" + svg[close..];
        return (svg, $"Laid out by Graphviz {Path.GetFileName(program)} from graph/ring.dot.");
    }

    /// <summary>Prints an HTML file to PDF with headless Chromium; null on success, else the reason.</summary>
    public static string? Pdf(ReportTools tools, string htmlPath, string pdfPath, TimeSpan timeout)
    {
        if (tools.Chromium is null) return "Chromium not installed";
        var profile = Path.Combine(Path.GetTempPath(), "fg-chromium-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--print-to-pdf=" + pdfPath,
                new Uri(htmlPath).AbsoluteUri,
            ];
            var (code, _, stderr) = Run(tools.Chromium, args, null, timeout);
            if (code != 0 || !File.Exists(pdfPath) || new FileInfo(pdfPath).Length < 100)
                return $"Chromium failed (exit {code}): {Trim(stderr)}";
            return null;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The first line only: Graphviz quotes the offending label on the next ones, and a label holds personal data.</summary>
    private static string FirstLine(string s)
    {
        s = s.Trim();
        int end = s.IndexOfAny(['\r', '\n']);
        return Trim(end < 0 ? s : s[..end]);
    }

    private static string Trim(string s)
    {
        s = s.Trim();
        return s.Length > 300 ? s[..300] + "…" : s;
    }

    private static (int Code, string Stdout, string Stderr) Run(string program, IReadOnlyList<string> args, byte[]? stdin, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Fed in the background so the time limit covers it too. A program that stops reading and exits early (neato on
        // a label it cannot scan) breaks the pipe: that is the program's failure, told by its exit code and stderr.
        var fed = stdin is null ? Task.CompletedTask : Feed(process.StandardInput.BaseStream, stdin);
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            fed.Wait();
            return (-1, "", $"timed out after {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        fed.Wait();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static async Task Feed(Stream input, byte[] bytes)
    {
        try
        {
            await input.WriteAsync(bytes).ConfigureAwait(false);
            await input.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        finally
        {
            try { input.Dispose(); } catch (IOException) { }
        }
    }
}
