namespace Graph.Nightly;

/// <summary>
/// When the nightly cycle runs next: the first moment strictly after "now" at which the wall clock of
/// <see cref="Zone"/> reads <see cref="At"/>.
/// </summary>
/// <remarks>
/// Daylight-saving days are handled the way a person would read the clock: a time that does not exist that day
/// (skipped when clocks go forward) runs at the same distance after the gap, i.e. shifted by the gap; a time that
/// occurs twice (clocks go back) runs at its first occurrence only.
/// </remarks>
public sealed class NightlySchedule
{
    public NightlySchedule(TimeOnly at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        At = at;
        Zone = zone;
    }

    /// <summary>Local wall-clock time of the cycle.</summary>
    public TimeOnly At { get; }

    /// <summary>The time zone <see cref="At"/> is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The next wake-up strictly after <paramref name="now"/>, as an instant (offset of the zone at that moment).</summary>
    public DateTimeOffset Next(DateTimeOffset now)
    {
        var localNow = TimeZoneInfo.ConvertTime(now, Zone);
        var day = DateOnly.FromDateTime(localNow.DateTime);
        // Today's slot or tomorrow's; the third day only guards against unusual zone rules.
        for (int i = 0; i < 3; i++)
        {
            var candidate = ToInstant(day.AddDays(i).ToDateTime(At));
            if (candidate > now) return candidate;
        }
        throw new InvalidOperationException("No wake-up found within three days; the time zone rules are inconsistent.");
    }

    /// <summary>How long to wait from <paramref name="now"/> until <see cref="Next"/>.</summary>
    public TimeSpan Delay(DateTimeOffset now) => Next(now) - now;

    private DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Clocks jumped forward over this time: take the instant the same distance after the jump, which is the
            // wall time shifted by the gap (02:30 in a 02:00→03:00 jump runs at 03:30).
            var before = Zone.GetUtcOffset(local.AddHours(-6));
            var utc = local - before;
            return new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(Zone.GetUtcOffset(new DateTimeOffset(utc, TimeSpan.Zero)));
        }
        if (Zone.IsAmbiguousTime(local))
        {
            // Clocks went back: the first occurrence has the larger offset (still on summer time).
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            var first = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
            return new DateTimeOffset(local, first);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
