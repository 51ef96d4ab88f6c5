using System.Diagnostics;
using System.Globalization;
using System.Text;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Ingest;
using Graph.Nightly.Internal;
using Graph.Pipeline;
using Graph.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Nightly;

/// <summary>What became of one increment folder in a cycle.</summary>
public enum IncrementStatus
{
    /// <summary>Loaded and committed in this cycle, then archived.</summary>
    Loaded,
    /// <summary>Its fingerprint was already committed (an interrupted cycle loaded it); archived without loading.</summary>
    AlreadyLoaded,
    /// <summary>Malformed: nothing written, moved to the failed folder with a <c>REASON.txt</c>.</summary>
    Failed,
}

/// <param name="Folder">The folder's name (not its path).</param>
/// <param name="MovedTo">Where the folder is now (archive or failed).</param>
/// <param name="Files">Rows read per input file (empty unless <see cref="IncrementStatus.Loaded"/>).</param>
public sealed record IncrementOutcome(
    string Folder,
    IncrementStatus Status,
    string? Fingerprint,
    long Read,
    long Loaded,
    long Quarantined,
    string? Reason,
    string MovedTo,
    IReadOnlyDictionary<string, long>? Files = null);

/// <summary>The outcome of a cycle.</summary>
/// <param name="Increments">Every complete folder handled, in name order.</param>
/// <param name="Resumed">True when the cycle finished one that had been interrupted.</param>
/// <param name="RunId">The analysis run, or null when nothing new was loaded.</param>
/// <param name="RunDirectory"><c>OUTPUT/runs/RUN_ID</c>, or null.</param>
/// <param name="Changes">The change report of the run, or null.</param>
public sealed record CycleResult(
    IReadOnlyList<IncrementOutcome> Increments,
    bool Resumed,
    string? RunId,
    string? RunDirectory,
    ChangeReport? Changes)
{
    /// <summary>True when at least one folder went to the failed folder.</summary>
    public bool AnyFailed => Increments.Any(i => i.Status == IncrementStatus.Failed);
}

/// <summary>Another cycle holds the output folder's lock (a second worker, or cron overlapping the service).</summary>
public sealed class CycleInProgressException(string lockFile)
    : IOException($"Another nightly cycle is running (it holds {lockFile}); wait for it to finish, or stop the other worker.")
{
    public string LockFile { get; } = lockFile;
}

/// <summary>
/// One nightly cycle: load each complete increment folder of the inbox in name order (atomic and fingerprinted,
/// through <see cref="FolderLoader"/>), archive it after its commit, move a malformed one to the failed folder
/// with a <c>REASON.txt</c>, then analyze once into <c>OUTPUT/runs/RUN_ID/</c> (CONTRACT.md section 2 plus
/// <c>changes.csv</c>, <c>changes.json</c> and <c>cycle.json</c>).
/// </summary>
/// <remarks>
/// <para>Crash safety. A folder is archived only after its load committed; a folder found committed but not yet
/// archived (the loader reports <see cref="LoadSummary.AlreadyLoaded"/>) is archived without loading again; a
/// load that did not commit left nothing behind and is simply done again. A journal
/// (<c>OUTPUT/.nightly-cycle.json</c>) is written before the first load can commit and removed once the run's
/// folder is complete, so an interruption between loads and outputs is finished by the next cycle, with the
/// changes measured against the run that was latest before the interrupted cycle. Run folders are written
/// under a temporary name and renamed when complete.</para>
/// <para>Only one cycle runs per output folder at a time (<c>OUTPUT/.nightly.lock</c>, released by the operating
/// system when the process dies).</para>
/// <para>Cancellation stops between and inside loads (the load rolls back) and inside the analysis; the next cycle
/// picks up where this one stopped.</para>
/// </remarks>
public sealed class NightlyCycle
{
    /// <summary>Journal of an unfinished cycle, in the output folder.</summary>
    public const string JournalFile = ".nightly-cycle.json";

