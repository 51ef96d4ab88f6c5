using Graph.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Graph.Storage;

/// <summary>Opens a graph store from the one string a user types (<c>--store</c>).</summary>
public static class GraphStores
{
    /// <summary>
    /// A file path opens (or creates) the embedded SQLite store; an <c>http://</c> or <c>https://</c> address
    /// will name a Neo4j server.
    /// </summary>
    /// <exception cref="NotSupportedException">The spec names a Neo4j server (not built yet).</exception>
    public static IGraphStore Open(string spec, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException("Neo4j store not built yet");
        return new SqliteGraphStore(spec, logger);
    }
}
