namespace Graph.Analytics.Detection.Internal;

/// <summary>
/// Detection's stages on several threads without letting thread timing reach a result: work is cut into
/// contiguous ranges fixed by the input size and the thread count alone, each range writes only its own slots (or
/// its own partial result, merged afterwards in range order), and independent steps run side by side. On one thread
/// everything runs in order on the caller's thread, which is the reference the tests compare with.
/// </summary>
internal static class Partitions
{
    /// <summary>The threads to use: <paramref name="requested"/>, or one per logical core when it is 0 or less.</summary>
    public static int Threads(int requested) => requested > 0 ? requested : Environment.ProcessorCount;

    /// <summary>
    /// How many ranges to cut <paramref name="count"/> items into: <paramref name="perThread"/> per thread (more than
    /// one when items cost unevenly, so a thread that drew cheap ones takes another range), fewer when a range would
    /// hold less than <paramref name="smallest"/> items (waking a thread costs more than a few thousand items); one on one thread.
    /// </summary>
    public static int Count(int count, int threads, int smallest = 65_536, int perThread = 1)
        => threads <= 1 ? 1 : Math.Max(1, Math.Min(threads * perThread, count / Math.Max(1, SmallestRange.Value ?? smallest)));

    /// <summary>
    /// For tests: the smallest range wherever one is cut below this point of the call (it flows to the threads), so a
    /// small insurer is cut into many ranges as a large one is; null (the default): the sizes the callers give.
    /// </summary>
    internal static readonly AsyncLocal<int?> SmallestRange = new();

    /// <summary>The start of range <paramref name="part"/> of <paramref name="parts"/> over <c>0 .. count</c> (part = parts gives count).</summary>
    public static int Start(int count, int parts, int part) => (int)((long)count * part / parts);

    /// <summary>
    /// Runs <paramref name="body"/>(part, start, end) for each range of <c>0 .. count</c>, on up to
    /// <paramref name="threads"/> threads; in order on the caller's thread when there is one range.
    /// </summary>
    public static void For(int count, int threads, Action<int, int, int> body, CancellationToken ct, int smallest = 65_536, int perThread = 1)
        => For(count, threads, Count(count, threads, smallest, perThread), body, ct);

    /// <summary>Runs <paramref name="body"/>(part, start, end) for each of <paramref name="parts"/> ranges of <c>0 .. count</c> (see <see cref="Count"/>).</summary>
    public static void For(int count, int threads, int parts, Action<int, int, int> body, CancellationToken ct)
    {
        if (parts == 1)
        {
            ct.ThrowIfCancellationRequested();
            body(0, 0, count);
            return;
        }
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct },
                part => body(part, Start(count, parts, part), Start(count, parts, part + 1)));
        }
        catch (AggregateException e) { throw Unwrapped(e); }
    }

    /// <summary>
    /// Runs independent steps side by side on up to <paramref name="threads"/> threads, or one after another in the
    /// order given on one thread. Each step must write only what no other step reads or writes.
    /// </summary>
    public static void SideBySide(int threads, CancellationToken ct, params Action[] steps)
    {
        if (threads <= 1)
        {
            foreach (var step in steps)
            {
                ct.ThrowIfCancellationRequested();
                step();
            }
            return;
        }
        try { Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, steps); }
        catch (AggregateException e) { throw Unwrapped(e); }
    }

    /// <summary>
    /// The first failure of a parallel loop as itself (with its stack), so callers see the exception the one-thread
    /// run would have thrown (an invalid snapshot's <see cref="InvalidOperationException"/>), not an aggregate.
    /// </summary>
    public static Exception Unwrapped(AggregateException e)
    {
        var inner = e.Flatten().InnerExceptions;
        if (inner.Count == 0) return e;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner[0]).Throw();
        return e; // not reached
    }
}
