using Graph.Core;
using Graph.Analytics.Detection.Scoring;

namespace Graph.Analytics.Detection;

/// <summary>What the flag rule decided on a run (reported in <c>run.json</c> as <c>flagging</c>).</summary>
/// <param name="Rate">The false-discovery rate aimed at (method FalseDiscoveryRate).</param>
/// <param name="EvidenceCut">Decades of evidence a ring needed (method FalseDiscoveryRate; null when none qualified).</param>
/// <param name="LowestFlaggedScore">The lowest score among the flagged rings (null when none).</param>
public sealed record FlagDecision(FlagMethod Method, double? Rate, double? EvidenceCut, double? Threshold, int? Top,
    int Candidates, int Flagged, double? LowestFlaggedScore);

/// <summary>
/// Flags candidate rings. The default adapts to the insurer: each ring's evidence is a chance (10^−evidence) that
/// the insurer's base rates explain what it shows, and Benjamini–Hochberg picks the largest set of rings whose
/// expected share of such chance findings is at most the false-discovery rate (5%). A big insurer has more
/// candidates and so needs more evidence per ring; a small one needs less. A fixed score or the top K are options.
/// </summary>
public static class FlagRule
{
    /// <summary>Flags <paramref name="rings"/> (already in ring order) by <paramref name="options"/>.</summary>
    public static (List<Ring> Rings, FlagDecision Decision) Apply(IReadOnlyList<ScoredRing> rings, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(rings);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<Ring>(rings.Count);
        double? cut = null;
        switch (options.FlagBy)
        {
            case FlagMethod.FalseDiscoveryRate:
                double c = Chance.BenjaminiHochbergCutDecades(rings.Select(r => r.Evidence).ToList(), options.FalseDiscoveryRate);
                if (!double.IsPositiveInfinity(c)) cut = c;
                foreach (var r in rings) result.Add(r.Ring with { Flagged = cut is { } x && r.Evidence >= x });
                break;
            case FlagMethod.Score:
                foreach (var r in rings) result.Add(r.Ring with { Flagged = r.Ring.Score >= options.FlagThreshold });
                break;
            default:
                for (int i = 0; i < rings.Count; i++) result.Add(rings[i].Ring with { Flagged = i < options.FlagTop });
                break;
        }
        var flagged = result.Where(r => r.Flagged).ToList();
        var decision = new FlagDecision(options.FlagBy,
            options.FlagBy == FlagMethod.FalseDiscoveryRate ? options.FalseDiscoveryRate : null,
            cut is { } e ? Math.Round(e, 3) : null,
            options.FlagBy == FlagMethod.Score ? options.FlagThreshold : null,
            options.FlagBy == FlagMethod.Top ? options.FlagTop : null,
            rings.Count, flagged.Count, flagged.Count == 0 ? null : flagged.Min(r => r.Score));
        return (result, decision);
    }
}
