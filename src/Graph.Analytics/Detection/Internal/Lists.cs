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

    /// <summary>
    /// The list itself when <see cref="AsSpan"/> reads it without copying, else one copy as an array: for loops cut into
    /// ranges on several threads, each taking its own span, so an unusual list is copied once, not once per range.
    /// </summary>
    public static IReadOnlyList<T> Spannable<T>(IReadOnlyList<T> list) => list is T[] or List<T> ? list : list.ToArray();
}
