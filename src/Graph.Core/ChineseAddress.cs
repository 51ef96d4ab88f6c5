using System.Globalization;

namespace Graph.Core;

/// <summary>
/// A mainland Chinese postal address split into its parts, and the canonical key under which every spelling of
/// one flat becomes one address node.
/// </summary>
/// <remarks>
/// <para>
/// People write one flat in many ways: with or without province and city, with or without district, with
/// <c>栋</c>, <c>幢</c>, <c>号楼</c> or <c>座</c>, <c>单元</c> and <c>室</c> or the dashed shorthand <c>5-2-301</c>, in Arabic,
/// full-width or Chinese numerals (<c>一百</c>, <c>三〇一</c>). <see cref="Parse"/> reads the administrative prefix
/// (province, city, district or county, town, sub-district) and then the street part (road and number, Shanghai
/// lane <c>弄</c>, compound, village group, building, unit, floor, room); <see cref="Key"/> writes the parts back
/// in one fixed form, for example <c>杭州市文三路100号华星5栋2单元301室</c>.
/// </para>
/// <para>
/// What the key keeps and drops, and why: the <b>city</b> (prefecture-level, or the county-level city when both are
/// written; a municipality such as 北京市 is province and city at once) is kept, because the same road name exists in
/// hundreds of cities. The <b>province</b> is dropped when a city is known (the city implies it) and kept otherwise.
/// An urban <b>district</b> (<c>区</c>) and a <b>sub-district</b> (<c>街道</c>) are dropped: people leave them out freely,
/// and a road's numbers do not repeat across the districts it crosses. (Where a city has two roads of one name, e.g.
/// after counties became districts, two flats with the same number, compound, building, unit and room would share
/// a key.) A <b>county</b> (<c>县</c>, <c>旗</c>) and a <b>town</b> (<c>镇</c>, <c>乡</c>) are kept: county towns each have
/// their own 人民路. The compound name loses a trailing <c>小区</c>. A <b>floor</b> is kept only when no room is written
/// (room numbers carry the floor; a room of one or two digits is numbered within its floor, 32楼16 is room 3216).
/// Numbers lose leading zeros. Text the parser cannot place stays in the key verbatim, so it never makes two flats one.
/// </para>
/// <para>
/// A missing city can be filled from a city the caller knows belongs to the address (the <c>city</c> column of the
/// holder's own row; see <see cref="AddressNormalizer"/>): it never overrides a written city, and it is ignored when
/// the address names a province the city is known not to lie in. A road written without its number, or a compound
/// written without its road, gives a different key from the full form: without a gazetteer there is no way to know
/// they are the same place.
/// </para>
/// <para>
/// Parsing fails (<see cref="Parse"/> returns null) for text without Chinese characters, text with no road, compound
/// or town to anchor it, more than one value for a part (<c>5栋6栋</c>), or a spelling whose key would not read back to
/// itself; callers then keep the plain normalization. It never throws. Cost: two passes (the parse, and reading the
/// key back) over stack buffers, no allocation besides the key (and the part strings when <see cref="Parse"/> is
/// asked for them); see docs/benchmarks.md.
/// </para>
/// </remarks>
public sealed class ChineseAddress
{
    /// <summary>Longest text parsed; longer values are not addresses people write and keep the plain normalization.</summary>
    public const int MaxLength = 160;

    private ChineseAddress(string key) => Key = key;

    /// <summary>The canonical key: the same for every spelling of one flat.</summary>
    public string Key { get; }

    /// <summary>Province or autonomous region as written (<c>浙江省</c>, <c>浙江</c>); for a municipality its name.</summary>
    public string? Province { get; private init; }

    /// <summary>City with its suffix (<c>杭州市</c>, <c>延边朝鲜族自治州</c>), also when written or given without one.</summary>
    public string? City { get; private init; }

    /// <summary>Urban district (<c>西湖区</c>).</summary>
    public string? District { get; private init; }

    /// <summary>County or banner (<c>桐庐县</c>, <c>正蓝旗</c>).</summary>
    public string? County { get; private init; }

    /// <summary>Town or township (<c>城关镇</c>, <c>东闾乡</c>).</summary>
    public string? Town { get; private init; }

    /// <summary>Urban sub-district (<c>西溪街道</c>).</summary>
    public string? SubDistrict { get; private init; }

    /// <summary>Road or street name (<c>文三路</c>).</summary>
    public string? Road { get; private init; }

    /// <summary>Number on the road, digits (<c>100</c>, or <c>100-2</c>).</summary>
    public string? RoadNumber { get; private init; }

    /// <summary>Lane number (<c>弄</c>), Shanghai style.</summary>
    public string? Lane { get; private init; }

    /// <summary>Compound, estate, office building or village as written (<c>华星小区</c>).</summary>
    public string? Compound { get; private init; }

    /// <summary>Village group (<c>组</c>).</summary>
    public string? Group { get; private init; }

    /// <summary>House number inside a village (<c>号</c> after a village or group).</summary>
    public string? House { get; private init; }

    /// <summary>Building (<c>栋</c>, <c>幢</c>, <c>号楼</c>, <c>座</c>).</summary>
    public string? Building { get; private init; }

    /// <summary>Unit (<c>单元</c>, <c>门</c>).</summary>
    public string? Unit { get; private init; }

