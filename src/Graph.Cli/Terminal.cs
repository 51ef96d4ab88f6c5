using System.Diagnostics;
using Spectre.Console;

namespace Graph.Cli;

/// <summary>
/// Where progress goes: a live Spectre.Console progress bar on a terminal, and plain periodic lines when the
/// output is redirected (CI logs, cron mail), so long work always shows that it is alive.
/// </summary>
public sealed class ProgressSink
{
    private readonly ProgressContext? _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private string? _lastStage;

    private ProgressSink(ProgressContext? context) => _context = context;

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> units of <paramref name="stage"/> (total 0 = unknown).</summary>
    public void Report(string stage, long done, long total)
    {
        if (_context is not null)
        {
            if (!_tasks.TryGetValue(stage, out var task))
            {
                foreach (var other in _tasks.Values) if (!other.IsFinished) other.Value = other.MaxValue;
                task = _context.AddTask(Markup.Escape(stage), maxValue: Math.Max(1, total));
                _tasks[stage] = task;
            }
            if (total > 0) task.MaxValue = total;
            task.Value = total > 0 ? Math.Min(done, total) : 0;
            return;
        }
        // Redirected: one line per stage change, then at most one every two seconds.
        if (stage != _lastStage || _sinceLastLine.Elapsed >= TimeSpan.FromSeconds(2))
        {
            _lastStage = stage;
            _sinceLastLine.Restart();
            Console.Error.WriteLine(total > 0 ? $"  {stage}: {done:N0}/{total:N0} ({100.0 * done / total:F0}%)" : $"  {stage}: {done:N0}");
        }
    }

    /// <summary>Reports that a stage of unknown length has started.</summary>
    public void Stage(string stage)
    {
        if (_context is not null) { Report(stage, 0, 0); return; }
        _lastStage = stage;
        _sinceLastLine.Restart();
        Console.Error.WriteLine($"  {stage}...");
    }

    /// <summary>Runs <paramref name="work"/> with a progress display fitting the current output.</summary>
    public static T Run<T>(Func<ProgressSink, T> work)
    {
        if (Console.IsOutputRedirected || Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return work(new ProgressSink(null));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx => { result = work(new ProgressSink(ctx)); });
        return result;
    }
}
