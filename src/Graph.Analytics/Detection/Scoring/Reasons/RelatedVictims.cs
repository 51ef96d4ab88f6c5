using System.Globalization;

using Graph.Analytics.Detection.Internal;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>RELATED_VICTIMS</c> (counts against a ring): more victims share a surname and a city than chance allows.
/// Two holders of a city share a surname with the probability measured in that city (Σ f² of its surnames — high
/// for 王, 李, 张); the expected number of same-surname, same-city pairs among the victims is the sum over cities of
/// C(n_city, 2) times that, and the chance of at least the observed number is a Poisson tail. A ring of strangers
/// shows about the expected number; relatives show more.
/// </summary>
internal sealed class RelatedVictims : IRingReason
{
    public ReasonCode Code => ReasonCode.RelatedVictims;

    public ReasonFamily Family => ReasonFamily.Against;

    /// <summary>
    /// Whether <paramref name="victims"/> look like relatives rather than strangers: at least twice the same-surname,
    /// same-city pairs the cities' surnames explain, at <paramref name="decades"/> of significance. A big ring of
    /// strangers in a few cities has many such pairs, but about as many as expected.
    /// </summary>
    public static bool IsKin(IReadOnlyList<int> victims, SnapshotIndex index, Baseline baseline, double decades)
    {
        var (observed, expected, _) = Count(victims, index, baseline);
        return observed >= 2 * expected && -Chance.PoissonTailLog10(observed, expected) >= decades;
    }

    private static (int Observed, double Expected, List<int> Related) Count(IReadOnlyList<int> victims, SnapshotIndex index, Baseline baseline)
    {
        var perCity = new Dictionary<int, int>();
        var perSurnameCity = new Dictionary<(char, int), List<int>>();
        foreach (int h in victims)
        {
            int city = index.HolderCity[h];
            char s = index.HolderSurname[h];
            if (city < 0 || s == '\0') continue;
            perCity[city] = perCity.GetValueOrDefault(city) + 1;
            if (!perSurnameCity.TryGetValue((s, city), out var list)) perSurnameCity[(s, city)] = list = [];
            list.Add(h);
        }
        double expected = 0;
        foreach (var (city, n) in perCity) expected += n * (n - 1) / 2.0 * baseline.SameSurnameIn(city);
        int observed = 0;
        var related = new List<int>();
        foreach (var list in perSurnameCity.Values)
        {
            if (list.Count < 2) continue;
            observed += list.Count * (list.Count - 1) / 2;
            related.AddRange(list);
        }
        return (observed, expected, related);
    }

    public ReasonFinding? Measure(RingFacts ring)
    {
        var (observed, expected, relatedHolders) = Count(ring.Victims, ring.Index, ring.Baseline);
        if (observed <= expected) return null;
        double decades = -Chance.PoissonTailLog10(observed, expected);
        if (decades <= 0) return null;
        var related = relatedHolders.Select(ring.HolderId).ToList();
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{related.Count} victims share a surname and a city with another victim ({observed} pairs where this insurer's surnames give {expected:0.#})");
        return new ReasonFinding(what, observed, expected, decades, related);
    }
}