    /// <summary>Floor (<c>楼</c>, <c>层</c>, <c>F</c>).</summary>
    public string? Floor { get; private init; }

    /// <summary>Room (<c>室</c>, <c>房</c>, or the last number).</summary>
    public string? Room { get; private init; }

    /// <summary>Text after the last part that the parser could not place; kept in the key.</summary>
    public string? Rest { get; private init; }

    /// <summary>
    /// Splits <paramref name="text"/> into parts, or returns null when it does not read as a Chinese address (see the
    /// remarks). <paramref name="city"/> fills a missing city (a name such as <c>杭州</c> or <c>杭州市</c>).
    /// </summary>
    public static ChineseAddress? Parse(string? text, string? city = null)
    {
        if (text is null) return null;
        Span<char> clean = stackalloc char[MaxLength];
        Span<char> numbers = stackalloc char[NumbersCapacity];
        Span<char> key = stackalloc char[KeyCapacity];
        var p = new AddressParser(clean, numbers);
        if (!TryKey(ref p, text, city, key, out int length)) return null;
        return new ChineseAddress(key[..length].ToString())
        {
            Province = p.ProvinceText(),
            City = p.CityText(),
            District = p.Text(p.District),
            County = p.Text(p.County),
            Town = p.Text(p.Town),
            SubDistrict = p.Text(p.SubDistrict),
            Road = p.Text(p.Road),
            RoadNumber = p.RoadSubNumber.IsSet ? p.Text(p.RoadNumber) + "-" + p.Text(p.RoadSubNumber) : p.Text(p.RoadNumber),
            Lane = p.Text(p.Lane),
            Compound = p.Text(p.Compound),
            Group = p.Text(p.Group),
            House = p.Text(p.House),
            Building = p.Text(p.Building),
            Unit = p.Text(p.Unit),
            Floor = p.Text(p.Floor),
            Room = p.Text(p.Room),
            Rest = p.Text(p.Rest),
        };
    }

    /// <summary>
    /// The canonical key of <paramref name="text"/>, or null when it does not parse. <paramref name="text"/> itself
    /// is returned when it already is its key (no allocation).
    /// </summary>
    public static string? KeyOf(string? text, string? city = null)
    {
        if (text is null) return null;
        Span<char> clean = stackalloc char[MaxLength];
        Span<char> numbers = stackalloc char[NumbersCapacity];
        Span<char> key = stackalloc char[KeyCapacity];
        var p = new AddressParser(clean, numbers);
        return TryKey(ref p, text, city, key, out int length) ? TextNormalizer.Reuse(text, key[..length]) : null;
    }

    private static bool TryKey(ref AddressParser p, string text, string? city, Span<char> key, out int length)
    {
        length = 0;
        if (!p.TryParse(text, city) || !p.TryWriteKey(key, out length)) return false;
        // Text that is its own key (a stored value) has just been read back: parsing it again would give the same.
        var written = key[..length];
        return written.Length <= MaxLength && written.SequenceEqual(text) || ReadsBack(written, city);
    }

    // 千 alone is four digits; markers add a few characters per part; a filled-in city adds its name.
    private const int NumbersCapacity = MaxLength * 4;
    private const int KeyCapacity = MaxLength * 5 + 32;

    /// <summary>
    /// True when <paramref name="key"/> parses to itself (with the same city column). Guarantees that normalizing a
    /// key again gives the same key, whatever odd text produced it; a spelling that fails this keeps the plain
    /// normalization. A key with a city ignores any column; one without a city read back unchanged with the column,
    /// so the column did not apply and the key reads back alike without it.
    /// </summary>
    private static bool ReadsBack(ReadOnlySpan<char> key, string? city)
    {
        if (key.Length > MaxLength) return false;
        Span<char> clean = stackalloc char[MaxLength];
        Span<char> numbers = stackalloc char[NumbersCapacity];
        Span<char> again = stackalloc char[KeyCapacity];
        var p = new AddressParser(clean, numbers);
        return p.TryParse(key, city) && p.TryWriteKey(again, out int length) && again[..length].SequenceEqual(key);
    }
}

/// <summary>A slice of the cleaned text, or (when <see cref="InNumbers"/>) of the canonical number buffer.</summary>
internal readonly record struct Part(int Start, int Length, bool InNumbers)
{
    public bool IsSet => Length > 0;
}

