using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

internal static class CommunityCleanup
{
    /// <summary>
    /// Replaces each community by its connected pieces (BFS inside the community) and numbers the result
    /// 0..k-1 in order of smallest node id; returns k. Splitting a disconnected community never lowers
    /// modularity or CPM (the pieces share no edges and the penalty of the pair disappears), so this is a
    /// safe way to make "every community is connected" hold unconditionally. Communities are searched in
    /// parallel, each on its own, so the result does not depend on the team's size.
    /// </summary>
    /// <param name="graph">The level-0 graph (any node order: a renumbering for locality is the fastest to search).</param>
    /// <param name="membership">Community ids 0..<paramref name="communityCount"/>-1; rewritten in place.</param>
    /// <param name="members">Scratch of at least n entries (the caller's spare arrays: fresh memory is slow to touch).</param>
    /// <param name="piece">Scratch of at least n entries, another one.</param>
    public static int SplitDisconnected(LevelGraph graph, int[] membership, int communityCount, int[] members, int[] piece, WorkerTeam team, CancellationToken cancellationToken) =>
        SplitDisconnected(graph, membership, communityCount, members, piece, team, out _, cancellationToken);

    /// <summary>
    /// <see cref="SplitDisconnected(LevelGraph, int[], int, int[], int[], WorkerTeam, CancellationToken)"/>, and while
    /// its searches read every arc, the weight of the arcs inside communities (the same before and after the split,
    /// which only cuts communities where no arc runs): <c>Once</c> counts each edge once and a self-loop once (CPM),
    /// <c>Both</c> each arc and a self-loop twice (modularity). Summed per chunk of communities and then in chunk
    /// order, so the totals are the same on any number of threads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int SplitDisconnected(LevelGraph graph, int[] membership, int communityCount, int[] members, int[] piece, WorkerTeam team, out (double Once, double Both) inside, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;

        // Members of each community in id order: start[c] .. start[c + 1] in `members`.
        var start = LargeArrays.Zeroed<int>(communityCount + 1);
        for (int v = 0; v < n; v++) start[membership[v] + 1]++;
        for (int c = 0; c < communityCount; c++) start[c + 1] += start[c];
        var next = LargeArrays.Uninitialized<int>(communityCount);
        Array.Copy(start, next, communityCount);
        for (int v = 0; v < n; v++) members[next[membership[v]]++] = v;

        // The piece of each node inside its community, 0, 1, … in order of the piece's smallest node.
        Array.Fill(piece, -1, 0, n);
        var pieces = next; // reused: pieces per community
        var queues = new int[team.Size][];
        const int communitiesPerChunk = 256;
        int chunks = (communityCount + communitiesPerChunk - 1) / communitiesPerChunk;
        var once = new double[chunks];
        var both = new double[chunks];
        team.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, member) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            double insideOnce = 0, insideBoth = 0;
            for (int c = chunk * communitiesPerChunk, last = Math.Min(c + communitiesPerChunk, communityCount); c < last; c++)
            {
                int size = start[c + 1] - start[c];
                var queue = queues[member];
                if (queue is null || queue.Length < size) queues[member] = queue = new int[Math.Max(size, 1024)];
                int found = 0;
                for (int i = start[c]; i < start[c + 1]; i++)
                {
                    int s = members[i];
                    if (piece[s] >= 0) continue;
                    int id = found++;
                    piece[s] = id;
                    queue[0] = s;
                    int head = 0, tail = 1;
                    while (head < tail)
                    {
                        int v = queue[head++];
                        for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                        {
                            int u = targets[a];
                            if (membership[u] != c) continue;
                            double w = weights[a];
                            if (u == v)
                            {
                                insideOnce += w;
                                insideBoth += 2.0 * w;
                                continue;
                            }
                            insideBoth += w;
                            if (u > v) insideOnce += w;
                            if (piece[u] < 0)
                            {
                                piece[u] = id;
                                queue[tail++] = u;
                            }
                        }
                    }
                }
                pieces[c] = found;
            }
            once[chunk] = insideOnce;
            both[chunk] = insideBoth;
        }, parallel: n >= Leiden.ParallelMinimumNodes);
        double totalOnce = 0, totalBoth = 0;
        for (int j = 0; j < chunks; j++)
        {
            totalOnce += once[j];
            totalBoth += both[j];
        }
        inside = (totalOnce, totalBoth);

        // Number (community, piece) pairs by first appearance in node order, that is by smallest node id.
        var firstPiece = start; // reused: the global number of each community's piece 0
        int total = 0;
        for (int c = 0; c < communityCount; c++)
        {
            firstPiece[c] = total;
            total += pieces[c];
        }
        var map = LargeArrays.Uninitialized<int>(total);
        Array.Fill(map, -1);
        int count = 0;
        for (int v = 0; v < n; v++)
        {
            int global = firstPiece[membership[v]] + piece[v];
            if (map[global] < 0) map[global] = count++;
            membership[v] = map[global];
        }
        return count;
    }
}
