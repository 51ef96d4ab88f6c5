using Microsoft.Extensions.Logging;

namespace Graph.Nightly.Tests;

/// <summary>What the nightly batch writes to its log: its own event ids, and never personal data.</summary>
public sealed class NightlyLogTests : IClassFixture<GeneratedInsurer>
{
    private readonly GeneratedInsurer _gen;

    public NightlyLogTests(GeneratedInsurer gen) => _gen = gen;

    private sealed record Entry(string Category, EventId Id, LogLevel Level, string Message);

    private sealed class Collector : ILoggerProvider
    {
        public List<Entry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);

        public void Dispose() { }

        private sealed class Sink(Collector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Entries) owner.Entries.Add(new Entry(category, eventId, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
            }
        }
    }

    /// <summary>Names, phone numbers, id numbers and addresses of the generated holders (simple split: the generator quotes none of these).</summary>
    private HashSet<string> PersonalValues()
    {
        var lines = File.ReadAllLines(Path.Combine(_gen.BaseFolder, "policyholders.csv"));
        var header = lines[0].Split(',');
        int[] columns = [Array.IndexOf(header, "name"), Array.IndexOf(header, "id_number"), Array.IndexOf(header, "phone")];
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length != header.Length) continue;
            foreach (int c in columns)
                if (fields[c].Trim().Length >= 2) values.Add(fields[c].Trim());
        }
        return values;
    }

    [Fact]
    public void A_cycle_logs_with_its_own_event_ids_and_without_personal_data()
    {
        using var world = new World();
        _gen.DeliverBase(world.Inbox);
        _gen.DeliverIncrement(1, world.Inbox);
        // A malformed folder whose broken line holds a phone number: the reason must name the line, not quote it.
        var bad = _gen.DeliverIncrement(2, world.Inbox, "03-broken");
        File.AppendAllText(Path.Combine(bad, "complaints.csv"), "C-BROKEN,P-1,H-1,2024-01-01,hotline,\"13912345678 never closed\n");
        var collector = new Collector();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(collector).SetMinimumLevel(LogLevel.Trace));

        var result = world.Cycle(loggers: loggers);
        _gen.DeliverBase(world.Inbox, "04-again");
        world.Cycle(loggers: loggers);

        Assert.True(result.AnyFailed);
        var entries = collector.Entries;
        var nightly = entries.Where(e => e.Category.StartsWith("Graph.Nightly", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(nightly);
        Assert.All(nightly, e => Assert.InRange(e.Id.Id, 3500, 3599));
        // Each event id means one thing: a message template per id.
        foreach (var kind in new[] { 3503, 3504, 3505, 3506, 3509, 3510, 3511 })
            Assert.Contains(nightly, e => e.Id.Id == kind);
        Assert.Contains(entries, e => e.Category.StartsWith("Graph.Ingest", StringComparison.Ordinal));

        var personal = PersonalValues();
        personal.Add("13912345678");
        Assert.True(personal.Count > 1000);
        foreach (var e in entries)
            foreach (var value in personal)
                Assert.False(e.Message.Contains(value, StringComparison.Ordinal), $"[{e.Id.Id}] {e.Category} logs a personal value");
        var reason = File.ReadAllText(Path.Combine(world.Failed, "03-broken", NightlyCycle.ReasonFile));
        Assert.Contains("complaints.csv", reason);
        Assert.DoesNotContain("13912345678", reason);
    }
}
