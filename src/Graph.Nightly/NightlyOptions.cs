using System.Globalization;
using Cronos;
using Graph.Analytics.Detection;
using Graph.Ingest;
using Graph.Storage;
using Graph.Storage.Neo4j;
using Microsoft.Extensions.Options;

namespace Graph.Nightly;

/// <summary>
/// Settings of the nightly batch, bound from the <c>Nightly</c> section of the configuration: <c>appsettings.json</c>
/// (beside the executable, then the current folder), environment variables with the prefix <c>FRAUDGRAPH_</c>
/// (<c>FRAUDGRAPH_NIGHTLY__INBOX=/data/inbox</c>) and the command line, later sources winning. Validated at start
/// by <see cref="NightlyOptionsValidator"/>, which reports every problem at once.
/// </summary>
public sealed class NightlyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Nightly";

    /// <summary>
    /// Folder the day's increments are delivered into, one sub-folder per increment (CONTRACT.md section 1). A
    /// sub-folder is read only once it holds the <see cref="ReadyMarker"/> file, so a half-copied folder is never
    /// loaded. Required.
    /// </summary>
    public string? Inbox { get; set; }

    /// <summary>Folder receiving <c>runs/RUN_ID/</c> for every analysis run. Required.</summary>
    public string? Output { get; set; }

    /// <summary>The graph store (a SQLite file path), as <c>--store</c> elsewhere. Required.</summary>
    public string? Store { get; set; }

    /// <summary>Where loaded increments are moved. Default: <c>archive/</c> beside the inbox.</summary>
    public string? Archive { get; set; }

    /// <summary>Where increments that failed to load are moved, each with a <c>REASON.txt</c>. Default: <c>failed/</c> beside the inbox.</summary>
    public string? Failed { get; set; }

    /// <summary>Flag rings scoring at least this (0–100) instead of by the configuration's rule (default: false-discovery rate).</summary>
    public double? Threshold { get; set; }

    /// <summary>JSON file overriding the detection defaults, as <c>--config</c> of <c>fraudgraph analyze</c>. Optional.</summary>
    public string? DetectionConfig { get; set; }

    /// <summary>Seed of the community detection. Default: the detection configuration's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Neo4j store only: records per load batch, each committed on its own with its entry in the load journal, so a
    /// killed cycle's load resumes (100–50,000). Default: the store's, 5,000. The embedded SQLite store ignores it.
    /// </summary>
    public int? BatchSize { get; set; }

    /// <summary>Neo4j store only: load each increment in one transaction instead of resumable batches. Default false.</summary>
    public bool Atomic { get; set; }

    /// <summary>How loads reach a server store, from <see cref="BatchSize"/> and <see cref="Atomic"/>.</summary>
    public ServerLoadOptions ServerLoad() => new(BatchSize, Atomic);

    /// <summary>
    /// Local wall-clock time of the nightly cycle, <c>HH:mm</c> (24-hour). Default <c>02:00</c> (when
    /// <see cref="Schedule"/> is not set either); set this or <see cref="Schedule"/>, not both.
    /// </summary>
    public string? ScheduleTime { get; set; }

    /// <summary>
    /// When the cycle runs, as a cron expression read in <see cref="TimeZone"/>: five fields, minute hour
    /// day-of-month month day-of-week, as crontab and Kubernetes write them (<c>0 2 * * *</c>, <c>30 1 * * 1-5</c>), or
    /// <c>@daily</c> and the like; parsed by Cronos. Instead of <see cref="ScheduleTime"/>; not set by default.
    /// </summary>
    public string? Schedule { get; set; }

    /// <summary>Time zone of <see cref="ScheduleTime"/> or <see cref="Schedule"/>, an IANA id (<c>Asia/Shanghai</c>) or a Windows id. Default <c>Asia/Shanghai</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Encoding of the increments' CSV files, as <c>--encoding</c> of <c>fraudgraph load</c> (<see cref="InputEncodings.Names"/>). Default <c>auto</c>.</summary>
    public string Encoding { get; set; } = "auto";

    /// <summary>The file whose presence marks an increment folder as completely delivered.</summary>
    public const string ReadyMarker = "_READY";

    /// <summary>The archive folder, defaulted beside the inbox.</summary>
    public string ArchivePath => Full(Archive) ?? Sibling("archive");

    /// <summary>The failed folder, defaulted beside the inbox.</summary>
    public string FailedPath => Full(Failed) ?? Sibling("failed");

    /// <summary>The inbox as a full path (throws when not set: validate first).</summary>
    public string InboxPath => Full(Inbox) ?? throw new InvalidOperationException("Nightly:Inbox is not set.");

    /// <summary>The output folder as a full path (throws when not set: validate first).</summary>
    public string OutputPath => Full(Output) ?? throw new InvalidOperationException("Nightly:Output is not set.");

    /// <summary>The time of day used when <see cref="ScheduleTime"/> and <see cref="Schedule"/> are both unset.</summary>
    public const string DefaultScheduleTime = "02:00";

    /// <summary>The parsed <see cref="ScheduleTime"/>, or the default (throws when invalid: validate first).</summary>
    public TimeOnly ScheduleTimeOfDay =>
        ParseTime(ScheduleTime ?? DefaultScheduleTime) ?? throw new InvalidOperationException($"Nightly:ScheduleTime '{ScheduleTime}' is not HH:mm.");

    /// <summary>The time zone of the schedule (throws when unknown: validate first).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>When the worker wakes: by <see cref="Schedule"/> when set, else at <see cref="ScheduleTimeOfDay"/> every day (throws when invalid: validate first).</summary>
    public NightlySchedule CreateSchedule() =>
        string.IsNullOrWhiteSpace(Schedule)
            ? new NightlySchedule(ScheduleTimeOfDay, Zone)
            : new NightlySchedule(ParseCron(Schedule) ?? throw new InvalidOperationException($"Nightly:Schedule '{Schedule}' is not a cron expression."), Zone);

    /// <summary>The parsed <see cref="Encoding"/> (throws when unknown: validate first).</summary>
    public InputEncoding InputEncoding =>
        InputEncodings.TryParse(Encoding, out var e) ? e : throw new InvalidOperationException($"Nightly:Encoding '{Encoding}' is not an encoding.");

    /// <summary>The detection options: defaults, overlaid with <see cref="DetectionConfig"/>, then threshold and seed.</summary>
    /// <exception cref="InvalidDataException">The detection configuration is invalid.</exception>
    /// <exception cref="FileNotFoundException">The detection configuration file does not exist.</exception>
    public DetectionOptions LoadDetectionOptions()
    {
        var options = DetectionOptions.Load(string.IsNullOrWhiteSpace(DetectionConfig) ? null : DetectionConfig);
        if (Threshold is { } t) { options.FlagBy = FlagMethod.Score; options.FlagThreshold = t; }
        if (Seed is { } s) options.Seed = s;
        return options;
    }

    internal static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    internal static CronExpression? ParseCron(string? value) =>
        value is not null && CronExpression.TryParse(value.Trim(), CronFormat.Standard, out var cron) ? cron : null;

    private static string? Full(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private string Sibling(string name)
    {
        var inbox = InboxPath;
        return Path.Combine(Path.GetDirectoryName(inbox) ?? inbox, name);
    }
}

