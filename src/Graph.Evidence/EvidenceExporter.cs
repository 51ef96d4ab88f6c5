using System.Globalization;
using System.Text.RegularExpressions;
using Graph.Core;
using Graph.Evidence.Internal;
using Graph.Storage;

namespace Graph.Evidence;

/// <summary>
/// Makes evidence packages for police referral (CONTRACT.md section 3): for one ring of an analysis run, a folder
/// <c>OUT/RING_ID/</c> and the same as <c>OUT/RING_ID.zip</c>, holding
/// <list type="bullet">
/// <item><c>report.html</c> (self-contained, Chinese and English headings, prints on A4) and <c>report.pdf</c> (headless Chromium, when installed);</item>
/// <item><c>ring.json</c>: score, reasons with their measured values and supporting record ids, members;</item>
/// <item><c>records/*.csv</c>: the victims' records per kind, the members, and which record supports which reason (formula-safe);</item>
/// <item><c>graph/ring.graphml</c>, <c>graph/ring.json</c>, <c>graph/ring.dot</c>: the subgraph;</item>
/// <item><c>manifest.json</c>: every other file with SHA-256 and size, ring, run, input fingerprint, engine version, time, operator.</item>
/// </list>
/// PDFs are printed by headless Chromium kept running over the DevTools protocol (falling back to one
/// <c>chromium --headless --print-to-pdf</c> per report).
/// Personal data is masked everywhere unless <see cref="EvidenceOptions.Unmasked"/>, which needs a reason and an
/// operator and is written to the store's audit log with the manifest's SHA-256. A package appears complete or
/// not at all: it is written to a temporary folder next to its final place and moved there at the end.
/// </summary>
public sealed partial class EvidenceExporter
{
    private readonly IEvidenceStore _store;
    private readonly EvidenceOptions _options;

    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public EvidenceExporter(IEvidenceStore store, EvidenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _store = store;
        _options = options;
    }

