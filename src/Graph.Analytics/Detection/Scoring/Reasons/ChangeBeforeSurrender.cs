using System.Globalization;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>CHANGE_BEFORE_SURRENDER</c>: the ring's households surrendered soon after the change or complaint that tied
/// them to it (or changed something shortly before a surrender that did). Measured with <see cref="Timing"/>
/// against how soon this insurer's holders surrender after such records; the window that says most is reported.
/// </summary>
internal sealed class ChangeBeforeSurrender : IRingReason
{
    public ReasonCode Code => ReasonCode.ChangeBeforeSurrender;

    public ReasonFamily Family => ReasonFamily.Harm;

    public ReasonFinding? Measure(RingFacts ring)
    {
        var t = Timing.Scan(ring.HouseholdGap, ring.HouseholdRow, ring.Baseline.Rates);
        if (t.Observed < 2 || t.Decades <= 0) return null;
        var records = new List<string>();
        for (int u = 0; u < ring.HouseholdGap.Length; u++)
            if (ring.HouseholdGap[u] <= t.Window) records.AddRange(ring.HouseholdRecords[u]);
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{t.Observed} of {t.Tested} households surrendered within {t.Window} days of the change or complaint tying them to the ring");
        return new ReasonFinding(what, t.Observed, t.Expected, t.Decades, records);
    }
}
