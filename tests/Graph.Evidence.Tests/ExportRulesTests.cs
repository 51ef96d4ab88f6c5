using Graph.Core;
using Graph.Storage;

namespace Graph.Evidence.Tests;

[Collection(EvidenceCollection.Name)]
public class ExportRulesTests(EvidenceFixture fx)
{
    private static readonly EvidenceOptions NoTools = new() { Operator = "tester", Tools = ReportTools.None };

    [Theory]
    [InlineData("../R-000001")]
    [InlineData("R-000001/../../etc")]
    [InlineData("/tmp/R-000001")]
    [InlineData("R-1")]
    [InlineData("r-000001")]
    [InlineData("R-000001\n")]
    [InlineData("")]
    public void Ring_ids_that_are_not_ring_ids_are_refused_before_anything_is_written(string ringId)
    {
        var outDir = fx.NewFolder("bad-id");
        using var store = fx.OpenStore();
        var e = Assert.Throws<EvidenceException>(() => new EvidenceExporter(store, NoTools).Export(fx.Run, ringId, outDir));
        Assert.Contains("not a ring id", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
    }

    [Fact]
    public void A_ring_not_in_the_run_is_refused()
    {
        using var store = fx.OpenStore();
        var e = Assert.Throws<EvidenceException>(() => new EvidenceExporter(store, NoTools).Export(fx.Run, "R-999999", fx.NewFolder("unknown")));
        Assert.Contains("R-999999", e.Message);
    }

    [Fact]
    public void An_existing_package_is_not_overwritten_without_force_and_is_replaced_with_it()
    {
        var outDir = fx.NewFolder("force");
        using var store = fx.OpenStore();
        var first = new EvidenceExporter(store, NoTools).Export(fx.Run, fx.Ring.RingId, outDir);
        File.WriteAllText(Path.Combine(first.Folder, "planted.txt"), "x");
        var e = Assert.Throws<EvidenceException>(() => new EvidenceExporter(store, NoTools).Export(fx.Run, fx.Ring.RingId, outDir));
        Assert.Contains("--force", e.Message);
        Assert.True(File.Exists(Path.Combine(first.Folder, "planted.txt")));

        var forced = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester", Tools = ReportTools.None, Force = true }).Export(fx.Run, fx.Ring.RingId, outDir);
        Assert.False(File.Exists(Path.Combine(forced.Folder, "planted.txt")));
        Assert.True(PackageVerifier.Verify(forced.Folder).Ok);
        Assert.True(PackageVerifier.Verify(forced.Zip).Ok);
        // Nothing half-written is left beside the packages.
        Assert.Equal(new[] { fx.Ring.RingId, fx.Ring.RingId + ".zip" }, Directory.EnumerateFileSystemEntries(outDir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void An_unmasked_export_without_a_reason_or_operator_is_refused()
    {
        using var store = fx.OpenStore();
        var before = store.ReadAudit().Count;
        var noReason = Assert.Throws<ArgumentException>(() => new EvidenceExporter(store, new EvidenceOptions { Unmasked = true, Operator = "a", Tools = ReportTools.None }));
        Assert.Contains("--reason", noReason.Message);
        var noOperator = Assert.Throws<ArgumentException>(() => new EvidenceExporter(store, new EvidenceOptions { Unmasked = true, Reason = "case 1", Tools = ReportTools.None }));
        Assert.Contains("--operator", noOperator.Message);
        Assert.Equal(before, store.ReadAudit().Count);
    }

    [Theory]
    [InlineData("case 1\nforged line", "li.wei", "--reason", "a line break")]
    [InlineData("case 1", "li\twei", "--operator", "a tab")]
    [InlineData("case \u202E1", "li.wei", "--reason", "U+202E")]
    [InlineData("case\u00001", "li.wei", "--reason", "a NUL byte")]
    public void A_reason_or_operator_with_control_characters_is_refused_before_anything_is_written(string reason, string op, string option, string what)
    {
        using var store = fx.OpenStore();
        var before = store.ReadAudit().Count;
        var e = Assert.Throws<ArgumentException>(() => new EvidenceExporter(store, new EvidenceOptions { Unmasked = true, Operator = op, Reason = reason, Tools = ReportTools.None }));
        Assert.Contains(option, e.Message);
        Assert.Contains(what, e.Message);
        Assert.Equal(before, store.ReadAudit().Count);
    }

    [Fact]
    public void A_store_refuses_an_audit_entry_that_holds_a_line_break()
    {
        using var store = fx.OpenStore();
        var before = store.ReadAudit().Count;
        Assert.Throws<ArgumentException>(() => store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, "li.wei", "export-unmasked", fx.Ring.RingId, "a\nb", null)));
        Assert.Equal(before, store.ReadAudit().Count);
    }

    [Fact]
    public void An_unmasked_export_with_a_reason_is_written_to_the_audit_log_with_its_package_hash()
    {
        using var store = fx.OpenStore();
        var package = new EvidenceExporter(store, new EvidenceOptions
        {
            Unmasked = true, Operator = "李警官", Reason = "公安协查函 2024-117", Tools = ReportTools.None,
        }).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("audited"));
        Assert.False(package.Masked);
        var entry = store.ReadAudit().Last(a => a.PackageSha256 == package.ManifestSha256);
        Assert.Equal("李警官", entry.Operator);
        Assert.Equal("公安协查函 2024-117", entry.Reason);
        Assert.Equal(fx.Ring.RingId, entry.RingId);
        Assert.Equal("export-unmasked", entry.Action);
        Assert.True((DateTimeOffset.UtcNow - entry.At).Duration() < TimeSpan.FromMinutes(5));

        var verification = PackageVerifier.Verify(package.Zip, entry.PackageSha256);
        Assert.True(verification.Ok, string.Join("; ", verification.Problems));
        Assert.False(verification.Manifest!.Masked);
        Assert.Equal("公安协查函 2024-117", verification.Manifest.Reason);
    }

    [Fact]
    public void A_masked_export_writes_no_audit_entry()
    {
        using var store = fx.OpenStore();
        var before = store.ReadAudit().Count;
        new EvidenceExporter(store, NoTools).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("masked-noaudit"));
        Assert.Equal(before, store.ReadAudit().Count);
    }

