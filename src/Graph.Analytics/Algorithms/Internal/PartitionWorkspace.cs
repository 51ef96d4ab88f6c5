using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// The phases of Louvain and Leiden (local moving, refinement, aggregation) over <see cref="LevelGraph"/>s,
/// with every scratch array allocated once for the level-0 node count and reused at each level. Arrays
/// indexed by cluster are reset only at the entries a node touched, so a node costs O(its degree).
/// </summary>
/// <remarks>
/// Cluster ids at a level are always below that level's node count, which is what lets one set of arrays
/// of the level-0 size serve every level. Gains are in units of the unified objective
/// (see <see cref="LevelGraph"/>): moving an isolated node v into cluster C changes it by
/// <c>w(v, C) − γ' n_v N_C</c>.
/// </remarks>
internal sealed class PartitionWorkspace
{
    private const int CancellationStride = 4096;

    /// <summary>Nodes visited in id order before jumping to another random block (see <see cref="FastLocalMove"/>).</summary>
    private const int BlockSize = 256;

    private readonly double _resolution;
    private readonly FastRandom _random;

    // Per cluster (indexed by cluster id).
    private readonly double[] _clusterWeight;
    private readonly int[] _clusterSize;
    private readonly int[] _emptyClusters;
    // Position of a cluster in the current node's neighbour list, or −1: one random access per arc
    // instead of a "seen" flag plus a weight in two more cluster-sized arrays.
    private readonly int[] _slot;
    private readonly int[] _renumber;

    // Per node.
    private readonly int[] _memberCursor;
    private readonly bool[] _unstable;
    private readonly int[] _blocks;
    private readonly int[] _order;
    private readonly int[] _refined;
    private readonly double[] _refinedWeight;
    private readonly double[] _externalWeight;
    private readonly bool[] _nonSingleton;

    // Per neighbour cluster of the node being moved (indexed by slot; small, stays in cache).
    private readonly int[] _neighborClusters;
    private readonly double[] _neighborWeight;
    private readonly double[] _candidateGain;

    private int _ticks;

    public PartitionWorkspace(int capacity, double scaledResolution, FastRandom random)
    {
        _resolution = scaledResolution;
        _random = random;
        _clusterWeight = new double[capacity];
        _clusterSize = new int[capacity];
        _emptyClusters = new int[capacity];
        _slot = new int[capacity];
        Array.Fill(_slot, -1);
        _renumber = new int[capacity];
        _memberCursor = new int[capacity];
        _unstable = new bool[capacity];
        _blocks = new int[capacity / BlockSize + 1];
        _order = new int[capacity];
        _refined = new int[capacity];
        _refinedWeight = new double[capacity];
        _externalWeight = new double[capacity];
        _nonSingleton = new bool[capacity];
        _neighborClusters = new int[capacity + 1];
        _neighborWeight = new double[capacity + 1];
        _candidateGain = new double[capacity + 1];
    }

    /// <summary>Total node weight of each cluster after the last local-moving phase, by (renumbered) cluster id.</summary>
    public ReadOnlySpan<double> ClusterWeights(int clusterCount) => _clusterWeight.AsSpan(0, clusterCount);

    /// <summary>The refined partition after <see cref="Refine"/>, renumbered 0..R-1.</summary>
    public int[] Refined => _refined;

