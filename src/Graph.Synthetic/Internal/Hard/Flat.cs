using System.Globalization;
using System.Text;

namespace Graph.Synthetic.Internal;

/// <summary>
/// One flat (province, city, district, road and number, compound, building, unit, room) and the many ways people
/// write it: with or without province and city, with or without 号/栋/幢/单元/室, the dashed shorthand
/// <c>5-2-301</c>, Chinese or full-width numerals. A slow ring's flat reaches the files in several spellings that
/// a plain text normalizer keeps apart.
/// </summary>
internal sealed class Flat
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    private readonly City _city;
    private readonly string _district;
    private readonly string _road;
    private readonly int _number;
    private readonly string _compound;
    private readonly int _building;
    private readonly int _unit;
    private readonly int _room;

    public Flat(Rng r, City city)
    {
        _city = city;
        _district = city.Districts[r.Next(city.Districts.Length)];
        _road = city.Streets[r.Next(city.Streets.Length)];
        _number = r.Next(1, 999);
        _compound = ChineseData.Communities[r.Next(ChineseData.Communities.Length)];
        _building = r.Next(1, 40);
        _unit = r.Next(1, 7);
        _room = r.Next(1, 33) * 100 + r.Next(1, 5);
    }

    /// <summary>A spelling of the flat, drawn from <paramref name="r"/>.</summary>
    public string Spell(Rng r)
    {
        var sb = new StringBuilder(48);
        bool spaced = r.Chance(0.15);
        int prefix = r.Next(4);
        if (prefix == 0 && _city.Province.Length > 0) sb.Append(_city.Province);
        if (prefix <= 1) sb.Append(_city.Name).Append(r.Chance(0.8) ? "市" : "");
        if (prefix <= 2) sb.Append(_district);
        if (spaced && sb.Length > 0) sb.Append(' ');
        if (prefix < 3 || r.Chance(0.5))
        {
            sb.Append(_road).Append(Number(_number, r.Chance(0.15) ? Numerals.FullWidth : Numerals.Arabic));
            sb.Append(r.Chance(0.85) ? "号" : "");
            if (spaced) sb.Append(' ');
        }
        sb.Append(_compound);
        int style = r.Next(6);
        // Chinese numerals go with the 栋/幢/单元 markers; nobody writes a dashed shorthand in them.
        var numerals = style is 3 or 4 ? (r.Chance(0.2) ? Numerals.FullWidth : Numerals.Arabic)
            : r.Next(10) switch { < 6 => Numerals.Arabic, < 8 => Numerals.Chinese, _ => Numerals.FullWidth };
        string b = Number(_building, numerals), u = Number(_unit, numerals), room = Room(_room, numerals);
        switch (style)
        {
            case 0: sb.Append(b).Append('栋').Append(u).Append("单元").Append(room).Append('室'); break;
            case 1: sb.Append(b).Append('幢').Append(u).Append("单元").Append(room); break;
            case 2: sb.Append(b).Append("号楼").Append(u).Append("单元").Append(room).Append('室'); break;
            case 3: sb.Append(b).Append('-').Append(u).Append('-').Append(room); break;
            case 4: sb.Append(b).Append('栋').Append(u).Append('-').Append(room); break;
            default: sb.Append(b).Append('栋').Append(u).Append('单').Append(room).Append("号"); break;
        }
        return sb.ToString();
    }

    private enum Numerals { Arabic, Chinese, FullWidth }

    private static string Number(int n, Numerals numerals) => numerals switch
    {
        Numerals.Chinese => ChineseCount(n),
        Numerals.FullWidth => Fake.ToFullWidth(n.ToString(CultureInfo.InvariantCulture)),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A room number is read digit by digit (三零一), a building or unit as a count (十二).</summary>
    private static string Room(int n, Numerals numerals)
    {
        if (numerals != Numerals.Chinese) return Number(n, numerals);
        var sb = new StringBuilder();
        foreach (char c in n.ToString(CultureInfo.InvariantCulture)) sb.Append(Digits[c - '0']);
        return sb.ToString();
    }

    private static string ChineseCount(int n)
    {
        if (n < 10) return Digits[n];
        int tens = n / 10, ones = n % 10;
        return (tens == 1 ? "" : Digits[tens]) + "十" + (ones == 0 ? "" : Digits[ones]);
    }
}
