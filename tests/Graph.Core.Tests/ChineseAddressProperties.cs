using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Graph.Core;

namespace Graph.Core.Tests;

/// <summary>
/// Properties of the address key over generated flats written in random ways (prefix kept or dropped, markers,
/// dashed shorthand, Arabic, full-width or Chinese numerals, spaces), and over arbitrary text.
/// </summary>
public class ChineseAddressProperties
{
    private sealed record City(string Province, string Name, string[] Districts, string[] Roads);

    // 杭州 and 南昌 both have a 西湖区 and, here, a 文三路: the city is what tells them apart. 中山 (a city) starts
    // 中山五路; 青岛's 市南区 starts with 市; 文二路 and 八一大道 carry numerals in their names.
    private static readonly City[] Cities =
    [
        new("浙江省", "杭州", ["西湖区", "上城区", "滨江区"], ["文三路", "文二路", "莫干山路", "江南大道"]),
        new("", "北京", ["朝阳区", "海淀区"], ["建国路", "中关村大街", "长安街"]),
        new("", "上海", ["徐汇区", "浦东新区"], ["漕溪北路", "世纪大道", "南京西路"]),
        new("广东省", "广州", ["天河区", "番禺区"], ["天河路", "市桥街", "中山五路", "江南大道"]),
        new("江西省", "南昌", ["西湖区", "东湖区"], ["八一大道", "文三路"]),
        new("山东省", "青岛", ["市南区", "市北区"], ["香港中路", "台东一路"]),
    ];

    private static readonly string[] Compounds = ["华星小区", "阳光花园", "东方名苑", "和平新村", "幸福里", "翠苑一区", "丽景湾", "书香门第"];

    /// <summary>One flat. <see cref="Unit"/> 0 means the building has no units.</summary>
    public sealed record Flat(int City, int District, int Road, int Number, int Compound, int Building, int Unit, int Room)
    {
        public override string ToString() =>
            $"{Cities[City].Name} {Cities[City].Districts[District]} {Cities[City].Roads[Road]} {Number}号 {Compounds[Compound]} {Building}-{Unit}-{Room}";
    }

    private static Gen<Flat> Flats =>
        from city in Gen.Choose(0, Cities.Length - 1)
        from district in Gen.Choose(0, Cities[city].Districts.Length - 1)
        from road in Gen.Choose(0, Cities[city].Roads.Length - 1)
        from number in Gen.Choose(1, 999)
        from compound in Gen.Choose(0, Compounds.Length - 1)
        from building in Gen.Choose(1, 40)
        from unit in Gen.Choose(0, 6)
        from floor in Gen.Choose(1, 33)
        from door in Gen.Choose(1, 4)
        select new Flat(city, district, road, number, compound, building, unit, floor * 100 + door);

    /// <summary>A written form of <paramref name="f"/> and the city column beside it (null when the form names the city).</summary>
    private static Gen<(string Raw, string? CityColumn)> Spellings(Flat f) =>
        from prefix in Gen.Choose(0, 5)
        from cityWithSuffix in Gen.Elements(true, false)
        from space in Gen.Elements("", "", " ", "\u3000", "  ")
        from numberStyle in Gen.Choose(0, 2)
        from buildingStyle in Gen.Choose(0, 2)
        from unitStyle in Gen.Choose(0, 2)
        from roomStyle in Gen.Choose(0, 2)
        from layout in Gen.Choose(0, 2)
        from buildingMarker in Gen.Elements("栋", "幢", "号楼", "#", "座")
        from roomMarker in Gen.Elements("室", "", "房", "号")
        from dropXiaoqu in Gen.Elements(true, false)
        select Write(f, prefix, cityWithSuffix, space, numberStyle, buildingStyle, unitStyle, roomStyle, layout, buildingMarker, roomMarker, dropXiaoqu);