    private void Tick(CancellationToken cancellationToken)
    {
        if (++_ticks >= CancellationStride)
        {
            _ticks = 0;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Leiden's fast local moving (Traag et al. 2019, Algorithm A.2): every node starts out unstable; an
    /// unstable node moves to the neighbouring (or an empty) cluster with the largest gain and becomes
    /// stable, and when it moves, its neighbours outside its new cluster become unstable again. Ends when
    /// every node is stable. Renumbers <paramref name="membership"/> to 0..K-1 and returns K.
    /// </summary>
    /// <remarks>
    /// The paper (and igraph) keep unstable nodes in a FIFO queue in random order. Here they are flags,
    /// visited in sweeps over a random order of blocks of consecutive ids: the same set of visits up to
    /// order, but each block reads its adjacency arrays sequentially. On a 1M-node graph this alone made
    /// the phase several times faster, because a random node order misses the cache (and the TLB) on
    /// every node.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int FastLocalMove(LevelGraph graph, int[] membership, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        float[] weights = graph.Weights;
        double[] nodeWeights = graph.NodeWeights;

        int emptyCount = InitializeClusters(n, membership, nodeWeights);
        bool[] unstable = _unstable;
        Array.Fill(unstable, true, 0, n);
        long unstableCount = n;
        int[] blocks = _blocks;

        while (unstableCount > 0)
        {
            int blockCount = ShuffleBlocks(n);
            for (int b = 0; b < blockCount; b++)
            {
                int first = blocks[b] * BlockSize, last = Math.Min(first + BlockSize, n);
                for (int v = first; v < last; v++)
                {
                    if (!unstable[v]) continue;
                    Tick(cancellationToken);
                    unstable[v] = false;
                    unstableCount--;

                    int current = membership[v];
                    double nv = nodeWeights[v];
                    RemoveFromCluster(current, nv, ref emptyCount);

                    int neighborCount = GatherNeighborClusters(v, current, offsets, targets, weights, membership);
                    int best = ChooseBestCluster(nv, current, neighborCount, emptyCount);

                    _clusterWeight[best] += nv;
                    if (_clusterSize[best]++ == 0)
                    {
                        // An empty cluster is only chosen from the top of the stack (the node's own emptied
                        // cluster is pushed there too), so popping keeps the stack exact.
                        Debug.Assert(_emptyClusters[emptyCount - 1] == best);
                        emptyCount--;
                    }

                    if (best == current) continue;
                    membership[v] = best;
                    for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                    {
                        int u = targets[a];
                        if (!unstable[u] && membership[u] != best)
                        {
                            unstable[u] = true;
                            unstableCount++;
                        }
                    }
                }
            }
        }

        return RenumberAndReweigh(n, membership, nodeWeights);
    }

    /// <summary>Writes into <c>_order</c> all nodes, block by block in a random block order, ids ascending inside a block.</summary>
    private void FillBlockOrder(int n)
    {
        int blockCount = ShuffleBlocks(n);
        int i = 0;
        for (int b = 0; b < blockCount; b++)
        {
            int first = _blocks[b] * BlockSize, last = Math.Min(first + BlockSize, n);
            for (int v = first; v < last; v++) _order[i++] = v;
        }
    }

    /// <summary>Shuffles the order of the blocks of <see cref="BlockSize"/> consecutive node ids; returns their number.</summary>
    private int ShuffleBlocks(int n)
    {
        int blockCount = (n + BlockSize - 1) / BlockSize;
        for (int b = 0; b < blockCount; b++) _blocks[b] = b;
        _random.Shuffle(_blocks.AsSpan(0, blockCount));
        return blockCount;
    }

    /// <summary>
    /// Louvain's local moving (Blondel et al. 2008): sweeps over all nodes in a random block order, moving each to
    /// the cluster with the largest gain, until a sweep moves nothing. Renumbers to 0..K-1 and returns K.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int SweepLocalMove(LevelGraph graph, int[] membership, int maxSweeps, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        float[] weights = graph.Weights;
        double[] nodeWeights = graph.NodeWeights;

        int emptyCount = InitializeClusters(n, membership, nodeWeights);
        var order = _order;

        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            FillBlockOrder(n);
            int moves = 0;
            for (int i = 0; i < n; i++)
            {
                Tick(cancellationToken);
                int v = order[i];
                int current = membership[v];
                double nv = nodeWeights[v];
                RemoveFromCluster(current, nv, ref emptyCount);
                int neighborCount = GatherNeighborClusters(v, current, offsets, targets, weights, membership);
                int best = ChooseBestCluster(nv, current, neighborCount, emptyCount);
                _clusterWeight[best] += nv;
                if (_clusterSize[best]++ == 0) emptyCount--;
                if (best != current)
                {
                    membership[v] = best;
                    moves++;
                }
            }
            if (moves == 0) break;
        }

