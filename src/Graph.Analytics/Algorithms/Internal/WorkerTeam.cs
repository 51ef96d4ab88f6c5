using System.Runtime.ExceptionServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// A fixed team of threads for the parallel phases of the optimizers: <see cref="Run"/> runs one body on every
/// member at once (the calling thread is member 0) and returns when all have finished. The threads live as long
/// as the team, so a phase costs two barrier crossings rather than a thread-pool dispatch, and nothing is
/// allocated per phase.
/// </summary>
/// <remarks>
/// The bodies decide what each member works on; the optimizers hand out work in chunks through a shared counter
/// (<see cref="NextChunk"/>) and make every chunk's result independent of which member computed it, so the
/// results do not depend on the number of members or on timing. An exception in any member is rethrown by
/// <see cref="Run"/> after every member has stopped.
/// </remarks>
internal sealed class WorkerTeam : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier? _barrier;
    private readonly Action<int> _forMember;
    private Action<int>? _body;
    private Action<int, int>? _forChunk;
    private int _forCount;
    private ExceptionDispatchInfo? _error;
    private int _nextChunk;
    private bool _disposed;

    /// <param name="size">Members, the calling thread included (1: no extra threads; every phase runs inline).</param>
    public WorkerTeam(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _forMember = ForMember;
        _threads = new Thread[size - 1];
        if (size == 1) return;
        _barrier = new Barrier(size);
        for (int i = 0; i < _threads.Length; i++)
        {
            int member = i + 1;
            _threads[i] = new Thread(() => Serve(member)) { IsBackground = true, Name = "leiden-worker-" + member };
            _threads[i].Start();
        }
    }

    /// <summary>Members of the team, the calling thread included.</summary>
    public int Size { get; }

    /// <summary>Runs <paramref name="body"/>(member) on every member; returns when all are done.</summary>
    public void Run(Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _nextChunk = 0;
        if (_barrier is null)
        {
            body(0);
            return;
        }
        _body = body;
        _error = null;
        _barrier.SignalAndWait();
        try { body(0); }
        catch (Exception e) { Record(e); }
        _barrier.SignalAndWait();
        _body = null;
        _error?.Throw();
    }

    /// <summary>
    /// Runs <paramref name="body"/>(chunk, member) once for every chunk 0..<paramref name="chunkCount"/>-1, the
    /// chunks handed out to the members as they become free; inline on the calling thread when
    /// <paramref name="parallel"/> is false, the team has one member or there is one chunk. Each chunk must write
    /// only its own part of the results, so which member ran it does not matter.
    /// </summary>
    public void For(int chunkCount, Action<int, int> body, bool parallel = true)
    {
        if (!parallel || _barrier is null || chunkCount <= 1)
        {
            for (int c = 0; c < chunkCount; c++) body(c, 0);
            return;
        }
        _forChunk = body;
        _forCount = chunkCount;
        try { Run(_forMember); }
        finally { _forChunk = null; }
    }

    /// <summary>The next chunk index of the current <see cref="Run"/> (0, 1, 2, … across all members); after a failure, past any end.</summary>
    public int NextChunk() => Interlocked.Increment(ref _nextChunk) - 1;

    private void ForMember(int member)
    {
        var body = _forChunk!;
        int count = _forCount;
        int chunk;
        while ((chunk = NextChunk()) < count) body(chunk, member);
    }

    private void Serve(int member)
    {
        while (true)
        {
            _barrier!.SignalAndWait();
            var body = _body;
            if (body is null) return; // disposed
            try { body(member); }
            catch (Exception e) { Record(e); }
            _barrier.SignalAndWait();
        }
    }

    private void Record(Exception e)
    {
        // Keep the first failure; later ones (often the same cancellation seen by another member) add nothing.
        Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
        // Stop handing out chunks so the other members finish soon.
        Volatile.Write(ref _nextChunk, int.MaxValue / 2);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_barrier is null) return;
        _body = null;
        _barrier.SignalAndWait();
        foreach (var t in _threads) t.Join();
        _barrier.Dispose();
    }
}
