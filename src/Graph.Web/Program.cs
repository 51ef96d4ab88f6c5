using Microsoft.Extensions.Configuration;

namespace Graph.Web;

/// <summary>
/// Runs the explorer on its own, configured from the command line or environment (<c>--Explorer:Store=FILE</c>,
/// <c>--Explorer:Urls=…</c>, <c>--Explorer:UsersFile=…</c>; <c>EXPLORER__STORE</c>, …). The usual way is
/// <c>fraudgraph serve</c>; this entry point is what <c>WebApplicationFactory&lt;Program&gt;</c> starts in tests.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static int Main(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        try
        {
            var app = ExplorerApp.Build(ExplorerOptions.FromConfiguration(configuration), args: args);
            app.Run();
            return 0;
        }
        catch (ExplorerConfigurationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
