using System.Globalization;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// Many of the ring's households acted in a stretch of time in which this insurer sees few such records
/// (<see cref="Burst"/>, runs of at least half the households). Each household counts once, at its first record (a
/// family acting together is one decision); an insurer-wide wave is in the reference, so it is no burst. The
/// subclasses say which records: surrender requests, complaints.
/// </summary>
internal abstract class BurstReason : IRingReason
{
    public abstract ReasonCode Code { get; }

    public ReasonFamily Family => ReasonFamily.Harm;

    /// <summary>Each household's first day of the kind of record, sorted.</summary>
    protected abstract double[] HouseholdDays(RingFacts ring);

    /// <summary>The insurer's days of that kind of record, sorted.</summary>
    protected abstract double[] Reference(RingFacts ring);

    protected abstract IEnumerable<string> Records(RingFacts ring);

    /// <summary>What the households did ("asked to surrender") and what the reference holds ("surrenders").</summary>
    protected abstract (string Did, string Records) Words { get; }

    public ReasonFinding? Measure(RingFacts ring)
    {
        var days = HouseholdDays(ring);
        var burst = Burst.Scan(days, Reference(ring), smallestRun: (days.Length + 1) / 2);
        if (burst.Decades <= 0) return null;
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{burst.Observed} of {days.Length} households {Words.Did} within {Span(burst.SpanDays)}, a stretch holding {burst.Share * 100:0.##}% of the insurer's {Words.Records}");
        return new ReasonFinding(what, burst.Observed, days.Length * burst.Share, burst.Decades, Records(ring));
    }

    private static string Span(double days) => days switch
    {
        < 1 => "one day",
        < 14 => $"{Math.Ceiling(days).ToString(CultureInfo.InvariantCulture)} days",
        < 120 => $"{Math.Ceiling(days / 7).ToString(CultureInfo.InvariantCulture)} weeks",
        _ => $"{Math.Ceiling(days / 30.44).ToString(CultureInfo.InvariantCulture)} months",
    };
}

/// <summary><c>SURRENDER_BURST</c>: the ring's households asked to surrender in one stretch (<see cref="BurstReason"/>).</summary>
internal sealed class SurrenderBurst : BurstReason
{
    public override ReasonCode Code => ReasonCode.SurrenderBurst;
    protected override double[] HouseholdDays(RingFacts ring) => ring.HouseholdSurrenderDays;
    protected override double[] Reference(RingFacts ring) => ring.Index.SurrenderDays;
    protected override IEnumerable<string> Records(RingFacts ring) => ring.SurrenderIds;
    protected override (string Did, string Records) Words => ("asked to surrender", "surrenders");
}

/// <summary>
/// <c>COMPLAINT_BURST</c>: the ring's households complained in one stretch (<see cref="BurstReason"/>), as a ring's
/// coached wave of letters to the regulator does, often before anyone has surrendered.
/// </summary>
internal sealed class ComplaintBurst : BurstReason
{
    public override ReasonCode Code => ReasonCode.ComplaintBurst;
    protected override double[] HouseholdDays(RingFacts ring) => ring.HouseholdComplaintDays;
    protected override double[] Reference(RingFacts ring) => ring.Index.ComplaintDays;
    protected override IEnumerable<string> Records(RingFacts ring) => ring.ComplaintIds;
    protected override (string Did, string Records) Words => ("complained", "complaints");
}
