using System.CommandLine;
using Graph.Cli.Commands;
using Graph.Storage;
using Graph.Storage.Neo4j;

namespace Graph.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "FraudGraph: finds organized agent-refund groups in a life insurer's records with shared-attribute link " +
            "analysis and community detection, scores them with checkable reasons, and exports evidence.");
        root.Add(GlobalOptions.Store);
        root.Add(GlobalOptions.Database);
        root.Add(GenerateCommand.Create());
        root.Add(LoadCommand.Create());
        root.Add(Neo4jImportCommand.Create());
        root.Add(StatsCommand.Create());
        root.Add(AnalyzeCommand.Create());
        root.Add(RunCommand.Create());
        root.Add(CommunitiesCommand.Create());
        root.Add(EvaluateCommand.Create());
        root.Add(DemoCommand.Create());
        root.Add(NightlyCommand.Create());
        root.Add(RunsCommand.Create());
        root.Add(ExportCommand.Create());
        root.Add(VerifyCommand.Create());
        root.Add(AuditCommand.Create());
        root.Add(ServeCommand.Create());
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Neo4jException e)
        {
            // The server's code and message (never credentials) and whether trying again can help.
            return CliErrors.Failure($"Neo4j: {e.Message}{(e.IsTransient ? " (transient: trying again later may succeed)" : "")}");
        }
        catch (OperationCanceledException)
        {
            return CliErrors.Failure("cancelled; the store is as it was before the interrupted step.");
        }
        // NotSupportedException: a store written by a newer engine (its message says so and what to do).
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or Microsoft.Data.Sqlite.SqliteException)
        {
            return CliErrors.Failure(e.Message);
        }
    }
}

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something failed that is not the input's fault (I/O, store, bug).</summary>
    public const int Failure = 1;
    /// <summary>The input is malformed (file, line and problem printed) or the command line is wrong.</summary>
    public const int BadInput = 2;
}

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Store = new("--store")
    {
        Description = "The graph store: a SQLite file path (created if missing), or http(s)://HOST:7474 for a Neo4j server.",
        DefaultValueFactory = _ => "fraudgraph.db",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "The Neo4j database when --store is a Neo4j address (default neo4j; Neo4j 3.x has only one).",
        Recursive = true,
    };

    /// <summary>Opens the store the command line names: the one place commands get their store from.</summary>
    /// <param name="load">How loads reach a Neo4j server (load and run only).</param>
    /// <param name="readOnly">True for commands that only read (stats, runs, audit, evaluate): a store that cannot be written can still be read.</param>
    public static IGraphStore OpenStore(ParseResult parse, ServerLoadOptions? load = null, bool readOnly = false) =>
        GraphStores.Open(parse.GetRequiredValue(Store), database: parse.GetValue(Database), load: load, readOnly: readOnly);
}
