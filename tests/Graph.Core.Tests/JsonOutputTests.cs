using System.Text;
using Graph.Core;

namespace Graph.Core.Tests;

public sealed class JsonOutputTests
{
    [Fact]
    public void Numbers_are_written_in_their_shortest_form_as_the_published_files_have_them()
    {
        var json = Encoding.UTF8.GetString(JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("whole", 80.0);
            w.WriteNumber("tiny", 1e-17);
            w.WriteNumber("amount", 1000m);
            w.WriteNumber("cents", 1234.50m);
            w.WritePropertyName("single");
            w.WriteValue(0.1f);
            w.WriteString("text", "张三 \"q\" <b>");
            w.WriteEndObject();
        }));
        Assert.Equal("{\n  \"whole\": 80,\n  \"tiny\": 1E-17,\n  \"amount\": 1000,\n  \"cents\": 1234.50,\n  \"single\": 0.1,\n  \"text\": \"张三 \\\"q\\\" <b>\"\n}", json);
    }

    [Fact]
    public void A_time_read_into_a_typed_member_keeps_its_offset_and_a_date_like_string_stays_a_string()
    {
        var read = JsonOutput.Read<Dictionary<string, object>>("""{"at":"2024-03-05T14:22:10+08:00"}""")!;
        Assert.Equal("2024-03-05T14:22:10+08:00", read["at"]);
        var typed = JsonOutput.Read<Dictionary<string, DateTimeOffset>>("""{"at":"2024-03-05T14:22:10+08:00"}""")!;
        Assert.Equal(TimeSpan.FromHours(8), typed["at"].Offset);
    }
}
