namespace Graph.Nightly.Tests;

public sealed class NightlyScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Before the time: today.
    [InlineData("2026-03-01T01:00:00+08:00", "2026-03-01T02:00:00+08:00")]
    // Exactly at the time: that cycle is the one running now, so the next is tomorrow.
    [InlineData("2026-03-01T02:00:00+08:00", "2026-03-02T02:00:00+08:00")]
    // After the time, before midnight: across midnight to tomorrow.
    [InlineData("2026-03-01T23:30:00+08:00", "2026-03-02T02:00:00+08:00")]
    // Just after midnight: later the same (new) day.
    [InlineData("2026-03-02T00:05:00+08:00", "2026-03-02T02:00:00+08:00")]
    // Across the end of a month and of a year.
    [InlineData("2026-02-28T03:00:00+08:00", "2026-03-01T02:00:00+08:00")]
    [InlineData("2026-12-31T22:00:00+08:00", "2027-01-01T02:00:00+08:00")]
    public void Next_wake_up_in_Shanghai_at_two(string now, string expected)
    {
        var schedule = new NightlySchedule(new TimeOnly(2, 0), Shanghai);
        Assert.Equal(At(expected), schedule.Next(At(now)));
        Assert.Equal(TimeSpan.FromHours(8), schedule.Next(At(now)).Offset);
    }

    [Fact]
    public void Now_given_in_UTC_is_read_on_the_schedule_zone_clock()
    {
        var schedule = new NightlySchedule(new TimeOnly(2, 0), Shanghai);
        // 17:30 UTC on 1 March is 01:30 on 2 March in Shanghai: the cycle is half an hour away, not a day.
        var now = At("2026-03-01T17:30:00Z");
        Assert.Equal(At("2026-03-01T18:00:00Z"), schedule.Next(now));
        Assert.Equal(TimeSpan.FromMinutes(30), schedule.Delay(now));
        // 18:30 UTC is 02:30 in Shanghai: tomorrow's, across the local midnight but not the UTC one.
        Assert.Equal(At("2026-03-02T18:00:00Z"), schedule.Next(At("2026-03-01T18:30:00Z")));
    }

    [Fact]
    public void Another_time_zone_gives_another_instant_for_the_same_wall_time()
    {
        var now = At("2026-06-15T12:00:00Z");
        var berlin = new NightlySchedule(new TimeOnly(2, 0), Berlin).Next(now);
        var shanghai = new NightlySchedule(new TimeOnly(2, 0), Shanghai).Next(now);
        Assert.Equal(At("2026-06-16T02:00:00+02:00"), berlin);   // summer time
        Assert.Equal(At("2026-06-16T02:00:00+08:00"), shanghai);
        Assert.Equal(TimeSpan.FromHours(6), berlin - shanghai);
        // Winter: Berlin is on +01:00.
        Assert.Equal(At("2026-01-16T02:00:00+01:00"), new NightlySchedule(new TimeOnly(2, 0), Berlin).Next(At("2026-01-15T12:00:00Z")));
    }

    [Fact]
    public void A_time_skipped_by_the_clocks_going_forward_runs_just_after_the_jump()
    {
        // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that night.
        var schedule = new NightlySchedule(new TimeOnly(2, 30), NewYork);
        var next = schedule.Next(At("2026-03-08T00:00:00-05:00"));
        Assert.Equal(At("2026-03-08T03:30:00-04:00"), next);
        // The following night is normal again.
        Assert.Equal(At("2026-03-09T02:30:00-04:00"), schedule.Next(next));
    }

    [Fact]
    public void A_time_the_clocks_pass_twice_runs_once()
    {
        // New York, 1 November 2026: 02:00 EDT goes back to 01:00 EST, so 01:30 happens twice.
        var schedule = new NightlySchedule(new TimeOnly(1, 30), NewYork);
        var first = schedule.Next(At("2026-11-01T00:00:00-04:00"));
        Assert.Equal(At("2026-11-01T01:30:00-04:00"), first);
        // After the first 01:30 the next run is the following night, not the second 01:30 an hour later.
        Assert.Equal(At("2026-11-02T01:30:00-05:00"), schedule.Next(first));
        Assert.Equal(At("2026-11-02T01:30:00-05:00"), schedule.Next(At("2026-11-01T01:45:00-05:00")));
    }

    [Fact]
    public void Consecutive_wake_ups_are_a_day_apart_where_the_offset_does_not_change()
    {
        var schedule = new NightlySchedule(new TimeOnly(2, 0), Shanghai);
        var t = At("2026-01-01T00:00:00Z");
        for (int i = 0; i < 400; i++)
        {
            var next = schedule.Next(t);
            Assert.True(next > t);
            if (i > 0) Assert.Equal(TimeSpan.FromDays(1), next - t);
            Assert.Equal(new TimeOnly(2, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, Shanghai).DateTime));
            t = next;
        }
    }
}