/// <summary>
/// The parser behind <see cref="ChineseAddress"/>: cleans the text into a stack buffer, reads the administrative
/// prefix, tokenises the rest into text, numbers and markers, and places each number by its marker and position.
/// </summary>
internal ref struct AddressParser
{
    private readonly Span<char> _buffer;
    private readonly Span<char> _numbers;
    private ReadOnlySpan<char> _s;
    private int _numbersLength;

    public Part Province, City, District, County, Town, SubDistrict;
    public Part Road, RoadNumber, RoadSubNumber, Lane, Compound, Group, House, Building, Unit, Floor, Room, Rest;
    /// <summary>The city's full name when it is not written as such in the text (a bare 杭州, a hint).</summary>
    private string? _cityName;
    /// <summary>Index into <see cref="Regions.Provinces"/> of the written province, and of the city's province; -1 when unknown.</summary>
    private int _provinceIndex, _cityProvinceIndex;
    private Part _pending;
    private bool _overflow;

    public AddressParser(Span<char> buffer, Span<char> numbers)
    {
        _buffer = buffer;
        _numbers = numbers;
        _provinceIndex = -1;
        _cityProvinceIndex = -1;
    }

    public readonly string? Text(Part p) => p.IsSet ? Slice(p).ToString() : null;

    public readonly string? ProvinceText() => Province.IsSet ? Text(Province) : null;

    public readonly string? CityText() => _cityName ?? Text(City);

    private readonly ReadOnlySpan<char> Slice(Part p) => p.InNumbers ? _numbers.Slice(p.Start, p.Length) : _s.Slice(p.Start, p.Length);

    public bool TryParse(ReadOnlySpan<char> raw, string? cityHint)
    {
        int n = Clean(raw, _buffer);
        if (n <= 0) return false;
        _s = _buffer[..n];
        if (!HasHan(_s)) return false;
        int p = ReadAdministrativePrefix(0);
        if (!ReadStreetPart(p)) return false;
        if (_overflow || (!Road.IsSet && !Compound.IsSet && !Town.IsSet && !County.IsSet)) return false;
        if (!City.IsSet && _cityName is null && cityHint is not null) FillCity(cityHint);
        return true;
    }

    // ---- cleaning -------------------------------------------------------------------------------------------

    /// <summary>
    /// Half-width, upper-case ASCII letters, no whitespace or punctuation, every dash kind as <c>-</c>. Returns the
    /// length, or -1 when the text does not fit the buffer.
    /// </summary>
    private static int Clean(ReadOnlySpan<char> raw, Span<char> dst)
    {
        int n = 0;
        foreach (char c0 in raw)
        {
            if (c0 >= '\u4E00' && c0 <= '\u9FFF')
            {
                // Most characters are Chinese: nothing to fold or drop.
                if (n == dst.Length) return -1;
                dst[n++] = c0;
                continue;
            }
            char c = TextNormalizer.ToHalfWidth(c0);
            if (char.IsWhiteSpace(c) || IsDropped(c)) continue;
            if (IsDash(c)) c = '-';
            else if (c is >= 'a' and <= 'z') c = (char)(c - 32);
            if (n == dst.Length) return -1;
            dst[n++] = c;
        }
        // Dashes only separate numbers: drop leading, trailing and doubled ones.
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (dst[i] == '-' && (m == 0 || dst[m - 1] == '-' || i == n - 1)) continue;
            dst[m++] = dst[i];
        }
        return m;
    }

    private static bool IsDash(char c) => c is '-' or '/' or '~' or '\u2212' or '\uFE63' or '\u30FC' || (c >= '\u2010' && c <= '\u2015');

    private static bool IsDropped(char c) => c is ',' or '.' or ';' or ':' or '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>'
        or '"' or '\'' or '!' or '?' or '\\' or '|' or '_' or '*' or '`' or '^' or '+' or '='
        or '、' or '。' or '【' or '】' or '《' or '》' or '〈' or '〉' or '「' or '」' or '“' or '”' or '‘' or '’' or '·' or '…' or '\u200B' or '\uFEFF';

    private static bool HasHan(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (IsHan(c)) return true;
        return false;
    }

    internal static bool IsHan(char c) => (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF') || c == '〇';

    // ---- administrative prefix ------------------------------------------------------------------------------

    private enum Level { None, Province, City, District, County, Town, SubDistrict }

    /// <summary>Reads province, city, district/county, town and sub-district units from <paramref name="p"/>; returns where the street part starts.</summary>
    private int ReadAdministrativePrefix(int p)
    {
        while (p < _s.Length)
        {
            int q = TryKnownRegion(p);
            if (q > p) { p = q; continue; }
            if (!TryGenericUnit(p, out int end, out Level level)) break;
            var part = new Part(p, end - p, false);
            switch (level)
            {
                case Level.Province when !Province.IsSet && !City.IsSet && _cityName is null: Province = part; break;
                // A county-level city after the prefecture (金华市义乌市) is the more precise city.
                case Level.City when !District.IsSet && !County.IsSet && !Town.IsSet: City = part; _cityName = null; _cityProvinceIndex = -1; break;
                case Level.District when !District.IsSet && !County.IsSet && !Town.IsSet: District = part; break;
                case Level.County when !County.IsSet && !Town.IsSet: County = part; break;
                case Level.Town when !Town.IsSet: Town = part; break;
                case Level.SubDistrict when !SubDistrict.IsSet: SubDistrict = part; break;
                default: return p; // out of order or repeated: the rest is the street part
            }
            p = end;
        }
        return p;
    }

    /// <summary>A province or city from the built-in list, with or without its suffix. Returns the end, or <paramref name="p"/>.</summary>
    private int TryKnownRegion(int p)
    {
        if (!Regions.MayStartName(_s[p])) return p;
        for (int len = Math.Min(Regions.LongestName, _s.Length - p); len >= 2; len--)
        {
            if (!Regions.TryName(_s.Slice(p, len), out var region)) continue;
            int end = p + len;
            if (region.Province >= 0 && !Province.IsSet && !City.IsSet && _cityName is null)
            {
                var info = Regions.Provinces[region.Province];
                int suffix = ProvinceSuffixLength(end, info.IsMunicipality);
                if (suffix > 0 || BareNameFits(end))
                {
                    Province = new Part(p, len + suffix, false);
                    _provinceIndex = region.Province;
                    if (info.IsMunicipality) { _cityName = info.CityName; _cityProvinceIndex = region.Province; }
                    return end + suffix;
                }
            }
            if (region.CityName is not null && !City.IsSet && _cityName is null && !District.IsSet && !County.IsSet)
            {
                if (end < _s.Length && _s[end] == '市' && (RoadNameLength(end + 1) is not (0 or 1) || DistrictNamedLikeARoad(end + 1) > 0))
                {
                    City = new Part(p, len + 1, false);
                    _cityProvinceIndex = region.CityProvince;
                    return end + 1;
                }
                if (BareNameFits(end) || region.CityProvince == _provinceIndex && BareCityFitsAfterItsProvince(end))
                {
                    _cityName = region.CityName;
                    _cityProvinceIndex = region.CityProvince;
                    return end;
                }
            }
        }
        return p;
    }

    private readonly int ProvinceSuffixLength(int at, bool municipality)
    {
        var rest = _s[at..];
        if (rest.StartsWith("省")) return 1;
        if (municipality && rest.StartsWith("市")) return 1;
        foreach (var s in Regions.RegionSuffixes)
            if (rest.StartsWith(s)) return s.Length;
        return 0;
    }

    /// <summary>
    /// A name written without its suffix (浙江杭州, 北京朝阳区) counts only when another unit, or a road with a real
    /// name, follows: 北京路, 中山北路 and 延安西路 are roads, not the city 北京, 中山 or 延安.
    /// </summary>
    private readonly bool BareNameFits(int at)
    {
        if (at >= _s.Length) return false;
        char next = _s[at];
        if (DistrictNamedLikeARoad(at) > 0) return true;
        // 宁波镇海区: a district whose name starts with a suffix.
        if (next is '镇' or '乡' or '县' && TryGenericUnit(at, out _, out var level) && level == Level.District) return true;
        if (IsAdministrativeSuffix(next) || IsRoadMarker(next) || !IsHan(next)) return false;
        if (Regions.StartsWithKnownName(_s[at..])) return true;
        if (TryGenericUnit(at, out _, out _)) return true;
        return RoadNameLength(at) >= 2;
    }

    /// <summary>
    /// After the province it lies in, a city's bare name followed by a compound (河北省唐山世纪一期) is that city: the
    /// province rules out a compound named after a city elsewhere. Not before a suffix or a road marker (河北省唐山路 is
    /// a road).
    /// </summary>
    private readonly bool BareCityFitsAfterItsProvince(int at) =>
        at < _s.Length && IsHan(_s[at]) && !IsAdministrativeSuffix(_s[at]) && !IsRoadMarker(_s[at]);

    /// <summary>
    /// The end of a district whose name starts with a road marker (唐山 路南区 and 路北区, 哈尔滨 道里区 and 道外区, 台州
    /// 路桥区) at <paramref name="at"/>, or 0: a marker, one or two characters and 区, not followed by a number (路南区5栋
    /// is a compound's part).
    /// </summary>
    private readonly int DistrictNamedLikeARoad(int at) =>
        at + 1 < _s.Length && IsRoadMarker(_s[at]) && _s[at + 1] != '区' ? DistrictAfter(at, at + 1) : 0;

    /// <summary>Characters before the first road marker from <paramref name="at"/>, or -1 when a number or the end comes first.</summary>
    private readonly int RoadNameLength(int at)
    {
        for (int i = at; i < _s.Length && i - at <= 12; i++)
        {
            char c = _s[i];
            if (!IsHan(c)) return -1;
            if (IsRoadMarker(c) && !_s[i..].StartsWith("街道")) return i - at;
        }
        return -1;
    }

    private static bool IsAdministrativeSuffix(char c) => c is '省' or '市' or '区' or '县' or '旗' or '盟' or '镇' or '乡';

    internal static bool IsRoadMarker(char c) => c is '路' or '街' or '道' or '巷' or '弄' or '胡';

    /// <summary>
    /// A unit named by its suffix: the shortest run of Chinese characters from <paramref name="p"/> that ends in an
    /// administrative suffix. Stops at a road marker, a number or a non-Chinese character.
    /// </summary>
    private readonly bool TryGenericUnit(int p, out int end, out Level level)
    {
        if (DistrictNamedLikeARoad(p) is var roadLike and > 0)
        {
            (end, level) = (roadLike, Level.District);
            return true;
        }
        (end, level) = (p, Level.None);
        for (int j = p; j < _s.Length && j - p <= 12; j++)
        {
            char c = _s[j];
            if (!IsHan(c)) return false;
            int name = j - p;
            var rest = _s[j..];
            int suffix = 0;
            switch (c)
            {
                case '自' when name >= 2:
                    if (rest.StartsWith("自治区")) (level, suffix) = (Level.Province, 3);
                    else if (rest.StartsWith("自治州")) (level, suffix) = (Level.City, 3);
                    else if (rest.StartsWith("自治县") || rest.StartsWith("自治旗")) (level, suffix) = (Level.County, 3);
                    break;
                case '特' when name >= 2 && rest.StartsWith("特别行政区"): (level, suffix) = (Level.Province, 5); break;
                case '地' when name >= 2 && rest.StartsWith("地区"): (level, suffix) = (Level.City, 2); break;
                case '街' when name >= 2 && rest.StartsWith("街道"): (level, suffix) = (Level.SubDistrict, 2); break;
                case '路' or '街' or '道' or '巷' or '弄' or '胡': return false;
                case '省' when name >= 2: (level, suffix) = (Level.Province, 1); break;
                case '市' when name >= 2 && !rest.StartsWith("市场"): (level, suffix) = (Level.City, 1); break;
                case '盟' when name >= 2: (level, suffix) = (Level.City, 1); break;
                case '区' when name >= 1 && IsDistrict(p, j): (level, suffix) = (Level.District, 1); break;
                case '县' when name >= 1: (level, suffix) = (Level.County, 1); break;
                case '旗' when name >= 2: (level, suffix) = (Level.County, 1); break;
                case '镇' when name >= 1: (level, suffix) = (Level.Town, 1); break;
                case '乡' when name >= 1 && !rest.StartsWith("乡村"): (level, suffix) = (Level.Town, 1); break;
            }
            if (suffix == 0) continue;
            end = j + suffix;
            // 赣县区, 西乡塘区: a district whose name holds a county's or town's suffix.
            if (level is Level.County or Level.Town && DistrictAfter(p, end) is var districtEnd and > 0)
                (level, end) = (Level.District, districtEnd);
            // 新市路, 区府街, 红旗大街, 新区北路: a suffix followed by a road marker, or by one character and a road
            // marker, is part of the road's name.
            return RoadNameLength(end) is not (0 or 1);
        }
        return false;
    }

    /// <summary>
    /// The end of a district that began at <paramref name="start"/> and goes on from <paramref name="at"/> for up to two
    /// characters (not a road marker or a suffix) and 区, or 0.
    /// </summary>
    private readonly int DistrictAfter(int start, int at)
    {
        for (int j = at; j <= at + 2 && j < _s.Length; j++)
        {
            if (_s[j] == '区') return IsDistrict(start, j) ? j + 1 : 0;
            if (!IsHan(_s[j]) || IsRoadMarker(_s[j]) || IsAdministrativeSuffix(_s[j])) return 0;
        }
        return 0;
    }

    /// <summary>
    /// A <c>区</c> at <paramref name="at"/> ends a district unless it ends a compound or a part of one: 华星小区, 翠苑一区,
    /// a 区 directly followed by a building number or by nothing.
    /// </summary>
    private readonly bool IsDistrict(int start, int at)
    {
        char before = _s[at - 1];
        if (before is '小' or '社' or '校' or '厂' or '景' or '营' or '片' or '宅' or '活') return false;
        if (at - start >= 3 && (IsChineseNumeral(before) || char.IsAsciiDigit(before))) return false;
        int next = at + 1;
        if (next >= _s.Length || _s[start..at].Contains("小区", StringComparison.Ordinal)) return false;
        return !StartsNumber(next);
    }

    /// <summary>True when a number token (Arabic, or Chinese numerals followed by a marker or dash) starts at <paramref name="at"/>.</summary>
    private readonly bool StartsNumber(int at)
    {
        char c = _s[at];
        if (char.IsAsciiDigit(c)) return true;
        if (char.IsAsciiLetterUpper(c)) return at + 1 < _s.Length && TryMarker(at + 1, out _, out _);
        if (!IsChineseNumeral(c)) return false;
        int r = at;
        while (r < _s.Length && IsChineseNumeral(_s[r])) r++;
        return r == _s.Length || _s[r] == '-' || TryMarker(r, out _, out _);
    }

    private void FillCity(string hint)
    {
        Span<char> buffer = stackalloc char[32];
        Span<char> numbers = stackalloc char[32];
        var h = new AddressParser(buffer, numbers);
        int n = Clean(hint, buffer);
        if (n <= 0) return;
        h._s = buffer[..n];
        int end = h.ReadAdministrativePrefix(0);
        string? city = null;
        int province = -1;
        if (h.City.IsSet || h._cityName is not null)
        {
            city = h.CityText();
            province = h._cityProvinceIndex;
        }
        else if (end == 0 && n is >= 2 and <= 6 && AllHan(h._s))
        {
            // A bare name the list does not know (a county-level city such as 义乌): take it as a city.
            if (Regions.TryName(h._s, out var region) && region.CityName is not null) (city, province) = (region.CityName, region.CityProvince);
            else city = string.Concat(h._s, "市");
        }
        if (city is null) return;
        // A hint from another province than the one written is not this address's city.
        if (_provinceIndex >= 0 && province != _provinceIndex) return;
        _cityName = city;
        _cityProvinceIndex = province;
    }

    private static bool AllHan(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!IsHan(c) || IsAdministrativeSuffix(c)) return false;
        return true;
    }

    // ---- street part ----------------------------------------------------------------------------------------

    private enum Marker { None, Hao, Building, Unit, Room, Floor, Lane, Group }

    /// <summary>Reads from <paramref name="p"/> to the end: text runs, numbers with their markers, dashed shorthand.</summary>
    private bool ReadStreetPart(int p)
    {
        Span<Part> run = stackalloc Part[3];
        while (p < _s.Length)
        {
            if (!TryNumber(p, out int end, out Part number))
            {
                int start = p;
                p = end;
                _pending = _pending.IsSet ? new Part(_pending.Start, p - _pending.Start, false) : new Part(start, p - start, false);
                continue;
            }
            p = end;
            // A dashed run: 5-2-301, 100-2号.
            run[0] = number;
            int count = 1;
            while (p < _s.Length && _s[p] == '-' && p + 1 < _s.Length && TryNumber(p + 1, out int e2, out Part next))
            {
                if (count == run.Length) return false;
                run[count++] = next;
                p = e2;
            }
            var marker = Marker.None;
            if (p < _s.Length && TryMarker(p, out marker, out int markerLength)) p += markerLength;
            else if (p < _s.Length && _s[p] == '-') p++; // a dash before text: ignore it
            if (!(count == 1 ? Place(number, marker) : PlaceDashed(run[..count], marker))) return false;
        }
        if (_pending.IsSet)
        {
            if (!RoadNumber.IsSet && !Lane.IsSet && !Building.IsSet && !Unit.IsSet && !Room.IsSet && !Floor.IsSet && !Group.IsSet && !House.IsSet && !Compound.IsSet)
            {
                // Only text after the prefix: a road, or a compound (with the road split off when one is written first).
                if (!Road.IsSet && IsRoadMarker(_s[_pending.Start + _pending.Length - 1])) Road = _pending;
                else if (!TakePendingAsCompound()) return false;
            }
            else if (!Building.IsSet && !Unit.IsSet && !Room.IsSet && !Floor.IsSet && !Group.IsSet && !House.IsSet && !Compound.IsSet) Compound = _pending;
            else Rest = _pending;
            _pending = default;
        }
        return true;
    }

    /// <summary>
    /// A number at <paramref name="p"/>: a run of ASCII letters and digits, or of Chinese numerals, that ends at a
    /// marker, a dash or the end of the text. Otherwise <paramref name="end"/> is the end of
    /// the text run starting at <paramref name="p"/> and false is returned.
    /// </summary>
    private bool TryNumber(int p, out int end, out Part number)
    {
        number = default;
        char c = _s[p];
        int r = p;
        if (char.IsAsciiLetterOrDigit(c))
        {
            int letters = 0, digits = 0;
            while (r < _s.Length && char.IsAsciiLetterOrDigit(_s[r])) { if (char.IsAsciiDigit(_s[r])) digits++; else letters++; r++; }
            // 23F or 23F2305 (floor 23, room 2305): leave the F for the marker reader.
            int f = _s[p..r].IndexOf('F');
            if (letters == 1 && f > 0) { r = p + f; letters = 0; }
            bool numeric = (digits > 0 && letters <= 2) || (digits == 0 && letters == 1 && r < _s.Length && IsBuildingMarker(_s[r]));
            // 文三路100华星小区: digits right after a road are its number even without 号.
            bool afterRoad = letters == 0 && p > 0 && IsRoadMarker(_s[p - 1]);
            if (numeric && (r == _s.Length || _s[r] == '-' || afterRoad || TryMarker(r, out _, out _)))
            {
                end = r;
                number = AppendNumber(_s[p..r]);
                return true;
            }
        }
        else if (IsChineseNumeral(c))
        {
            while (r < _s.Length && IsChineseNumeral(_s[r])) r++;
            if ((r == _s.Length || _s[r] == '-' || TryMarker(r, out _, out _)) && TryAppendChineseNumber(_s[p..r], out number))
            {
                end = r;
                return true;
            }
        }
        else r = p + 1;
        // A text run: up to the next character that can start a number (checked by the caller's next call).
        while (r < _s.Length && !CanStartNumber(_s[r])) r++;
        end = Math.Max(r, p + 1);
        return false;
    }

    private static bool CanStartNumber(char c) => char.IsAsciiLetterOrDigit(c) || IsChineseNumeral(c) || c == '-';

    private static bool IsBuildingMarker(char c) => c is '座' or '栋' or '幢' or '#' or '单';

    private readonly bool TryMarker(int p, out Marker marker, out int length)
    {
        marker = Marker.None;
        length = 0;
        if (p >= _s.Length) return false;
        var rest = _s[p..];
        (marker, length) = rest[0] switch
        {
            '号' when rest.StartsWith("号楼") => (Marker.Building, 2),
            '号' when rest.StartsWith("号院") => (Marker.Hao, 2),
            '号' => (Marker.Hao, 1),
            '栋' or '幢' or '座' or '#' => (Marker.Building, 1),
            '单' when rest.StartsWith("单元") => (Marker.Unit, 2),
            '单' => (Marker.Unit, 1),
            '门' => (Marker.Unit, 1),
            '房' when rest.StartsWith("房间") => (Marker.Room, 2),
            '室' or '房' => (Marker.Room, 1),
            '楼' or '层' or 'F' => (Marker.Floor, 1),
            '弄' => (Marker.Lane, 1),
            '组' => (Marker.Group, 1),
            '社' when !rest.StartsWith("社区") => (Marker.Group, 1), // 8社: a village group where 组 is called 社 (四川, 重庆)
            _ => (Marker.None, 0),
        };
        return length > 0;
    }

    private Part AppendNumber(scoped ReadOnlySpan<char> digits)
    {
        // Leading zeros carry nothing: 0301 and 301 are one room.
        int skip = 0;
        while (skip < digits.Length - 1 && digits[skip] == '0' && char.IsAsciiDigit(digits[skip + 1])) skip++;
        digits = digits[skip..];
        int start = _numbersLength;
        if (start + digits.Length > _numbers.Length) { _overflow = true; return new Part(0, 0, true); }
        digits.CopyTo(_numbers[start..]);
        _numbersLength += digits.Length;
        return new Part(start, digits.Length, true);
    }

    internal static bool IsChineseNumeral(char c) => ChineseDigit(c) >= 0 || c is '十' or '百' or '千';

    private static int ChineseDigit(char c) => c switch
    {
        '〇' or '零' => 0, '一' => 1, '二' or '两' => 2, '三' => 3, '四' => 4,
        '五' => 5, '六' => 6, '七' => 7, '八' => 8, '九' => 9, _ => -1,
    };

    /// <summary>
    /// Chinese numerals as digits: positional with 十/百/千 (一百零一 = 101, 十五 = 15, 一百五 = 150), else one digit per
    /// character (三〇一 = 301).
    /// </summary>
    private bool TryAppendChineseNumber(ReadOnlySpan<char> s, out Part number)
    {
        number = default;
        Span<char> digits = stackalloc char[16];
        if (s.IndexOfAny('十', '百', '千') < 0)
        {
            if (s.Length > digits.Length) return false;
            for (int i = 0; i < s.Length; i++) digits[i] = (char)('0' + ChineseDigit(s[i]));
            number = AppendNumber(digits[..s.Length]);
            return true;
        }
        int total = 0, digit = -1, lastUnit = 10_000;
        foreach (char c in s)
        {
            int d = ChineseDigit(c);
            if (d >= 0)
            {
                if (digit > 0) return false; // 三五百: two digits in a row
                digit = d;
                continue;
            }
            int unit = c switch { '十' => 10, '百' => 100, _ => 1000 };
            if (unit >= lastUnit || digit == 0) return false;
            total += (digit < 0 ? 1 : digit) * unit;
            lastUnit = unit;
            digit = -1;
        }
        // 一百五 is 150, 一百零五 is 105.
        if (digit > 0) total += lastUnit >= 100 && s[^2] is '百' or '千' ? digit * (lastUnit / 10) : digit;
        if (!total.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture)) return false;
        number = AppendNumber(digits[..written]);
        return true;
    }

    private readonly bool PendingEndsWithRoad => _pending.IsSet && IsRoadMarker(_s[_pending.Start + _pending.Length - 1]);

    private readonly bool PendingEndsWith(string suffix) => _pending.IsSet && _s.Slice(_pending.Start, _pending.Length).EndsWith(suffix);

    /// <summary>Compound names after which a bare <c>N号</c> is a building (华星小区5号), not a road number.</summary>
    private readonly bool PendingIsResidential
    {
        get
        {
            if (!_pending.IsSet) return false;
            var t = _s.Slice(_pending.Start, _pending.Length);
            return t.EndsWith("小区") || t.EndsWith("花园") || t.EndsWith("苑") || t.EndsWith("公寓") || t.EndsWith("新村")
                || t.EndsWith("家园") || t.EndsWith("村") || t.EndsWith("园") || t.EndsWith("社区");
        }
    }

    private readonly bool AnyInsideCompound => Building.IsSet || Unit.IsSet || Room.IsSet || Floor.IsSet || Group.IsSet || House.IsSet;

    /// <summary>
    /// The pending text becomes the compound (with a road split off its front when one is written there: 文三路华星小区).
    /// False when a compound is already known or a part inside one was already read (text between two parts).
    /// </summary>
    private bool TakePendingAsCompound()
    {
        if (!_pending.IsSet) return true;
        if (Compound.IsSet || AnyInsideCompound) return false;
        if (!Road.IsSet && !RoadNumber.IsSet && !Lane.IsSet)
        {
            var t = _s.Slice(_pending.Start, _pending.Length);
            for (int i = t.Length - 2; i >= 1; i--)
            {
                if (!IsRoadMarker(t[i]) || t[i..].StartsWith("街道")) continue;
                Road = new Part(_pending.Start, i + 1, false);
                _pending = new Part(_pending.Start + i + 1, t.Length - i - 1, false);
                break;
            }
        }
        Compound = _pending;
        _pending = default;
        return true;
    }

    private bool Place(Part n, Marker marker)
    {
        switch (marker)
        {
            case Marker.Hao:
                bool nothingYet = !RoadNumber.IsSet && !Lane.IsSet && !Compound.IsSet && !AnyInsideCompound;
                if (nothingYet && (PendingEndsWithRoad || (!Road.IsSet && !PendingIsResidential)))
                {
                    if (_pending.IsSet) { Road = _pending; _pending = default; }
                    RoadNumber = n;
                    return true;
                }
                if (Group.IsSet && !House.IsSet && !Building.IsSet && !_pending.IsSet) { House = n; return true; }
                if (!Building.IsSet && !Unit.IsSet && !Room.IsSet && !Floor.IsSet && !House.IsSet)
                {
                    if (PendingEndsWith("村")) { if (!TakePendingAsCompound()) return false; House = n; return true; }
                    if (!TakePendingAsCompound()) return false;
                    Building = n;
                    return true;
                }
                return SetRoom(n);
            case Marker.Lane:
                if (Lane.IsSet || Compound.IsSet || AnyInsideCompound) return false;
                if (_pending.IsSet)
                {
                    if (Road.IsSet || RoadNumber.IsSet) return false;
                    Road = _pending;
                    _pending = default;
                }
                Lane = n;
                return true;
            case Marker.Building:
                if (Building.IsSet || Unit.IsSet || Room.IsSet || Floor.IsSet || !TakePendingAsCompound()) return false;
                Building = n;
                return true;
            case Marker.Unit:
                if (Unit.IsSet || Room.IsSet || Floor.IsSet || !TakePendingAsCompound()) return false;
                Unit = n;
                return true;
            case Marker.Floor:
                if (Floor.IsSet || Room.IsSet || !TakePendingAsCompound()) return false;
                Floor = n;
                return true;
            case Marker.Room:
                return SetRoom(n);
            case Marker.Group:
                if (Group.IsSet || AnyInsideCompound || !TakePendingAsCompound()) return false;
                Group = n;
                return true;
            default:
                // A bare number (at the end, or before a dash and text): the road's number after a road (文三路100), else the room.
                if (!RoadNumber.IsSet && !Lane.IsSet && !Compound.IsSet && !AnyInsideCompound && PendingEndsWithRoad)
                {
                    Road = _pending;
                    _pending = default;
                    RoadNumber = n;
                    return true;
                }
                return SetRoom(n);
        }
    }

    private bool SetRoom(Part n)
    {
        if (Room.IsSet || !TakePendingAsCompound()) return false;
        Room = n;
        return true;
    }

    /// <summary>Dashed shorthand: <c>5-2-301</c> building-unit-room, <c>5-301</c> building-room (unit-room after a building), <c>100-2号</c> on a road.</summary>
    private bool PlaceDashed(scoped ReadOnlySpan<Part> run, Marker marker)
    {
        if (marker == Marker.Hao && run.Length == 2 && !RoadNumber.IsSet && !Compound.IsSet && !AnyInsideCompound && PendingEndsWithRoad)
        {
            Road = _pending;
            _pending = default;
            RoadNumber = run[0];
            RoadSubNumber = run[1];
            return true;
        }
        if (marker is not (Marker.None or Marker.Room or Marker.Hao) || !TakePendingAsCompound() || Room.IsSet || Floor.IsSet) return false;
        if (run.Length == 3)
        {
            if (Building.IsSet || Unit.IsSet) return false;
            (Building, Unit, Room) = (run[0], run[1], run[2]);
            return true;
        }
        if (!Building.IsSet && !Unit.IsSet) { (Building, Room) = (run[0], run[1]); return true; }
        if (Building.IsSet && !Unit.IsSet) { (Unit, Room) = (run[0], run[1]); return true; }
        return false;
    }

    // ---- key ------------------------------------------------------------------------------------------------

    /// <summary>Writes the canonical key (see <see cref="ChineseAddress"/>'s remarks for what it keeps).</summary>
    public readonly bool TryWriteKey(Span<char> dst, out int length)
    {
        var w = new KeyWriter(dst);
        if (_cityName is not null) w.Add(_cityName);
        else if (City.IsSet) w.Add(Slice(City));
        else if (Province.IsSet) w.Add(Slice(Province)); // the best locality known; also keeps a rejected city column rejected
        if (County.IsSet) w.Add(Slice(County));
        if (Town.IsSet) w.Add(Slice(Town));
        if (Road.IsSet) w.Add(Slice(Road));
        if (RoadNumber.IsSet)
        {
            w.Add(Slice(RoadNumber));
            if (RoadSubNumber.IsSet) { w.Add("-"); w.Add(Slice(RoadSubNumber)); }
            w.Add("号");
        }
        if (Lane.IsSet) { w.Add(Slice(Lane)); w.Add("弄"); }
        if (Compound.IsSet) w.Add(CompoundName(Slice(Compound)));
        if (Group.IsSet) { w.Add(Slice(Group)); w.Add("组"); }
        if (House.IsSet) { w.Add(Slice(House)); w.Add("号"); }
        if (Building.IsSet) { w.Add(Slice(Building)); w.Add("栋"); }
        if (Unit.IsSet) { w.Add(Slice(Unit)); w.Add("单元"); }
        if (Floor.IsSet && !Room.IsSet) { w.Add(Slice(Floor)); w.Add("楼"); }
        if (Room.IsSet)
        {
            // A room of one or two digits after its floor (32楼16, 16层1号) is numbered within the floor: 3216, 1601,
            // as the building numbers it. Longer room numbers carry their floor already (23楼2305).
            var room = Slice(Room);
            if (Floor.IsSet && room.Length <= 2 && IsDigits(room) && IsDigits(Slice(Floor)))
            {
                w.Add(Slice(Floor));
                if (room.Length == 1) w.Add("0");
            }
            w.Add(room);
            w.Add("室");
        }
        if (Rest.IsSet) w.Add(Slice(Rest));
        length = w.Length;
        return !w.Overflow && length > 0;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>The compound without trailing <c>小区</c> (华星小区 and 华星 are one compound), keeping at least two characters.</summary>
    private static ReadOnlySpan<char> CompoundName(ReadOnlySpan<char> name)
    {
        while (name.Length >= 4 && name.EndsWith("小区")) name = name[..^2];
        return name;
    }

    private ref struct KeyWriter(Span<char> dst)
    {
        private readonly Span<char> _dst = dst;
        public int Length;
        public bool Overflow;

        public void Add(ReadOnlySpan<char> s)
        {
            if (Length + s.Length > _dst.Length) { Overflow = true; return; }
            s.CopyTo(_dst[Length..]);
            Length += s.Length;
        }
    }
}
