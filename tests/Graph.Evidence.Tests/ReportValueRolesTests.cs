using System.Net;
using System.Text;
using Graph.Core;
using Graph.Evidence.Internal;

namespace Graph.Evidence.Tests;

/// <summary>The report's controllers table says what the run judged each controller to be, and why (issue 11).</summary>
public class ReportValueRolesTests
{
    private static SharedValueRole Role(string type, string id, string role, string why) => new(type, id, role, why, 6, 6, 3, 3, 0, 1, 0.5, 3, 0.2, 30, 4.5);

    private static readonly SharedValueRole[] Roles =
    [
        Role("bank_account", HandMadeRing.Account, "controller", "2 of 2 households were switched to it, paid out to it or represented by it"),
        Role("phone", HandMadeRing.PhoneA, "family", "one household (holders who registered it themselves); call 13800000001"),
        // Another value with the same digits as PhoneB but of another kind: it must not be taken for PhoneB.
        Role("device", HandMadeRing.PhoneB, "infrastructure", "310 households in 9 cities behave like the insurer's others"),
    ];

    /// <summary>The controllers table's rows, character references decoded as a reader sees them.</summary>
    private static List<string> ControllerRows(RingEvidence ev)
    {
        var html = WebUtility.HtmlDecode(Encoding.UTF8.GetString(ReportHtml.Write(ev, "<svg></svg>", "test", HandMadeRing.Day0, "tester", [])));
        int start = html.IndexOf("<table class=\"controllers\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the report has no controllers table");
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        Assert.Contains("<th>角色 Role</th><th>依据 Why</th>", table);
        return [.. table.Split("<tr>").Skip(2)];
    }

    [Fact]
    public void Each_controller_shows_the_role_the_run_gave_it_and_why_and_a_dash_where_the_run_did_not_measure_it()
    {
        var rows = ControllerRows(HandMadeRing.Evidence(valueRoles: Roles));
        Assert.Equal(3, rows.Count);
        var phoneA = rows.Single(r => r.Contains("138****0001", StringComparison.Ordinal));
        var phoneB = rows.Single(r => r.Contains("139****0002", StringComparison.Ordinal));
        var account = rows.Single(r => r.Contains("6222****3445", StringComparison.Ordinal));
        Assert.Contains("<td>控制方 controller</td><td>2 of 2 households were switched to it, paid out to it or represented by it</td>", account);
        Assert.Contains("<td>家庭 family</td><td>one household (holders who registered it themselves); call 138****0001</td>", phoneA);
        Assert.Contains("<td>—</td><td></td>", phoneB);
        Assert.DoesNotContain("infrastructure", phoneB);
    }

    [Fact]
    public void A_run_without_roles_shows_a_dash_for_every_controller()
    {
        var rows = ControllerRows(HandMadeRing.Evidence());
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Contains("<td>—</td><td></td>", r));
    }

    [Fact]
    public void The_packages_ring_json_gives_each_measured_member_its_role_and_why_masked()
    {
        var ev = HandMadeRing.Evidence(valueRoles: Roles);
        var json = System.Text.Json.JsonDocument.Parse(EvidenceExporter.RingJson(ev)).RootElement;
        var members = json.GetProperty("members").EnumerateArray().ToList();
        var account = members.Single(m => m.GetProperty("entity_type").GetString() == "bank_account");
        Assert.Equal("controller", account.GetProperty("value_role").GetString());
        var phoneA = members.Single(m => m.GetProperty("entity_id").GetString() == "138****0001");
        Assert.Equal("one household (holders who registered it themselves); call 138****0001", phoneA.GetProperty("value_role_why").GetString());
        var phoneB = members.Single(m => m.GetProperty("entity_id").GetString() == "139****0002");
        Assert.False(phoneB.TryGetProperty("value_role", out _));
        Assert.All(members.Where(m => m.GetProperty("role").GetString() == "victim"), m => Assert.False(m.TryGetProperty("value_role", out _)));
    }
}
