using System.Buffers.Binary;
using System.Diagnostics;
using Graph.Core;
using Graph.Evidence;
using Graph.Storage;
using Graph.Web.Security;
using Xunit.Abstractions;

namespace Graph.Web.Tests;

/// <summary>
/// The explorer's pages in a real browser: Debian's headless Chromium driven by playwright-core
/// (tests/web-browser/*-walk.mjs) against a real explorer on a loopback port over a demo-like store.
/// </summary>
public sealed class BrowserTests(BrowserStore store, ITestOutputHelper output) : IClassFixture<BrowserStore>
{
    [BrowserFact]
    public async Task Ring_list_opens_the_top_ring_whose_graph_is_drawn_and_grows_along_the_time_slider()
    {
        var walker = BrowserTools.InstalledWalker();
        var screenshot = Path.Combine(AppContext.BaseDirectory, "explorer-ring.png");
        File.Delete(screenshot);

        var options = new ExplorerOptions
        {
            Store = store.StorePath,
            Urls = ["http://127.0.0.1:0"],
            ExportFolder = Path.Combine(store.Work, "exports"),
            ReportTools = ReportTools.None,
        };
        await using var explorer = await ExplorerApp.StartAsync(options);
        output.WriteLine($"explorer at {explorer.Address}");

        var (code, text) = BrowserTools.Run("node", ["ring-walk.mjs", explorer.Address.ToString(), screenshot, "--expect-text", BrowserStore.ScriptText],
            walker, TimeSpan.FromMinutes(4), ("CHROMIUM_PATH", BrowserTools.Chromium()!));
        output.WriteLine(text);
        Assert.True(code == 0, $"ring-walk.mjs exited with {code}:\n{text}");

        // The walk's own checks passed; the picture it saved is a real, non-trivial PNG.
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 20_000, $"the screenshot {screenshot} has only {png.Length} bytes");
        Assert.Equal(0x89504E47u, BinaryPrimitives.ReadUInt32BigEndian(png));
        output.WriteLine($"screenshot: {screenshot}");
    }

    [BrowserFact]
    public async Task A_big_joined_ring_page_is_drawn_the_same_on_every_cold_load()
    {
        var walker = BrowserTools.InstalledWalker();
        // The largest rings joined in memory (as the render benchmark does): over 150 nodes, so the page lays it out by groups.
        using var merged = new Graph.Benchmarks.MergedRingStore(GraphStores.Open(store.StorePath), 300);
        Assert.NotNull(merged.ReadLatestAnalysis());
        Assert.True(merged.Victims > 150, $"the joined ring has only {merged.Victims} victims");
        var options = new ExplorerOptions
        {
            Store = store.StorePath,
            Urls = ["http://127.0.0.1:0"],
            ExportFolder = Path.Combine(store.Work, "exports-" + Guid.NewGuid().ToString("N")[..6]),
            ReportTools = ReportTools.None,
        };
        await using var explorer = await ExplorerApp.StartAsync(options, merged);

        var (code, text) = BrowserTools.Run("node", ["render-timing.mjs", explorer.Address.ToString(), Graph.Benchmarks.MergedRingStore.RingId, "--runs", "2"],
            walker, TimeSpan.FromMinutes(4), ("CHROMIUM_PATH", BrowserTools.Chromium()!));
        output.WriteLine(text);
        // The script checks the graph was drawn without script errors and laid out the same on both loads.
        Assert.True(code == 0, $"render-timing.mjs exited with {code}:\n{text}");
        Assert.Contains($"; {merged.Victims} victims, ", text, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_ring_page_shows_each_reasons_observed_expected_and_chance_as_the_report_writes_them_and_a_controllers_role()
    {
        var walker = BrowserTools.InstalledWalker();
        AnalysisRun run;
        using (var source = GraphStores.Open(store.StorePath)) run = source.ReadLatestAnalysis()!;
        var (copy, measured, ring) = MeasuredRun.Copy(store.StorePath, store.Work, run);
        var options = new ExplorerOptions
        {
            Store = copy,
            Urls = ["http://127.0.0.1:0"],
            ExportFolder = Path.Combine(store.Work, "exports-" + Guid.NewGuid().ToString("N")[..6]),
            ReportTools = ReportTools.None,
        };
        await using var explorer = await ExplorerApp.StartAsync(options);

        // What the page must show, written by the report's own formatter: "2.4×10⁻²⁵", "—" where a reason has none.
        var expected = Path.Combine(store.Work, "figures-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        await File.WriteAllTextAsync(expected, System.Text.Json.JsonSerializer.Serialize(ring.Reasons.Select(r => new Dictionary<string, string>
        {
            ["code"] = r.Code,
            ["observed"] = ReasonFigures.Format(r.Observed),
            ["expected"] = ReasonFigures.Format(r.Expected),
            ["chance"] = ReasonFigures.Format(r.Chance),
        })));
        // The node of the value measured as a controller: its (process-bound) id, as this server hands it out.
        using var http = new HttpClient { BaseAddress = explorer.Address };
        var graph = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"api/rings/{ring.RingId}")).RootElement.GetProperty("graph");
        var controller = measured.ValueRoles.Single(v => v.Role == "controller");
        var focus = graph.GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("role").GetString() == "controller" && n.GetProperty("label").GetString() == Mask.Member(controller.EntityType, controller.EntityId))
            .GetProperty("id").GetString()!;

        var (code, text) = BrowserTools.Run("node", ["reasons-walk.mjs", explorer.Address.ToString(), ring.RingId, expected,
                "--focus", focus, "--role", "Controller", "--why", MeasuredRun.ControllerWhy, "--screenshot", Path.Combine(AppContext.BaseDirectory, "explorer-reasons.png")],
            walker, TimeSpan.FromMinutes(4), ("CHROMIUM_PATH", BrowserTools.Chromium()!));
        output.WriteLine(text);
        Assert.True(code == 0, $"reasons-walk.mjs exited with {code}:\n{text}");
        Assert.Contains($"reasons-walk: {ring.Reasons.Count} reasons", text, StringComparison.Ordinal);
        Assert.Contains("reasons-walk: the focused controller shows its role", text, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Supervisor_logs_in_unmasks_with_a_reason_and_creates_an_evidence_package_from_the_page()
    {
        var walker = BrowserTools.InstalledWalker();
        const string password = "supervisor-password-1";
        var options = new ExplorerOptions
        {
            Store = store.StorePath,
            Urls = ["http://127.0.0.1:0"],
            ExportFolder = Path.Combine(store.Work, "exports-" + Guid.NewGuid().ToString("N")[..6]),
            ReportTools = ReportTools.None,
            // A low iteration count keeps the test quick; the count is part of the hash, so the code path is the real one.
            Users = [new ExplorerUser("super1", ExplorerRoles.Supervisor, PasswordHash.Create(password, 1_000))],
        };
        await using var explorer = await ExplorerApp.StartAsync(options);

        var (code, text) = BrowserTools.Run("node", ["supervisor-walk.mjs", explorer.Address.ToString(), "super1", password],
            walker, TimeSpan.FromMinutes(4), ("CHROMIUM_PATH", BrowserTools.Chromium()!));
        output.WriteLine(text);
        Assert.True(code == 0, $"supervisor-walk.mjs exited with {code}:\n{text}");

        // What the page reported is real: the zip is on disk under the export folder, and the unmask is audited.
        var zip = text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("supervisor-walk: package ", StringComparison.Ordinal))["supervisor-walk: package ".Length..];
        Assert.StartsWith(Path.GetFullPath(options.ExportFolder), Path.GetFullPath(zip), StringComparison.Ordinal);
        Assert.True(File.Exists(zip), $"the page reported {zip}, which does not exist");
        using var reader = GraphStores.Open(store.StorePath);
        Assert.Contains(reader.ReadAudit(), a => a.Action == "unmask" && a.Operator == "super1" && a.Reason == "case 2026-114 browser walk");
    }
}

