using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// Per community, the weight of the arcs inside it (each arc, a self-loop twice) and the strength of its nodes (a
/// self-loop twice), summed by the team per node chunk into arrays of its own; exact only when every weight and sum is a
/// whole number a double holds (<see cref="PartitionWorkspace.WholeArcSums"/>), which is when it is used.
/// </summary>
internal sealed class CommunitySums
{
    private readonly double[] _inside;
    private readonly double[] _strength;

    private CommunitySums(double[] inside, double[] strength)
    {
        _inside = inside;
        _strength = strength;
        foreach (double w in inside) InsideTotal += w;
    }

    /// <summary>The weight of the arcs inside communities, each arc and a self-loop twice.</summary>
    public double InsideTotal { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CommunitySums Of(LevelGraph graph, int[] membership, int count, WorkerTeam team)
    {
        const int chunk = 65536;
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        var inside = new double[team.Size][];
        var strength = new double[team.Size][];
        for (int m = 0; m < team.Size; m++)
        {
            inside[m] = new double[count];
            strength[m] = new double[count];
        }
        team.For((n + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c, member) =>
        {
            double[] ins = inside[member], str = strength[member];
            for (int v = c * chunk, last = Math.Min(v + chunk, n); v < last; v++)
            {
                int community = membership[v];
                for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                {
                    int u = targets[a];
                    double w = u == v ? 2.0 * weights[a] : weights[a];
                    str[community] += w;
                    if (membership[u] == community) ins[community] += w;
                }
            }
        });
        for (int m = 1; m < team.Size; m++)
            for (int k = 0; k < count; k++)
            {
                inside[0][k] += inside[m][k];
                strength[0][k] += strength[m][k];
            }
        return new CommunitySums(inside[0], strength[0]);
    }

    /// <summary>
    /// Modularity at γ = 1 with the communities renamed by <paramref name="finalId"/>, summed over them in that order by
    /// the same expression as <see cref="Algorithms.Modularity.Compute"/>, so that it is the same number.
    /// </summary>
    public double StandardModularity(Func<int, int> finalId)
    {
        int count = _inside.Length;
        var inside = new double[count];
        var strength = new double[count];
        double total = 0;
        for (int c = 0; c < count; c++)
        {
            int f = finalId(c);
            inside[f] = _inside[c];
            strength[f] = _strength[c];
            total += _strength[c];
        }
        if (total == 0) return 0;
        const double resolution = 1.0;
        double q = 0;
        for (int c = 0; c < count; c++) q += inside[c] - resolution * strength[c] * strength[c] / total;
        return q / total;
    }
}
