using Graph.Core;

namespace Graph.Core.Tests;

public class RepresentativeKeyTests
{
    [Fact]
    public void A_valid_id_number_is_the_key()
    {
        var id = IdNumberNormalizer.Normalize("11010519491231002X");
        Assert.Equal("11010519491231002X", RepresentativeKey.Of("王五", id, PhoneNormalizer.Normalize("13900000000")));
    }

    [Fact]
    public void Without_an_id_number_name_and_phone_together_are_the_key()
    {
        Assert.Equal("王 五|13900000000", RepresentativeKey.Of("  王　五 ", Normalized.Missing, PhoneNormalizer.Normalize("+86 139-0000-0000")));
    }

    [Theory]
    [InlineData("张伟", null)]
    [InlineData("张伟", "not a phone")]
    [InlineData(null, "13900000000")]
    public void A_name_alone_or_a_phone_alone_identifies_nobody(string? name, string? phone) =>
        Assert.Null(RepresentativeKey.Of(name, Normalized.Missing, PhoneNormalizer.Normalize(phone)));
}
