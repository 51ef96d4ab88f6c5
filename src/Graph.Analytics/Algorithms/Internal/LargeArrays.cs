using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// The large scratch arrays of the optimizers, backed by 2 MiB pages on Linux where the kernel can give them
/// (transparent huge pages, asked for with <c>madvise</c>; this machine's kernel only gives them when asked).
/// </summary>
/// <remarks>
/// Leiden on a 1M-node graph touches about 300 MB of fresh memory; on the 2-core virtual machine of
/// docs/benchmarks.md a first touch of a 4 KiB page costs about 17 µs (a hypervisor exit), so 4 KiB pages cost
/// it over a second, 2 MiB pages a small part of that. Arrays below <see cref="MinimumBytes"/> (one 2 MiB page) are
/// ordinary ones. The advice covers every 2 MiB page an array reaches into, the partial ones at both ends too (the
/// kernel gives a 2 MiB page only where nothing of it was touched yet, so the page holding the array's header stays
/// in 4 KiB pages): a bound of two whole 2 MiB pages, as before, left the 4,000,000-byte arrays of a 1M-node graph
/// (int per node, 16 of them) on 4 KiB pages, about 7,000 of the 15,700 page faults of a 1M-node run on one thread.
/// The arrays are pinned (the advice is about their addresses) and live on the pinned object heap like any other
/// managed array; nothing else changes.
/// </remarks>
internal static class LargeArrays
{
    private const long HugePage = 2 << 20;
    private const long MinimumBytes = HugePage;
    private const int MadviseHugePage = 14;

    /// <summary>False once the C library could not be called: the arrays are then ordinary ones.</summary>
    private static bool _canAdvise = OperatingSystem.IsLinux();

    /// <summary>A zeroed array, as <c>new T[length]</c>.</summary>
    public static T[] Zeroed<T>(int length) where T : unmanaged
    {
        if (!Worthwhile<T>(length)) return new T[length];
        var array = Advised<T>(length);
        array.AsSpan().Clear();
        return array;
    }

    /// <summary>An array whose contents are undefined: for arrays the caller writes in full before reading.</summary>
    public static T[] Uninitialized<T>(int length) where T : unmanaged =>
        Worthwhile<T>(length) ? Advised<T>(length) : GC.AllocateUninitializedArray<T>(length);

    private static bool Worthwhile<T>(int length) where T : unmanaged =>
        _canAdvise && (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() >= MinimumBytes;

    private static T[] Advised<T>(int length) where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        long start = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        long end = start + (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long first = start & ~(HugePage - 1), last = (end + HugePage - 1) & ~(HugePage - 1);
        // Advice only: if the kernel says no (huge pages off, an old kernel, a part of the range not mapped), the array
        // works as it is. Neighbours sharing the end pages get the advice too, which changes nothing but their pages.
        if (last <= first) return array;
        try
        {
            _ = Madvise((nint)first, (nuint)(last - first), MadviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _canAdvise = false;
        }
        return array;
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}

/// <summary>
/// Touches every page of some arrays on a thread of its own, in the order given, without changing them: memory
/// touched for the first time costs 1.7–3.3 ms per MB on the virtual machine of docs/benchmarks.md (the host backs
/// it then), and an array the optimizer will need later can take that cost while the optimizer works on something
/// else, when a core is free for it (the second core is idle whenever a phase runs on one thread).
/// </summary>
/// <remarks>
/// Each page is touched by an atomic compare-and-exchange of one of its words with itself: a write as far as the
/// processor and the kernel are concerned, but one that never changes the value, so an array already in use is safe
/// to touch. The thread stops early when disposed.
/// </remarks>
internal sealed class PageToucher : IDisposable
{
    private const int PageBytes = 4096;
    private readonly Thread _thread;
    private volatile bool _stop;

    public PageToucher(Array[] arrays)
    {
        _thread = new Thread(() => TouchAll(arrays)) { IsBackground = true, Name = "leiden-page-toucher" };
        _thread.Start();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TouchAll(Array[] arrays)
    {
        foreach (var array in arrays)
        {
            long bytes = Buffer.ByteLength(array);
            ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array);
            for (long offset = 0; offset + sizeof(int) <= bytes; offset += PageBytes)
            {
                if (_stop) return;
                ref int word = ref System.Runtime.CompilerServices.Unsafe.As<byte, int>(ref System.Runtime.CompilerServices.Unsafe.AddByteOffset(ref start, (nint)offset));
                int value = Volatile.Read(ref word);
                Interlocked.CompareExchange(ref word, value, value);
            }
        }
    }

    /// <summary>Stops touching and waits for the thread to end.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
