using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Graph.Nightly;

/// <summary>Builds the Generic Host that runs <see cref="NightlyWorker"/>.</summary>
public static class NightlyHost
{
    /// <summary>
    /// How long a stop (SIGTERM, Ctrl+C) waits for the cycle to roll back or finish its load before the process
    /// exits anyway; below the 10 seconds a supervisor (systemd, Kubernetes) is promised.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    /// <summary>The environment variable prefix: <c>FRAUDGRAPH_NIGHTLY__INBOX</c> sets <c>Nightly:Inbox</c>.</summary>
    public const string EnvironmentPrefix = "FRAUDGRAPH_";

    /// <summary>
    /// A host builder with configuration from <c>appsettings.json</c> (beside the executable, then in the current
    /// folder; both optional), <c>FRAUDGRAPH_</c> environment variables and <paramref name="commandLine"/> (keys
    /// like <c>Nightly:Inbox</c>), later sources winning; console logging; the options validated at start.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>> commandLine, bool once)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var cwd = Directory.GetCurrentDirectory();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = cwd });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(cwd, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(commandLine);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton<IValidateOptions<NightlyOptions>, NightlyOptionsValidator>();
        builder.Services.AddOptions<NightlyOptions>().BindConfiguration(NightlyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton(new NightlyRunMode(once));
        builder.Services.AddSingleton<NightlyExitCode>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<NightlyWorker>();
        return builder;
    }

    /// <summary>
    /// Runs the host until it stops (after one cycle with <paramref name="once"/>, else on SIGTERM/Ctrl+C) and returns
    /// the exit code. Invalid options are printed to <paramref name="error"/>, one line each, and give exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(IEnumerable<KeyValuePair<string, string?>> commandLine, bool once, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var host = CreateBuilder(commandLine, once).Build();
        // Resolved before running: RunAsync disposes the host's services when it returns.
        var exit = host.Services.GetRequiredService<NightlyExitCode>();
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) await error.WriteLineAsync($"error: {failure}");
            return NightlyExitCode.BadInput;
        }
        return exit.Value;
    }
}
