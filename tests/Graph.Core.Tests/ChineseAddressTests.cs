using Graph.Core;

namespace Graph.Core.Tests;

public class ChineseAddressTests
{
    private static string? Key(string raw, string? city = null) => AddressNormalizer.Normalize(raw, city).Value;

    /// <summary>Spellings of one flat, each with the city column of its holder's row (null where there is none).</summary>
    public static TheoryData<string, (string Raw, string? City)[]> OneFlat => new()
    {
        {
            "the issue's four spellings of one Hangzhou flat",
            [
                ("浙江省杭州市西湖区文三路100号华星小区5幢2单元301室", null),
                ("杭州市西湖区文三路100号华星小区5-2-301", null),
                ("西湖区文三路一百号华星小区五栋二单元三〇一", "杭州"),
                ("文三路100号华星小区5栋2单元301", "杭州市"),
                ("浙江杭州西湖区文三路１００号华星小区５号楼２单元３０１室", null),
                ("杭州西湖区 文三路100号 华星小区 5#2-301", null),
                ("  杭州市西湖区文三路100号华星5栋2单元0301房  ", null),
                ("浙江省 杭州市 西湖区 文三路 一百号 华星小区 五幢 二单元 三百零一室", null),
                ("杭州市西湖区西溪街道文三路100号华星小区5栋2-301", null),
                ("杭州市文三路100号华星小区5栋2单元301号", null),
                ("杭州市西湖区文三路100号华星小区5－2－301", null),
                ("杭州西湖区 文三路100 华星小区 5栋2单301号", null), // no 号 after the road number, 单 for 单元
            ]
        },
        {
            "a municipality is province and city at once",
            [
                ("北京市朝阳区建国路88号SOHO现代城A座1201室", null),
                ("北京朝阳区建国路88号SOHO现代城A座1201", null),
                ("朝阳区建国路88号SOHO现代城a座1201", "北京"),
                ("北京市北京市朝阳区建国路88号SOHO现代城A座1201室", null),
            ]
        },
        {
            "a Shanghai lane, its house and room",
            [
                ("上海市徐汇区漕溪北路1000弄5号301室", null),
                ("上海徐汇区漕溪北路1000弄5号301", null),
                ("徐汇区漕溪北路一千弄五号三〇一室", "上海"),
            ]
        },
        {
            "an office floor is implied by the room",
            [
                ("北京市朝阳区建国路123号国际大厦2305室", null),
                ("北京市朝阳区建国路123号国际大厦23楼2305室", null),
                ("北京市朝阳区建国路123号国际大厦23F 2305", null),
            ]
        },
        {
            "a room numbered within its floor",
            [
                ("银川市西夏区永安路64号信息大厦3216室", null),
                ("西夏区永安路64号信息大厦32楼16", "银川"),
                ("银川市西夏区永安路64号信息大厦32层16号", null),
            ]
        },
        {
            "a room of one digit after its floor",
            [
                ("苏州市姑苏区黄河东路26号金融中心1601室", null),
                ("苏州市姑苏区黄河东路２６号金融中心１６层１号", null),
                ("苏州市黄河东路26号金融中心16楼01", null),
            ]
        },
        {
            "a village group and house",
            [
                ("河北省保定市清苑区东闾乡东闾村3组25号", null),
                ("保定市东闾乡东闾村三组二十五号", null),
                ("东闾乡东闾村3组25号", "保定"),
                ("保定市东闾乡东闾村3社25号", null), // 社 for 组, as in 四川 and 重庆
            ]
        },
        {
            "a county town keeps its county",
            [
                ("浙江省杭州市桐庐县城关镇迎春南路5号", null),
                ("杭州桐庐县城关镇迎春南路五号", null),
                ("桐庐县城关镇迎春南路5号", "杭州"),
            ]
        },
        {
            "a district named with 市 (青岛 市南区)",
            [
                ("山东省青岛市市南区香港中路100号", null),
                ("青岛市香港中路100号", null),
                ("市南区香港中路一百号", "青岛"),
            ]
        },
        {
            "a district whose name starts like a road (唐山 路南区; the independent insurer's families came apart on it)",
            [
                ("河北省唐山市路南区跃进路519号恒大国际13幢2单元902室", null),
                ("唐山市路南区跃进路519号恒大国际13栋2单元902室", null),
                ("路南区跃进路519号恒大国际13-2-902", "唐山"),
                ("跃进路519号恒大国际13-2-902", "唐山市"),
            ]
        },
        {
            "哈尔滨 道里区",
            [
                ("黑龙江省哈尔滨市道里区中央大街100号", null),
                ("哈尔滨道里区中央大街一百号", null),
                ("道里区中央大街100号", "哈尔滨"),
            ]
        },
        {
            "districts whose names hold a town's or county's suffix (南宁 西乡塘区, 赣州 赣县区, 宁波 镇海区)",
            [
                ("广西壮族自治区南宁市西乡塘区文化路100号华星花园5栋2单元301室", null),
                ("南宁西乡塘区文化路100号华星花园5栋2单元301室", null),
                ("西乡塘区文化路100号华星花园5栋2单元301室", "南宁"),
                ("南宁市文化路100号华星花园5栋2单元301室", null),
            ]
        },
        {
            "赣县区",
            [
                ("江西省赣州市赣县区文化路100号华星花园5栋2单元301室", null),
                ("赣县区文化路100号华星花园5栋2单元301室", "赣州市"),
                ("赣州市文化路100号华星花园5栋2单元301室", null),
            ]
        },
        {
            "镇海区 after the bare city",
            [
                ("浙江宁波镇海区文化路100号华星花园5栋2单元301室", null),
                ("宁波市镇海区文化路100号华星花园5栋2单元301室", null),
                ("宁波市文化路100号华星花园5栋2单元301室", null),
            ]
        },
        {
            "a city's bare name after its province, before a compound (河北省唐山世纪一期)",
            [
                ("河北省唐山世纪一期1幢4单元1401", null),
                ("河北 唐山市 路南区 世纪一期 1号楼 4单元 1401室", null),
                ("路南区世纪一期1-4-1401", "唐山市"),
                ("世纪一期1-4-1401", "唐山"),
            ]
        },
        {
            "a road without a road marker (重庆 解放碑)",
            [
                ("重庆市渝中区解放碑123号红星小区3栋201室", null),
                ("重庆渝中区解放碑123号红星3-201", null),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(OneFlat))]
    public void Spellings_of_one_flat_are_one_address_node(string what, (string Raw, string? City)[] spellings)
    {
        var keys = spellings.Select(s => Key(s.Raw, s.City)).ToArray();
        Assert.All(keys, k => Assert.NotNull(k));
        Assert.True(keys.Distinct().Count() == 1, $"{what}: {string.Join(" | ", spellings.Zip(keys, (s, k) => $"{s.Raw} → {k}"))}");
    }

    [Theory]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文三路100号华星小区5幢2单元302室")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文三路100号华星小区5幢3单元301室")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文三路100号华星小区6幢2单元301室")]
    [InlineData("杭州市西湖区文三路100号华星小区5-2-301", "杭州市西湖区文三路100号华星小区5-3-201")]
    [InlineData("杭州市西湖区文三路100号华星小区5-2-301", "杭州市西湖区文三路100号华星小区5-23-01")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文二路100号华星小区5幢2单元301室")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文三路101号华星小区5幢2单元301室")]
    [InlineData("杭州市西湖区文三路一百号华星小区5幢2单元301室", "杭州市西湖区文三路一百零一号华星小区5幢2单元301室")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文三路100号华新小区5幢2单元301室")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "南昌市西湖区文三路100号华星小区5幢2单元301室")]
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室", "杭州市西湖区文三路100号华星小区5幢2单元")]
    [InlineData("杭州市桐庐县人民路5号", "杭州市淳安县人民路5号")]
    [InlineData("上海市徐汇区漕溪北路1000弄5号301室", "上海市徐汇区漕溪北路1000弄6号301室")]
    [InlineData("昆明市五华区北京路100号", "北京市朝阳区100号")]
    [InlineData("北京市朝阳区建国路123号国际大厦2305室", "北京市朝阳区建国路123号环球中心2305室")]
    [InlineData("保定市东闾乡东闾村3组25号", "保定市东闾乡东闾村3组26号")]
    [InlineData("石家庄市朝阳路307号创业中心8楼14", "石家庄市朝阳路307号创业中心9楼14")] // room 14 of two floors
    [InlineData("广州市天河区江南大道100号阳光花园5栋301室", "杭州市西湖区江南大道100号阳光花园5栋301室")]
    public void Near_misses_stay_apart(string a, string b) => Assert.NotEqual(Key(a), Key(b));

    [Fact]
    public void A_city_column_fills_only_a_missing_city_of_the_same_province()
    {
        const string noCity = "西湖区文三路100号华星小区5栋2单元301室";
        Assert.Equal("杭州市文三路100号华星5栋2单元301室", Key(noCity, "杭州"));
        Assert.Equal("南昌市文三路100号华星5栋2单元301室", Key(noCity, "南昌市"));
        Assert.Equal("文三路100号华星5栋2单元301室", Key(noCity));
        // A written city wins over the column.
        Assert.Equal("杭州市文三路100号华星5栋2单元301室", Key("杭州市" + noCity, "南昌"));
        // A column from another province than the one written is not this address's city; the province stays.
        Assert.Equal("浙江省文三路100号华星5栋2单元301室", Key("浙江省" + noCity, "南昌"));
        Assert.Equal("杭州市文三路100号华星5栋2单元301室", Key("浙江省" + noCity, "浙江省杭州市"));
        // A column that names no city is ignored.
        Assert.Equal("文三路100号华星5栋2单元301室", Key(noCity, "Hangzhou"));
        Assert.Equal("文三路100号华星5栋2单元301室", Key(noCity, "浙江省"));
        Assert.Equal("文三路100号华星5栋2单元301室", Key(noCity, ""));
        // A county-level city the list does not know is still a city.
        Assert.Equal("义乌市稠州北路100号", Key("稠州北路100号", "义乌"));
    }

    [Fact]
    public void Parts_are_named()
    {
        var a = ChineseAddress.Parse("浙江省杭州市西湖区西溪街道文三路100号华星小区5幢2单元301室")!;
        Assert.Equal(("浙江省", "杭州市", "西湖区", "西溪街道"), (a.Province, a.City, a.District, a.SubDistrict));
        Assert.Equal(("文三路", "100", "华星小区"), (a.Road, a.RoadNumber, a.Compound));
        Assert.Equal(("5", "2", "301"), (a.Building, a.Unit, a.Room));
        Assert.Null(a.County);
        Assert.Null(a.Floor);
        Assert.Equal("杭州市文三路100号华星5栋2单元301室", a.Key);

        var v = ChineseAddress.Parse("内蒙古自治区锡林郭勒盟正蓝旗上都镇团结路1号")!;
        Assert.Equal(("内蒙古自治区", "锡林郭勒盟", "正蓝旗", "上都镇", "团结路"), (v.Province, v.City, v.County, v.Town, v.Road));

        var lane = ChineseAddress.Parse("上海市徐汇区漕溪北路1000弄5号301室")!;
        Assert.Equal(("上海市", "漕溪北路", "1000", "5", "301"), (lane.City, lane.Road, lane.Lane, lane.Building, lane.Room));

        var sub = ChineseAddress.Parse("杭州市西湖区文三路100-2号")!;
        Assert.Equal("100-2", sub.RoadNumber);
    }

    [Theory]
    [InlineData("一", "1")]
    [InlineData("十", "10")]
    [InlineData("十五", "15")]
    [InlineData("二十三", "23")]
    [InlineData("一百", "100")]
    [InlineData("一百零一", "101")]
    [InlineData("一百五", "150")]
    [InlineData("一百五十", "150")]
    [InlineData("两百", "200")]
    [InlineData("一千零五", "1005")]
    [InlineData("三千二", "3200")]
    [InlineData("三〇一", "301")]
    [InlineData("三零一", "301")]
    [InlineData("一二〇三", "1203")]
    [InlineData("〇五", "5")]
    public void Chinese_numerals_are_read_as_numbers(string numeral, string digits) =>
        Assert.Equal(digits, ChineseAddress.Parse($"杭州市文三路{numeral}号")!.RoadNumber);

    [Theory]
    [InlineData("杭州市文三路100号", "杭州市文三路100号")]
    [InlineData("杭州市中山北路100号", "杭州市中山北路100号")] // 中山 is a city, 中山北路 a road
    [InlineData("中山北路100号", "中山北路100号")]
    [InlineData("上海市南京西路1000号", "上海市南京西路1000号")]
    [InlineData("南京中山北路100号", "南京市中山北路100号")]
    [InlineData("杭州市延安路100号", "杭州市延安路100号")]
    [InlineData("广州市番禺区市桥街12号", "广州市市桥街12号")]
    [InlineData("石家庄市新华区朝阳路307号创业中心8楼14", "石家庄市朝阳路307号创业中心814室")] // not the 14 of every floor
    [InlineData("郑州市管城回族区花园路100号", "郑州市花园路100号")]
    [InlineData("苏州市工业园区星湖街328号", "苏州市星湖街328号")]
    [InlineData("杭州市西湖区翠苑一区五栋三〇一", "杭州市翠苑一区5栋301室")]
    [InlineData("浙江省金华市义乌市稠州北路100号", "义乌市稠州北路100号")]
    [InlineData("延边朝鲜族自治州延吉市光明街5号", "延吉市光明街5号")]
    [InlineData("新疆维吾尔自治区乌鲁木齐市天山区解放南路1号", "乌鲁木齐市解放南路1号")]
    [InlineData("杭州市文三路华星小区5栋", "杭州市文三路华星5栋")]
    [InlineData("哈尔滨市南岗区红旗大街684号", "哈尔滨市红旗大街684号")] // 红旗 is no banner (旗)
    [InlineData("红旗大街684号", "红旗大街684号")]
    [InlineData("郑州市郑东新区北路5号", "郑州市郑东新区北路5号")] // a 1-character road name: 新区北路 is the road
    [InlineData("杭州市西湖区", "杭州市西湖区")] // a trailing 区 may be a compound's: kept
    [InlineData("浙江省文三路100号", "浙江省文三路100号")] // no city: the province is the locality
    [InlineData("河北省唐山路5号", "河北省唐山路5号")] // a road named after a city of the province
    [InlineData("广州市新市路南区5号", "广州市新市路南区5号")] // 路南区 before a number is no district
    [InlineData("杭州市西湖区文三路100号华星小区5幢2单元301室(放门口)", "杭州市文三路100号华星5栋2单元301室放门口")]
    public void Keys_read_as_addresses(string raw, string key) => Assert.Equal(key, Key(raw));

    [Theory]
    [InlineData("Room 12A, Bldg 5", "Room 12A, Bldg 5")]
    [InlineData("  123 Main St\t", "123 Main St")]
    [InlineData("５－２－３０１", "5-2-301")]
    [InlineData("浙江省杭州市", "浙江省杭州市")]
    [InlineData("华星小区5栋6栋", "华星小区5栋6栋")]
    [InlineData("深圳市南山区科技园路1号3栋B座1502", "深圳市南山区科技园路1号3栋B座1502")]
    public void What_does_not_parse_keeps_the_plain_normalization(string raw, string value)
    {
        Assert.Null(ChineseAddress.Parse(raw));
        var n = AddressNormalizer.Normalize(raw);
        Assert.Equal(value, n.Value);
        Assert.Equal(raw, n.Raw);
    }

    [Fact]
    public void The_raw_spelling_stays_beside_the_key()
    {
        const string raw = "西湖区文三路一百号华星小区五栋二单元三〇一";
        var n = AddressNormalizer.Normalize(raw, "杭州");
        Assert.Equal(raw, n.Raw);
        Assert.Equal("杭州市文三路100号华星5栋2单元301室", n.Value);
    }

    [Fact]
    public void Links_from_two_spellings_name_one_address_and_keep_each_raw_spelling()
    {
        var holder = new Policyholder { Id = "H1", Address = AddressNormalizer.Normalize("文三路100号华星小区5栋2单元301", "杭州") };
        var change = new ContactChange
        {
            Id = "C1", HolderId = "H2", Field = ContactField.Address,
            NewValue = AddressNormalizer.Normalize("浙江省杭州市西湖区文三路100号华星小区5-2-301"),
        };
        var links = ContactLinkExtractor.Extract(holder, "H1").Concat(ContactLinkExtractor.Extract(change, "H2")).ToList();
        Assert.Equal(2, links.Count);
        Assert.Single(links.Select(l => (l.ContactKind, l.Value)).Distinct());
        Assert.Equal(["文三路100号华星小区5栋2单元301", "浙江省杭州市西湖区文三路100号华星小区5-2-301"], links.Select(l => l.RawValue));
    }

    [Fact]
    public void A_clean_key_is_returned_as_it_is()
    {
        const string key = "杭州市文三路100号华星5栋2单元301室";
        Assert.Same(key, AddressNormalizer.Normalize(key).Value);
    }

    /// <summary>
    /// The formats of the synthetic generator (src/Graph.Synthetic/Internal/Fake.cs HomeAddress, OfficeAddress and
    /// FormatAddress: optional province, city, district, an optional space, street and number, community, building,
    /// unit and room; full-width digits, ideographic or doubled spaces, padding) parse, and every spelling of one of
    /// them gives one key.
    /// </summary>
    [Theory]
    [InlineData("广东省广州市天河区天河路12号阳光花园8栋1单元1203室", "广州市天河路12号阳光花园8栋1单元1203室")]
    [InlineData("重庆市沙坪坝区 三峡广场45号红星小区3栋201室", "重庆市三峡广场45号红星3栋201室")]
    [InlineData("重庆市渝中区观音桥步行街7号书香门第12栋3304室", "重庆市观音桥步行街7号书香门第12栋3304室")]
    [InlineData("青岛市市北区台东一路5号幸福里9栋2单元101室", "青岛市台东一路5号幸福里9栋2单元101室")]
    [InlineData("济南市市中区经七路88号", "济南市经七路88号")]
    [InlineData("天津市滨海新区第二大街300号世纪城1栋101室", "天津市第二大街300号世纪城1栋101室")]
    [InlineData("郑州市二七区大学路9号华府天地2栋5单元2001室", "郑州市大学路9号华府天地2栋5单元2001室")]
    [InlineData("北京市海淀区中关村大街998号创业大厦3912室", "北京市中关村大街998号创业大厦3912室")]
    [InlineData("南昌市西湖区八一大道1号丽景湾3栋1401室", "南昌市八一大道1号丽景湾3栋1401室")]
    [InlineData("武汉市汉阳区汉阳大道100号滨江花城5栋2单元501室", "武汉市汉阳大道100号滨江花城5栋2单元501室")]
    [InlineData("石家庄市高新区天山大街5号和平新村7栋1101室", "石家庄市天山大街5号和平新村7栋1101室")]
    public void The_generators_formats_parse_and_their_spellings_agree(string canonical, string key)
    {
        string fullWidthDigits = string.Concat(canonical.Select(c => c is >= '0' and <= '9' ? (char)(c + 0xFEE0) : c));
        string spaced = canonical.Contains(' ') ? canonical.Replace(" ", "\u3000") : " " + canonical;
        foreach (var spelling in new[] { canonical, fullWidthDigits, spaced, canonical.Replace(" ", "   "), canonical + "  " })
            Assert.Equal(key, Key(spelling));
    }
}
