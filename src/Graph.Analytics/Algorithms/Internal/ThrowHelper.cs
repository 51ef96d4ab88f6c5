using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RequirePositiveWeights(CsrGraph graph, string parameterName)
    {
        float[] weights = graph.Weights;
        for (int a = 0; a < weights.Length; a++)
        {
            float w = weights[a];
            if (!(w > 0f) || float.IsPositiveInfinity(w))
                throw new ArgumentException($"Arc {a} has weight {w}; community detection needs positive, finite edge weights.", parameterName);
        }
    }
}
