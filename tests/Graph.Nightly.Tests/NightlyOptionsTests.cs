using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Graph.Nightly.Tests;

public sealed class NightlyOptionsTests
{
    [Fact]
    public void Every_problem_is_reported_at_once_each_naming_its_fix()
    {
        var options = new NightlyOptions { ScheduleTime = "25:00", TimeZone = "Mars/Olympus_Mons", Threshold = 150, BatchSize = 60_000 };

        var problems = NightlyOptionsValidator.Problems(options);

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.Contains("batch size 60000") && p.Contains("100 to 50,000") && p.Contains("--batch-size"));
        Assert.Contains(problems, p => p.Contains("--inbox DIR") && p.Contains("FRAUDGRAPH_NIGHTLY__INBOX"));
        Assert.Contains(problems, p => p.Contains("--output DIR") && p.Contains("FRAUDGRAPH_NIGHTLY__OUTPUT"));
        Assert.Contains(problems, p => p.Contains("--store PATH") && p.Contains("FRAUDGRAPH_NIGHTLY__STORE"));
        Assert.Contains(problems, p => p.Contains("25:00") && p.Contains("HH:mm"));
        Assert.Contains(problems, p => p.Contains("Mars/Olympus_Mons") && p.Contains("Asia/Shanghai"));
        Assert.Contains(problems, p => p.Contains("150") && p.Contains("between 0 and 100"));
    }

    [Fact]
    public void Archive_and_failed_default_to_siblings_of_the_inbox()
    {
        using var dir = new TempDir();
        var inbox = dir.Combine("drop", "inbox");
        Directory.CreateDirectory(inbox);
        var options = new NightlyOptions { Inbox = inbox + "/", Output = dir.Combine("out"), Store = dir.Combine("g.db") };

        Assert.Empty(NightlyOptionsValidator.Problems(options));
        Assert.Equal(dir.Combine("drop", "archive"), options.ArchivePath);
        Assert.Equal(dir.Combine("drop", "failed"), options.FailedPath);
        Assert.Equal(new TimeOnly(2, 0), options.ScheduleTimeOfDay);
        Assert.Equal("Asia/Shanghai", options.Zone.Id);
    }

    [Fact]
    public void An_archive_inside_the_inbox_or_a_missing_inbox_is_refused()
    {
        using var dir = new TempDir();
        var inbox = dir.Combine("inbox");
        Directory.CreateDirectory(inbox);
        var inside = NightlyOptionsValidator.Problems(new NightlyOptions
        {
            Inbox = inbox, Output = dir.Combine("out"), Store = dir.Combine("g.db"), Archive = Path.Combine(inbox, "done"), Failed = dir.Combine("out2"),
        });
        Assert.Contains(inside, p => p.Contains("archive") && p.Contains("inside"));

        var missing = NightlyOptionsValidator.Problems(new NightlyOptions { Inbox = dir.Combine("nope"), Output = dir.Combine("out"), Store = dir.Combine("g.db") });
        Assert.Contains(missing, p => p.Contains("does not exist") && p.Contains("nope"));
    }

    [Fact]
    public void Command_line_overrides_environment_which_overrides_defaults()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("inbox"));
        // A variable no other test sets; the command line names the others.
        Environment.SetEnvironmentVariable("FRAUDGRAPH_NIGHTLY__SCHEDULETIME", "03:15");
        Environment.SetEnvironmentVariable("FRAUDGRAPH_NIGHTLY__TIMEZONE", "Europe/Berlin");
        try
        {
            using var host = NightlyHost.CreateBuilder(
            [
                new("Nightly:Inbox", dir.Combine("inbox")),
                new("Nightly:Output", dir.Combine("out")),
                new("Nightly:Store", dir.Combine("g.db")),
                new("Nightly:TimeZone", "UTC"),
                new("Nightly:Threshold", "65"),
            ], once: true).Build();
            var options = host.Services.GetRequiredService<IOptions<NightlyOptions>>().Value;

            Assert.Equal("03:15", options.ScheduleTime);   // environment over the default
            Assert.Equal("UTC", options.TimeZone);         // command line over the environment
            Assert.Equal(65, options.Threshold);
            Assert.Equal(dir.Combine("archive"), options.ArchivePath);
            Assert.Equal(NightlyHost.ShutdownTimeout, host.Services.GetRequiredService<IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value.ShutdownTimeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FRAUDGRAPH_NIGHTLY__SCHEDULETIME", null);
            Environment.SetEnvironmentVariable("FRAUDGRAPH_NIGHTLY__TIMEZONE", null);
        }
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_with_every_problem_printed()
    {
        var error = new StringWriter();

        int code = await NightlyHost.RunAsync([new("Nightly:ScheduleTime", "noon")], once: true, error);

        Assert.Equal(NightlyExitCode.BadInput, code);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("error: ", l));
        Assert.Contains(lines, l => l.Contains("noon"));
    }
}

public sealed class NightlyEncodingOptionTests
{
    [Theory]
    [InlineData("auto", Graph.Ingest.InputEncoding.Auto)]
    [InlineData("GBK", Graph.Ingest.InputEncoding.Gb18030)]
    [InlineData("utf-16", Graph.Ingest.InputEncoding.Utf16LE)]
    public void The_encoding_setting_takes_the_names_of_the_encoding_option(string name, Graph.Ingest.InputEncoding expected)
    {
        var options = new NightlyOptions { Encoding = name };
        Assert.DoesNotContain(NightlyOptionsValidator.Problems(options), p => p.Contains("encoding"));
        Assert.Equal(expected, options.InputEncoding);
    }

    [Fact]
    public void An_unknown_encoding_is_refused_with_the_names_it_could_be()
    {
        var problems = NightlyOptionsValidator.Problems(new NightlyOptions { Encoding = "big5" });
        Assert.Contains(problems, p => p.Contains("big5") && p.Contains("gb18030") && p.Contains("--encoding"));
    }
}
