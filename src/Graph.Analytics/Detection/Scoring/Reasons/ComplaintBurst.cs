using System.Globalization;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>COMPLAINT_BURST</c>: many of the ring's households complain in a stretch of time in which this insurer receives
/// few of its complaints (<see cref="Burst"/>, runs of at least half the households), as a ring's coached wave of
/// letters to the regulator does, often before anyone has surrendered. A product-wide wave of complaints is in the
/// reference, so it is no burst. Each household counts once, at its first complaint.
/// </summary>
internal sealed class ComplaintBurst : IRingReason
{
    public ReasonCode Code => ReasonCode.ComplaintBurst;

    public ReasonFamily Family => ReasonFamily.Harm;

    public ReasonFinding? Measure(RingFacts ring)
    {
        var days = ring.HouseholdComplaintDays;
        var burst = Burst.Scan(days, ring.Index.ComplaintDays, smallestRun: (days.Length + 1) / 2);
        if (burst.Decades <= 0) return null;
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{burst.Observed} of {days.Length} households complained within {SurrenderBurst.Span(burst.SpanDays)}, a stretch holding {burst.Share * 100:0.##}% of the insurer's complaints");
        return new ReasonFinding(what, burst.Observed, days.Length * burst.Share, burst.Decades, ring.ComplaintIds);
    }
}
