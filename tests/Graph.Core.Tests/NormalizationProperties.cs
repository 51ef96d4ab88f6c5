using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Graph.Core.Tests;

/// <summary>
/// Properties of the phone, id-number and card normalizers over many generated inputs (FsCheck): they never throw,
/// keep the raw value, and are idempotent (a normalized value normalizes to itself). The generators build values the
/// way clerks type them (separators, full-width digits, country prefixes, stray characters), so that most of them do
/// normalize; <see cref="The_generators_mostly_produce_values_that_normalize"/> keeps that true.
/// </summary>
public sealed class NormalizationProperties
{
    private const int Cases = 2000;

    private static readonly Gen<char> Digit = Gen.Choose('0', '9').Select(c => (char)c);
    private static readonly Gen<char> Separator = Gen.Elements(' ', '-', '.', '(', ')', '\u3000', '\t', '－', '（', '）');

    /// <summary>Digits as typed: some full-width, separators between them, sometimes one stray character anywhere.</summary>
    private static Gen<string> Typed(Gen<string> digits) =>
        from d in digits
        from typed in Gen.CollectToArray(d, c => Gen.Frequency(
            (8, Gen.Constant(c.ToString())),
            (1, Gen.Constant(((char)(c - '0' + '０')).ToString())),
            (2, Separator.Select(s => s + c.ToString()))))
        from stray in Gen.Frequency((9, Gen.Constant("")), (1, Gen.Elements("a", "x", "号", "+", "*", "#")))
        from at in Gen.Choose(0, typed.Length)
        select string.Concat(typed[..at]) + stray + string.Concat(typed[at..]);

