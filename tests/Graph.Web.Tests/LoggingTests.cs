using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class LoggingTests(ExplorerFixture fixture)
{
    /// <summary>Keeps every log line the explorer writes, at every level its filters let through.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
        }
    }

    [Fact]
    public async Task Searches_records_logins_and_unmasking_leave_no_personal_value_in_the_log()
    {
        var logs = new CapturedLogs();
        using var factory = new ExplorerFactory(fixture.Options(), fixture.Users, logs);
        var holder = fixture.Records.Holders.First(h => h.Phone.Value is { Length: 11 });
        var maskedPhone = Core.Mask.Phone(holder.Phone.Value);

        // A password typed into the user field must not be logged either.
        var anonymous = await factory.ClientAsync();
        using (var wrong = await anonymous.PostAsync("/login", new FormUrlEncodedContent([new("user", holder.Phone.Value!), new("password", "x")])))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var client = await factory.LoginAsync("super1", ExplorerFixture.SupervisorPassword);
        await client.GetStringAsync($"/api/search?q={Uri.EscapeDataString(maskedPhone)}");
        using (var refused = await client.GetAsync($"/api/search?q={holder.IdNumber.Value}"))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await client.GetStringAsync($"/api/rings/{fixture.Ring.RingId}");
        foreach (var victim in fixture.Victims.Take(5)) await client.GetStringAsync($"/api/nodes/h:{victim}/neighbours");
        using (var unmask = await client.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", JsonContent.Create(new { reason = "case log-check" })))
            Assert.Equal(HttpStatusCode.OK, unmask.StatusCode);
        // The log is not silent: the login and the unmasking are in it, by user and ring.
        Assert.Contains(logs.Lines, l => l.Contains("super1", StringComparison.Ordinal) && l.Contains(fixture.Ring.RingId, StringComparison.Ordinal));

        var raw = fixture.RawPersonalValues().Append(holder.Phone.Value!).Append(maskedPhone).ToList();
        foreach (var line in logs.Lines)
            foreach (var value in raw)
                Assert.False(line.Contains(value, StringComparison.Ordinal), $"log line carries a personal value or search term: {line}");
    }

    [Fact]
    public async Task A_refusal_logs_the_ring_id_only_when_it_is_one()
    {
        var logs = new CapturedLogs();
        using var factory = new ExplorerFactory(fixture.Options(), fixture.Users, logs);
        var phone = fixture.Records.Holders.First(h => h.Phone.Value is { Length: 11 }).Phone.Value!;
        var analyst = await factory.LoginAsync("analyst1", ExplorerFixture.AnalystPassword);
        using (var odd = await analyst.PostAsync($"/api/rings/{Uri.EscapeDataString(phone)}/unmask", JsonContent.Create(new { reason = "case 1" })))
            Assert.Equal(HttpStatusCode.Forbidden, odd.StatusCode);
        using (var real = await analyst.PostAsync($"/api/rings/{fixture.Ring.RingId}/unmask", JsonContent.Create(new { reason = "case 1" })))
            Assert.Equal(HttpStatusCode.Forbidden, real.StatusCode);

        var refusals = logs.Lines.Where(l => l.Contains("[7005]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Contains(refusals, l => l.Contains("(invalid)", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains(fixture.Ring.RingId, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(phone, StringComparison.Ordinal));
    }
}
