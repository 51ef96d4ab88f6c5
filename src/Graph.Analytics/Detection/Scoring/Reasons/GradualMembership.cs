using System.Globalization;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>GRADUAL_MEMBERSHIP</c> (counts against a ring): the group's households joined its values one by one over the
/// years, at the pace of the insurer's own records, and most of them never surrendered or complained. That is how a
/// care home, an employer or a parcel locker gathers its members: people move in, are hired, pick up parcels, and a
/// few of them surrender for reasons of their own, a few more than the insurer's average, which the harm reasons count
/// as evidence. A ring works a list in a campaign (its households joined in a burst) or makes most of them act; a
/// group that shows neither, and whose harm is weak, has its harm taken back. Harm that stands on its own
/// (<see cref="RingScorer.HalfScoreDecades"/> or more, a chance of one in ten billion) is not questioned.
/// <para>
/// Found on the second and third independent generators' care homes and parcel lockers (members joined over two to
/// four years, a third to a half ever acted), which the intersection–union test flagged on a few surrenders within a
/// year of moving in; a ring caught early, most of its victims not yet surrendered, joined in weeks.
/// </para>
/// </summary>
internal static class GradualMembership
{
    /// <summary>Decades of a burst of the households' joining that make it a campaign (a chance of one in ten).</summary>
    private const double CampaignDecades = 1;

    /// <summary>The finding, whose decades are the harm it takes back, or null when the group is no such gathering.</summary>
    /// <param name="harmDecades">The ring's harm family, combined.</param>
    public static ReasonFinding? Measure(RingFacts ring, double harmDecades)
    {
        int idle = ring.HouseholdActed.Count(a => !a);
        if (harmDecades <= 0 || harmDecades >= RingScorer.HalfScoreDecades || 2 * idle <= ring.Households) return null;
        var joined = ring.HouseholdTieDays;
        if (joined.Length < 3) return null;
        // A campaign: at least half of the households joined in a stretch short in calendar time and in the insurer's records.
        var burst = Burst.Scan(joined, ring.Index.EvidenceDays, smallestRun: (joined.Length + 1) / 2, calendar: true, mostBeyondExpected: true);
        if (burst.Decades >= CampaignDecades) return null;
        double years = (joined[^1] - joined[0]) / 365.25;
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{idle} of {ring.Households} households never surrendered or complained, and they joined over {years:0.#} years at the pace of the insurer's own records: members gathered as a care home or an employer gathers them, not a ring's victims; its harm ({harmDecades:0.#} decades) is taken back");
        // What an analyst checks: the records that tied the households who never acted.
        var idleRecords = new List<string>();
        for (int u = 0; u < ring.Households; u++)
            if (!ring.HouseholdActed[u]) idleRecords.AddRange(ring.HouseholdRecords[u]);
        return new ReasonFinding(what, idle, ring.Households / 2.0, harmDecades, idleRecords);
    }
}