    /// <summary>The engine version written to manifests.</summary>
    public static string EngineVersion => typeof(EvidenceExporter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>True when <paramref name="ringId"/> is a ring id as the engine writes them (<c>R-000123</c>): safe as a file name.</summary>
    public static bool IsValidRingId(string? ringId) => ringId is not null && RingIdPattern().IsMatch(ringId);

    // \z, not $: in .NET, $ also matches before a final newline.
    [GeneratedRegex(@"\AR-[0-9]{6,9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RingIdPattern();

    /// <summary>Exports one ring of <paramref name="run"/> into <paramref name="outDir"/>.</summary>
    /// <exception cref="EvidenceException">Invalid ring id, ring not in the run, or the package exists and Force is off.</exception>
    public EvidencePackage Export(AnalysisRun run, string ringId, string outDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        if (!IsValidRingId(ringId))
            throw new EvidenceException($"'{ringId}' is not a ring id (expected R- and six digits, e.g. R-000123).");
        var ring = run.Rings.FirstOrDefault(r => r.RingId == ringId)
            ?? throw new EvidenceException($"Ring {ringId} is not in run {run.RunId}; list the run's rings in its rings.csv.");
        var root = PrepareOutput(outDir);
        CheckTarget(root, ringId);
        // The same printing path as a batch (one browser over the DevTools protocol), so every PDF comes out alike;
        // the one-shot --print-to-pdf command is the fallback when that browser cannot be started.
        var printer = _options.Tools.Chromium is { } chromium ? ChromiumPrinter.Start(chromium, _options.ToolTimeout).Printer : null;
        try
        {
            return Write(run, ring, root, printer, cancellationToken);
        }
        finally
        {
            printer?.Dispose();
        }
    }

    /// <summary>Exports every flagged ring of <paramref name="run"/>, several at once; returns them in ring order.</summary>
    /// <exception cref="EvidenceException">A package exists and Force is off (nothing is written then).</exception>
    public IReadOnlyList<EvidencePackage> ExportFlagged(AnalysisRun run, string outDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        var rings = run.Rings.Where(r => r.Flagged).ToList();
        foreach (var r in rings)
            if (!IsValidRingId(r.RingId)) throw new EvidenceException($"Ring id '{r.RingId}' in the store is not a valid ring id; refusing to use it as a file name.");
        var root = PrepareOutput(outDir);
        foreach (var r in rings) CheckTarget(root, r.RingId);
        var packages = new EvidencePackage[rings.Count];
        // A few long-running browsers print every PDF; starting one Chromium per ring would cost seconds apiece.
        // One browser is not enough: all file:// pages share one renderer process, so its prints run one at a time.
        var printers = new List<ChromiumPrinter>();
        try
        {
            if (_options.Tools.Chromium is { } chromium)
            {
                int browsers = Math.Min(Math.Min(_options.MaxParallelism, rings.Count), Math.Max(2, Environment.ProcessorCount));
                for (int b = 0; b < browsers; b++)
                    if (ChromiumPrinter.Start(chromium, _options.ToolTimeout).Printer is { } printer) printers.Add(printer);
            }
            Parallel.For(0, rings.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
                i => packages[i] = Write(run, rings[i], root, printers.Count == 0 ? null : printers[i % printers.Count], cancellationToken));
        }
        finally
        {
            foreach (var printer in printers) printer.Dispose();
        }
        return packages;
    }

    private static string PrepareOutput(string outDir)
    {
        var root = Path.GetFullPath(outDir);
        if (File.Exists(root)) throw new EvidenceException($"{outDir} is a file; --out must be a folder.");
        Directory.CreateDirectory(root);
        return root;
    }

    private void CheckTarget(string root, string ringId)
    {
        var folder = Path.Combine(root, ringId);
        // The id pattern already rules out separators and dots; this states the invariant the pattern buys.
        if (!string.Equals(Path.GetDirectoryName(folder), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new EvidenceException($"Ring id '{ringId}' would leave the output folder.");
        if (!_options.Force && (Directory.Exists(folder) || File.Exists(folder) || File.Exists(folder + ".zip")))
            throw new EvidenceException($"{folder} (or its .zip) already exists; use --force to replace it.");
    }

    /// <param name="printer">A running browser to print with, or null to run Chromium once for this PDF.</param>
    private EvidencePackage Write(AnalysisRun run, Ring ring, string root, ChromiumPrinter? printer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var exportedAt = _options.Clock.GetUtcNow();
        string operatorName = string.IsNullOrWhiteSpace(_options.Operator) ? Environment.UserName : _options.Operator.Trim();
        var victims = new List<string>();
        foreach (var m in ring.Members) if (m.Role == MemberRole.Victim && m.EntityType == "holder") victims.Add(m.EntityId);
        var ev = new RingEvidence(ring, run, _store.ReadHolderRecords(victims), new PackageMasker(!_options.Unmasked));

        var package = new StagedPackage(Path.Combine(root, $".{ring.RingId}.partial-{Guid.NewGuid():N}"));
        try
        {
            var dot = PutRecordsAndGraph(package, ev);
            cancellationToken.ThrowIfCancellationRequested();
            var (svg, note) = RingPicture(ev, dot, package.LeftOut);
            if (!_options.Tools.HasChromium)
                package.LeftOut.Add($"report.pdf (Chromium not installed; print report.html from a browser instead). Install: {ReportTools.InstallHint}");
            package.Put("report.html", ReportHtml.Write(ev, svg, note, exportedAt, operatorName, package.LeftOut));
            if (_options.Tools.HasChromium)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PrintPdf(package, printer);
            }
            var manifestSha = PutManifest(package, run, ring, exportedAt, operatorName);
            package.Zip(ring.RingId);

            // The audit entry is written before the unmasked package becomes visible: no unaudited package exists.
            if (_options.Unmasked)
                _store.WriteAudit(new AuditRecord(exportedAt, operatorName, "export-unmasked", ring.RingId, _options.Reason!.Trim(), manifestSha));
            var (folder, zipPath) = package.MoveInto(root, ring.RingId);
            return new EvidencePackage(ring.RingId, folder, zipPath, manifestSha, package.Files.Count + 1, !_options.Unmasked, package.LeftOut);
        }
        finally
        {
            package.Dispose();
        }
    }

    /// <summary>The records as CSV and workbook, the subgraph as GraphML, JSON and DOT, and ring.json; returns the DOT.</summary>
    private static byte[] PutRecordsAndGraph(StagedPackage package, RingEvidence ev)
    {
        foreach (var (path, bytes) in RecordFiles.Write(ev)) package.Put(path, bytes);
        package.Put("graph/ring.graphml", GraphFiles.GraphMl(ev));
        package.Put("graph/ring.json", GraphFiles.Json(ev));
        var dot = GraphFiles.Dot(ev);
        package.Put("graph/ring.dot", dot);
        package.Put("ring.json", RingJson(ev));
        return dot;
    }

    /// <summary>The ring picture laid out by Graphviz, or the built-in circular one with a note saying why and what to do.</summary>
    private (string Svg, string Note) RingPicture(RingEvidence ev, byte[] dot, List<string> leftOut)
    {
        var (graphviz, why) = _options.Tools.HasGraphviz ? ToolRunner.Graphviz(_options.Tools, dot, ev.Nodes.Count, _options.ToolTimeout) : (null, "Graphviz not installed");
        if (graphviz is not null) return (graphviz, why);
        if (_options.Tools.HasGraphviz)
        {
            // Installed but failed: the note says what happened, not to install what is there.
            leftOut.Add($"Graphviz layout of the ring picture ({why}; a simple circular picture is used instead).");
            return (ReportHtml.CircularSvg(ev), $"Built-in circular layout ({why}); graph/ring.dot holds the graph for another try with sfdp -Tsvg.");
        }
        leftOut.Add($"Graphviz layout of the ring picture ({why}; a simple circular picture is used instead). Install: {ReportTools.InstallHint}");
        return (ReportHtml.CircularSvg(ev), $"Built-in circular layout ({why}); for a force-directed layout install Graphviz ({ReportTools.InstallHint}) and export again, or run sfdp -Tsvg graph/ring.dot.");
    }

    /// <summary>report.pdf from report.html, by the running browser or else one Chromium run; when both fail it is left out, with why.</summary>
    private void PrintPdf(StagedPackage package, ChromiumPrinter? printer)
    {
        var pdf = package.PathOf("report.pdf");
        var html = package.PathOf("report.html");
        var failure = printer?.Print(html, pdf);
        if (printer is null || failure is not null) failure = ToolRunner.Pdf(_options.Tools, html, pdf, _options.ToolTimeout);
        if (failure is null) package.Files.Add("report.pdf");
        else
        {
            if (File.Exists(pdf)) File.Delete(pdf);
            package.LeftOut.Add($"report.pdf ({failure}). Install or repair: {ReportTools.InstallHint}");
        }
    }

    /// <summary>manifest.json: every file with its SHA-256 and size, and where the package came from; returns its own SHA-256.</summary>
    private string PutManifest(StagedPackage package, AnalysisRun run, Ring ring, DateTimeOffset exportedAt, string operatorName)
    {
        package.Files.Sort(StringComparer.Ordinal);
        var listed = new List<ManifestFile>(package.Files.Count);
        foreach (var f in package.Files)
        {
            using var stream = File.OpenRead(package.PathOf(f));
            listed.Add(new ManifestFile(f, PackageManifest.Sha256(stream), stream.Length));
        }
        var manifest = new PackageManifest
        {
            RingId = ring.RingId,
            RunId = run.RunId,
            InputFingerprint = run.InputFingerprint,
            EngineVersion = EngineVersion,
            ExportedAt = exportedAt,
            Operator = operatorName,
            Masked = !_options.Unmasked,
            Reason = _options.Unmasked ? _options.Reason : null,
            LeftOut = package.LeftOut,
            Files = listed,
        };
        var manifestBytes = manifest.ToBytes();
        File.WriteAllBytes(package.PathOf(PackageManifest.FileName), manifestBytes);
        return PackageManifest.Sha256(manifestBytes);
    }

    /// <summary><c>ring.json</c>: the ring as <see cref="Graph.Core.RingJson"/> writes it, with the run, masking, node ids and value roles of the package.</summary>
    internal static byte[] RingJson(RingEvidence ev) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("ring_id", ev.Ring.RingId);
        w.WriteString("run_id", ev.Run.RunId);
        w.WriteString("input_fingerprint", ev.Run.InputFingerprint);
        Graph.Core.RingJson.WriteFigures(w, ev.Ring, RingFiguresForm.Evidence);
        w.WriteBoolean("masked", ev.Masker.Masked);
        Graph.Core.RingJson.WriteReasons(w, ev.Ring.Reasons, ev.Masker.FreeText, id => ev.RecordsById.ContainsKey(id) ? id : ev.Masker.FreeText(id));
        w.WriteStartArray("members");
        foreach (var n in ev.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("node_id", n.Id);
            Graph.Core.RingJson.WriteMember(w, n.EntityType, n.Shown, n.Role, n.EvidenceCount);
            if (ev.ValueRoleOf(n) is { } valueRole)
            {
                w.WriteString("value_role", valueRole.Role);
                w.WriteString("value_role_why", ev.Masker.FreeText(valueRole.Why));
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
