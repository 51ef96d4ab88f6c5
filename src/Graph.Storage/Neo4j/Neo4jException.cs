namespace Graph.Storage.Neo4j;

/// <summary>
/// A failure reported by (or on the way to) a Neo4j server: Neo4j's status code
/// (<c>Neo.ClientError.Statement.SyntaxError</c>, ...), its message, the HTTP status when there was one, and
/// whether running the same work again can help. Messages never hold credentials.
/// </summary>
public sealed class Neo4jException : Exception
{
    /// <summary>Code used when the server could not be reached at all.</summary>
    public const string ConnectionFailedCode = "FraudGraph.Neo4j.ConnectionFailed";

    /// <summary>Code used when a request exceeded <see cref="Neo4jOptions.Timeout"/>.</summary>
    public const string TimeoutCode = "FraudGraph.Neo4j.Timeout";

    /// <summary>Code used when an analysis would read a graph that holds an unfinished load.</summary>
    public const string UnfinishedLoadCode = "FraudGraph.Neo4j.UnfinishedLoad";

    /// <summary>Code used when the server answered with something that is not Neo4j's JSON.</summary>
    public const string ProtocolCode = "FraudGraph.Neo4j.Protocol";

    public Neo4jException(string code, string message, int? httpStatus = null, bool isTransient = false, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        HttpStatus = httpStatus;
        IsTransient = isTransient;
    }

    /// <summary>Neo4j's status code, or one of this class's <c>*Code</c> constants.</summary>
    public string Code { get; }

    /// <summary>The HTTP status of the answer, null when there was none (connection failure, timeout).</summary>
    public int? HttpStatus { get; }

    /// <summary>True when the same work may succeed if run again (Neo.TransientError.*, 502/503/504, connection failure, timeout).</summary>
    public bool IsTransient { get; }

    /// <summary>Whether a Neo4j status code names a transient error.</summary>
    public static bool IsTransientCode(string? code) =>
        code is not null && code.StartsWith("Neo.TransientError.", StringComparison.Ordinal);
}
