namespace Graph.Storage.Neo4j;

/// <summary>What one load into Neo4j did, for the command line's summary (<see cref="Neo4jGraphStore.LastLoad"/>).</summary>
/// <param name="Batches">Batches this attempt built (and, when it succeeded, committed).</param>
/// <param name="CommittedBatches">Batches of this attempt that committed (batched mode) or were written into the transaction (atomic mode).</param>
/// <param name="ResumedBatches">Batches an earlier, interrupted attempt had committed, found in the load journal.</param>
/// <param name="SkippedRecords">Records those batches held, skipped by this attempt.</param>
/// <param name="CreatedRecords">Records written with CREATE rather than MERGE: a first load into a graph that held nothing but load journals.</param>
/// <param name="TransientRetries">Requests retried with backoff after a transient failure (deadlock, leader switch, 502/503/504, timeout, lost connection).</param>
public sealed record Neo4jLoadReport(
    Neo4jLoadMode Mode,
    int BatchSize,
    int Batches,
    int CommittedBatches,
    int ResumedBatches,
    long SkippedRecords,
    long Records,
    long CreatedRecords,
    long Links,
    long TransientRetries,
    TimeSpan Elapsed)
{
    /// <summary>One line: how the load was written, whether it resumed, and how many transient errors were retried.</summary>
    public override string ToString()
    {
        var how = Mode == Neo4jLoadMode.Atomic
            ? $"one transaction (--atomic), {Batches:N0} requests of up to {BatchSize:N0} records"
            : $"{Batches:N0} batches of up to {BatchSize:N0} records, each committed with its entry in the load journal";
        var resumed = ResumedBatches > 0
            ? $"; resumed an interrupted load: {ResumedBatches:N0} batches ({SkippedRecords:N0} records) were already committed and were skipped"
            : "";
        var created = CreatedRecords > 0 ? $"; a first load into an empty graph: {CreatedRecords:N0} records created rather than merged" : "";
        return $"Neo4j: {how}{resumed}{created}; {TransientRetries:N0} transient errors retried.";
    }
}
