using System.Diagnostics;
using Graph.Core;

namespace Graph.Evidence.Tests;

/// <summary>The report through the real outside programs: Graphviz lays out the picture, Chromium prints the PDF.</summary>
[Collection(EvidenceCollection.Name)]
public class ReportRenderingTests(EvidenceFixture fx)
{
    [ToolFact("sfdp", "neato")]
    public void With_graphviz_the_ring_picture_is_laid_out_by_graphviz_with_distinct_shapes()
    {
        ExternalTools.Require("sfdp");
        Assert.DoesNotContain(fx.Masked.LeftOut, l => l.Contains("Graphviz"));
        var html = File.ReadAllText(Path.Combine(fx.Masked.Folder, "report.html"));
        Assert.Contains("Laid out by Graphviz", html);
        Assert.Contains("class=\"node\"", html); // Graphviz's SVG, inlined
        Assert.Contains("<polygon fill=\"#f9d9d6\"", html); // controllers: red boxes
        Assert.Contains("<ellipse fill=\"#dbe9f7\"", html); // victims: blue ellipses
        Assert.Equal(fx.Ring.Members.Count, CountOf(html, "<g id=\"node"));
    }

    private static int CountOf(string s, string what)
    {
        int n = 0;
        for (int i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [ToolFact("chromium", "pdftoppm")]
    public void The_pdf_first_page_renders_and_is_not_blank()
    {
        ExternalTools.Require("chromium");
        var pdftoppm = ExternalTools.Require("pdftoppm");
        var pdf = Path.Combine(fx.Masked.Folder, "report.pdf");
        Assert.True(File.Exists(pdf), "report.pdf missing: " + string.Join("; ", fx.Masked.LeftOut));
        Assert.StartsWith("%PDF-", File.ReadAllText(pdf)[..8]);

        var prefix = Path.Combine(fx.NewFolder("png"), "page");
        var psi = new ProcessStartInfo(pdftoppm) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, prefix }) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!) { p.WaitForExit(60_000); Assert.Equal(0, p.ExitCode); }
        var (width, height, gray) = Png.DecodeGray(File.ReadAllBytes(prefix + ".png"));
        Assert.True(width > 300 && height > 400, $"{width}x{height}");
        int dark = gray.Count(v => v < 160);
        double share = dark / (double)gray.Length;
        // A page of headings, tables and text inks a few percent of its pixels; a blank page none.
        Assert.True(share > 0.01, $"only {share:P2} of the first page is inked");
        Assert.True(share < 0.6, $"{share:P2} of the first page is dark: not a report page");
    }

    [ToolFact("chromium", "pdftotext")]
    public void The_pdf_carries_the_chinese_headings_and_no_local_file_path()
    {
        ExternalTools.Require("chromium");
        var pdftotext = ExternalTools.Require("pdftotext");
        var psi = new ProcessStartInfo(pdftotext) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(fx.Masked.Folder, "report.pdf"), "-" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Contains("团伙证据报告", text);
        Assert.Contains(fx.Ring.RingId, text);
        Assert.DoesNotContain("file://", text);
        Assert.DoesNotContain(fx.Work, text);
        var victim = fx.Ring.Members.First(m => m.Role == MemberRole.Victim).EntityId;
        Assert.Contains(victim, text);
    }

    [ToolFact("chromium", "pdftotext")]
    public void Flagged_rings_are_printed_by_long_running_browsers_and_each_pdf_is_its_own_ring()
    {
        ExternalTools.Require("chromium");
        var pdftotext = ExternalTools.Require("pdftotext");
        using var store = fx.OpenStore();
        var packages = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester" }).ExportFlagged(fx.Run, fx.NewFolder("flagged-pdf"));
        Assert.True(packages.Count >= 2, $"{packages.Count} flagged rings");
        foreach (var p in packages)
        {
            Assert.DoesNotContain(p.LeftOut, l => l.Contains("report.pdf"));
            Assert.True(PackageVerifier.Verify(p.Zip, p.ManifestSha256).Ok);
            var psi = new ProcessStartInfo(pdftotext) { UseShellExecute = false, RedirectStandardOutput = true };
            psi.ArgumentList.Add(Path.Combine(p.Folder, "report.pdf"));
            psi.ArgumentList.Add("-");
            using var proc = Process.Start(psi)!;
            var text = proc.StandardOutput.ReadToEnd();
            proc.WaitForExit();
            Assert.Contains("Evidence report", text);
            Assert.Contains(p.RingId, text); // tabs printed in parallel never swap reports
        }
    }

    [ToolFact("chromium")]
    public void The_one_shot_print_to_pdf_fallback_prints_the_report_without_header_or_footer()
    {
        var chromium = ExternalTools.Require("chromium");
        var folder = fx.NewFolder("oneshot");
        var pdf = Path.Combine(folder, "report.pdf");
        var failure = ToolRunner.Pdf(new ReportTools(null, null, chromium), Path.Combine(fx.Masked.Folder, "report.html"), pdf, TimeSpan.FromSeconds(120));
        Assert.Null(failure);
        Assert.StartsWith("%PDF-", File.ReadAllText(pdf)[..8]);
        if (ExternalTools.Find("pdftotext") is { } pdftotext)
        {
            var psi = new ProcessStartInfo(pdftotext) { UseShellExecute = false, RedirectStandardOutput = true };
            psi.ArgumentList.Add(pdf);
            psi.ArgumentList.Add("-");
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Contains(fx.Ring.RingId, text);
            Assert.DoesNotContain("file://", text);
        }
    }

    [Fact]
    public void A_chromium_that_cannot_run_leaves_the_pdf_out_and_says_why()
    {
        using var store = fx.OpenStore();
        var tools = new ReportTools(null, null, Path.Combine(fx.Work, "no-such-chromium"));
        var package = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester", Tools = tools }).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("broken-chromium"));
        Assert.False(File.Exists(Path.Combine(package.Folder, "report.pdf")));
        Assert.Contains(package.LeftOut, l => l.StartsWith("report.pdf (Chromium failed", StringComparison.Ordinal));
        Assert.True(PackageVerifier.Verify(package.Zip).Ok);
    }
}