/// <summary><c>--schedule</c>: cron expressions read on the clock of the time zone, through Cronos.</summary>
public sealed class NightlyCronScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static NightlySchedule Cron(string expression, TimeZoneInfo zone) =>
        new(Cronos.CronExpression.Parse(expression), zone);

    [Fact]
    public void Two_every_night_as_cron_wakes_exactly_when_at_two_does()
    {
        var cron = Cron("0 2 * * *", Shanghai);
        var at = new NightlySchedule(new TimeOnly(2, 0), Shanghai);
        // Every 7 hours and 13 minutes through a year: before, at and after 02:00, across months and the year end.
        for (var now = At("2026-01-01T00:00:00Z"); now < At("2027-01-01T00:00:00Z"); now = now.AddMinutes(433))
            Assert.Equal(at.Next(now), cron.Next(now));
        Assert.Equal(TimeSpan.FromHours(8), cron.Next(At("2026-03-01T00:00:00Z")).Offset);
    }

    [Theory]
    // Friday after the run: the next weekday is Monday.
    [InlineData("2026-03-06T02:00:00+08:00", "2026-03-09T01:30:00+08:00")]
    // Monday before the run: today.
    [InlineData("2026-03-09T00:10:00+08:00", "2026-03-09T01:30:00+08:00")]
    // Sunday 17:30 UTC is already Monday 01:30 in Shanghai: that run is now, so the next is Tuesday's.
    [InlineData("2026-03-08T17:30:00Z", "2026-03-10T01:30:00+08:00")]
    public void Weekdays_only_skips_the_weekend_on_the_zone_clock(string now, string expected) =>
        Assert.Equal(At(expected), Cron("30 1 * * 1-5", Shanghai).Next(At(now)));

    [Fact]
    public void A_time_skipped_by_the_clocks_going_forward_runs_at_the_end_of_the_gap()
    {
        // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT. Cron's rule (Cronos follows it): run at 03:00.
        var schedule = Cron("30 2 * * *", NewYork);
        var next = schedule.Next(At("2026-03-08T00:00:00-05:00"));
        Assert.Equal(At("2026-03-08T03:00:00-04:00"), next);
        Assert.Equal(At("2026-03-09T02:30:00-04:00"), schedule.Next(next));
    }

    [Fact]
    public void A_time_the_clocks_pass_twice_runs_once()
    {
        // New York, 1 November 2026: 01:30 happens twice; a daily expression runs at the first one only.
        var schedule = Cron("30 1 * * *", NewYork);
        var first = schedule.Next(At("2026-11-01T00:00:00-04:00"));
        Assert.Equal(At("2026-11-01T01:30:00-04:00"), first);
        Assert.Equal(At("2026-11-02T01:30:00-05:00"), schedule.Next(first));
    }

    [Fact]
    public void The_options_build_a_cron_schedule_when_one_is_set_and_the_daily_time_otherwise()
    {
        var cron = new NightlyOptions { Schedule = "15 4 * * 6", TimeZone = "UTC" }.CreateSchedule();
        Assert.Null(cron.At);
        Assert.Equal("15 4 * * 6", cron.ToString());
        Assert.Equal(At("2026-03-07T04:15:00Z"), cron.Next(At("2026-03-02T12:00:00Z"))); // the Saturday after
        var daily = new NightlyOptions { TimeZone = "UTC" }.CreateSchedule();
        Assert.Equal(new TimeOnly(2, 0), daily.At);
        Assert.Equal("02:00", daily.ToString());
    }

    [Fact]
    public void A_cron_macro_such_as_daily_is_accepted()
    {
        var options = new NightlyOptions { Schedule = "@daily", TimeZone = "Asia/Shanghai" };
        Assert.DoesNotContain(NightlyOptionsValidator.Problems(options), p => p.Contains("schedule"));
        Assert.Equal(At("2026-03-02T00:00:00+08:00"), options.CreateSchedule().Next(At("2026-03-01T12:00:00+08:00")));
    }

    [Theory]
    [InlineData("0 2 * *", "not a cron expression")]
    [InlineData("61 2 * * *", "not a cron expression")]
    [InlineData("0 0 30 2 *", "never comes")]
    public void A_schedule_that_is_no_cron_expression_or_never_comes_is_refused(string schedule, string problem)
    {
        var problems = NightlyOptionsValidator.Problems(new NightlyOptions { Schedule = schedule });
        Assert.Contains(problems, p => p.Contains(schedule) && p.Contains(problem) && p.Contains("--schedule"));
    }

    [Fact]
    public void A_schedule_and_a_time_of_day_together_are_refused()
    {
        var problems = NightlyOptionsValidator.Problems(new NightlyOptions { Schedule = "0 2 * * *", ScheduleTime = "02:00" });
        Assert.Contains(problems, p => p.Contains("--schedule") && p.Contains("--at") && p.Contains("keep one"));
    }
}
