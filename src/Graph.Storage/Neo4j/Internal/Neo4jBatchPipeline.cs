using System.Diagnostics;
using Graph.Core;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>One batch of a load: records [<see cref="From"/>, <see cref="To"/>) of one kind, as the statements of one request.</summary>
internal sealed class LoadBatch
{
    /// <summary>1-based, in load order.</summary>
    public required int Number { get; init; }
    public required RecordKind Kind { get; init; }
    public required long From { get; init; }
    public required long To { get; init; }
    public required int Records { get; init; }
    public required int Links { get; init; }
    public required List<CypherStatement> Statements { get; init; }

    /// <summary>
    /// Every record key the batch writes or references and every contact point it links to; null when batches run
    /// one at a time. Two batches sharing none can commit in either order and leave the same graph (a contact point
    /// keeps the raw value of the record that created it, so even those must be created in load order).
    /// </summary>
    public HashSet<string>? Keys { get; init; }

    /// <summary>Records the batch CREATEs rather than merges (a first load, <c>load/new-*.cypher</c>); running such a batch twice fails on their uniqueness constraint.</summary>
    public int Created { get; init; }

    public bool CreatesRecords => Created > 0;

    /// <summary>Started when the batch was built: its time to commit, including any wait for batches it overlaps.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public bool Overlaps(LoadBatch other)
    {
        if (Keys is null || other.Keys is null) return true;
        var (small, large) = Keys.Count <= other.Keys.Count ? (Keys, other.Keys) : (other.Keys, Keys);
        foreach (var key in small)
            if (large.Contains(key)) return true;
        return false;
    }

    /// <summary>"batch 7 (policies.csv, records 30,000–34,999)": where a failure happened, in the input's terms.</summary>
    public string Describe() => $"batch {Number:N0} ({Neo4jLoadJournal.InputFile(Kind)}, records {From + 1:N0}–{To:N0} of the load)";
}

/// <summary>
/// Sends the batches of a batched load, up to <c>maxInFlight</c> at once, each as one auto-committed request (retried
/// when transient: every statement is idempotent). A batch waits until no batch in flight shares a key with it, so
/// batches touching the same record or contact point commit in load order. Completions are handed back on the
/// caller's thread; after a failure no further batch starts, the others in flight finish, and
/// the failure is thrown.
/// </summary>
/// <remarks>
/// A batch that creates records is not idempotent: when its answer is lost (a timeout, a dropped connection) after the
/// server committed it, the retry meets its own records and fails on their uniqueness constraint, and nothing is
/// duplicated. The journal then says what happened: the batch committed with its journal entry, in one transaction,
/// so if the journal lists it the batch is done, and if not the records came from another writer.
/// </remarks>
internal sealed class Neo4jBatchPipeline
{
    public const string ConstraintFailed = "Neo.ClientError.Schema.ConstraintValidationFailed";

    private readonly Neo4jConnection _connection;
    private readonly Neo4jLoadJournal _journal;
    private readonly int _maxInFlight;
    private readonly Action<LoadBatch, IReadOnlyList<CypherResult>?> _committed;
    private readonly List<(LoadBatch Batch, Task<IReadOnlyList<CypherResult>?> Task)> _inFlight = [];

    /// <param name="committed">Called for each committed batch with its statements' results; null results: an earlier try committed and its answer was lost.</param>
    public Neo4jBatchPipeline(Neo4jConnection connection, Neo4jLoadJournal journal, int maxInFlight, Action<LoadBatch, IReadOnlyList<CypherResult>?> committed)
    {
        _connection = connection;
        _journal = journal;
        _maxInFlight = maxInFlight;
        _committed = committed;
    }

    /// <summary>Starts <paramref name="batch"/> once there is room and nothing in flight overlaps it.</summary>
    /// <exception cref="Neo4jBatchException">A batch failed (this one or an earlier one still in flight).</exception>
    public void Submit(LoadBatch batch)
    {
        while (true)
        {
            Reap(wait: false);
            if (_inFlight.Count < _maxInFlight && !_inFlight.Exists(f => f.Batch.Overlaps(batch))) break;
            Task.WaitAny(_inFlight.ConvertAll(static f => (Task)f.Task).ToArray());
        }
        // A batch blocks its thread until the server answers, so it gets a thread of its own. On a pool thread it left the
        // HTTP client's connection and timer callbacks waiting for the pool to grow (in the wire tests on 2 cores the first
        // batch reached the server 0.9-1.9 s after it was sent, and its timeout fired up to 0.9 s late).
        _inFlight.Add((batch, Task.Factory.StartNew(() => Commit(batch), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    /// <summary>Waits for every batch in flight.</summary>
    /// <exception cref="Neo4jBatchException">A batch failed.</exception>
    public void Drain() => Reap(wait: true);

    /// <summary>Waits for every batch in flight, counts the ones that committed and drops the failures (the load is failing already).</summary>
    public void Abandon()
    {
        WaitAll();
        foreach (var (batch, task) in _inFlight)
        {
            if (task.IsCompletedSuccessfully) _committed(batch, task.Result);
            else _ = task.Exception; // observed: the failure already being reported is the one that counts
        }
        _inFlight.Clear();
    }

    private IReadOnlyList<CypherResult>? Commit(LoadBatch batch)
    {
        try
        {
            if (_connection.Server.Protocol != Neo4jProtocol.QueryApi) return _connection.AutoCommit(batch.Statements);
            // The Query API auto-commits each statement; an explicit transaction keeps the batch and its journal entry one unit.
            using var tx = _connection.Begin();
            return tx.Commit(batch.Statements);
        }
        catch (Neo4jException e) when (batch.CreatesRecords && e.Code == ConstraintFailed && _journal.Lists(_connection, batch.From))
        {
            return null;
        }
    }

    private void Reap(bool wait)
    {
        if (wait) WaitAll();
        for (int i = 0; i < _inFlight.Count;)
        {
            var (batch, task) = _inFlight[i];
            if (!task.IsCompleted) { i++; continue; }
            _inFlight.RemoveAt(i);
            if (task.IsCompletedSuccessfully)
            {
                _committed(batch, task.Result);
                continue;
            }
            // Let the others finish (their journal entries commit with them), then report this failure.
            Abandon();
            throw new Neo4jBatchException(batch, task.Exception!.GetBaseException());
        }
    }

    private void WaitAll()
    {
        foreach (var (_, task) in _inFlight)
            ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
    }
}

/// <summary>A batch that failed, with the failure; the load turns it into a message that says what to do.</summary>
internal sealed class Neo4jBatchException(LoadBatch batch, Exception inner) : Exception(inner.Message, inner)
{
    public LoadBatch Batch { get; } = batch;
}
