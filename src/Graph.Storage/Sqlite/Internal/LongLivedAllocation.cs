using System.Runtime;

namespace Graph.Storage.Sqlite.Internal;

/// <summary>
/// Lets a read that builds data for the rest of the process (a snapshot) allocate without garbage collections, then
/// settles what it built in the oldest generation without moving it.
/// </summary>
/// <remarks>
/// Everything a snapshot read allocates lives as long as the analysis. Left to the collector, it is copied from the
/// youngest generation to the next and again to the oldest, each time into memory the process touches for the first time
/// (about 2 ms a MB on a VM that hands freed memory back to its host), and the oldest generation is collected again and
/// again as it grows: at 10,000,000 holders 16 full collections and 15-17 s of pauses in a 42-50 s read. In a no-GC
/// region nothing is copied. Two non-compacting full collections afterwards free the read's temporary arrays and leave
/// the rest in the oldest generation (each moves the survivors of a region up one generation, without copying them);
/// after only one, detection's own collections copied the snapshot on, and detection took 11 s longer
/// (docs/benchmarks.md, issue 13).
/// </remarks>
internal sealed class LongLivedAllocation : IDisposable
{
    /// <summary>Below this a read's collections cost less than the two that settle it.</summary>
    internal const long MinimumBytes = 256L << 20;

    private bool _inRegion;

    private LongLivedAllocation(bool started) => Started = _inRegion = started;

    /// <summary>Whether the read runs in a no-GC region (false when small, when another read holds one, or when the
    /// runtime refuses).</summary>
    public bool Started { get; }

    /// <param name="bytes">About what the read will allocate (a little more is harmless: a region that runs out of room
    /// ends with an ordinary collection). Capped at half the memory the collector may use: the runtime refuses requests
    /// beyond what the machine has, and .NET 10 crashed on requests of 50 GB and more on this 24 GB machine.</param>
    public static LongLivedAllocation Start(long bytes)
    {
        bytes = Math.Min(bytes, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);
        if (bytes < MinimumBytes || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return new(false);
        try
        {
            return new(GC.TryStartNoGCRegion(bytes));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // Too large for this process, or another thread's read started a region first.
            return new(false);
        }
    }

    /// <summary>Ends the region and settles everything allocated in it in the oldest generation.</summary>
    public void Settle()
    {
        if (!Started) return;
        EndRegion();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    /// <summary>Ends the region if <see cref="Settle"/> did not (a failed or cancelled read).</summary>
    public void Dispose() => EndRegion();

    private void EndRegion()
    {
        if (!_inRegion) return;
        _inRegion = false;
        // A region that ran out of room has already ended with a collection.
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { }
    }
}
