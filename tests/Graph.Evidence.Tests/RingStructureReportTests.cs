using System.Text;
using Graph.Evidence.Internal;

namespace Graph.Evidence.Tests;

/// <summary>The report's "what holds the ring together" part, on a hand-made ring with known answers.</summary>
public class RingStructureReportTests
{
    private static string Report(RingEvidence ev) =>
        Encoding.UTF8.GetString(ReportHtml.Write(ev, "<svg></svg>", "test", HandMadeRing.Day0, "tester", []));

    private static string Between(string text, string from, string to)
    {
        int start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {from}");
        int end = text.IndexOf(to, start, StringComparison.Ordinal);
        return text[start..end];
    }

    [Fact]
    public void The_account_joining_the_two_teams_is_the_first_key_controller()
    {
        var section = Between(Report(HandMadeRing.Evidence()), "id=\"key-controllers\"", "</table>");
        var rows = section.Split("<tr>").Skip(2).ToList();
        Assert.Equal(3, rows.Count);
        // Account: 2 victims tied directly, 3 cut off; each phone: 3 tied, 2 cut off.
        Assert.Contains("6222****3445</td><td class=\"num\">2</td><td class=\"num\">3</td>", rows[0]);
        Assert.Contains("138****0001</td><td class=\"num\">3</td><td class=\"num\">2</td>", rows[1]);
        Assert.Contains("139****0002</td><td class=\"num\">3</td><td class=\"num\">2</td>", rows[2]);
    }

    [Fact]
    public void The_path_runs_from_the_farthest_victim_through_its_phone_and_h3_to_the_account()
    {
        var path = Between(Report(HandMadeRing.Evidence()), "id=\"victim-path\"", "</ol>");
        Assert.Contains("(3 ties)", path);
        var steps = path.Split("<li>").Skip(1).ToList();
        Assert.Equal(4, steps.Count);
        Assert.Contains(">H1<", steps[0]);
        Assert.Contains("registered_phone: H1", steps[0]);
        Assert.Contains("138****0001", steps[1]);
        Assert.Contains(">H3<", steps[2]);
        Assert.Contains("changed_to: C1", steps[2]);
        Assert.Contains("6222****3445", steps[3]);
        Assert.DoesNotContain(HandMadeRing.Account, path);
    }
}
