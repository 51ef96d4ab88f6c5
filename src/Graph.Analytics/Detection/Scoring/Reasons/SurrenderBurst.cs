using System.Globalization;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>SURRENDER_BURST</c>: many of the ring's households ask to surrender in a stretch of time in which this insurer
/// receives few of its surrenders (<see cref="Burst"/>, runs of at least half the households). Each household counts
/// once, at its first request (a family surrendering together is one decision).
/// </summary>
internal sealed class SurrenderBurst : IRingReason
{
    public ReasonCode Code => ReasonCode.SurrenderBurst;

    public ReasonFamily Family => ReasonFamily.Harm;

    public ReasonFinding? Measure(RingFacts ring)
    {
        var days = ring.HouseholdSurrenderDays;
        var burst = Burst.Scan(days, ring.Index.SurrenderDays, smallestRun: (days.Length + 1) / 2);
        if (burst.Decades <= 0) return null;
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{burst.Observed} of {days.Length} households asked to surrender within {Span(burst.SpanDays)}, a stretch holding {burst.Share * 100:0.##}% of the insurer's surrenders");
        return new ReasonFinding(what, burst.Observed, days.Length * burst.Share, burst.Decades, ring.SurrenderIds);
    }

    /// <summary>A stretch of days in words: days, weeks or months.</summary>
    internal static string Span(double days) => days switch
    {
        < 1 => "one day",
        < 14 => $"{Math.Ceiling(days).ToString(CultureInfo.InvariantCulture)} days",
        < 120 => $"{Math.Ceiling(days / 7).ToString(CultureInfo.InvariantCulture)} weeks",
        _ => $"{Math.Ceiling(days / 30.44).ToString(CultureInfo.InvariantCulture)} months",
    };
}
