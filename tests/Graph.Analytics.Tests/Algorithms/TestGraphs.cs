using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

/// <summary>Small graphs with known structure, and independent checks used by the algorithm tests.</summary>
internal static class TestGraphs
{
    public static CsrGraph FromEdges(int nodeCount, params (int U, int V, float W)[] edges)
    {
        var builder = new CsrGraphBuilder(nodeCount);
        foreach (var (u, v, w) in edges) builder.AddEdge(u, v, w);
        return builder.Build();
    }

    public static CsrGraph FromEdges(int nodeCount, params (int U, int V)[] edges)
    {
        var builder = new CsrGraphBuilder(nodeCount);
        foreach (var (u, v) in edges) builder.AddEdge(u, v);
        return builder.Build();
    }

    /// <summary>Triangles {0,1,2} and {3,4,5} joined by the edge 2–3.</summary>
    public static CsrGraph TwoTrianglesJoined() =>
        FromEdges(6, (0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3));

    /// <summary>
    /// <paramref name="cliques"/> cliques of <paramref name="size"/> nodes in a ring, each joined to the next
    /// by one edge; clique c holds nodes c·size .. c·size+size-1.
    /// </summary>
    public static CsrGraph RingOfCliques(int cliques, int size)
    {
        var builder = new CsrGraphBuilder(cliques * size);
        for (int c = 0; c < cliques; c++)
        {
            int first = c * size;
            for (int i = 0; i < size; i++)
                for (int j = i + 1; j < size; j++) builder.AddEdge(first + i, first + j);
            builder.AddEdge(first + size - 1, ((c + 1) % cliques) * size);
        }
        return builder.Build();
    }

    public static int[] RingOfCliquesMembership(int cliques, int size)
    {
        var membership = new int[cliques * size];
        for (int v = 0; v < membership.Length; v++) membership[v] = v / size;
        return membership;
    }

    /// <summary>Erdős–Rényi-style random multigraph with random weights in [0.5, 2), seeded.</summary>
    public static CsrGraph Random(int nodeCount, int edgeCount, int seed, bool weighted = true)
    {
        var random = new Random(seed);
        var builder = new CsrGraphBuilder(nodeCount);
        for (int i = 0; i < edgeCount; i++)
            builder.AddEdge(random.Next(nodeCount), random.Next(nodeCount), weighted ? 0.5f + 1.5f * (float)random.NextDouble() : 1f);
        return builder.Build();
    }

    public static PlantedPartitionGenerator Planted(int nodes, double mixing, int seed, int maxCommunitySize = 200)
    {
        var generator = new PlantedPartitionGenerator(new PlantedPartitionOptions
        {
            NodeCount = nodes, Mixing = mixing, Seed = seed, MaxCommunitySize = maxCommunitySize,
        });
        generator.Run();
        return generator;
    }

    /// <summary>New id of each generator node when nodes are numbered community by community (communities in id order).</summary>
    public static int[] CommunityOrder(PlantedPartitionGenerator planted)
    {
        var membership = planted.Membership;
        var next = new int[planted.CommunityCount + 1];
        foreach (int c in membership) next[c + 1]++;
        for (int c = 0; c < planted.CommunityCount; c++) next[c + 1] += next[c];
        var newId = new int[membership.Length];
        for (int v = 0; v < membership.Length; v++) newId[v] = next[membership[v]]++;
        return newId;
    }

