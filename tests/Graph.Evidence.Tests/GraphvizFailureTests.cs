using System.Reflection;
using System.Text;
using Graph.Evidence.Internal;
using Graph.Storage;

namespace Graph.Evidence.Tests;

/// <summary>
/// A renderer that fails must cost the package its nice picture, never the package (issue 16, defect 1): labels are
/// bounded before they reach Graphviz, a renderer that dies (also one that exits before reading its input, which breaks
/// the pipe) falls back to the built-in picture, and the note says what happened.
/// </summary>
[Collection(EvidenceCollection.Name)]
public class GraphvizFailureTests(EvidenceFixture fx)
{
    /// <summary>A stand-in for neato that dies at once, as neato does on a label longer than 16 KiB, without reading its input.</summary>
    private string DyingRenderer()
    {
        var path = Path.Combine(fx.NewFolder("fake-neato"), "neato");
        File.WriteAllText(path, "#!/bin/sh\necho 'Error: <stdin>: syntax error in line 2 scanning a quoted string' >&2\necho 'String starting:\"secret label' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void A_renderer_that_exits_without_reading_a_large_graph_is_a_failure_with_its_reason_not_a_broken_pipe()
    {
        // Far more than a pipe holds (64 KiB): the write must meet the closed pipe.
        var dot = Encoding.UTF8.GetBytes("graph g { n0 [label=\"" + new string('x', 2_000_000) + "\"]; }\n");
        var (svg, note) = ToolRunner.Graphviz(new ReportTools(null, DyingRenderer(), null), dot, 1, TimeSpan.FromSeconds(30));
        Assert.Null(svg);
        Assert.Contains("neato is installed but failed (exit 1)", note);
        Assert.Contains("syntax error", note);
        Assert.DoesNotContain("secret label", note); // the quoted label (personal data) stays out
    }

    [Fact]
    public void A_failing_renderer_falls_back_to_the_built_in_picture_and_the_note_does_not_say_to_install_graphviz()
    {
        using var store = fx.OpenStore();
        var tools = new ReportTools(null, DyingRenderer(), null);
        var package = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester", Tools = tools }).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("dying-neato"));
        var note = Assert.Single(package.LeftOut, l => l.Contains("Graphviz"));
        Assert.Contains("installed but failed (exit 1)", note);
        Assert.DoesNotContain("apt-get install", note);
        var html = File.ReadAllText(Path.Combine(package.Folder, "report.html"));
        Assert.Contains("Built-in circular layout", html);
        Assert.True(PackageVerifier.Verify(package.Zip).Ok);
        Assert.Equal(package.LeftOut, PackageVerifier.Verify(package.Folder).Manifest!.LeftOut);
    }

    [Fact]
    public void Picture_labels_of_victims_with_20000_character_names_are_bounded()
    {
        using var inner = fx.OpenStore();
        var store = LongNames.Over(inner);
        var package = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester", Tools = ReportTools.None }).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("long-labels"));
        var dot = File.ReadAllText(Path.Combine(package.Folder, "graph", "ring.dot"));
        var labels = System.Text.RegularExpressions.Regex.Matches(dot, "label=\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(fx.Ring.Members.Count, labels.Count);
        foreach (var label in labels)
            foreach (var line in label.Split("\\n"))
                Assert.True(line.Length <= GraphFiles.MaxLabelLine, $"a label line of {line.Length} characters");
        // The names are whole where the records are: the victims' CSV holds them.
        Assert.Contains(new string('*', 19_000), File.ReadAllText(Path.Combine(package.Folder, "records", "policyholders.csv")));
    }

    [ToolFact("neato", "sfdp")]
    public void A_ring_whose_victims_have_20000_character_names_is_laid_out_by_graphviz()
    {
        using var inner = fx.OpenStore();
        var store = LongNames.Over(inner);
        var package = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester", Tools = ReportTools.Detect() with { Chromium = null } })
            .Export(fx.Run, fx.Ring.RingId, fx.NewFolder("long-names"));
        Assert.DoesNotContain(package.LeftOut, l => l.Contains("Graphviz"));
        Assert.Contains("Laid out by Graphviz", File.ReadAllText(Path.Combine(package.Folder, "report.html")));
        Assert.True(PackageVerifier.Verify(package.Zip).Ok);
    }
}

/// <summary>The fixture's store, with every holder's name 20,000 characters long as it is read for an export.</summary>
public class LongNames : DispatchProxy
{
    private IGraphStore _inner = null!;

    public static IGraphStore Over(IGraphStore inner)
    {
        var proxy = Create<IGraphStore, LongNames>();
        ((LongNames)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        try
        {
            var result = targetMethod!.Invoke(_inner, args);
            if (result is HolderRecords records)
                result = records with { Holders = records.Holders.Select(h => h with { Name = "张" + new string('三', 19_998) + "明" }).ToList() };
            return result;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