/// <summary>
/// A demo-like store built once for the browser tests: a generated insurer of 5,000 holders, loaded and analysed by
/// the real pipeline, plus one complaint holding <see cref="ScriptText"/> for every victim of a flagged ring, so the
/// victim the browser clicks has a "&lt;script&gt;" in its records.
/// </summary>
public sealed class BrowserStore : IDisposable
{
    /// <summary>Markup in a complaint: the page must show it as text. No digits, so masking leaves it whole.</summary>
    public const string ScriptText = "<script>alert('fraudgraph-xss')</script><img src=x onerror=alert('img')> 我要求全额退保";

    public BrowserStore()
    {
        var analysed = TestStores.Analysed("fg-browser-", holders: 5_000, seed: 11);
        (Work, StorePath) = (analysed.Work, analysed.StorePath);
        using var store = analysed.Store;
        var run = analysed.Run;
        var victims = run.Rings.Where(r => r.Flagged)
            .SelectMany(r => r.Members).Where(m => m.Role == MemberRole.Victim && m.EntityType == "holder")
            .Select(m => m.EntityId).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(victims);
        using var load = store.BeginLoad(new LoadInfo("browser-xss-complaints", "test", DateTimeOffset.UtcNow));
        load.Write(victims.Select((holder, i) => new Complaint
        {
            Id = $"M-XSS-{i:D6}",
            HolderId = holder,
            FiledAt = DateTimeOffset.Parse("2024-05-01T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
            Channel = ComplaintChannel.Online,
            Text = ScriptText,
        }).ToList());
        load.Commit();
    }

    public string Work { get; }
    public string StorePath { get; }

    public void Dispose()
    {
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// A test that needs Node.js, Chromium and (unless tests/web-browser/node_modules is there) npm. Where one is
/// missing it is skipped with the reason, except under <c>CI=true</c>: CI installs them, so there a missing one
/// must fail the test instead of hiding it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserTools.IsCi) return;
        var missing = BrowserTools.Missing();
        if (missing.Count > 0)
            Skip = $"needs {string.Join(", ", missing)} (apt-get install nodejs npm chromium); under CI=true this test fails instead";
    }
}

internal static class BrowserTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Chromium: <c>CHROMIUM_PATH</c>, Debian's <c>/usr/bin/chromium</c>, or one on PATH.</summary>
    public static string? Chromium()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured)) return configured;
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        return ReportTools.Detect().Chromium;
    }

    public static string WalkerFolder => Path.Combine(RepoRoot(), "tests", "web-browser");

    private static bool PlaywrightInstalled =>
        File.Exists(Path.Combine(WalkerFolder, "node_modules", "playwright-core", "package.json"));

    public static List<string> Missing()
    {
        var missing = new List<string>();
        if (ReportTools.FindOnPath("node") is null) missing.Add("Node.js (node)");
        if (!PlaywrightInstalled && ReportTools.FindOnPath("npm") is null) missing.Add("npm (to install playwright-core)");
        if (Chromium() is null) missing.Add("Chromium (/usr/bin/chromium)");
        return missing;
    }

    private static readonly object InstallLock = new();

    /// <summary>tests/web-browser with playwright-core installed (npm ci from the committed lock file); fails naming what is missing.</summary>
    public static string InstalledWalker()
    {
        var missing = Missing();
        Assert.True(missing.Count == 0, $"missing {string.Join(", ", missing)}: apt-get install nodejs npm chromium (CI installs Chromium with .ci/install-report-tools.sh)");
        var folder = WalkerFolder;
        lock (InstallLock)
        {
            if (!PlaywrightInstalled)
            {
                var (code, text) = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder, TimeSpan.FromMinutes(5));
                Assert.True(code == 0, "npm ci failed in tests/web-browser:\n" + text);
            }
        }
        return folder;
    }

    public static (int Code, string Output) Run(string program, string[] args, string directory, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo(program, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result + stderr.Result + $"\n(timed out after {timeout.TotalSeconds:0} s)");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Graph.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Graph.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>The pages as files: what they load is there after the build, and no script writes markup.</summary>
public sealed class PageFilesTests
{
    private static string WebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    [Fact]
    public void Every_script_stylesheet_and_icon_the_pages_load_is_in_the_built_wwwroot()
    {
        var pages = Directory.GetFiles(WebRoot, "*.html");
        Assert.Contains(Path.Combine(WebRoot, "index.html"), pages);
        Assert.Contains(Path.Combine(WebRoot, "ring.html"), pages);
        var references = new List<string>();
        foreach (var page in pages)
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(page), "(?:src|href)=\"([^\"#?:]+\\.(?:js|css|svg))\""))
                references.Add(m.Groups[1].Value);
        // ring.html loads cytoscape and fcose from lib/, which only the build's npm step (ClientAssets.targets) fills.
        Assert.Contains("lib/cytoscape.min.js", references);
        Assert.Contains("lib/cytoscape-fcose.js", references);
        foreach (var reference in references)
            Assert.True(File.Exists(Path.Combine(WebRoot, reference)), $"a page loads {reference}, which is not in {WebRoot}");

        // The modules' own imports resolve too.
        foreach (var module in Directory.GetFiles(Path.Combine(WebRoot, "js"), "*.js"))
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(module), "from '(\\./[^']+)'"))
                Assert.True(File.Exists(Path.Combine(WebRoot, "js", m.Groups[1].Value)), $"{Path.GetFileName(module)} imports {m.Groups[1].Value}, which is missing");
    }

    [Fact]
    public void No_page_script_turns_strings_into_markup()
    {
        // Names and complaint texts may hold "<script>": the pages set text (textContent, createElement), never HTML.
        string[] sinks = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"];
        var scripts = Directory.GetFiles(Path.Combine(WebRoot, "js"), "*.js");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var text = File.ReadAllText(script);
            foreach (var sink in sinks)
                Assert.False(text.Contains(sink, StringComparison.Ordinal), $"{Path.GetFileName(script)} uses {sink}");
        }
        foreach (var page in Directory.GetFiles(WebRoot, "*.html"))
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", File.ReadAllText(page));
    }
}