        return RenumberAndReweigh(n, membership, nodeWeights);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int InitializeClusters(int n, int[] membership, double[] nodeWeights)
    {
        Array.Clear(_clusterWeight, 0, n);
        Array.Clear(_clusterSize, 0, n);
        for (int v = 0; v < n; v++)
        {
            int c = membership[v];
            _clusterWeight[c] += nodeWeights[v];
            _clusterSize[c]++;
        }
        int emptyCount = 0;
        for (int c = n - 1; c >= 0; c--)
            if (_clusterSize[c] == 0) _emptyClusters[emptyCount++] = c;
        return emptyCount;
    }

    private void RemoveFromCluster(int cluster, double nodeWeight, ref int emptyCount)
    {
        if (--_clusterSize[cluster] == 0)
        {
            // Exactly zero, not a rounding residue, so an empty cluster costs nothing to join.
            _clusterWeight[cluster] = 0;
            _emptyClusters[emptyCount++] = cluster;
        }
        else
        {
            _clusterWeight[cluster] -= nodeWeight;
        }
    }

    /// <summary>
    /// Lists the clusters adjacent to v in <c>_neighborClusters</c> (its own cluster first, at slot 0) with
    /// the weight of v's arcs into each at the same slot of <c>_neighborWeight</c>. The caller resets
    /// <c>_slot</c> for the listed clusters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GatherNeighborClusters(int v, int current, int[] offsets, int[] targets, float[] weights, int[] membership)
    {
        int[] slot = _slot;
        int[] clusters = _neighborClusters;
        double[] local = _neighborWeight;
        clusters[0] = current;
        local[0] = 0;
        slot[current] = 0;
        int count = 1;
        for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
        {
            int u = targets[a];
            if (u == v) continue;
            int c = membership[u];
            int s = slot[c];
            if (s < 0)
            {
                s = count++;
                slot[c] = s;
                clusters[s] = c;
                local[s] = weights[a];
            }
            else
            {
                local[s] += weights[a];
            }
        }
        return count;
    }

