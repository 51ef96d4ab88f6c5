using Graph.Core;

namespace Graph.Core.Tests;

public class PhoneNormalizerTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("138.1234.5678", "13812345678")]
    [InlineData("(138)12345678", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData("+86-13812345678", "13812345678")]
    [InlineData("(+86)13812345678", "13812345678")]
    [InlineData("0086 13812345678", "13812345678")]
    [InlineData("008613812345678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("86 138 1234 5678", "13812345678")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData("＋８６　１３８－１２３４－５６７８", "13812345678")]
    [InlineData("（010）12345678", "01012345678")]
    [InlineData(" 19912345678\t", "19912345678")]
    [InlineData("138\u00A01234\u00A05678", "13812345678")]
    public void Mobiles_normalize_to_eleven_digits(string raw, string expected)
    {
        var n = PhoneNormalizer.Normalize(raw);
        Assert.Equal(expected, n.Value);
        Assert.Equal(raw, n.Raw);
    }

    [Theory]
    [InlineData("010-12345678", "01012345678")]
    [InlineData("(010) 1234 5678", "01012345678")]
    [InlineData("021-87654321", "02187654321")]
    [InlineData("0755-1234567", "07551234567")]
    [InlineData("0755-12345678", "075512345678")]
    public void Landlines_keep_their_area_code(string raw, string expected) =>
        Assert.Equal(expected, PhoneNormalizer.Normalize(raw).Value);

    [Theory]
    [InlineData("12345")]
    [InlineData("12812345678")]          // 12x is no mobile prefix
    [InlineData("1381234567")]           // ten digits
    [InlineData("138123456789")]         // twelve digits
    [InlineData("23812345678")]
    [InlineData("138-1234-567x")]
    [InlineData("ext 1234")]
    [InlineData("+1 415 555 0100")]      // foreign
    [InlineData("+8612812345678")]       // +86 before a non-mobile
    [InlineData("+86 010 12345678")]     // the prefix is dropped only before a mobile
    [InlineData("8601012345678")]
    [InlineData("1+3812345678")]
    [InlineData("++8613812345678")]
    [InlineData("0012345678")]           // no area code starts 00
    [InlineData("013812345678")]         // 01x other than 010 is no area code
    [InlineData("010-1234")]
    [InlineData("---")]
    public void Anything_else_keeps_its_raw_value_and_has_no_normalized_value(string raw)
    {
        var n = PhoneNormalizer.Normalize(raw);
        Assert.Null(n.Value);
        Assert.Equal(raw, n.Raw);
        Assert.False(n.HasValue);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_is_missing(string? raw) => Assert.Equal(Normalized.Missing, PhoneNormalizer.Normalize(raw));

    [Theory]
    [InlineData("95519", "95519")]
    [InlineData("９５５１９", "95519")]
    [InlineData("400-820-8888", "4008208888")]
    [InlineData("800 810 8888", "8008108888")]
    [InlineData("95", null)]
    [InlineData("12345", null)]
    public void Service_numbers_are_kept_so_the_analysis_can_see_them(string raw, string? expected) =>
        Assert.Equal(expected, PhoneNormalizer.Normalize(raw).Value);

    [Fact]
    public void Every_normalized_phone_is_a_mobile_a_landline_or_a_service_number()
    {
        var rng = new Random(7);
        const string alphabet = "0123456789 -+()８６";
        for (int i = 0; i < 20000; i++)
        {
            var chars = new char[rng.Next(1, 18)];
            for (int k = 0; k < chars.Length; k++) chars[k] = alphabet[rng.Next(alphabet.Length)];
            var n = PhoneNormalizer.Normalize(new string(chars));
            if (n.Value is not { } v) continue;
            Assert.True(v.All(char.IsAsciiDigit), v);
            Assert.True(PhoneNormalizer.IsMobile(v) || (v[0] == '0' && v.Length is >= 10 and <= 12) || PhoneNormalizer.IsServiceNumber(v), v);
            // Normalizing a normalized value changes nothing.
            Assert.Equal(v, PhoneNormalizer.Normalize(v).Value);
        }
    }
}

public class BankAccountNormalizerTests
{
    [Theory]
    [InlineData("4111111111111111", "4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", "4111111111111111", true)]
    [InlineData("4111-1111-1111-1111", "4111111111111111", true)]
    [InlineData("４１１１１１１１１１１１１１１１", "4111111111111111", true)]
    [InlineData("4111111111111112", "4111111111111112", false)]
    [InlineData("622202123456", "622202123456", false)]
    [InlineData("6222021234567890123", "6222021234567890123", false)]
    public void Accounts_are_digits_only_and_a_failed_luhn_check_is_a_warning_not_a_rejection(string raw, string expected, bool luhn)
    {
        var n = BankAccountNormalizer.Normalize(raw, out bool luhnValid);
        Assert.Equal(expected, n.Value);
        Assert.Equal(raw, n.Raw);
        Assert.Equal(luhn, luhnValid);
        Assert.Equal(LuhnReference(expected), luhnValid);
    }

    [Theory]
    [InlineData("62220212345")]             // 11 digits
    [InlineData("62220212345678901234")]    // 20 digits
    [InlineData("6222O21234567890")]        // letter O
    [InlineData("账号6222021234567890")]
    [InlineData("IBAN DE89370400440532013000")]
    public void Anything_but_12_to_19_digits_keeps_its_raw_value_only(string raw)
    {
        var n = BankAccountNormalizer.Normalize(raw, out bool luhn);
        Assert.Null(n.Value);
        Assert.Equal(raw, n.Raw);
        Assert.False(luhn);
    }

    [Fact]
    public void Luhn_agrees_with_a_reference_implementation_on_random_numbers()
    {
        var rng = new Random(11);
        int valid = 0;
        for (int i = 0; i < 5000; i++)
        {
            var digits = new char[rng.Next(12, 20)];
            for (int k = 0; k < digits.Length; k++) digits[k] = (char)('0' + rng.Next(10));
            var s = new string(digits);
            bool expected = LuhnReference(s);
            if (expected) valid++;
            Assert.Equal(expected, BankAccountNormalizer.Luhn(s));
        }
        Assert.InRange(valid, 300, 700); // about one in ten
    }

    /// <summary>Luhn as usually written: double every second digit from the right, sum the digits of the products.</summary>
    private static bool LuhnReference(string digits)
    {
        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) d = (d * 2) / 10 + (d * 2) % 10;
            sum += d;
        }
        return sum % 10 == 0;
    }
}

public class IdNumberNormalizerTests
{
    /// <summary>ISO 7064 MOD 11-2 from its definition: weights 2^(17-i) mod 11, check (12 - sum mod 11) mod 11, 10 written X.</summary>
    private static char ReferenceCheck(string first17)
    {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17[i] - '0') * (int)(Math.Pow(2, 17 - i) % 11);
        int c = (12 - sum % 11) % 11;
        return c == 10 ? 'X' : (char)('0' + c);
    }

    [Theory]
    [InlineData("11010519491231002X", "11010519491231002X")] // the GB 11643 example
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData(" 110105 19491231 002X ", "11010519491231002X")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X")]
    [InlineData("110105491231002", "11010519491231002X")]  // 15-digit legacy number, upgraded
    public void Valid_numbers_normalize_upper_case_and_legacy_numbers_are_upgraded(string raw, string expected)
    {
        var n = IdNumberNormalizer.Normalize(raw);
        Assert.Equal(expected, n.Value);
        Assert.Equal(raw, n.Raw);
    }

    [Theory]
    [InlineData("110105194912310021")]   // wrong check digit
    [InlineData("11010519491231002Y")]
    [InlineData("1101051949123100")]
    [InlineData("1101051949123100211")]
    [InlineData("X10105194912310021")]
    [InlineData("11010549123100X")]      // 15 characters, not all digits
    [InlineData("身份证11010519491231002X")]
    public void Invalid_numbers_keep_their_raw_value_and_are_no_key(string raw)
    {
        var n = IdNumberNormalizer.Normalize(raw);
        Assert.Null(n.Value);
        Assert.Equal(raw, n.Raw);
    }

    [Fact]
    public void The_check_digit_agrees_with_the_iso_7064_definition_and_every_wrong_digit_is_rejected()
    {
        var rng = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            var body = new char[17];
            for (int k = 0; k < 17; k++) body[k] = (char)('0' + rng.Next(10));
            var first17 = new string(body);
            char check = ReferenceCheck(first17);
            Assert.Equal(check, IdNumberNormalizer.CheckDigit(first17));
            Assert.Equal(first17 + check, IdNumberNormalizer.Normalize(first17 + check).Value);
            char wrong = "0123456789X"[(("0123456789X".IndexOf(check)) + 1 + rng.Next(10)) % 11];
            Assert.Null(IdNumberNormalizer.Normalize(first17 + wrong).Value);
        }
    }

    [Fact]
    public void Upgraded_legacy_numbers_insert_the_century_and_carry_a_valid_check_digit()
    {
        var rng = new Random(5);
        for (int i = 0; i < 500; i++)
        {
            var digits = new char[15];
            for (int k = 0; k < 15; k++) digits[k] = (char)('0' + rng.Next(10));
            var legacy = new string(digits);
            var v = IdNumberNormalizer.Normalize(legacy).Value!;
            Assert.Equal(18, v.Length);
            Assert.Equal(legacy[..6] + "19" + legacy[6..], v[..17]);
            Assert.Equal(ReferenceCheck(v[..17]), v[17]);
        }
    }
}

