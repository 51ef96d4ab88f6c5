namespace Graph.Synthetic.Internal;

/// <summary>
/// Where holders live and what they are called: the cities drawn from (the first <see cref="CityCount"/> of
/// <see cref="ChineseData.Cities"/>, so a city index means the same city in every profile) and the surname weights.
/// </summary>
internal sealed class Geography
{
    private readonly double[] _cityCumulative;
    private readonly double[] _surnameCumulative;

    private Geography(int cityCount, double[] surnameCumulative)
    {
        CityCount = cityCount;
        _cityCumulative = cityCount == ChineseData.ClassicCities
            ? ChineseData.CityCumulative
            : Rng.Cumulative(ChineseData.Cities.Take(cityCount).Select(c => c.Weight).ToArray());
        _surnameCumulative = surnameCumulative;
    }

    /// <summary>24 large cities, Zipf-like surnames: the classic profile's world.</summary>
    public static Geography Classic { get; } = new(ChineseData.ClassicCities, ChineseData.SurnameCumulative);

    /// <summary>Every city of the table (several per province) and census surname shares.</summary>
    public static Geography Census { get; } = new(ChineseData.Cities.Length, ChineseData.CensusSurnameCumulative);

    public int CityCount { get; }

    public int City(Rng r) => r.PickWeighted(_cityCumulative);

    public int Surname(Rng r) => r.PickWeighted(_surnameCumulative);
}