    [Fact]
    public void Without_graphviz_and_chromium_the_export_succeeds_and_says_what_it_left_out()
    {
        using var store = fx.OpenStore();
        var package = new EvidenceExporter(store, NoTools).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("no-tools"));
        Assert.False(File.Exists(Path.Combine(package.Folder, "report.pdf")));
        Assert.Contains(package.LeftOut, l => l.Contains("Graphviz") && l.Contains("apt-get install"));
        Assert.Contains(package.LeftOut, l => l.Contains("report.pdf") && l.Contains("Chromium"));
        var html = File.ReadAllText(Path.Combine(package.Folder, "report.html"));
        Assert.Contains("Built-in circular layout", html);
        Assert.Contains("<ellipse", html);
        var manifest = PackageVerifier.Verify(package.Folder).Manifest!;
        Assert.Equal(package.LeftOut, manifest.LeftOut);
    }

    [Fact]
    public void Exporting_every_flagged_ring_makes_one_verifying_package_each()
    {
        using var store = fx.OpenStore();
        var outDir = fx.NewFolder("flagged");
        var packages = new EvidenceExporter(store, NoTools).ExportFlagged(fx.Run, outDir);
        var flagged = fx.Run.Rings.Where(r => r.Flagged).Select(r => r.RingId).ToList();
        Assert.Equal(flagged, packages.Select(p => p.RingId).ToList());
        Assert.All(packages, p => Assert.True(PackageVerifier.Verify(p.Zip).Ok));
        Assert.Equal(flagged.Count * 2, Directory.EnumerateFileSystemEntries(outDir).Count());
    }
}