    private static (string, string?) Write(Flat f, int prefix, bool cityWithSuffix, string space, int numberStyle, int buildingStyle,
        int unitStyle, int roomStyle, int layout, string buildingMarker, string roomMarker, bool dropXiaoqu)
    {
        var c = Cities[f.City];
        string cityName = c.Name + "市";
        string district = c.Districts[f.District];
        var parts = new List<string>();
        string? column = null;
        switch (prefix)
        {
            case 0: if (c.Province.Length > 0) parts.Add(c.Province); parts.Add(cityName); parts.Add(district); break;
            case 1: parts.Add(cityName); parts.Add(district); break;
            case 2: parts.Add(cityName); break;
            case 3: parts.Add(c.Name + district); break; // 杭州西湖区: the city without 市
            case 4: parts.Add(district); column = cityWithSuffix ? cityName : c.Name; break;
            default: column = cityWithSuffix ? cityName : c.Name; break;
        }
        parts.Add(c.Roads[f.Road]);
        parts.Add(Number(f.Number, numberStyle) + "号");
        string compound = Compounds[f.Compound];
        parts.Add(dropXiaoqu && compound.EndsWith("小区") ? compound[..^2] : compound);
        string b = Number(f.Building, buildingStyle), u = Number(f.Unit, unitStyle), r = Number(f.Room, roomStyle, digitByDigit: true);
        parts.Add(layout switch
        {
            0 when f.Unit > 0 => $"{b}{buildingMarker}{u}单元{r}{roomMarker}",
            0 => $"{b}{buildingMarker}{r}{roomMarker}",
            1 when f.Unit > 0 => $"{b}-{u}-{r}",
            1 => $"{b}-{r}",
            _ when f.Unit > 0 => $"{b}{buildingMarker}{u}-{r}",
            _ => $"{b}{buildingMarker}{r}室",
        });
        return (string.Join(space, parts), column);
    }

    /// <summary>Arabic (0), full-width (1) or Chinese numerals (2): 一百零一, or one character per digit for rooms (三〇一).</summary>
    private static string Number(int n, int style, bool digitByDigit = false)
    {
        string arabic = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return style switch
        {
            0 => arabic,
            1 => string.Concat(arabic.Select(ch => (char)(ch + 0xFEE0))),
            _ when digitByDigit && n % 2 == 0 => string.Concat(arabic.Select(ch => "〇一二三四五六七八九"[ch - '0'])),
            _ => ChineseReading(n),
        };
    }

    /// <summary>How a number up to 9,999 is read out: 十五, 一百零一, 一千二百零三.</summary>
    private static string ChineseReading(int n)
    {
        const string digits = "零一二三四五六七八九";
        int[] units = [1000, 100, 10, 1];
        string[] names = ["千", "百", "十", ""];
        var sb = new StringBuilder();
        bool started = false, zero = false;
        for (int i = 0; i < units.Length; i++)
        {
            int q = n / units[i] % 10;
            if (q == 0) { zero |= started; continue; }
            if (zero) { sb.Append('零'); zero = false; }
            if (!(units[i] == 10 && q == 1 && !started)) sb.Append(digits[q]);
            sb.Append(names[i]);
            started = true;
        }
        return sb.ToString();
    }

    private static string? Key((string Raw, string? CityColumn) s) => AddressNormalizer.Normalize(s.Raw, s.CityColumn).Value;

    private static Arbitrary<(Flat, (string, string?), (string, string?))> FlatWrittenTwice =>
        (from f in Flats from a in Spellings(f) from b in Spellings(f) select (f, a, b)).ToArbitrary();

    [Property(MaxTest = 2000)]
    public Property Two_spellings_of_one_flat_give_one_key() =>
        Prop.ForAll(FlatWrittenTwice, t =>
        {
            var (_, a, b) = t;
            string? ka = Key(a), kb = Key(b);
            return (ka is not null && ka == kb).Label($"{a.Item1} [{a.Item2}] → {ka}; {b.Item1} [{b.Item2}] → {kb}");
        });

    [Property(MaxTest = 2000)]
    public Property The_key_keeps_city_road_number_building_unit_and_room() =>
        Prop.ForAll(FlatWrittenTwice, t =>
        {
            var (f, a, _) = t;
            var c = Cities[f.City];
            string expected = $"{c.Name}市{c.Roads[f.Road]}{f.Number}号";
            string inside = f.Unit > 0 ? $"{f.Building}栋{f.Unit}单元{f.Room}室" : $"{f.Building}栋{f.Room}室";
            string? k = Key(a);
            return (k is not null && k.StartsWith(expected, StringComparison.Ordinal) && k.EndsWith(inside, StringComparison.Ordinal))
                .Label($"{a.Item1} [{a.Item2}] → {k}; expected {expected}…{inside}");
        });

