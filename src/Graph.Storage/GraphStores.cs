using Graph.Storage.Neo4j;
using Graph.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Graph.Storage;

/// <summary>Opens a graph store from the one string a user types (<c>--store</c>).</summary>
public static class GraphStores
{
    /// <summary>
    /// A file path opens (or creates) the embedded SQLite store; an <c>http://</c> or <c>https://</c> address
    /// opens the Neo4j server there (<paramref name="database"/>, default <c>neo4j</c>; credentials from the address or
    /// <c>NEO4J_USER</c>/<c>NEO4J_PASSWORD</c>).
    /// </summary>
    /// <param name="load">How loads reach a Neo4j server (<c>--batch-size</c>, <c>--atomic</c>); the embedded store always loads in one transaction and ignores it.</param>
    /// <param name="readOnly">For commands that only read: an existing SQLite file is opened without writing to it (see <see cref="SqliteGraphStore(string, ILogger?, bool)"/>).</param>
    /// <exception cref="Neo4jException">The Neo4j server cannot be reached or refused the connection.</exception>
    /// <exception cref="ArgumentException">The load options are out of range (the message names the allowed range).</exception>
    public static IGraphStore Open(string spec, ILogger? logger = null, string? database = null, ServerLoadOptions? load = null, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (IsServer(spec))
            return Neo4jGraphStore.Open(Neo4jOptions.FromUri(spec, database, load), logger);
        return new SqliteGraphStore(spec, logger, readOnly);
    }

    /// <summary>True when <paramref name="spec"/> names a Neo4j server (an <c>http://</c> or <c>https://</c> address), not a file.</summary>
    public static bool IsServer(string spec) =>
        spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// How a load reaches a server store: <see cref="BatchSize"/> records per committed batch (null: the store's default,
/// <see cref="Neo4jOptions.DefaultBatchSize"/>), or with <see cref="Atomic"/> the whole load in one transaction. The
/// embedded SQLite store always loads in one transaction and ignores both.
/// </summary>
public sealed record ServerLoadOptions(int? BatchSize = null, bool Atomic = false);