    private static Gen<string> DigitString(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Digit, n)).Select(a => new string(a));

    public static Arbitrary<string> PhoneLike() =>
        Gen.Frequency(
            (4, from prefix in Gen.Elements("", "", "+86", "0086", "86", "+86 ", "(+86)")
                from second in Gen.Choose('3', '9')
                from rest in DigitString(9, 9)
                from typed in Typed(Gen.Constant("1" + (char)second + rest))
                select prefix + typed),
            (2, from area in Gen.Elements("010", "021", "0571", "0755", "0898", "020")
                from local in DigitString(7, 8)
                from typed in Typed(Gen.Constant(area + local))
                select typed),
            (1, Typed(Gen.Elements("95519", "95588", "4008208820", "8008101010"))),
            (1, Typed(DigitString(0, 17))),
            (1, ArbMap.Default.GeneratorFor<string>()))
        .ToArbitrary();

    public static Arbitrary<string> IdNumberLike() =>
        Gen.Frequency(
            (4, from body in DigitString(17, 17)
                from check in Gen.Frequency((5, Gen.Constant(IdNumberNormalizer.CheckDigit(body))), (1, Gen.Elements('0', '5', 'X', 'x')))
                from spaced in Gen.Elements(0, 0, 6, 14)
                let text = body + (check == 'X' && spaced == 6 ? 'x' : check)
                select spaced == 0 ? text : text[..spaced] + " " + text[spaced..]),
            (2, DigitString(15, 15)),
            (1, DigitString(15, 15).Select(s => new string(s.Select(c => (char)(c - '0' + '０')).ToArray()))),
            (1, DigitString(0, 20)),
            (1, ArbMap.Default.GeneratorFor<string>()))
        .ToArbitrary();

    public static Arbitrary<string> CardLike() =>
        Gen.Frequency(
            (4, from digits in DigitString(12, 19)
                from groups in Gen.Elements(0, 4)
                select groups == 0 ? digits : string.Join(' ', digits.Chunk(groups).Select(g => new string(g)))),
            (2, Typed(DigitString(10, 21))),
            (1, ArbMap.Default.GeneratorFor<string>()))
        .ToArbitrary();

    // Phone numbers.

    [Property(MaxTest = Cases)]
    public Property A_normalized_phone_normalizes_to_itself() => Prop.ForAll(PhoneLike(), raw => Idempotent(PhoneNormalizer.Normalize, raw));

    [Property(MaxTest = Cases)]
    public Property A_phone_keeps_its_raw_value() => Prop.ForAll(PhoneLike(), raw => KeepsRaw(PhoneNormalizer.Normalize(raw), raw));

    [Property(MaxTest = Cases)]
    public Property A_normalized_phone_is_a_mobile_a_landline_or_a_service_number() => Prop.ForAll(PhoneLike(), raw =>
        PhoneNormalizer.Normalize(raw).Value is not { } v ||
        (v.All(char.IsAsciiDigit) && (PhoneNormalizer.IsMobile(v) || PhoneNormalizer.IsLandline(v) || PhoneNormalizer.IsServiceNumber(v))));

    [Property(MaxTest = Cases)]
    public Property Any_string_normalizes_as_a_phone_without_throwing() => Prop.ForAll(AnyString, raw => PhoneNormalizer.Normalize(raw).Value != "");

    // Resident id numbers.

    [Property(MaxTest = Cases)]
    public Property A_normalized_id_number_normalizes_to_itself() => Prop.ForAll(IdNumberLike(), raw => Idempotent(IdNumberNormalizer.Normalize, raw));

    [Property(MaxTest = Cases)]
    public Property An_id_number_keeps_its_raw_value() => Prop.ForAll(IdNumberLike(), raw => KeepsRaw(IdNumberNormalizer.Normalize(raw), raw));

    [Property(MaxTest = Cases)]
    public Property A_normalized_id_number_has_18_characters_and_a_correct_check_digit() => Prop.ForAll(IdNumberLike(), raw =>
        IdNumberNormalizer.Normalize(raw).Value is not { } v ||
        (v.Length == 18 && v[..17].All(char.IsAsciiDigit) && IdNumberNormalizer.CheckDigit(v.AsSpan(0, 17)) == v[17]));

    [Property(MaxTest = Cases)]
    public Property Any_string_normalizes_as_an_id_number_without_throwing() => Prop.ForAll(AnyString, raw => IdNumberNormalizer.Normalize(raw).Value != "");

    // Bank cards and accounts.

    [Property(MaxTest = Cases)]
    public Property A_normalized_card_number_normalizes_to_itself() => Prop.ForAll(CardLike(), raw => Idempotent(BankAccountNormalizer.Normalize, raw));

    [Property(MaxTest = Cases)]
    public Property A_card_number_keeps_its_raw_value() => Prop.ForAll(CardLike(), raw => KeepsRaw(BankAccountNormalizer.Normalize(raw), raw));

    [Property(MaxTest = Cases)]
    public Property A_normalized_card_number_is_12_to_19_digits() => Prop.ForAll(CardLike(), raw =>
        BankAccountNormalizer.Normalize(raw).Value is not { } v || (v.All(char.IsAsciiDigit) && v.Length is >= 12 and <= 19));

    [Property(MaxTest = Cases)]
    public Property Any_string_normalizes_as_a_card_number_without_throwing() => Prop.ForAll(AnyString, raw => BankAccountNormalizer.Normalize(raw).Value != "");

    /// <summary>Any UTF-16 string, null, lone surrogates and control characters included.</summary>
    private static Arbitrary<string> AnyString => ArbMap.Default.ArbFor<string>();

    private static bool Idempotent(Func<string?, Normalized> normalize, string raw) =>
        normalize(raw).Value is not { } value || normalize(value).Value == value;

    /// <summary>The raw value is the very string given; only a blank input is missing altogether.</summary>
    private static bool KeepsRaw(Normalized n, string raw) =>
        string.IsNullOrWhiteSpace(raw) ? n == Normalized.Missing : ReferenceEquals(n.Raw, raw);

    public static TheoryData<string> Kinds => ["phone", "id number", "card"];

    [Theory, MemberData(nameof(Kinds))]
    public void The_generators_mostly_produce_values_that_normalize(string kind)
    {
        // The properties above are only worth something if most generated inputs do normalize, and some do not.
        var (inputs, normalize) = kind switch
        {
            "phone" => (PhoneLike(), (Func<string?, Normalized>)PhoneNormalizer.Normalize),
            "id number" => (IdNumberLike(), IdNumberNormalizer.Normalize),
            _ => (CardLike(), (Func<string?, Normalized>)BankAccountNormalizer.Normalize),
        };
        var sample = inputs.Generator.Sample(2000, 50);
        double share = sample.Count(s => normalize(s).HasValue) / (double)sample.Length;
        Assert.InRange(share, 0.4, 0.95);
    }
}