    private static Arbitrary<((Flat, (string, string?)), (Flat, (string, string?)))> TwoFlats =>
        (from f in Flats from a in Spellings(f) from g in Flats from b in Spellings(g) select ((f, a), (g, b))).ToArbitrary();

    [Property(MaxTest = 2000)]
    public Property Two_flats_share_a_key_only_when_they_differ_at_most_in_district() =>
        Prop.ForAll(TwoFlats, t =>
        {
            var ((f, a), (g, b)) = t;
            bool same = f with { District = 0 } == g with { District = 0 };
            string? ka = Key(a), kb = Key(b);
            return (ka is not null && kb is not null && (ka == kb) == same).Label($"{f} / {g}: {ka} vs {kb}");
        });

    [Property(MaxTest = 500)]
    public Property A_different_room_in_the_same_building_is_a_different_key() =>
        Prop.ForAll(FlatWrittenTwice, t =>
        {
            var (f, a, _) = t;
            var other = f with { Room = f.Room + 1 };
            var b = Spellings(other).Sample(1, 1)[0];
            return (Key(a) != Key(b)).Label($"{a.Item1} vs {b.Item1}");
        });

    /// <summary>Strings made of what addresses are made of, so that odd combinations of markers and numbers come up.</summary>
    private static Gen<string> AddressLikeText =>
        Gen.Elements(
                "省", "市", "区", "县", "镇", "乡", "街道", "自治区", "自治州", "盟", "旗", "路", "街", "大道", "巷", "弄", "号", "号楼", "号院",
                "栋", "幢", "座", "单元", "室", "房", "楼", "层", "组", "门", "小区", "花园", "村", "#", "-", "－", "—", "/", " ", "\u3000",
                "一", "二", "十", "百", "千", "两", "〇", "零", "三〇一", "1", "0", "12", "301", "１２", "A", "b", "F", "(", ")", "，",
                "杭州", "浙江", "北京", "中山", "西湖", "文三", "华星", "新", "东", "Room", "x", "\t", "😀", "\uD800", "\0")
            .ListOf().Select(l => string.Concat(l));

    private static Arbitrary<string> AnyText =>
        Gen.OneOf(AddressLikeText, ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "")).ToArbitrary();

    private static readonly string?[] CityColumns = [null, "杭州", "杭州市", "北京", "南昌市", "义乌", "Hangzhou", "", "浙江省", "市区"];

    [Property(MaxTest = 20000)]
    public Property Normalizing_never_throws_and_normalizing_twice_changes_nothing() =>
        Prop.ForAll(AnyText, Gen.Elements(CityColumns).ToArbitrary(), (text, column) =>
        {
            var once = AddressNormalizer.Normalize(text, column);
            var twice = AddressNormalizer.Normalize(once.Value, column);
            // A parsed key is its own key whatever column comes with it later (or none).
            bool parsed = ChineseAddress.Parse(text, column) is not null;
            var keyAlone = parsed ? AddressNormalizer.Normalize(once.Value) : once;
            bool blank = string.IsNullOrWhiteSpace(text);
            return (blank ? once.Value is null : once.Value is not null && once.Value == twice.Value && once.Value == keyAlone.Value && once.Raw == text)
                .Label($"'{text}' [{column}] → '{once.Value}' → '{twice.Value}' / '{keyAlone.Value}'");
        });

    [Property(MaxTest = 3000)]
    public Property The_key_never_loses_the_room_number() =>
        Prop.ForAll(AnyText, Gen.Choose(1, 9999).ToArbitrary(), Gen.Elements("室", "房").ToArbitrary(), (text, room, marker) =>
        {
            string raw = text + room.ToString(System.Globalization.CultureInfo.InvariantCulture) + marker;
            string? value = AddressNormalizer.Normalize(raw).Value;
            return (value is not null && value.Contains(room.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                .Label($"'{raw}' → '{value}'");
        });
}
