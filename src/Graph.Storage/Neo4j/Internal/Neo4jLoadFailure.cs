namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// Turns a failed load request into one message that names the server, the batch and its statement files, what
/// went wrong in the user's terms, what to do about it, and what the load leaves behind.
/// </summary>
internal static class Neo4jLoadFailure
{
    /// <summary>What the load throws after <paramref name="error"/>: a <see cref="Neo4jException"/> with the whole story, or the error itself.</summary>
    public static Exception Explain(Exception error, Neo4jLoadReport progress)
    {
        LoadBatch? batch = null;
        if (error is Neo4jBatchException b)
        {
            batch = b.Batch;
            error = b.InnerException!;
        }
        if (error is not Neo4jException n) return error;

        var where = batch is null ? "" : $" It happened in {batch.Describe()}, statements {Files(batch)}.";
        var remedy = batch is { CreatesRecords: true } && n.Code == Neo4jBatchPipeline.ConstraintFailed
            ? "The graph was empty when this load began, so it creates the records it has not met yet instead of merging them; another writer has added some of them since. Run the same command again: it resumes, and merges."
            : Remedy(n, progress);
        return new Neo4jException(n.Code, $"{n.Message}{where} {remedy} {Aftermath(progress)}", n.HttpStatus, n.IsTransient, n);
    }

    /// <summary>Whether <paramref name="e"/> says the server ran out of memory (Neo4j 5's codes, or a 3.x/4.x error text).</summary>
    public static bool IsOutOfMemory(Neo4jException e) =>
        e.Code.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase)
        || e.Code.Contains("MemoryPool", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("OutOfMemoryError", StringComparison.Ordinal)
        || e.Message.Contains("Java heap space", StringComparison.Ordinal)
        || e.Message.Contains("GC overhead limit exceeded", StringComparison.Ordinal);

    private static string Remedy(Neo4jException e, Neo4jLoadReport progress)
    {
        var size = $"--batch-size {Math.Max(Neo4jOptions.MinBatchSize, progress.BatchSize / 4):N0} (this load used {progress.BatchSize:N0})";
        if (IsOutOfMemory(e))
            return progress.Mode == Neo4jLoadMode.Atomic
                ? "The server ran out of memory: an --atomic load keeps the whole load in the server's heap until it commits. Drop --atomic to load in batches, or give the server a larger heap (dbms.memory.heap.max_size in neo4j.conf, -Xmx for a server started by hand)."
                : $"The server ran out of memory holding one batch: lower the batch size, e.g. {size}, or give the server a larger heap (dbms.memory.heap.max_size in neo4j.conf, -Xmx for a server started by hand).";
        if (e.Code == Neo4jException.TimeoutCode)
            return $"The server is overloaded or the batch is too big for the time limit: lower the batch size, e.g. {size}, or run the load when the server is less busy.";
        if (e.Code == Neo4jException.ConnectionFailedCode)
            return "Check that the server is running and that --store names its HTTP address (port 7474 unless configured otherwise).";
        if (e.IsTransient)
            return progress.Mode == Neo4jLoadMode.Atomic
                ? "The error is transient (a deadlock, a leader switch, a busy server) and requests inside one transaction cannot be retried: run the same command again, or drop --atomic so each batch is retried on its own."
                : $"The error is transient (a deadlock, a leader switch, a busy server) and persisted through {progress.TransientRetries:N0} retries with backoff: run the same command again when the server is calmer.";
        if (e.HttpStatus >= 500)
            return "The server failed without saying why: its log (logs/debug.log, logs/neo4j.log) has the cause; a java.lang.OutOfMemoryError there means lowering --batch-size or raising the server's heap.";
        return "";
    }

    private static string Aftermath(Neo4jLoadReport progress) => progress.Mode == Neo4jLoadMode.Atomic
        ? "Nothing of this load was committed (--atomic: one transaction, rolled back)."
        : $"{progress.ResumedBatches + progress.CommittedBatches:N0} batches are committed and listed in the load journal: run the same command again to resume after them (analysis refuses to read the graph until the load is finished).";

    private static string Files(LoadBatch batch)
    {
        var names = new List<string>();
        foreach (var s in batch.Statements)
            if (!names.Contains(s.Name)) names.Add(s.Name);
        return string.Join(", ", names);
    }
}
