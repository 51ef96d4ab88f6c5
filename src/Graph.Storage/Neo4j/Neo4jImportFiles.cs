using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Storage.Neo4j;

/// <summary>
/// The first load of a big insurer without a server in the loop (<c>fraudgraph neo4j-import</c>): a load target that
/// writes the node and relationship CSV files, each with a header file, that Neo4j's offline importer reads
/// (<c>neo4j-import</c> on 3.x, <c>neo4j-admin database import full</c> on 5.x). Imported into an empty database they
/// hold the graph the online load (<c>cypher/load/</c>) would leave there, built by the same row code: the same
/// labels, keys, properties and relationship types, stubs, last write wins, and the <c>(:Load)</c> node of a completed
/// load, so <c>analyze</c> and <c>stats</c> read the database as loaded. The uniqueness constraints are not in the
/// files: <see cref="Neo4jGraphStore.Open(Neo4jOptions, ILogger?, CancellationToken)"/> creates them the first time
/// any <c>fraudgraph</c> command connects.
/// </summary>
/// <remarks>
/// The files are written into a staging folder beside <see cref="Folder"/> and moved to it only once all are
/// complete; a failed or cancelled import leaves no folder behind.
/// </remarks>
public sealed class Neo4jImportFiles : IGraphLoadTarget
{
    private readonly ILogger _logger;

    /// <param name="folder">Where the files go: a folder that does not exist yet, or an empty one.</param>
    /// <exception cref="IOException"><paramref name="folder"/> exists and is not empty, or is a file.</exception>
    public Neo4jImportFiles(string folder, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(Folder)) throw new IOException($"{Folder} is a file; name a new folder for the import files.");
        if (Directory.Exists(Folder) && Directory.EnumerateFileSystemEntries(Folder).Any())
            throw new IOException($"{Folder} is not empty; name a new or empty folder for the import files.");
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The folder the files are written to (absolute).</summary>
    public string Folder { get; }

    /// <summary>What the import wrote, after its <see cref="ILoadTransaction.Commit()"/>; null before.</summary>
    public Neo4jImportResult? Result { get; private set; }

    /// <summary>Always false: the files are for an empty database, which has loaded nothing.</summary>
    public bool HasLoaded(string fingerprint) => false;

    public ILoadTransaction BeginLoad(LoadInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrEmpty(info.Fingerprint, nameof(info));
        var staging = $"{Folder}.partial-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        return new Neo4jImportWriter(staging, Folder, info, _logger, result => Result = result);
    }
}

/// <summary>One node or relationship file of an import and its header file.</summary>
/// <param name="Name"><c>Policyholder</c>, <c>Phone</c>, <c>Load</c>, <c>HOLDS</c>, <c>LINKED_TO-Phone</c>, <c>ON_POLICY-Complaint</c>, …</param>
public sealed record Neo4jImportFile(string Name, bool IsNodes, string HeaderPath, string DataPath, long Rows);

/// <summary>What <see cref="Neo4jImportFiles"/> wrote, and the commands that import it.</summary>
/// <param name="Records">Input records handed over by the loader (the <c>(:Load)</c> node's <c>records</c>).</param>
/// <param name="Files">The non-empty files, node files first, in the order the commands name them.</param>
public sealed partial record Neo4jImportResult(string Folder, string Fingerprint, long Records, long Nodes, long Relationships, IReadOnlyList<Neo4jImportFile> Files)
{
    /// <summary>The file in <see cref="Folder"/> that repeats <see cref="Instructions"/>.</summary>
    public const string CommandsFile = "import-commands.txt";

    /// <summary>
    /// What Neo4j 3.x (built for Java 8) needs under Java 9 or later to run its importer: found by running the 3.1.1
    /// <c>bin/neo4j-import</c> under Java 17, which otherwise stops with an <c>InaccessibleObjectException</c>
    /// (<c>java.lang</c>) and then an <c>IllegalAccessError</c> (<c>sun.nio.ch</c>).
    /// </summary>
    public const string Java9OptionsFor3x = "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

    /// <summary>
    /// The Neo4j 3.x import, run from the Neo4j home folder with the server stopped, into the default database
    /// (<c>data/databases/graph.db</c>, which must not exist yet). Options: the files are UTF-8, text may span lines,
    /// and a relationship to a missing node fails the import instead of being skipped.
    /// </summary>
    public string Neo4j3Command
    {
        get
        {
            var args = new List<string> { "bin/neo4j-import", "--into", "data/databases/graph.db", "--input-encoding", "UTF-8", "--multiline-fields", "true", "--bad-tolerance", "0" };
            foreach (var file in Files)
            {
                args.Add(file.IsNodes ? "--nodes" : "--relationships");
                args.Add($"{file.HeaderPath},{file.DataPath}");
            }
            return $"JAVA_OPTS={Shell(Java9OptionsFor3x)} {string.Join(' ', args.Select(Shell))}";
        }
    }

    /// <summary>
    /// The Neo4j 5.x import into the database <c>neo4j</c>, run from the Neo4j home folder with the database stopped
    /// (an existing database needs <c>--overwrite-destination</c>, which replaces it). <c>--legacy-style-quoting</c>
    /// reads <c>\\</c> in a quoted field as one backslash, as 3.x always does.
    /// </summary>
    public string Neo4j5Command
    {
        get
        {
            var args = new List<string> { "bin/neo4j-admin", "database", "import", "full", "--input-encoding=UTF-8", "--multiline-fields=true", "--legacy-style-quoting=true" };
            foreach (var file in Files) args.Add($"{(file.IsNodes ? "--nodes" : "--relationships")}={file.HeaderPath},{file.DataPath}");
            args.Add("neo4j");
            return string.Join(' ', args.Select(Shell));
        }
    }

    /// <summary>What was written and how to import it: the text the command prints and <see cref="CommandsFile"/> holds.</summary>
    public string Instructions()
    {
        var text = new StringBuilder();
        text.Append("Import into a new database with the server stopped; the importer refuses a database that exists.\n");
        text.Append("Neo4j 3.x, from the Neo4j home folder (JAVA_OPTS is for Java 9 and later; leave it out under Java 8):\n");
        text.Append("  ").Append(Neo4j3Command).Append('\n');
        text.Append("Neo4j 5.x, from the Neo4j home folder (add --overwrite-destination if the database neo4j exists; it replaces it):\n");
        text.Append("  ").Append(Neo4j5Command).Append('\n');
        text.Append("Then start the server. The first fraudgraph command against it creates the uniqueness constraints, and the database ");
        text.Append(CultureInfo.InvariantCulture, $"holds a completed load of {Records:N0} records (fingerprint {Fingerprint[..Math.Min(12, Fingerprint.Length)]}): analyze and stats read it, ");
        text.Append("and loading the same folder again changes nothing.\n");
        return text.ToString();
    }

    /// <summary>The lines <c>fraudgraph neo4j-import</c> prints after the per-file counts.</summary>
    public override string ToString() =>
        $"Neo4j import files: {Nodes:N0} nodes and {Relationships:N0} relationships in {Files.Count} files (each with a header file) in {Folder}\n" +
        Instructions() + $"The commands are also in {Path.Combine(Folder, CommandsFile)}.";

    /// <summary>An argument as a POSIX shell reads it back: bare when it is plain, else in single quotes.</summary>
    private static string Shell(string arg) =>
        PlainArgument().IsMatch(arg) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./,:=@%+-]+$")]
    private static partial Regex PlainArgument();
}
