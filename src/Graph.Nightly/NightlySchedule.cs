using Cronos;

namespace Graph.Nightly;

/// <summary>
/// When the nightly cycle runs next: either the first moment strictly after "now" at which the wall clock of
/// <see cref="Zone"/> reads <see cref="At"/> (<c>--at</c>), or the next occurrence of a cron expression read on that
/// clock (<c>--schedule</c>, computed by Cronos).
/// </summary>
/// <remarks>
/// Daylight-saving days with <see cref="At"/> are handled the way a person would read the clock: a time that does not
/// exist that day (skipped when clocks go forward) runs at the same distance after the gap, i.e. shifted by the gap; a
/// time that occurs twice (clocks go back) runs at its first occurrence only. With a cron expression they are
/// Cronos's rules, which are cron's: a skipped time runs at the end of the gap (02:30 in a 02:00→03:00 jump at 03:00),
/// a repeated one once, unless the expression fires every hour or more often (then at every real instant).
/// </remarks>
public sealed class NightlySchedule
{
    private readonly CronExpression? _cron;

    /// <summary>Every day at the wall-clock time <paramref name="at"/> of <paramref name="zone"/>.</summary>
    public NightlySchedule(TimeOnly at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        At = at;
        Zone = zone;
    }

    /// <summary>At every occurrence of <paramref name="cron"/> on the clock of <paramref name="zone"/>.</summary>
    public NightlySchedule(CronExpression cron, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(zone);
        _cron = cron;
        Zone = zone;
    }

    /// <summary>Local wall-clock time of the cycle; null for a cron schedule.</summary>
    public TimeOnly? At { get; }

    /// <summary>The time zone the schedule is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The schedule as the settings give it: <c>02:00</c>, or the cron expression (<c>0 2 * * *</c>).</summary>
    public override string ToString() => _cron?.ToString() ?? At!.Value.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The next wake-up strictly after <paramref name="now"/>, as an instant (offset of the zone at that moment).</summary>
    /// <exception cref="InvalidOperationException">A cron expression that never comes again (30 February).</exception>
    public DateTimeOffset Next(DateTimeOffset now)
    {
        if (_cron is not null)
        {
            var next = _cron.GetNextOccurrence(now, Zone) ?? throw new InvalidOperationException($"The schedule '{_cron}' never comes again.");
            return next.ToOffset(Zone.GetUtcOffset(next));
        }
        var at = At!.Value;
        var localNow = TimeZoneInfo.ConvertTime(now, Zone);
        var day = DateOnly.FromDateTime(localNow.DateTime);
        // Today's slot or tomorrow's; the third day only guards against unusual zone rules.
        for (int i = 0; i < 3; i++)
        {
            var candidate = ToInstant(day.AddDays(i).ToDateTime(at));
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
