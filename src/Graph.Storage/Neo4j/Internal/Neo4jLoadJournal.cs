using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// The journal of a batched load: its <c>(:Load {fingerprint})</c> node lists the record ranges of the batches
/// committed so far (<c>cypher/load/begin-load.cypher</c>, <c>batch-done.cypher</c>). Records are counted in the order
/// the loader hands them over, which the same input always repeats, so a resumed load skips exactly the records an
/// earlier attempt committed, whatever batch size either attempt used.
/// </summary>
/// <remarks>
/// Skipping committed records one by one never writes an older version of a record over a newer one: batches that
/// share a key never run at the same time, and after a failure no further batch starts, so a committed record's
/// later versions are either committed too or still to come.
/// </remarks>
internal sealed class Neo4jLoadJournal
{
    private readonly string _fingerprint;
    private readonly (long From, long To)[] _done;
    private int _cursor;

    private Neo4jLoadJournal(string fingerprint, (long From, long To)[] done, int attempts, bool graphWasEmpty)
    {
        _fingerprint = fingerprint;
        _done = done;
        Attempts = attempts;
        GraphWasEmpty = graphWasEmpty;
    }

    /// <summary>Opens the journal of <paramref name="info"/>'s fingerprint (creating it, or reopening an unfinished one).</summary>
    public static Neo4jLoadJournal Open(Neo4jConnection connection, LoadInfo info, int batchSize)
    {
        const string file = "load/begin-load.cypher";
        var result = connection.AutoCommit([new CypherStatement(file, CypherLibrary.Statement(file), new Dictionary<string, object?>
        {
            ["fingerprint"] = info.Fingerprint,
            ["source"] = info.Source,
            ["started_at"] = Neo4jRows.Time(info.StartedAt),
            ["batch_size"] = batchSize,
        })])[0];
        var row = result.Rows.Count == 1 ? result.Rows[0]
            : throw new Neo4jException(Neo4jException.ProtocolCode, $"{connection.Location} answered {file} with {result.Rows.Count} rows; one was expected.");
        var from = row[result.Column("done_from")].Values<long>().ToArray();
        var to = row[result.Column("done_to")].Values<long>().ToArray();
        if (from.Length != to.Length)
            throw new Neo4jException(Neo4jException.ProtocolCode, $"The load journal of {info.Fingerprint[..Math.Min(12, info.Fingerprint.Length)]} is damaged (done_from and done_to differ in length); delete its (:Load) node and load again.");
        var done = new (long From, long To)[from.Length];
        for (int i = 0; i < done.Length; i++) done[i] = (from[i], to[i]);
        Array.Sort(done);
        // An older or foreign answer without graph_empty counts as not empty: merging is always right, creating only on an empty graph.
        bool empty = Array.IndexOf(result.Columns, "graph_empty") is var e and >= 0 && row[e] is { Type: JTokenType.Boolean } b && (bool)b;
        return new Neo4jLoadJournal(info.Fingerprint, done, row[result.Column("attempts")].Value<int>(), empty);
    }

    /// <summary>
    /// Whether the graph held nothing but load journals when this load began: a first load, whose records can be created
    /// instead of merged until a key repeats (<c>load/new-*.cypher</c>).
    /// </summary>
    public bool GraphWasEmpty { get; }

    /// <summary>
    /// Whether the journal on the server lists the batch starting at record <paramref name="from"/>: asked when a retried
    /// batch meets records it creates already there, which means an earlier try committed and only its answer was lost.
    /// </summary>
    public bool Lists(Neo4jConnection connection, long from)
    {
        const string file = "load/batch-listed.cypher";
        var result = connection.AutoCommit([new CypherStatement(file, CypherLibrary.Statement(file), new Dictionary<string, object?>
        {
            ["fingerprint"] = _fingerprint, ["from"] = from,
        })])[0];
        return result.Scalar() is { Type: JTokenType.Boolean } listed && (bool)listed;
    }

    /// <summary>How many times this fingerprint's load has been started (1 the first time).</summary>
    public int Attempts { get; }

    /// <summary>Batches an earlier attempt committed.</summary>
    public int DoneBatches => _done.Length;

    /// <summary>
    /// Whether record number <paramref name="ordinal"/> was committed by an earlier attempt. Ordinals must be asked in
    /// increasing order (the journal walks its ranges once).
    /// </summary>
    public bool IsDone(long ordinal)
    {
        while (_cursor < _done.Length && _done[_cursor].To <= ordinal) _cursor++;
        return _cursor < _done.Length && _done[_cursor].From <= ordinal;
    }

    /// <summary>The statement that records a batch covering records [from, to) of <paramref name="kind"/>, run last in the batch's transaction.</summary>
    public CypherStatement BatchDone(long from, long to, RecordKind kind)
    {
        const string file = "load/batch-done.cypher";
        return new CypherStatement(file, CypherLibrary.Statement(file), new Dictionary<string, object?>
        {
            ["fingerprint"] = _fingerprint, ["from"] = from, ["to"] = to, ["file"] = InputFile(kind),
        });
    }

    /// <summary>The contract file records of <paramref name="kind"/> come from (CONTRACT.md section 1), as the journal names it.</summary>
    public static string InputFile(RecordKind kind) => kind switch
    {
        RecordKind.Policyholder => "policyholders.csv",
        RecordKind.Agent => "agents.csv",
        RecordKind.Policy => "policies.csv",
        RecordKind.ContactChange => "contact_changes.csv",
        RecordKind.SurrenderRequest => "surrender_requests.csv",
        RecordKind.Complaint => "complaints.csv",
        _ => kind.ToString(),
    };

    /// <summary>The one line that names an unfinished load from a row of <c>read/unfinished-loads.cypher</c>.</summary>
    public static string Describe(CypherResult result, JToken[] row)
    {
        var fingerprint = Neo4jRows.Text(row[result.Column("fingerprint")]) ?? "?";
        var source = Neo4jRows.Text(row[result.Column("source")]) ?? "an unknown folder";
        var started = Neo4jRows.Text(row[result.Column("started_at")]) ?? "?";
        var batches = row[result.Column("batches_done")] is { Type: JTokenType.Integer } b ? (long)b : 0;
        var batchSize = row[result.Column("batch_size")] is { Type: JTokenType.Integer } s ? $" of up to {(long)s:N0} records" : "";
        var files = row[result.Column("files")] is JArray f && f.Count > 0 ? $", last file {f[f.Count - 1]}" : "";
        return $"the load of {source} (fingerprint {fingerprint[..Math.Min(12, fingerprint.Length)]}, started {started}) has committed {batches:N0} batches{batchSize}{files} and is not finished";
    }
}
