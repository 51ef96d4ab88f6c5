using System.Net;
using Graph.Web.Internal;
using Graph.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class LoginThrottleTests(ExplorerFixture fixture)
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static FormUrlEncodedContent Form(string user, string password) => new([new("user", user), new("password", password)]);

    [Fact]
    public async Task Parallel_wrong_passwords_get_no_more_tries_than_sequential_ones()
    {
        using var explorer = new ExplorerFactory(fixture.Options(), fixture.Users);
        var client = await explorer.ClientAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var r = await client.PostAsync("/login", Form("analyst1", "parallel-guess-" + i));
            return r.StatusCode;
        }));
        // Every attempt was refused, and at most five of them were checked against the hash at all.
        Assert.All(answers, a => Assert.Contains(a, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable }));
        Assert.InRange(answers.Count(a => a == HttpStatusCode.Unauthorized), 1, LoginThrottle.MaxFailures);
        using var right = await client.PostAsync("/login", Form("analyst1", ExplorerFixture.AnalystPassword));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Fact]
    public async Task When_every_password_check_is_busy_a_login_is_told_to_come_back_and_loses_no_try()
    {
        using var explorer = new ExplorerFactory(fixture.Options(), fixture.Users);
        var client = await explorer.ClientAsync();
        var context = explorer.Services.GetRequiredService<ExplorerContext>();
        for (int i = 0; i < ExplorerContext.MaxPasswordChecks; i++) Assert.True(context.PasswordChecks.Wait(0));
        try
        {
            using var busy = await client.PostAsync("/login", Form("super1", ExplorerFixture.SupervisorPassword));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.NotNull(busy.Headers.RetryAfter);
        }
        finally
        {
            context.PasswordChecks.Release(ExplorerContext.MaxPasswordChecks);
        }
        Assert.Equal(0, context.Logins.Count);
        using var ok = await client.PostAsync("/login", Form("super1", ExplorerFixture.SupervisorPassword));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public void An_attempt_counts_when_it_starts_and_a_success_clears_it()
    {
        var throttle = new LoginThrottle(new ManualClock());
        for (int i = 0; i < LoginThrottle.MaxFailures; i++) Assert.True(throttle.TryReserve("wang"));
        Assert.False(throttle.TryReserve("WANG"));
        throttle.Succeeded("wang");
        Assert.True(throttle.TryReserve("wang"));
    }

    [Fact]
    public void The_names_tracked_are_capped_and_expired_ones_make_room()
    {
        var clock = new ManualClock();
        var throttle = new LoginThrottle(clock, maxNames: 3);
        Assert.True(throttle.TryReserve("a"));
        Assert.True(throttle.TryReserve("b"));
        Assert.True(throttle.TryReserve("c"));
        Assert.False(throttle.TryReserve("d"));
        Assert.True(throttle.TryReserve("a"));
        Assert.Equal(3, throttle.Count);

        clock.Now += LoginThrottle.Window;
        Assert.True(throttle.TryReserve("d"));
        Assert.True(throttle.TryReserve("e"));
        Assert.InRange(throttle.Count, 2, 3);
    }
}
