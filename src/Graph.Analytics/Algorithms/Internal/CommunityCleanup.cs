namespace Graph.Analytics.Algorithms.Internal;

internal static class CommunityCleanup
{
    /// <summary>
    /// Replaces each community by its connected pieces (BFS inside the community) and numbers the result
    /// 0..k-1 in order of smallest node id; returns k. Splitting a disconnected community never lowers
    /// modularity or CPM (the pieces share no edges and the penalty of the pair disappears), so this is a
    /// safe way to make "every community is connected" hold unconditionally.
    /// </summary>
    /// <param name="queue">Scratch of at least n ints.</param>
    /// <param name="label">Scratch of at least n ints.</param>
    public static int SplitDisconnected(CsrGraph graph, int[] membership, int[] queue, int[] label)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        Array.Fill(label, -1, 0, n);
        int count = 0;
        for (int s = 0; s < n; s++)
        {
            if (label[s] >= 0) continue;
            int community = membership[s];
            int id = count++;
            label[s] = id;
            queue[0] = s;
            int head = 0, tail = 1;
            while (head < tail)
            {
                int v = queue[head++];
                for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                {
                    int u = targets[a];
                    if (label[u] < 0 && membership[u] == community)
                    {
                        label[u] = id;
                        queue[tail++] = u;
                    }
                }
            }
        }
        Array.Copy(label, membership, n);
        return count;
    }
}
