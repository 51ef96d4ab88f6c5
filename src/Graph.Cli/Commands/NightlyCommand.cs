using System.CommandLine;
using System.Globalization;
using Graph.Nightly;

namespace Graph.Cli.Commands;

public static class NightlyCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Run one cycle now and exit (0 ok, 1 failure, 2 some increment was malformed) — for cron, a systemd timer or a Kubernetes CronJob." };
        var inbox = new Option<string?>("--inbox") { HelpName = "DIR", Description = "Folder increments are delivered to, one sub-folder each, read once it holds a _READY file." };
        var output = new Option<string?>("--output") { HelpName = "DIR", Description = "Folder receiving runs/RUN_ID/ (rings, members, run.json, changes.csv, changes.json)." };
        var archive = new Option<string?>("--archive") { HelpName = "DIR", Description = "Where loaded increments are moved (default: archive/ beside the inbox)." };
        var failed = new Option<string?>("--failed") { HelpName = "DIR", Description = "Where malformed increments are moved with a REASON.txt (default: failed/ beside the inbox)." };
        var threshold = new Option<double?>("--threshold") { HelpName = "SCORE", Description = "Flag rings scoring at least this (0–100); default from the detection configuration." };
        var config = new Option<string?>("--config") { HelpName = "FILE", Description = "JSON file overriding the detection defaults (as for analyze)." };
        var seed = new Option<int?>("--seed") { HelpName = "N", Description = "Seed of the community detection." };
        var at = new Option<string?>("--at") { HelpName = "HH:mm", Description = "Local time of the nightly cycle, HH:mm (default 02:00)." };
        var schedule = new Option<string?>("--schedule") { HelpName = "CRON", Description = "When cycles run, as a cron expression instead of --at: \"0 2 * * *\" (minute hour day-of-month month day-of-week)." };
        var zone = new Option<string?>("--time-zone") { HelpName = "IANA_ID", Description = "Time zone of --at or --schedule, an IANA id (default Asia/Shanghai)." };
        var command = new Command("nightly",
            "The nightly batch: a long-running service that wakes at --at (or by --schedule) in --time-zone, loads each complete increment " +
            "folder of the inbox (atomic, never twice), re-detects and re-scores rings, writes what changed, and archives " +
            "the folders. Settings also come from appsettings.json (section \"Nightly\") and FRAUDGRAPH_NIGHTLY__* variables.")
        {
            once, inbox, output, archive, failed, threshold, config, seed, at, schedule, zone, LoadCommand.Encoding, LoadCommand.BatchSize, LoadCommand.Atomic,
        };
        // Synchronous on purpose: the host handles SIGTERM itself (roll back, exit within its shutdown timeout);
        // an asynchronous action would also get System.CommandLine's own termination handler, which cuts that short.
        command.SetAction(parse =>
        {
            var settings = new List<KeyValuePair<string, string?>>();
            void Set(string key, string? value)
            {
                if (value is not null) settings.Add(new($"{NightlyOptions.Section}:{key}", value));
            }
            Set(nameof(NightlyOptions.Inbox), parse.GetValue(inbox));
            Set(nameof(NightlyOptions.Output), parse.GetValue(output));
            Set(nameof(NightlyOptions.Archive), parse.GetValue(archive));
            Set(nameof(NightlyOptions.Failed), parse.GetValue(failed));
            Set(nameof(NightlyOptions.Threshold), parse.GetValue(threshold)?.ToString(CultureInfo.InvariantCulture));
            Set(nameof(NightlyOptions.DetectionConfig), parse.GetValue(config));
            Set(nameof(NightlyOptions.Seed), parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture));
            Set(nameof(NightlyOptions.ScheduleTime), parse.GetValue(at));
            Set(nameof(NightlyOptions.Schedule), parse.GetValue(schedule));
            Set(nameof(NightlyOptions.TimeZone), parse.GetValue(zone));
            Set(nameof(NightlyOptions.BatchSize), parse.GetValue(LoadCommand.BatchSize)?.ToString(CultureInfo.InvariantCulture));
            if (parse.GetValue(LoadCommand.Atomic)) Set(nameof(NightlyOptions.Atomic), "true");
            // --encoding has a default for load and run; here only an explicit one overrides the configuration.
            if (parse.GetResult(LoadCommand.Encoding) is { Implicit: false }) Set(nameof(NightlyOptions.Encoding), parse.GetValue(LoadCommand.Encoding));
            // --store has a default for the other commands; here only an explicit one overrides the configuration.
            if (parse.GetResult(GlobalOptions.Store) is { Implicit: false }) Set(nameof(NightlyOptions.Store), parse.GetValue(GlobalOptions.Store));
            return NightlyHost.RunAsync(settings, parse.GetValue(once), Console.Error).GetAwaiter().GetResult();
        });
        return command;
    }
}