public class AddressAndTokenNormalizerTests
{
    [Theory]
    [InlineData("北京市朝阳区建国路88号", "北京市建国路88号")]
    [InlineData("  北京市  朝阳区\t建国路88号 ", "北京市建国路88号")]
    [InlineData("北京市朝阳区建国路８８号", "北京市建国路88号")]
    [InlineData("北京市　朝阳区　　建国路８８号３０１室", "北京市建国路88号301室")]
    [InlineData("上海市\r\n浦东新区", "上海市浦东新区")]
    public void Chinese_addresses_normalize_to_their_canonical_key(string raw, string expected)
    {
        var n = AddressNormalizer.Normalize(raw);
        Assert.Equal(expected, n.Value);
        Assert.Equal(raw, n.Raw);
    }

    [Theory]
    [InlineData("上海市\r\n", "上海市")]
    [InlineData("Ｒｏｏｍ　１２Ａ，Ｂｌｄｇ　５", "Room 12A,Bldg 5")]
    public void Addresses_that_do_not_parse_are_trimmed_half_width_with_collapsed_whitespace(string raw, string expected)
    {
        var n = AddressNormalizer.Normalize(raw);
        Assert.Equal(expected, n.Value);
        Assert.Equal(raw, n.Raw);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    [InlineData("\u3000\u3000")]
    public void Blank_addresses_are_missing(string raw) => Assert.Null(AddressNormalizer.Normalize(raw).Value);

    [Theory]
    [InlineData(" Zhang.San@Example.CN ", "zhang.san@example.cn")]
    [InlineData("ＡＢＣ＠ｑｑ．ｃｏｍ", "abc@qq.com")]
    [InlineData("DEV-9F3A", "dev-9f3a")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    public void Tokens_are_trimmed_half_width_lower_case(string raw, string expected) =>
        Assert.Equal(expected, TokenNormalizer.Normalize(raw).Value);

    [Fact]
    public void Half_width_folds_the_whole_full_width_ascii_block_and_nothing_else()
    {
        for (char c = '\uFF01'; c <= '\uFF5E'; c++)
            Assert.Equal(((char)(c - 0xFEE0)).ToString(), TextNormalizer.ToHalfWidth(c.ToString()));
        Assert.Equal(" ", TextNormalizer.ToHalfWidth("\u3000"));
        Assert.Equal("张三，。、", TextNormalizer.ToHalfWidth("张三，。、").Replace(",", "，"));
        Assert.Equal("。、【】", TextNormalizer.ToHalfWidth("。、【】"));
        Assert.Same("plain ascii", TextNormalizer.ToHalfWidth("plain ascii"));
    }
}

public class MaskTests
{
    [Fact]
    public void Masks_follow_the_contract_examples()
    {
        Assert.Equal("110105********1234", Mask.IdNumber("110105199001011234"));
        Assert.Equal("138****5678", Mask.Phone("13812345678"));
        Assert.Equal("6222****1234", Mask.Account("6222021234561234"));
        Assert.Equal("6222****1234", Mask.Account("6222021234567891234"));
    }

    [Fact]
    public void Masks_never_reveal_more_than_the_kept_ends()
    {
        Assert.Equal("010****5678", Mask.Phone("01012345678"));
        Assert.Equal("075*****5678", Mask.Phone("075512345678"));
        Assert.Equal("*****", Mask.Phone("12345"));
        Assert.Equal("**********", Mask.IdNumber("1234567890"));
        Assert.Equal("********", Mask.Account("12345678"));
        Assert.Equal("", Mask.Phone(null));
        Assert.Equal("", Mask.IdNumber(""));
        foreach (var v in new[] { "13812345678", "11010519491231002X", "6222021234567890123" })
        {
            Assert.DoesNotContain(v[3..^4], Mask.Phone(v));
            Assert.DoesNotContain(v[6..^4], Mask.IdNumber(v));
            Assert.DoesNotContain(v[4..^4], Mask.Account(v));
        }
    }

    [Theory]
    [InlineData("浙江省杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区****")]
    [InlineData("杭州市文三路100号华星5栋2单元301室", "杭州市****")]
    [InlineData("浙江省桐庐县城关镇人民路5号", "浙江省桐庐县****")]
    [InlineData("文三路100号华星5栋2单元301室", "****")]
    [InlineData("Room 12A, Bldg 5", "Room 1****")]
    [InlineData("5号", "5号****")]
    public void Addresses_keep_only_their_area(string address, string masked)
    {
        Assert.Equal(masked, Mask.Address(address));
        Assert.DoesNotContain("文三路", Mask.Address(address));
    }

    [Fact]
    public void Names_keep_only_their_first_and_last_character()
    {
        Assert.Equal("*", Mask.Name("张"));
        Assert.Equal("张*", Mask.Name("张三"));
        Assert.Equal("张*明", Mask.Name("张小明"));
        Assert.Equal("欧**娜", Mask.Name("欧阳娜娜"));
    }

    [Fact]
    public void Emails_and_representative_keys_are_masked_by_their_parts()
    {
        Assert.Equal("z***@example.cn", Mask.EmailAddress("zhangsan@example.cn"));
        Assert.Equal("110105********002X", Mask.RepresentativeKey("11010519491231002X"));
        Assert.Equal("王*|139****0000", Mask.RepresentativeKey("王五|13900000000"));
        Assert.Equal("138****5678", Mask.ContactValue(ContactKind.Phone, "13812345678"));
        Assert.Equal("6222****1234", Mask.ContactValue(ContactKind.BankAccount, "6222021234561234"));
    }
}
