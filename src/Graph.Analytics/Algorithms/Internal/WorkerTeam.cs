using System.Runtime.ExceptionServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// A fixed team of threads for the parallel phases of the optimizers: <see cref="For"/> runs a body once per chunk,
/// the chunks handed out through a shared counter to the calling thread (member 0) and to the other members as they
/// come to help. The threads live as long as the team, so nothing is allocated per phase.
/// </summary>
/// <remarks>
/// <para>The calling thread never waits for a helper to arrive: it starts on the chunks at once and, at the end,
/// waits only for helpers still working on a chunk they took. On a machine shared with other work (two cores and a
/// load average of 5 to 15, as in docs/benchmarks.md) a helper thread is often not running when a phase starts; a team
/// that waited for every member at a barrier twice per phase lost more time than the second core gave, and Leiden on
/// two threads was slower than on one.</para>
/// <para>The optimizers make every chunk's result independent of which member computed it, so the results do not
/// depend on the number of members or on timing. An exception in any member is rethrown by <see cref="For"/> after
/// every member has left the chunks.</para>
/// </remarks>
internal sealed class WorkerTeam : IDisposable
{
    /// <summary><see cref="_state"/> when no helper may join: no phase is open.</summary>
    private const int Closed = -1;

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private Action<int, int>? _body;
    private int _count;
    private int _nextChunk;
    /// <summary>Helpers working in the open phase (0 or more), or <see cref="Closed"/>.</summary>
    private int _state = Closed;
    /// <summary>Phases opened so far; helpers wait under <see cref="_gate"/> for it to pass the last one they saw.</summary>
    private int _phase;
    private ExceptionDispatchInfo? _error;
    private bool _disposed;

    /// <param name="size">Members, the calling thread included (1: no extra threads; every phase runs inline).</param>
    public WorkerTeam(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _threads = new Thread[size - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int member = i + 1;
            _threads[i] = new Thread(() => Serve(member)) { IsBackground = true, Name = "leiden-worker-" + member };
            _threads[i].Start();
        }
    }

    /// <summary>Members of the team, the calling thread included.</summary>
    public int Size { get; }

    /// <summary>
    /// Runs <paramref name="body"/>(chunk, member) once for every chunk 0..<paramref name="chunkCount"/>-1, the
    /// chunks handed out to the members as they become free; inline on the calling thread when
    /// <paramref name="parallel"/> is false, the team has one member or there is one chunk. Each chunk must write
    /// only its own part of the results, so which member ran it does not matter.
    /// </summary>
    public void For(int chunkCount, Action<int, int> body, bool parallel = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!parallel || _threads.Length == 0 || chunkCount <= 1)
        {
            for (int c = 0; c < chunkCount; c++) body(c, 0);
            return;
        }

        _body = body;
        _count = chunkCount;
        _nextChunk = 0;
        _error = null;
        // Open the phase (the writes above are visible to a helper that joins), then wake the helpers.
        Volatile.Write(ref _state, 0);
        lock (_gate)
        {
            _phase++;
            Monitor.PulseAll(_gate);
        }

        RunChunks(0);

        // Close: once no helper is inside, none can join any more, and everything they wrote is visible here.
        // Never Thread.Sleep(1) here (SpinWait's default after 20 spins): the helpers' last chunks end within tens of
        // µs, and sleeping a millisecond or more at the close of many of Leiden's thousands of phases cost about 15% of
        // its detection time (docs/benchmarks.md).
        var wait = new SpinWait();
        while (Interlocked.CompareExchange(ref _state, Closed, 0) != 0) wait.SpinOnce(sleep1Threshold: -1);
        _body = null;
        _error?.Throw();
    }

    private void RunChunks(int member)
    {
        var body = _body!;
        int count = _count;
        try
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < count) body(chunk, member);
        }
        catch (Exception e)
        {
            // Keep the first failure; later ones (often the same cancellation seen by another member) add nothing.
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            // Stop handing out chunks so the other members finish soon.
            Volatile.Write(ref _nextChunk, int.MaxValue / 2);
        }
    }

    private void Serve(int member)
    {
        int seen = 0;
        while (true)
        {
            lock (_gate)
            {
                while (_phase == seen && !_disposed) Monitor.Wait(_gate);
                if (_disposed) return;
                seen = _phase;
            }
            if (!TryJoin()) continue; // that phase closed before this thread ran: wait for the next
            RunChunks(member);
            Interlocked.Decrement(ref _state);
        }
    }

    /// <summary>Enters the open phase as a helper; false when no phase is open.</summary>
    private bool TryJoin()
    {
        int state;
        do
        {
            state = Volatile.Read(ref _state);
            if (state == Closed) return false;
        }
        while (Interlocked.CompareExchange(ref _state, state + 1, state) != state);
        return true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var t in _threads) t.Join();
    }
}
