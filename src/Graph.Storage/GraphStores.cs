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
    /// <exception cref="Neo4jException">The Neo4j server cannot be reached or refused the connection.</exception>
    public static IGraphStore Open(string spec, ILogger? logger = null, string? database = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (IsServer(spec))
            return Neo4jGraphStore.Open(Neo4jOptions.FromUri(spec, database), logger);
        return new SqliteGraphStore(spec, logger);
    }

    /// <summary>True when <paramref name="spec"/> names a Neo4j server (an <c>http://</c> or <c>https://</c> address), not a file.</summary>
    public static bool IsServer(string spec) =>
        spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
