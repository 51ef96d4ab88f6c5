using Graph.Core;
using Graph.Storage;

namespace Graph.Ingest.Tests;

/// <summary>
/// An in-memory <see cref="IGraphLoadTarget"/> that keeps the batches of committed loads, in order. Batches of a load
/// that is disposed without commit are dropped, as a real store would roll them back.
/// </summary>
internal sealed class RecordingStore : IGraphLoadTarget
{
    private readonly HashSet<string> _fingerprints = [];

    public List<IReadOnlyList<InputRecord>> CommittedBatches { get; } = [];
    public List<LoadInfo> CommittedLoads { get; } = [];
    public int LoadsBegun { get; private set; }
    public int WritesSeen { get; private set; }
    /// <summary>Managed thread ids that called Write, Commit or BeginLoad.</summary>
    public HashSet<int> CallingThreads { get; } = [];
    /// <summary>When set, the Nth call to Write (1-based) throws, to simulate a store failure mid-load.</summary>
    public int FailOnWrite { get; set; }

    public IEnumerable<InputRecord> Records => CommittedBatches.SelectMany(b => b);

    public bool HasLoaded(string fingerprint) => _fingerprints.Contains(fingerprint);

    public ILoadTransaction BeginLoad(LoadInfo info)
    {
        LoadsBegun++;
        CallingThreads.Add(Environment.CurrentManagedThreadId);
        return new Transaction(this, info);
    }


    private sealed class Transaction(RecordingStore store, LoadInfo info) : ILoadTransaction
    {
        private readonly List<IReadOnlyList<InputRecord>> _pending = [];
        private bool _done;

        public void Write(IReadOnlyList<InputRecord> batch)
        {
            if (_done) throw new InvalidOperationException("write after commit or dispose");
            store.WritesSeen++;
            store.CallingThreads.Add(Environment.CurrentManagedThreadId);
            if (store.FailOnWrite == store.WritesSeen) throw new IOException("simulated store failure");
            _pending.Add(batch.ToArray()); // a copy: the loader must not depend on the store keeping its list
        }

        public void Commit()
        {
            if (_done) throw new InvalidOperationException("commit twice");
            _done = true;
            store.CallingThreads.Add(Environment.CurrentManagedThreadId);
            store.CommittedBatches.AddRange(_pending);
            store.CommittedLoads.Add(info);
            store._fingerprints.Add(info.Fingerprint);
        }

        public string? Outcome => null;

        public void Dispose() => _done = true;
    }
}