/// <summary>
/// Checks <see cref="NightlyOptions"/> before the worker starts and reports every problem together, each naming
/// the setting, how to set it, and what to change.
/// </summary>
public sealed class NightlyOptionsValidator : IValidateOptions<NightlyOptions>
{
    public ValidateOptionsResult Validate(string? name, NightlyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>; empty when they are usable.</summary>
    public static List<string> Problems(NightlyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        static string Where(string key, string flag) =>
            $"pass {flag}, set FRAUDGRAPH_NIGHTLY__{key.ToUpperInvariant()} or \"Nightly\": {{ \"{key}\": ... }} in appsettings.json";

        bool inboxOk = false;
        if (string.IsNullOrWhiteSpace(options.Inbox))
            errors.Add($"The inbox folder is not set: {Where("Inbox", "--inbox DIR")}.");
        else if (!Directory.Exists(options.Inbox))
            errors.Add($"The inbox folder '{options.Inbox}' does not exist: create it or point --inbox at the folder increments are delivered to.");
        else inboxOk = true;

        if (string.IsNullOrWhiteSpace(options.Output))
            errors.Add($"The output folder is not set: {Where("Output", "--output DIR")}.");
        if (string.IsNullOrWhiteSpace(options.Store))
            errors.Add($"The store is not set: {Where("Store", "--store PATH")} (a SQLite file, created if missing).");

        if (inboxOk)
        {
            var inbox = options.InboxPath;
            foreach (var (label, path, flag) in new[] { ("archive", options.ArchivePath, "--archive"), ("failed", options.FailedPath, "--failed") })
            {
                if (SameOrInside(path, inbox))
                    errors.Add($"The {label} folder '{path}' is the inbox or inside it, where it would be read as an increment: point {flag} elsewhere (default: beside the inbox).");
            }
            if (string.Equals(options.ArchivePath, options.FailedPath, StringComparison.Ordinal))
                errors.Add($"The archive and failed folders are both '{options.ArchivePath}': give --archive and --failed different folders.");
            if (!string.IsNullOrWhiteSpace(options.Output) && SameOrInside(options.OutputPath, inbox))
                errors.Add($"The output folder '{options.OutputPath}' is the inbox or inside it: point --output elsewhere.");
        }

        if (options.Threshold is { } t && !(t >= 0 && t <= 100))
            errors.Add($"The threshold {t.ToString(CultureInfo.InvariantCulture)} is out of range: use a score between 0 and 100 (--threshold).");
        if (options.BatchSize is { } b && (b < Neo4jOptions.MinBatchSize || b > Neo4jOptions.MaxBatchSize))
            errors.Add($"The batch size {b} is out of range: use {Neo4jOptions.MinBatchSize:N0} to {Neo4jOptions.MaxBatchSize:N0} records per batch (--batch-size).");
        bool cron = !string.IsNullOrWhiteSpace(options.Schedule);
        if (cron && options.ScheduleTime is not null)
            errors.Add($"Both a schedule ('{options.Schedule}') and a time of day ('{options.ScheduleTime}') are set: keep one of --schedule and --at (Nightly:Schedule, Nightly:ScheduleTime).");
        if (options.ScheduleTime is not null && NightlyOptions.ParseTime(options.ScheduleTime) is null)
            errors.Add($"The schedule time '{options.ScheduleTime}' is not a time of day: use HH:mm in 24-hour form, e.g. --at 02:00.");
        if (cron)
        {
            if (NightlyOptions.ParseCron(options.Schedule) is not { } expression)
                errors.Add($"The schedule '{options.Schedule}' is not a cron expression: use five fields, minute hour day-of-month month day-of-week, e.g. --schedule \"0 2 * * *\" for 02:00 every day.");
            else if (expression.GetNextOccurrence(DateTimeOffset.UtcNow, TimeZoneInfo.Utc) is null)
                errors.Add($"The schedule '{options.Schedule}' never comes (a day no month has, such as 30 February): fix --schedule.");
        }
        if (!InputEncodings.TryParse(options.Encoding, out _))
            errors.Add($"The encoding '{options.Encoding}' is not one the loader reads: use one of {InputEncodings.Names} (--encoding).");
        if (string.IsNullOrWhiteSpace(options.TimeZone))
            errors.Add("The time zone is empty: use an IANA id such as Asia/Shanghai (--time-zone).");
        else
        {
            try { TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone); }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                errors.Add($"The time zone '{options.TimeZone}' is unknown on this machine: use an IANA id such as Asia/Shanghai or Europe/Berlin (--time-zone), and install tzdata if none is found.");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.DetectionConfig) && !File.Exists(options.DetectionConfig))
            errors.Add($"The detection configuration '{options.DetectionConfig}' does not exist: fix --config or remove it to use the defaults.");
        else
        {
            try { options.LoadDetectionOptions(); }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                errors.Add($"{e.Message} Fix the detection configuration (--config).");
            }
        }
        return errors;
    }

    private static bool SameOrInside(string path, string folder) =>
        string.Equals(path, folder, StringComparison.Ordinal) ||
        path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
