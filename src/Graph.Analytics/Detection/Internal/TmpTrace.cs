using System.Diagnostics;
namespace Graph.Analytics.Detection.Internal;
internal static class TmpTrace
{
    private static readonly Stopwatch W = Stopwatch.StartNew();
    private static double _last;
    public static void Mark(string label)
    {
        double now = W.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"  [trace] {label} {now - _last:F3}s");
        _last = now;
    }
}
