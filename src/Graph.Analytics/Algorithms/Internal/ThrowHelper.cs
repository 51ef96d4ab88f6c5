using System.Diagnostics.CodeAnalysis;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>Rare throws out of hot methods, kept out of line so the callers stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void NotRun(string algorithm) =>
        throw new InvalidOperationException($"{algorithm} has no result yet: call Run first.");

    [DoesNotReturn]
    [SuppressMessage("Usage", "CA2208", Justification = "Names the caller's parameter (CsrGraphBuilder's edges), not this helper's.")]
    public static void EdgeOutOfRange(long index, int u, int v, int nodeCount) =>
        throw new ArgumentOutOfRangeException("edges", $"Edge {index} ({u}, {v}) names a node outside 0..{nodeCount - 1}; ids must be non-negative and below the node count.");

    [DoesNotReturn]
    [SuppressMessage("Usage", "CA2208", Justification = "Names the caller's parameter (CsrGraphBuilder's weights), not this helper's.")]
    public static void BadWeight(long index, float weight) =>
        throw new ArgumentOutOfRangeException("weights", $"Edge {index} has weight {weight}; weights must be positive and finite.");

    /// <summary>
    /// Checks that every arc weight is positive and finite: the optimizers' gains assume it, and a graph
    /// built by hand (not by <see cref="CsrGraphBuilder"/>) may not satisfy it.
    /// </summary>
    public static void RequirePositiveWeights(CsrGraph graph, string parameterName)
    {
        int a = WeightScans.FirstNotPositiveFinite(graph.Weights);
        if (a >= 0)
            throw new ArgumentException($"Arc {a} has weight {graph.Weights[a]}; community detection needs positive, finite edge weights.", parameterName);
    }
}
