using System.Text;
using Graph.Ingest.Internal;

namespace Graph.Ingest.Tests;

public class ValueParsersTests
{
    private static DateTimeOffset? Time(string s) =>
        ValueParsers.TryParseTimestamp(Encoding.UTF8.GetBytes(s), out var t) ? t : null;

    private static decimal? Money(string s) =>
        ValueParsers.TryParseMoney(Encoding.UTF8.GetBytes(s), out var m) ? m : null;

    [Fact]
    public void A_date_alone_is_midnight_china_standard_time()
    {
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.FromHours(8)), Time("2024-03-05"));
        Assert.Equal(TimeSpan.FromHours(8), Time("2024-03-05")!.Value.Offset);
    }

    [Theory]
    [InlineData("2024-03-05T14:22:10")]
    [InlineData("2024-03-05 14:22:10")]
    [InlineData("2024-03-05t14:22:10")]
    [InlineData("  2024-03-05T14:22:10 ")]
    [InlineData("2024-03-05T14:22:10+08:00")]
    [InlineData("2024-03-05T14:22:10+0800")]
    [InlineData("2024-03-05T14:22:10+08")]
    [InlineData("2024-03-05T06:22:10Z")]
    [InlineData("2024-03-05T01:22:10-05:00")]
    [InlineData("2024-03-05T14:22:10.000")]
    public void Iso_8601_forms_name_the_same_instant(string text)
    {
        var expected = new DateTimeOffset(2024, 3, 5, 14, 22, 10, TimeSpan.FromHours(8));
        var t = Time(text);
        Assert.NotNull(t);
        Assert.Equal(expected.UtcDateTime, t!.Value.UtcDateTime);
    }

    [Fact]
    public void Minutes_without_seconds_and_fractions_are_accepted()
    {
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 22, 0, TimeSpan.FromHours(8)), Time("2024-03-05T14:22"));
        Assert.Equal(1_234_567L, Time("2024-03-05T14:22:10.1234567")!.Value.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(1_230_000L, Time("2024-03-05T14:22:10.123")!.Value.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void An_explicit_offset_is_kept()
    {
        Assert.Equal(TimeSpan.Zero, Time("2024-03-05T14:22:10Z")!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(-5.5), Time("2024-03-05T14:22:10-05:30")!.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("2024-3-5")]
    [InlineData("2024/03/05")]
    [InlineData("05-03-2024")]
    [InlineData("2024-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-03-05T24:00:00")]
    [InlineData("2024-03-05T14:60:00")]
    [InlineData("2024-03-05T14:22:61")]
    [InlineData("2024-03-05T14")]
    [InlineData("2024-03-05T14:22:10+15:00")]
    [InlineData("2024-03-05T14:22:10+8")]
    [InlineData("2024-03-05T14:22:10 +08:00")]
    [InlineData("2024-03-05T14:22:10.")]
    [InlineData("2024-03-05X14:22:10")]
    [InlineData("2024-03-05T14:22:10junk")]
    [InlineData("0001-01-01")]
    public void Malformed_or_impossible_timestamps_do_not_parse(string text) => Assert.Null(Time(text));

    [Fact]
    public void Leap_day_of_a_leap_year_parses() => Assert.NotNull(Time("2024-02-29"));

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1200", "1200")]
    [InlineData("1200.5", "1200.5")]
    [InlineData("1200.50", "1200.50")]
    [InlineData("0.01", "0.01")]
    [InlineData(" 88.80 ", "88.80")]
    [InlineData("1,234.56", "1234.56")]
    [InlineData("12,345,678", "12345678")]
    [InlineData("999999999999999.99", "999999999999999.99")]
    public void Yuan_amounts_parse_exactly(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Money(text));

    [Theory]
    [InlineData("1200", "1200.00")]
    [InlineData("1200.5", "1200.50")]
    [InlineData("1200.50", "1200.50")]
    [InlineData("1,200", "1200.00")]
    [InlineData("0", "0.00")]
    [InlineData("999999999999999", "999999999999999.00")]
    public void Yuan_amounts_always_carry_two_decimals_however_many_were_typed(string text, string stored) =>
        Assert.Equal(stored, Money(text)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12,3x")]
    [InlineData("12,3")]
    [InlineData("1234,567")]
    [InlineData(",123")]
    [InlineData("1,23,456")]
    [InlineData("-5")]
    [InlineData("-0.01")]
    [InlineData("+5")]
    [InlineData("1.234")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e3")]
    [InlineData("1 000")]
    [InlineData("¥100")]
    [InlineData("1000000000000000")]
    public void Bad_amounts_do_not_parse(string text) => Assert.Null(Money(text));
}
