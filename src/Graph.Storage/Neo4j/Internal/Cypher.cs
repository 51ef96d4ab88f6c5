using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>One Cypher statement with its parameters and the file it came from (named in error messages).</summary>
internal sealed record CypherStatement(string Name, string Text, IReadOnlyDictionary<string, object?>? Parameters = null);

/// <summary>The columns and rows one statement returned; values are JSON tokens as the server sent them.</summary>
internal sealed class CypherResult
{
    public static readonly CypherResult Empty = new([], []);

    public CypherResult(string[] columns, List<JToken[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public string[] Columns { get; }
    public List<JToken[]> Rows { get; }

    /// <summary>The index of <paramref name="column"/>; throws when the statement does not return it.</summary>
    public int Column(string column)
    {
        int i = Array.IndexOf(Columns, column);
        if (i < 0) throw new Neo4jException(Neo4jException.ProtocolCode, $"The server's answer lacks the column '{column}' (it has: {string.Join(", ", Columns)}).");
        return i;
    }

    /// <summary>The single value of a one-row, one-column result, or null when there is no row.</summary>
    public JToken? Scalar() => Rows.Count == 0 || Rows[0].Length == 0 ? null : Rows[0][0];
}

/// <summary>
/// The statements in <c>cypher/</c>, embedded into this assembly: the one source of truth for the schema, the
/// load and the reads. A file may hold several statements separated by <c>;</c> at the end of a line.
/// </summary>
internal static class CypherLibrary
{
    private static readonly ConcurrentDictionary<string, string[]> Cache = new(StringComparer.Ordinal);

    /// <summary>The statements of <c>cypher/<paramref name="name"/></c> (e.g. <c>load/policies.cypher</c>), comments removed.</summary>
    public static string[] Statements(string name) => Cache.GetOrAdd(name, Load);

    /// <summary>The one statement of a single-statement file.</summary>
    public static string Statement(string name)
    {
        var statements = Statements(name);
        if (statements.Length != 1) throw new InvalidOperationException($"cypher/{name} holds {statements.Length} statements; one was expected.");
        return statements[0];
    }

    /// <summary>Names of every embedded file, like <c>load/policies.cypher</c>.</summary>
    public static IEnumerable<string> Names()
    {
        foreach (var resource in typeof(CypherLibrary).Assembly.GetManifestResourceNames())
            if (ResourceToName(resource) is { } name) yield return name;
    }

    private static string[] Load(string name)
    {
        var assembly = typeof(CypherLibrary).Assembly;
        string? resource = null;
        foreach (var r in assembly.GetManifestResourceNames())
            if (ResourceToName(r) == name) { resource = r; break; }
        if (resource is null)
            throw new InvalidOperationException($"cypher/{name} is not embedded in {assembly.GetName().Name}; check the EmbeddedResource item in Graph.Storage.csproj.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Split(reader.ReadToEnd());
    }

    /// <summary>Strips whole-line <c>//</c> comments and splits on <c>;</c> at the end of a line.</summary>
    internal static string[] Split(string text)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal)) continue;
            var end = line.TrimEnd();
            if (end.EndsWith(';'))
            {
                current.Append(end, 0, end.Length - 1);
                Flush();
            }
            else current.Append(line).Append('\n');
        }
        Flush();
        return statements.ToArray();

        void Flush()
        {
            var s = current.ToString().Trim();
            if (s.Length > 0) statements.Add(s);
            current.Clear();
        }
    }

    /// <summary>
    /// Maps a manifest resource name back to its path under <c>cypher/</c>. The csproj sets
    /// <c>LogicalName</c> to <c>cypher/%(RecursiveDir)%(Filename)%(Extension)</c>, so the name is the path.
    /// </summary>
    private static string? ResourceToName(string resource)
    {
        const string prefix = "cypher/";
        if (!resource.EndsWith(".cypher", StringComparison.Ordinal)) return null;
        var normalized = resource.Replace('\\', '/');
        return normalized.StartsWith(prefix, StringComparison.Ordinal) ? normalized[prefix.Length..] : null;
    }
}
