using System.CommandLine;
using System.Diagnostics;
using Graph.Evidence;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class ExportCommand
{
    public static Command Create()
    {
        var ring = new Option<string?>("--ring") { Description = "The ring to export (R-000123), from the latest analysis run in the store." };
        var flagged = new Option<bool>("--flagged") { Description = "Export every flagged ring of the latest run, one package each." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder receiving RING_ID/ and RING_ID.zip per ring.", Required = true };
        var unmasked = new Option<bool>("--unmasked") { Description = "Write personal data unmasked; needs --reason and --operator and is written to the audit log." };
        var reason = new Option<string?>("--reason") { Description = "Why the export is unmasked (case or request number); kept in the audit log." };
        var op = new Option<string?>("--operator") { Description = "Who exports; kept in the manifest (and the audit log when unmasked)." };
        var force = new Option<bool>("--force") { Description = "Replace existing packages of the same rings." };
        var command = new Command("export",
            "Evidence packages for police referral (CONTRACT.md section 3): report (HTML, PDF), records (CSV), subgraph " +
            "(GraphML, JSON), manifest.json with SHA-256 per file. Masked unless --unmasked.")
        {
            ring, flagged, output, unmasked, reason, op, force,
        };
        command.SetAction(CancellableAction.Of((parse, ct) =>
        {
            var ringId = parse.GetValue(ring);
            bool all = parse.GetValue(flagged);
            if ((ringId is null) == !all) return CliErrors.BadInput("give exactly one of --ring RING_ID or --flagged.");
            if (ringId is not null && !EvidenceExporter.IsValidRingId(ringId))
                return CliErrors.BadInput($"'{ringId}' is not a ring id (expected R- and six digits, e.g. R-000123).");
            var options = new EvidenceOptions
            {
                Unmasked = parse.GetValue(unmasked),
                Reason = parse.GetValue(reason),
                Operator = parse.GetValue(op),
                Force = parse.GetValue(force),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var e in errors) Console.Error.WriteLine($"error: {e}");
                return ExitCodes.BadInput;
            }

            using var store = GlobalOptions.OpenStore(parse);
            var run = store.ReadLatestAnalysis();
            if (run is null) return CliErrors.BadInput($"no analysis run in {store.Location}; run `fraudgraph run` or `fraudgraph analyze` first.");
            var outDir = parse.GetRequiredValue(output).FullName;
            var exporter = new EvidenceExporter(store, options);
            var watch = Stopwatch.StartNew();
            IReadOnlyList<EvidencePackage> packages;
            try
            {
                packages = all ? exporter.ExportFlagged(run, outDir, ct) : [exporter.Export(run, ringId!, outDir, ct)];
            }
            catch (EvidenceException e)
            {
                return CliErrors.BadInput(e.Message);
            }
            foreach (var p in packages)
                Console.WriteLine($"{p.RingId}: {p.Folder} (+ .zip), {p.Files} files, manifest SHA-256 {p.ManifestSha256}{(p.Masked ? "" : "  UNMASKED, audited")}");
            Console.WriteLine($"{packages.Count} package(s) from run {run.RunId} in {watch.Elapsed.TotalSeconds:0.0} s.");
            var leftOut = packages.SelectMany(p => p.LeftOut).Distinct().ToList();
            foreach (var l in leftOut) Console.WriteLine($"note: left out: {l}");
            if (all && packages.Count == 0) Console.WriteLine("No flagged rings in the latest run.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
