using Graph.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Graph.Nightly;

/// <summary>How the worker runs: once now and stop (cron, systemd timer, CronJob), or as a long-lived service.</summary>
public sealed record NightlyRunMode(bool Once);

/// <summary>The process exit code the worker asks for, matching the CLI's codes.</summary>
public sealed class NightlyExitCode
{
    public const int Ok = 0;
    /// <summary>The cycle failed or was stopped (store, I/O, another cycle running); the next one resumes.</summary>
    public const int Failure = 1;
    /// <summary>The options are invalid, or an increment was malformed and went to the failed folder (the rest was processed).</summary>
    public const int BadInput = 2;

    public int Value { get; set; } = Ok;
}

/// <summary>
/// The nightly batch as a hosted service. As a service it sleeps until the scheduled local time
/// (<see cref="NightlySchedule"/>), runs one <see cref="NightlyCycle"/>, and sleeps again; when it finds a cycle
/// that was interrupted it finishes that one first, at once. With <see cref="NightlyRunMode.Once"/> it runs one
/// cycle and stops the host. The host's stopping token (SIGTERM, Ctrl+C) cancels the cycle: the current load rolls
/// back and the next start resumes.
/// </summary>
public sealed class NightlyWorker : BackgroundService
{
    /// <summary>The longest single sleep, so a changed system clock or a suspended machine is noticed.</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(15);

    private readonly NightlyOptions _options;
    private readonly NightlyRunMode _mode;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly NightlyExitCode _exit;
    private readonly ILoggerFactory _loggers;

    public NightlyWorker(
        IOptions<NightlyOptions> options, NightlyRunMode mode, IHostApplicationLifetime lifetime,
        ILoggerFactory loggers, TimeProvider clock, NightlyExitCode exit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(exit);
        _options = options.Value;
        _mode = mode;
        _lifetime = lifetime;
        _loggers = loggers;
        _logger = loggers.CreateLogger<NightlyWorker>();
        _clock = clock;
        _exit = exit;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkerStarted(_logger, _mode.Once ? "once" : "service", _options.InboxPath, _options.OutputPath, _options.Store!);
        try
        {
            if (_mode.Once)
            {
                _exit.Value = await RunCycleAsync(stoppingToken);
                return;
            }
            if (NightlyCycle.HasUnfinishedCycle(_options)) await RunCycleAsync(stoppingToken);
            var schedule = _options.CreateSchedule();
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = schedule.Next(_clock.GetUtcNow());
                Log.NextWakeUp(_logger, next.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture),
                    schedule.Zone.Id, next - _clock.GetUtcNow());
                for (var now = _clock.GetUtcNow(); now < next; now = _clock.GetUtcNow())
                {
                    var sleep = next - now;
                    await Task.Delay(sleep < MaxSleep ? sleep : MaxSleep, _clock, stoppingToken);
                }
                _exit.Value = await RunCycleAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing more to do; a cycle in progress has already said where it stopped.
        }
        catch (Exception e)
        {
            Log.WorkerCrashed(_logger, e.GetType().Name);
            _exit.Value = NightlyExitCode.Failure;
        }
        finally
        {
            if (_mode.Once) _lifetime.StopApplication();
        }
    }

    /// <summary>One cycle on a pool thread (loading and analysis are synchronous); the exit code it asks for.</summary>
    private Task<int> RunCycleAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            using var store = GraphStores.Open(_options.Store!, _loggers.CreateLogger("Graph.Storage"), load: _options.ServerLoad());
            var result = new NightlyCycle(_options, store, _loggers) { Clock = _clock }.Run(stoppingToken);
            return result.AnyFailed ? NightlyExitCode.BadInput : NightlyExitCode.Ok;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return NightlyExitCode.Failure;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message is not logged (a store's may quote values); the cycle has logged its stage.
            if (e is not CycleInProgressException) Log.CycleAborted(_logger, e.GetType().Name);
            return NightlyExitCode.Failure;
        }
    }, CancellationToken.None);
}
