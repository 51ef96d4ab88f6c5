using System.Net;
using System.Text;
using Graph.Core;
using Graph.Evidence.Internal;

namespace Graph.Evidence.Tests;

/// <summary>The report's reasons show what was observed, what the insurer's base rates expected, and the chance (issue 11).</summary>
public class ReportReasonFiguresTests
{
    /// <summary>The report with character references decoded, as a reader sees it (the encoder writes × as <c>&amp;#215;</c>).</summary>
    private static string Report(RingEvidence ev) =>
        WebUtility.HtmlDecode(Encoding.UTF8.GetString(ReportHtml.Write(ev, "<svg></svg>", "test", HandMadeRing.Day0, "tester", [])));

    /// <summary>The summary's reasons table, head to end.</summary>
    private static string ReasonsTable(string html)
    {
        int start = html.IndexOf("<table class=\"reasons\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the report has no reasons table");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    private static RingReason Measured => new("CONVERGENCE", "12 unrelated households changed their phone to 13800000001", 40, 12, 40, ["C1", "C2"])
    {
        Observed = 12, Expected = 0.08, Chance = 2.4e-25,
    };

    private static RingReason Unmeasured => new("SURRENDERED", "6 victims surrendered", 5, 6, 5, ["H1"]);

    [Fact]
    public void A_reason_measured_against_base_rates_shows_its_observed_expected_and_chance_beside_it()
    {
        var table = ReasonsTable(Report(HandMadeRing.Evidence(reasons: [Measured])));
        Assert.Contains("<th class=\"num\">观测 Observed</th><th class=\"num\">预期 Expected</th><th class=\"num\">偶然概率 Chance</th>", table);
        var row = table.Split("<tr>").Single(r => r.Contains("CONVERGENCE", StringComparison.Ordinal));
        Assert.Contains("<td class=\"num\">12</td><td class=\"num\">0.08</td><td class=\"num\">2.4×10⁻²⁵</td>", row);
    }

    [Fact]
    public void A_reason_without_them_shows_a_dash_in_each_and_its_neighbour_keeps_its_own()
    {
        var html = Report(HandMadeRing.Evidence(reasons: [Measured, Unmeasured]));
        var rows = ReasonsTable(html).Split("<tr>");
        var unmeasured = rows.Single(r => r.Contains("SURRENDERED", StringComparison.Ordinal));
        Assert.Contains("<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>", unmeasured);
        Assert.Contains("<td class=\"num\">12</td><td class=\"num\">0.08</td><td class=\"num\">2.4×10⁻²⁵</td>",
            rows.Single(r => r.Contains("CONVERGENCE", StringComparison.Ordinal)));

        // The section that lists each reason's records says the same.
        Assert.Contains("observed 12, 预期 expected 0.08, 偶然概率 chance 2.4×10⁻²⁵", html);
        Assert.Contains("observed —, 预期 expected —, 偶然概率 chance —", html);
    }

    [Fact]
    public void The_description_beside_the_figures_stays_masked()
    {
        var html = Report(HandMadeRing.Evidence(reasons: [Measured]));
        Assert.DoesNotContain("13800000001", html);
        Assert.Contains("138****0001", ReasonsTable(html));
    }
}
