using System.CommandLine;
using Graph.Storage.Neo4j;

namespace Graph.Cli.Commands;

/// <summary>
/// <c>fraudgraph neo4j-import DIR --out IMPORT_DIR</c>: the first load of a big insurer into Neo4j through its offline
/// importer. Reads the folder as <c>load</c> does (same parsing, normalisation and quarantine), writes import files
/// instead of talking to a server, and prints the commands that import them.
/// </summary>
public static class Neo4jImportCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder of input files, CSV or .xlsx (CONTRACT.md section 1), as for load." };
        var output = new Option<DirectoryInfo>("--out")
        {
            HelpName = "IMPORT_DIR",
            Description = "New (or empty) folder for the node and relationship CSV files and their header files.",
            Required = true,
        };
        var command = new Command("neo4j-import",
            "Write the files Neo4j's offline importer takes (neo4j-import on 3.x, neo4j-admin database import full on 5.x) for " +
            "the first load of a big insurer into an empty database, and print the command that imports them. The input is read " +
            "as load reads it (bad rows to DIR/quarantine/); the imported database holds what load would have written, and counts as loaded.")
        {
            folder, output, LoadCommand.Encoding, LoadCommand.Quarantine,
        };
        command.SetAction(CancellableAction.Of((parse, ct) =>
        {
            if (LoadCommand.ReadEncoding(parse) is not { } encoding) return ExitCodes.BadInput;
            Neo4jImportFiles files;
            try
            {
                files = new Neo4jImportFiles(parse.GetRequiredValue(output).FullName);
            }
            catch (IOException e)
            {
                return CliErrors.BadInput($"--out {e.Message}");
            }
            return LoadCommand.Run(files, parse.GetRequiredValue(folder).FullName, encoding, out _, parse.GetValue(LoadCommand.Quarantine)?.FullName, ct);
        }));
        return command;
    }
}