    /// <summary>Lock file held during a cycle, in the output folder.</summary>
    public const string LockFile = ".nightly.lock";

    /// <summary>Name of the file that says why a folder failed.</summary>
    public const string ReasonFile = "REASON.txt";

    private const string PartialPrefix = ".partial-";

    private readonly NightlyOptions _options;
    private readonly IGraphStore _store;
    private readonly ILogger _logger;
    private readonly ILogger _loaderLogger;

    /// <param name="loggerFactory">Gives the cycle's logger (category <see cref="NightlyCycle"/>) and the loader's (<see cref="FolderLoader"/>).</param>
    public NightlyCycle(NightlyOptions options, IGraphStore store, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var problems = NightlyOptionsValidator.Problems(options);
        if (problems.Count > 0) throw new ArgumentException("Invalid nightly options: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _store = store;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<NightlyCycle>();
        _loaderLogger = loggerFactory.CreateLogger<FolderLoader>();
    }

    /// <summary>The clock (run ids, journal times), replaceable in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The result of the last <see cref="Run"/>.</summary>
    public CycleResult? Result { get; private set; }

    /// <summary>True when an interrupted cycle left work to finish (the next cycle should run now, not tonight).</summary>
    public static bool HasUnfinishedCycle(NightlyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return File.Exists(Path.Combine(options.OutputPath, JournalFile));
    }

    /// <summary>The complete increment folders of the inbox (holding the ready marker), in ordinal name order.</summary>
    public static IReadOnlyList<string> ReadyFolders(string inbox, out int incomplete)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inbox);
        var ready = new List<string>();
        incomplete = 0;
        foreach (var dir in Directory.EnumerateDirectories(inbox))
        {
            var name = Path.GetFileName(dir);
            // Hidden folders are a copy tool's work in progress (rsync's .name.XXXX), never an increment.
            if (name.StartsWith('.')) continue;
            if (File.Exists(Path.Combine(dir, NightlyOptions.ReadyMarker))) ready.Add(dir);
            else incomplete++;
        }
        ready.Sort(StringComparer.Ordinal);
        return ready;
    }

    /// <summary>Runs the cycle.</summary>
    /// <exception cref="CycleInProgressException">Another cycle holds the lock of the output folder.</exception>
    /// <exception cref="OperationCanceledException">Stopped on request; the next cycle resumes.</exception>
    public CycleResult Run(CancellationToken cancellationToken = default)
    {
        var output = _options.OutputPath;
        Directory.CreateDirectory(output);
        var lockPath = Path.Combine(output, LockFile);
        FileStream lockStream;
        try
        {
            lockStream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            Log.AnotherCycleRunning(_logger, lockPath);
            throw new CycleInProgressException(lockPath);
        }
        using (lockStream)
        {
            var clock = Stopwatch.StartNew();
            Result = RunLocked(output, cancellationToken);
            int loaded = Result.Increments.Count(i => i.Status == IncrementStatus.Loaded);
            int already = Result.Increments.Count(i => i.Status == IncrementStatus.AlreadyLoaded);
            int failed = Result.Increments.Count(i => i.Status == IncrementStatus.Failed);
            Log.CycleFinished(_logger, clock.ElapsedMilliseconds, loaded, already, failed, Result.RunId ?? "none");
            return Result;
        }
    }

    private CycleResult RunLocked(string output, CancellationToken cancellationToken)
    {
        var runsDir = Path.Combine(output, "runs");
        Directory.CreateDirectory(runsDir);
        RemovePartialRuns(runsDir);
        var journalPath = Path.Combine(output, JournalFile);
        var journal = CycleState.Read(journalPath);
        bool resumed = journal is not null;
        if (journal is not null) Log.ResumingInterruptedCycle(_logger, journal.StartedAt, journal.Baseline?.RunId ?? "none");

        var folders = ReadyFolders(_options.InboxPath, out int incomplete);
        Log.CycleStarted(_logger, folders.Count, incomplete);
        var outcomes = new List<IncrementOutcome>();
        string stage = "load";
        try
        {
            foreach (var folder in folders)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(folder);
                stage = "load of " + name;
                if (journal is null)
                {
                    // Before anything can commit: from here on an interruption must be finished by the next cycle.
                    journal = new CycleState { StartedAt = Clock.GetUtcNow(), Baseline = RunOutline.Of(_store.ReadLatestAnalysis()) };
                    journal.Write(journalPath);
                }
                var outcome = LoadOne(folder, name, resumed, cancellationToken);
                outcomes.Add(outcome);
                if (outcome.Status == IncrementStatus.Loaded || (outcome.Status == IncrementStatus.AlreadyLoaded && resumed))
                {
                    journal.Loaded.Add(outcome);
                    journal.Write(journalPath);
                }
            }

            if (journal is null || (journal.Loaded.Count == 0 && !resumed))
            {
                // Only already-loaded or failed folders: the store did not change, so there is nothing to analyze.
                if (journal is not null) File.Delete(journalPath);
                Log.NothingToDo(_logger);
                return new CycleResult(outcomes, resumed, null, null, null);
            }

            cancellationToken.ThrowIfCancellationRequested();
            stage = "analysis";
            var (runId, runDir, report) = Analyze(runsDir, journal, resumed, cancellationToken);
            File.Delete(journalPath);
            return new CycleResult(outcomes, resumed, runId, runDir, report);
        }
        catch (OperationCanceledException)
        {
            Log.CycleCancelled(_logger, stage);
            throw;
        }
        catch (Exception e) when (e is not CycleInProgressException)
        {
            Log.CycleFailed(_logger, stage, e.GetType().Name);
            throw;
        }
    }

    private IncrementOutcome LoadOne(string folder, string name, bool resumed, CancellationToken cancellationToken)
    {
        Log.IncrementLoading(_logger, name);
        var clock = Stopwatch.StartNew();
        LoadSummary summary;
        try
        {
            summary = new FolderLoader(_store, new LoaderOptions { Encoding = _options.InputEncoding }, _loaderLogger)
                .Load(folder, progress: null, cancellationToken);
        }
        catch (Exception e) when (e is MalformedInputException or InvalidDataException)
        {
            // The folder's own fault: nothing was written; set it aside with the reason and go on with the rest.
            var reason = e.Message;
            WriteReason(folder, name, reason);
            var destination = MoveAside(folder, _options.FailedPath);
            Log.IncrementFailed(_logger, name, destination, reason);
            return new IncrementOutcome(name, IncrementStatus.Failed, null, 0, 0, 0, reason, destination);
        }
        // The commit happened (now or in an interrupted cycle): only now may the folder leave the inbox.
        var archived = MoveAside(folder, _options.ArchivePath);
        if (summary.AlreadyLoaded)
        {
            Log.IncrementAlreadyLoaded(_logger, name, summary.Fingerprint[..12]);
            return new IncrementOutcome(name, IncrementStatus.AlreadyLoaded, summary.Fingerprint, 0, 0, 0, null, archived);
        }
        Log.IncrementLoaded(_logger, name, summary.Read, summary.Loaded, summary.Quarantined, clock.ElapsedMilliseconds);
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in summary.Files) files[f.File] = f.Read;
        return new IncrementOutcome(name, IncrementStatus.Loaded, summary.Fingerprint, summary.Read, summary.Loaded, summary.Quarantined, null, archived, files);
    }

    private (string RunId, string RunDir, ChangeReport Report) Analyze(string runsDir, CycleState journal, bool resumed, CancellationToken cancellationToken)
    {
        Log.AnalysisStarted(_logger);
        var clock = Stopwatch.StartNew();
        var detection = _options.LoadDetectionOptions();
        var fileCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var o in journal.Loaded)
            if (o.Files is not null)
                foreach (var (file, rows) in o.Files) fileCounts[file] = fileCounts.GetValueOrDefault(file) + rows;

        var partial = Path.Combine(runsDir, PartialPrefix + Guid.NewGuid().ToString("N"));
        var runner = new AnalysisRunner(_store, detection) { FileCounts = fileCounts, Clock = Clock };
        var result = runner.Run(partial, cancellationToken);
        var run = result.Run;
        Log.AnalysisFinished(_logger, run.RunId, run.Rings.Count, run.Rings.Count(r => r.Flagged), clock.ElapsedMilliseconds);

        var report = new ChangeReport(run, journal.Baseline, detection.IdentityJaccard).Run(cancellationToken);
        report.Write(partial);
        File.WriteAllBytes(Path.Combine(partial, "cycle.json"), CycleJson(run.RunId, journal, resumed));
        var counts = report.Counts.ToDictionary(kv => kv.Key, kv => kv.Value);
        Log.ChangesSummary(_logger, report.BaselineRunId ?? "none",
            counts[RingChangeKind.New], counts[RingChangeKind.Grown], counts[RingChangeKind.Shrunk], counts[RingChangeKind.Merged],
            counts[RingChangeKind.Split], counts[RingChangeKind.Dissolved], counts[RingChangeKind.ScoreMoved]);

        var runDir = Path.Combine(runsDir, run.RunId);
        if (Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true);
        Directory.Move(partial, runDir);
        Log.RunWritten(_logger, runDir);
        return (run.RunId, runDir, report);
    }

    private static byte[] CycleJson(string runId, CycleState journal, bool resumed)
    {
        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", runId);
            w.WriteString("cycle_started_at", journal.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteBoolean("resumed", resumed);
            if (journal.Baseline is null) w.WriteNull("baseline_run_id"); else w.WriteString("baseline_run_id", journal.Baseline.RunId);
            w.WriteStartArray("increments");
            foreach (var o in journal.Loaded)
            {
                w.WriteStartObject();
                w.WriteString("folder", o.Folder);
                w.WriteString("status", o.Status == IncrementStatus.Loaded ? "loaded" : "already_loaded");
                w.WriteString("fingerprint", o.Fingerprint);
                w.WriteNumber("read", o.Read);
                w.WriteNumber("loaded", o.Loaded);
                w.WriteNumber("quarantined", o.Quarantined);
                w.WriteString("archived_to", o.MovedTo);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private void RemovePartialRuns(string runsDir)
    {
        foreach (var dir in Directory.EnumerateDirectories(runsDir, PartialPrefix + "*"))
        {
            Directory.Delete(dir, recursive: true);
            Log.StalePartialRemoved(_logger, dir);
        }
    }

    private void WriteReason(string folder, string name, string reason)
    {
        var text = new StringBuilder()
            .Append("Increment ").Append(name).Append(" failed to load at ")
            .Append(Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(".\n")
            .Append(reason).Append('\n')
            .Append("Nothing from this folder was written to the store. Fix the file named above and deliver the folder ")
            .Append("to the inbox again, with a ").Append(NightlyOptions.ReadyMarker).Append(" marker once it is complete.\n")
            .ToString();
        File.WriteAllText(Path.Combine(folder, ReasonFile), text, new UTF8Encoding(false));
    }

    /// <summary>Moves <paramref name="folder"/> into <paramref name="root"/>, keeping its name unless taken.</summary>
    private string MoveAside(string folder, string root)
    {
        Directory.CreateDirectory(root);
        var name = Path.GetFileName(folder);
        var destination = Path.Combine(root, name);
        if (Directory.Exists(destination) || File.Exists(destination))
        {
            var stamp = Clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            destination = Path.Combine(root, name + "-" + stamp);
            for (int i = 2; Directory.Exists(destination) || File.Exists(destination); i++)
                destination = Path.Combine(root, name + "-" + stamp + "-" + i.ToString(CultureInfo.InvariantCulture));
        }
        Directory.Move(folder, destination);
        Log.Moved(_logger, name, destination);
        return destination;
    }
}
