using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

public sealed class AnalysisOutputWriterTests
{
    private static Ring RingWith(string id, string reason, string member) => new(
        id, 80, true, 3, 1, 1000m, null, null,
        [new RingReason("shared_device", reason, 1, 1, 20, [])],
        [new RingMember("device", member, MemberRole.Controller, 3)]);

    [Theory]
    [InlineData('=')]
    [InlineData('+')]
    [InlineData('-')]
    [InlineData('@')]
    public void Rings_csv_and_ring_members_csv_guard_every_cell_a_spreadsheet_runs_as_a_formula(char start)
    {
        var ring = RingWith(start + "R-1", start + "1+1 shared", start + "cmd|' /c calc'!A0");
        var rings = Encoding.UTF8.GetString(AnalysisOutputWriter.RingsCsv([ring], 3));
        var members = Encoding.UTF8.GetString(AnalysisOutputWriter.MembersCsv([ring]));
        Assert.Equal($"\uFEFFring_id,score,flagged,holders,controllers,surrender_amount,first_seen,last_seen,top_reasons\r\n'{start}R-1,80.0,true,3,1,1000.00,,,'{start}1+1 shared\r\n", rings);
        Assert.Equal($"\uFEFFring_id,entity_type,entity_id,role,evidence_count\r\n'{start}R-1,device,'{start}cmd|' /c calc'!A0,controller,3\r\n", members);
    }

    [Fact]
    public void A_value_with_a_comma_or_a_quote_is_quoted()
    {
        var ring = RingWith("R-1", "a, b", "x\"y");
        Assert.Contains(",\"a, b\"\r\n", Encoding.UTF8.GetString(AnalysisOutputWriter.RingsCsv([ring], 3)), StringComparison.Ordinal);
        Assert.Contains(",\"x\"\"y\",", Encoding.UTF8.GetString(AnalysisOutputWriter.MembersCsv([ring])), StringComparison.Ordinal);
    }
}