    /// <summary>Picks the best cluster for a node already removed from <paramref name="current"/>, and resets the neighbour scratch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ChooseBestCluster(double nodeWeight, int current, int neighborCount, int emptyCount)
    {
        double scaled = _resolution * nodeWeight;
        double stayGain = _neighborWeight[0] - scaled * _clusterWeight[current];
        int best = current;
        double bestGain = stayGain;
        for (int i = 0; i < neighborCount; i++)
        {
            int c = _neighborClusters[i];
            double gain = _neighborWeight[i] - scaled * _clusterWeight[c];
            if (gain > bestGain)
            {
                best = c;
                bestGain = gain;
            }
            _slot[c] = -1;
        }

        // Being alone gains exactly 0; an empty cluster is always available because the node itself
        // has left one (or left a cluster that still has others, while some cluster is empty).
        if (bestGain < 0 && emptyCount > 0 && _clusterSize[current] > 0)
        {
            best = _emptyClusters[emptyCount - 1];
            bestGain = 0;
        }

        // Rounding noise must not make a node hop between equally good clusters forever.
        if (best != current && bestGain - stayGain <= 1e-12 * (1.0 + Math.Abs(stayGain))) best = current;
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RenumberAndReweigh(int n, int[] membership, double[] nodeWeights)
    {
        int k = Renumber(n, membership);
        Array.Clear(_clusterWeight, 0, k);
        for (int v = 0; v < n; v++) _clusterWeight[membership[v]] += nodeWeights[v];
        return k;
    }

    /// <summary>Renumbers cluster ids (all below n) to 0..K-1 by first appearance; returns K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Renumber(int n, int[] membership)
    {
        var map = _renumber;
        Array.Fill(map, -1, 0, n);
        int k = 0;
        for (int v = 0; v < n; v++)
        {
            int c = membership[v];
            if (map[c] < 0) map[c] = k++;
            membership[v] = map[c];
        }
        return k;
    }

    /// <summary>
    /// Leiden's refinement (Traag et al. 2019, Algorithm A.3, after igraph's <c>mergenodes</c>): inside each
    /// cluster S of <paramref name="membership"/>, start from singletons; visit nodes in random (block) order; a node
    /// that is still a singleton and is well connected to S (<c>w(v, S−v) ≥ γ' n_v (N_S − n_v)</c>) joins
    /// a refined cluster C inside S that is itself well connected (<c>w(C, S−C) ≥ γ' N_C (N_S − N_C)</c>)
    /// and does not lower the quality, chosen with probability ∝ exp(gain / θ). Refined clusters are
    /// therefore connected. All clusters are refined in one pass over a global random block order, which is the
    /// same as refining them one after the other. Leaves the result, renumbered 0..R-1, in
    /// <see cref="Refined"/> and returns R.
    /// </summary>
    /// <param name="clusterWeights">N_S for each cluster S, from the local-moving phase.</param>
    /// <param name="randomness">θ; 0 picks the best gain (ties to the earliest neighbour).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Refine(LevelGraph graph, int[] membership, ReadOnlySpan<double> clusterWeights, double randomness, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        float[] weights = graph.Weights;
        double[] nodeWeights = graph.NodeWeights;
        int[] refined = _refined;
        double[] refinedWeight = _refinedWeight;
        double[] external = _externalWeight;
        Debug.Assert(clusterWeights.Length <= n);

        for (int v = 0; v < n; v++)
        {
            refined[v] = v;
            refinedWeight[v] = nodeWeights[v];
            _nonSingleton[v] = false;
            int s = membership[v];
            double ext = 0;
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
            {
                int u = targets[a];
                if (u != v && membership[u] == s) ext += weights[a];
            }
            external[v] = ext;
        }

        var order = _order;
        FillBlockOrder(n);

        for (int i = 0; i < n; i++)
        {
            Tick(cancellationToken);
            int v = order[i];
            if (refined[v] != v || _nonSingleton[v]) continue;

            int s = membership[v];
            double total = clusterWeights[s];
            double nv = nodeWeights[v];
            if (external[v] < _resolution * nv * (total - nv)) continue;

            refinedWeight[v] = 0;
            _neighborClusters[0] = v;
            _neighborWeight[0] = 0;
            _slot[v] = 0;
            int count = 1;
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
            {
                int u = targets[a];
                if (u == v || membership[u] != s) continue;
                int c = refined[u];
                int slot = _slot[c];
                if (slot < 0)
                {
                    slot = count++;
                    _slot[c] = slot;
                    _neighborClusters[slot] = c;
                    _neighborWeight[slot] = weights[a];
                }
                else
                {
                    _neighborWeight[slot] += weights[a];
                }
            }

            // Staying alone (index 0) has gain 0 and is always eligible.
            double scaled = _resolution * nv;
            double maxGain = 0;
            int bestIndex = 0;
            for (int j = 0; j < count; j++)
            {
                int c = _neighborClusters[j];
                double nc = refinedWeight[c];
                double gain = double.NegativeInfinity;
                if (external[c] >= _resolution * nc * (total - nc))
                {
                    gain = _neighborWeight[j] - scaled * nc;
                    if (gain > maxGain)
                    {
                        maxGain = gain;
                        bestIndex = j;
                    }
                }
                _candidateGain[j] = gain;
                _slot[c] = -1;
            }

            int chosenIndex = bestIndex;
            if (randomness > 0 && count > 1)
            {
                // Shift by the best gain so exp() cannot overflow; the best candidate gets weight 1.
                double cumulative = 0;
                for (int j = 0; j < count; j++)
                {
                    double gain = _candidateGain[j];
                    if (gain >= 0) cumulative += Math.Exp((gain - maxGain) / randomness);
                    _candidateGain[j] = cumulative;
                }
                double r = _random.NextDouble() * cumulative;
                chosenIndex = count - 1;
                for (int j = 0; j < count; j++)
                {
                    if (_candidateGain[j] > r)
                    {
                        chosenIndex = j;
                        break;
                    }
                }
            }

            int chosen = _neighborClusters[chosenIndex];
            refinedWeight[chosen] += nv;
            if (chosen == v) continue;

            refined[v] = chosen;
            _nonSingleton[chosen] = true;
            double delta = 0;
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
            {
                int u = targets[a];
                if (u == v || membership[u] != s) continue;
                delta += refined[u] == chosen ? -weights[a] : weights[a];
            }
            external[chosen] += delta;
        }

        return Renumber(n, refined);
    }