    /// <summary>The planted graph with its nodes numbered community by community (see <see cref="CommunityOrder"/>).</summary>
    public static CsrGraph RenumberedByCommunity(PlantedPartitionGenerator planted)
    {
        var newId = CommunityOrder(planted);
        var sources = new int[planted.Sources.Length];
        var targets = new int[planted.Targets.Length];
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = newId[planted.Sources[i]];
            targets[i] = newId[planted.Targets[i]];
        }
        return CsrGraphBuilder.FromEdges(newId.Length, sources, targets);
    }

    /// <summary>Zachary's karate club (34 members, 78 friendships); its best modularity is 0.4198 (4 groups).</summary>
    public static CsrGraph KarateClub()
    {
        int[] e =
        [
            0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0, 10, 0, 11, 0, 12, 0, 13, 0, 17, 0, 19, 0, 21,
            0, 31, 1, 2, 1, 3, 1, 7, 1, 13, 1, 17, 1, 19, 1, 21, 1, 30, 2, 3, 2, 7, 2, 8, 2, 9, 2, 13, 2, 27,
            2, 28, 2, 32, 3, 7, 3, 12, 3, 13, 4, 6, 4, 10, 5, 6, 5, 10, 5, 16, 6, 16, 8, 30, 8, 32, 8, 33,
            9, 33, 13, 33, 14, 32, 14, 33, 15, 32, 15, 33, 18, 32, 18, 33, 19, 33, 20, 32, 20, 33, 22, 32,
            22, 33, 23, 25, 23, 27, 23, 29, 23, 32, 23, 33, 24, 25, 24, 27, 24, 31, 25, 31, 26, 29, 26, 33,
            27, 33, 28, 31, 28, 33, 29, 32, 29, 33, 30, 32, 30, 33, 31, 32, 31, 33, 32, 33,
        ];
        var builder = new CsrGraphBuilder(34);
        for (int i = 0; i < e.Length; i += 2) builder.AddEdge(e[i], e[i + 1]);
        return builder.Build();
    }

    /// <summary>
    /// The best value of <paramref name="quality"/> over every partition of the nodes (restricted growth
    /// strings; Bell(9) = 21,147 partitions for 9 nodes), for checking optimizers on tiny graphs.
    /// </summary>
    public static double ExhaustiveBest(int nodeCount, Func<int[], double> quality)
    {
        var labels = new int[nodeCount];
        double best = double.NegativeInfinity;
        void Assign(int v, int used)
        {
            if (v == nodeCount)
            {
                best = Math.Max(best, quality(labels));
                return;
            }
            for (int c = 0; c <= used && c < nodeCount; c++)
            {
                labels[v] = c;
                Assign(v + 1, Math.Max(used, c + 1));
            }
        }
        Assign(0, 0);
        return best;
    }

    /// <summary>Connected-components labels by breadth-first search, numbered by smallest node id.</summary>
    public static int[] BfsComponents(CsrGraph graph)
    {
        var label = Enumerable.Repeat(-1, graph.NodeCount).ToArray();
        int next = 0;
        for (int s = 0; s < graph.NodeCount; s++)
        {
            if (label[s] >= 0) continue;
            label[s] = next;
            var queue = new Queue<int>([s]);
            while (queue.Count > 0)
                foreach (int u in graph.Neighbors(queue.Dequeue()))
                    if (label[u] < 0) { label[u] = next; queue.Enqueue(u); }
            next++;
        }
        return label;
    }

    /// <summary>Communities that are not connected by edges inside themselves (BFS restricted to the community).</summary>
    public static List<int> DisconnectedCommunities(CsrGraph graph, int[] membership)
    {
        var bad = new List<int>();
        foreach (var group in Enumerable.Range(0, graph.NodeCount).GroupBy(v => membership[v]))
        {
            var members = group.ToHashSet();
            var seen = new HashSet<int> { group.First() };
            var queue = new Queue<int>([group.First()]);
            while (queue.Count > 0)
                foreach (int u in graph.Neighbors(queue.Dequeue()))
                    if (members.Contains(u) && seen.Add(u)) queue.Enqueue(u);
            if (seen.Count != members.Count) bad.Add(group.Key);
        }
        return bad;
    }

    /// <summary>True when the two labelings put the same nodes together (ids may differ).</summary>
    public static bool SamePartition(int[] a, int[] b)
    {
        if (a.Length != b.Length) return false;
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int v = 0; v < a.Length; v++)
        {
            if (forward.TryGetValue(a[v], out int fb) ? fb != b[v] : !forward.TryAdd(a[v], b[v])) return false;
            if (backward.TryGetValue(b[v], out int ba) ? ba != a[v] : !backward.TryAdd(b[v], a[v])) return false;
        }
        return true;
    }

    /// <summary>Ids are 0..k-1 and first appear in increasing order (community of node 0 is 0, and so on).</summary>
    public static bool IsCanonical(int[] membership, int count)
    {
        int next = 0;
        foreach (int c in membership)
        {
            if (c < 0 || c > next) return false;
            if (c == next) next++;
        }
        return next == count;
    }
}
