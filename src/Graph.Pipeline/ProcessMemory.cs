using System.Runtime.InteropServices;

namespace Graph.Pipeline;

/// <summary>
/// Gives free memory back to the operating system before the analysis takes its own. In <c>fraudgraph run</c> and the
/// nightly cycle the load ran just before in the same process: its id caches are garbage but stay committed by the
/// garbage collector, and SQLite's page cache and sorter memory stay in the C allocator's arenas. At 1,000,000 holders
/// that was about 1.1 GB kept resident under the analysis, at 3,000,000 about 2.5 GB (docs/benchmarks.md, issue 13).
/// </summary>
internal static class ProcessMemory
{
    public static void ReturnFree()
    {
        // Compacts, and decommits what the heap no longer uses (a plain full collection keeps it for reuse).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // glibc keeps freed native memory for reuse; malloc_trim returns it. Not every C library has it (musl).
            _ = malloc_trim(0);
        }
        catch (EntryPointNotFoundException)
        {
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