    /// <summary>
    /// Collapses each cluster of <paramref name="partition"/> (ids 0..<paramref name="partitionCount"/>-1)
    /// into one node whose weight is the sum of its members' and whose arcs carry the summed weight to each
    /// other cluster (arcs inside a cluster vanish: they no longer affect any gain). Also returns, for each
    /// new node, the cluster of <paramref name="membership"/> its members belong to.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (LevelGraph Graph, int[] Membership) Aggregate(LevelGraph graph, int[] partition, int partitionCount, int[] membership, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        float[] weights = graph.Weights;
        double[] nodeWeights = graph.NodeWeights;

        // Members of each cluster, by counting sort: memberStart[c] .. memberStart[c+1] in _order.
        var memberStart = new int[partitionCount + 1];
        for (int v = 0; v < n; v++) memberStart[partition[v] + 1]++;
        for (int c = 0; c < partitionCount; c++) memberStart[c + 1] += memberStart[c];
        var next = _memberCursor;
        Array.Copy(memberStart, next, partitionCount);
        var members = _order;
        for (int v = 0; v < n; v++) members[next[partition[v]]++] = v;

        var newNodeWeights = new double[partitionCount];
        var newMembership = new int[partitionCount];
        var newOffsets = new int[partitionCount + 1];

        // An upper bound on the new arcs (arcs between different clusters) in one pass in node order, which
        // reads the adjacency arrays sequentially; the exact count would need a second pass in cluster order,
        // which jumps around memory for every member.
        long bound = 0;
        for (int v = 0; v < n; v++)
        {
            int c = partition[v];
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                if (partition[targets[a]] != c) bound++;
        }

        var newTargets = new int[bound];
        var newWeights = new float[bound];
        int write = 0;
        for (int c = 0; c < partitionCount; c++)
        {
            Tick(cancellationToken);
            int count = 0;
            double weightSum = 0;
            for (int i = memberStart[c]; i < memberStart[c + 1]; i++)
            {
                int v = members[i];
                weightSum += nodeWeights[v];
                for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                {
                    int d = partition[targets[a]];
                    if (d == c) continue;
                    int slot = _slot[d];
                    if (slot < 0)
                    {
                        slot = count++;
                        _slot[d] = slot;
                        _neighborClusters[slot] = d;
                        _neighborWeight[slot] = weights[a];
                    }
                    else
                    {
                        _neighborWeight[slot] += weights[a];
                    }
                }
            }
            for (int j = 0; j < count; j++)
            {
                int d = _neighborClusters[j];
                newTargets[write] = d;
                newWeights[write] = (float)_neighborWeight[j];
                write++;
                _slot[d] = -1;
            }
            newOffsets[c + 1] = write;
            newNodeWeights[c] = weightSum;
            newMembership[c] = membership[members[memberStart[c]]];
        }
        // The arc arrays may be longer than the arcs in them (Offsets[n] says how many there are): trimming
        // would copy them once more for nothing, and the level is dropped soon anyway.

        return (new LevelGraph(newOffsets, newTargets, newWeights, newNodeWeights), newMembership);
    }
}
