using System.Runtime.InteropServices;

namespace Graph.Analytics.Detection.Internal;

internal static class Lists
{
    /// <summary>
    /// A span over the list's items without copying when it is an array or a <see cref="List{T}"/> (what the
    /// stores return); otherwise one copy.
    /// </summary>
    public static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> list) => list switch
    {
        T[] a => a,
        List<T> l => CollectionsMarshal.AsSpan(l),
        _ => list.ToArray(),
    };
}
