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

public class MemberMaskingTests
{
    [Theory]
    [InlineData("phone", "13812345678", "138****5678")]
    [InlineData("bank_account", "6222021234561234", "6222****1234")]
    [InlineData("representative", "110105194912310021", "110105********0021")]
    [InlineData("device", "ios-97672234bfca58ae", "ios*************58ae")]
    [InlineData("ip", "140.230.185.173", "140********.173")]
    [InlineData("holder", "H00000042", "H00000042")]
    [InlineData("agent", "A0192", "A0192")]
    public void Ring_members_are_masked_by_their_entity_type(string type, string id, string shown) =>
        Assert.Equal(shown, Mask.Member(type, id));

    [Fact]
    public void An_unknown_entity_type_is_not_guessed() => Assert.Null(Mask.Member("vehicle", "京A12345"));

    [Fact]
    public void Every_contact_kind_round_trips_through_its_entity_type()
    {
        foreach (var kind in Enum.GetValues<ContactKind>())
            Assert.Equal(kind, ContactKindNames.FromEntityType(kind.EntityType()));
    }
}
