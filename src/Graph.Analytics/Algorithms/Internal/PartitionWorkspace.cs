using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Graph.Analytics.Algorithms.Internal;

/// <summary>
/// The phases of Louvain and Leiden (local moving, refinement, aggregation) over <see cref="LevelGraph"/>s, run
/// by a <see cref="WorkerTeam"/>, with every scratch array allocated once for the level-0 node count and reused
/// at each level. Arrays indexed by cluster are reset only at the entries a node touched, so a node costs
/// O(its degree).
/// </summary>
/// <remarks>
/// <para>Cluster ids at a level are always below that level's node count, which is what lets one set of arrays of
/// the level-0 size serve every level. Gains are in units of the unified objective (see <see cref="LevelGraph"/>):
/// moving an isolated node v into cluster C changes it by <c>w(v, C) − γ' n_v N_C</c>.</para>
/// <para><b>Same result on any number of threads.</b> Large graphs are worked on in rounds: every parallel step is
/// split into pieces whose results do not depend on which thread ran them or when: local moving decides a round
/// of nodes against one state and then applies the decisions in a fixed order on one thread
/// (<see cref="FastLocalMove"/>); refinement works on each cluster alone, with a random stream of its own
/// (<see cref="Refine"/>); aggregation builds each new node alone (<see cref="Aggregate"/>). Small graphs are
/// worked on node by node on one thread, the classic sequential way. Which way is chosen by the caller from the
/// graph alone, so a seed gives the same partition on one thread or on many.</para>
/// <para><b>Compiled optimized at once.</b> The phases' loops (and the team bodies that run them) are marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/>: each runs only a few times per detection, so tiered
/// compilation would run them first in unoptimized code (the first iteration took 40–100 ms longer in a fresh process;
/// docs/benchmarks.md).</para>
/// </remarks>
internal sealed class PartitionWorkspace
{
    private const int CancellationStride = 4096;

    /// <summary>Nodes visited in id order before jumping to another random block; also the unit of parallel work.</summary>
    private const int BlockSize = 256;

    /// <summary>
    /// Blocks whose nodes local moving decides together, against the same state (see <see cref="FastLocalMove"/>).
    /// A constant, not a function of the thread count, so that the result is the same on any number of threads.
    /// </summary>
    private const int RoundBlocks = 32;

    /// <summary>Below this many unstable nodes a round is decided on the calling thread: waking the team costs more.</summary>
    private const int ParallelRoundNodes = 512;

    /// <summary>Nodes (or clusters) per chunk of the per-node phases.</summary>
    private const int NodeChunk = 4096;

    /// <summary>New nodes per chunk of <see cref="Aggregate"/>'s passes.</summary>
    private const int AggregateChunk = 256;

    private const int Alone = -1;

    /// <summary>
    /// Nodes with at most this many arcs list their neighbour clusters by a scan of the short list found so far,
    /// not through <c>Scratch.Slot</c>: a scan of a few entries in cache costs less than a random read of an array
    /// as long as the graph (most nodes of a sparse graph have few arcs).
    /// </summary>
    private const int ShortList = 32;

    private readonly double _resolution;
    private readonly FastRandom _random;
    private readonly WorkerTeam _team;
    private readonly bool _inRounds;
    private readonly Scratch[] _scratch;

    // Per cluster (indexed by cluster id).
    private readonly double[] _clusterWeight;
    private readonly int[] _clusterSize;
    private readonly int[] _emptyClusters;
    /// <summary>The round in which a cluster last gained or lost a node (see <see cref="CommitRound"/>).</summary>
    private readonly int[] _touched;
    private readonly int[] _renumber;
    private int _round;
    /// <summary>
    /// True while local moving in rounds works on a level whose node weights are all 1 (level 0 under CPM without node
    /// weights): a cluster's weight is then its size, exactly, so <c>_clusterSize</c> serves for both and
    /// <c>_clusterWeight</c> is neither read nor kept up to date until the phase ends (see <see cref="ClusterWeight"/>).
    /// </summary>
    private bool _unitWeights;
    /// <summary>
    /// While local moving in rounds works on a level whose node weights are all 1 and whose arc weights are all the same
    /// whole number (level 0 of an unweighted graph under CPM), that weight; else 0. A node's weight to a cluster is then
    /// its number of arcs into it times that weight, exactly, and a cluster's weight is its size, so the decisions count
    /// arcs and sizes in ints (<see cref="DecideNodeCounting"/>) and come to the same numbers.
    /// </summary>
    private double _countedArcWeight;

    // Per node.
    private readonly byte[] _unstable;
    private readonly int[] _blocks;
    private readonly int[] _order;
    private readonly int[] _refined;
    private readonly double[] _refinedWeight;
    private readonly double[] _externalWeight;
    private readonly bool[] _nonSingleton;
    /// <summary>
    /// In rounds: per node, the arcs it made internal by joining a refined cluster (twice its arcs into that cluster),
    /// 0 for a node left alone; their sum is the arcs inside refined clusters, which aggregation drops (see
    /// <see cref="Aggregate"/>'s room). Null node by node, where graphs are small.
    /// </summary>
    private readonly int[]? _joinedArcs;
    private readonly int[] _memberStart;
    private readonly int[] _memberCursor;
    private readonly int[] _members;

    // The current round of local moving: candidates by round slot (block i of the round owns slots
    // i*BlockSize .. i*BlockSize + _blockCandidates[i]).
    private readonly int[] _candidateNode = new int[RoundBlocks * BlockSize];
    /// <summary>The cluster the candidate was in when decided: still its cluster when the round is applied (a node is decided once a round).</summary>
    private readonly int[] _candidateFrom = new int[RoundBlocks * BlockSize];
    private readonly int[] _candidateTarget = new int[RoundBlocks * BlockSize];
    private readonly double[] _candidateWeightTo = new double[RoundBlocks * BlockSize];
    private readonly double[] _candidateWeightFrom = new double[RoundBlocks * BlockSize];
    private readonly int[] _blockCandidates = new int[RoundBlocks];
    /// <summary>Unstable nodes in each block of the current round (late sweeps leave most blocks with none).</summary>
    private readonly int[] _blockWaiting = new int[RoundBlocks];
    private readonly int[] _moved = new int[RoundBlocks * BlockSize];
    private int _movedCount, _roundFirstBlock;
    /// <summary>Where <see cref="CommitRound"/>'s read-ahead leaves its sum, so that the reads are not optimized away.</summary>
    private double _readAheadSink;
    private LevelGraph? _level;
    private int[]? _levelMembership;
    private CancellationToken _cancellation;
    private readonly Action<int, int> _decideChunk, _markChunk;

    // Aggregation: each new level's arcs go into one of two buffers, beside the arcs of the level being aggregated
    // (before or after them) when they fit there, else into the other buffer. Levels only ever live one after the
    // other, so two buffers serve every level of every iteration.
    private readonly int[][] _levelTargets = [[], []];
    private readonly double[][] _levelWeights = [[], []];
    /// <summary>The arc weights of the two buffers when <see cref="_singleSums"/> holds (see <see cref="ChooseArcSums"/>).</summary>
    private readonly float[][] _levelSingleWeights = [[], []];
    private bool _singleSums;
    /// <summary>Level 0's arc weights when <see cref="_singleSums"/> holds: all the same whole number.</summary>
    private float[]? _levelZeroWeights;
    // The new level's node arrays (offsets, weights, the membership Aggregate returns) go into the other pair of node
    // arrays than the level being aggregated.
    private readonly int[][] _levelOffsets = [[], []];
    private readonly double[][] _levelNodeWeights = [[], []];
    private readonly int[][] _levelClusters = [[], []];

    /// <summary>One team member's scratch for the neighbour clusters of the node it is looking at.</summary>
    private sealed class Scratch
    {
        /// <summary>Position of a cluster in the neighbour list, or −1: one random access per arc.</summary>
        public readonly int[] Slot;
        public int[] Clusters = new int[16];
        public double[] Weights = new double[16];
        public double[] Gains = new double[16];
        /// <summary>Per listed refined cluster, the number of arcs to it (refinement in rounds only).</summary>
        public int[] Arcs = new int[16];
        public int Ticks;

        public Scratch(int capacity)
        {
            Slot = LargeArrays.Uninitialized<int>(capacity);
            Array.Fill(Slot, -1);
        }

        /// <summary>Read ahead by <see cref="DecideBlocks"/>: per arc of its nodes, the far end's cluster and that cluster's weight.</summary>
        public int[] ArcCluster = new int[BlockSize * 16];
        public double[] ArcClusterWeight = new double[BlockSize * 16];
        /// <summary>Read ahead instead of <see cref="ArcClusterWeight"/> when the decisions count arcs: the far end's cluster's size.</summary>
        public int[] ArcClusterSize = new int[BlockSize * 16];
        /// <summary><see cref="DecideBlocks"/>' unstable nodes, and where each one's arcs start in <see cref="ArcCluster"/>.</summary>
        public int[] Nodes = new int[BlockSize];
        public int[] ArcStart = new int[BlockSize];
        /// <summary>Read ahead by <see cref="DecideBlocks"/>: per node, its own cluster's size and weight.</summary>
        public int[] OwnSize = new int[BlockSize];
        public double[] OwnWeight = new double[BlockSize];
        /// <summary>Per listed neighbour cluster, when the decisions count arcs: the arcs into it and its size.</summary>
        public int[] Counts = new int[16];
        public int[] Sizes = new int[16];

        public void EnsureNodes(int count)
        {
            if (Nodes.Length >= count) return;
            int size = Math.Max(count, Nodes.Length * 2);
            Nodes = new int[size];
            ArcStart = new int[size];
            OwnSize = new int[size];
            OwnWeight = new double[size];
        }

        public void EnsureArcs(int count)
        {
            if (ArcCluster.Length >= count) return;
            int size = Math.Max(count, ArcCluster.Length * 2);
            ArcCluster = new int[size];
            ArcClusterWeight = new double[size];
            ArcClusterSize = new int[size];
        }

        public void EnsureNeighbors(int count)
        {
            if (Clusters.Length >= count) return;
            int size = Math.Max(count, Clusters.Length * 2);
            Clusters = new int[size];
            Weights = new double[size];
            Gains = new double[size];
            Arcs = new int[size];
            Counts = new int[size];
            Sizes = new int[size];
        }
    }

    /// <param name="inRounds">
    /// True: local moving in rounds and refinement cluster by cluster, as the team runs them (large graphs). False:
    /// the classic sequential phases, node by node in one random block order (small graphs, where rounds cost more
    /// than they save). Either way the result does not depend on the team's size.
    /// </param>
    public PartitionWorkspace(int capacity, double scaledResolution, FastRandom random, WorkerTeam team, bool inRounds)
    {
        _resolution = scaledResolution;
        _inRounds = inRounds;
        _random = random;
        _team = team;
        _scratch = new Scratch[team.Size];
        for (int i = 0; i < _scratch.Length; i++) _scratch[i] = new Scratch(capacity);
        _clusterWeight = LargeArrays.Uninitialized<double>(capacity);
        _clusterSize = LargeArrays.Uninitialized<int>(capacity);
        _emptyClusters = LargeArrays.Uninitialized<int>(capacity);
        _touched = LargeArrays.Zeroed<int>(capacity);
        _renumber = LargeArrays.Uninitialized<int>(capacity);
        _unstable = LargeArrays.Uninitialized<byte>(capacity);
        _blocks = new int[capacity / BlockSize + 1];
        _order = LargeArrays.Uninitialized<int>(capacity);
        _refined = LargeArrays.Uninitialized<int>(capacity);
        _refinedWeight = LargeArrays.Uninitialized<double>(capacity);
        _externalWeight = LargeArrays.Uninitialized<double>(capacity);
        _nonSingleton = LargeArrays.Uninitialized<bool>(capacity);
        // In rounds nothing else uses _order (only the node-by-node phases fill it), and one fresh array less is faster.
        if (inRounds) _joinedArcs = _order;
        _memberStart = LargeArrays.Uninitialized<int>(capacity + 1);
        _memberCursor = LargeArrays.Uninitialized<int>(capacity);
        _members = LargeArrays.Uninitialized<int>(capacity);
        _decideChunk = DecideBlock;
        _markChunk = MarkNeighbors;
    }

    /// <summary>
    /// A node-sized array that nothing reads after the last <see cref="Aggregate"/>: scratch for the caller once the
    /// phases are done (the next phase may overwrite it).
    /// </summary>
    public int[] SpareNodes => _order;

    /// <summary>
    /// The node-sized arrays no phase touches before the first <see cref="Refine"/> (or, for the first, before the end
    /// of the first local moving), in the order they are first needed: what a <see cref="PageToucher"/> can touch while
    /// the first local moving runs.
    /// </summary>
    public Array[] ArraysNeededAfterLocalMoving() =>
        [_renumber, _members, _memberStart, _memberCursor, _refined, _refinedWeight, _externalWeight, _nonSingleton, _order];

    /// <summary>
    /// Allocates, before it is needed, the buffer the first <see cref="Aggregate"/> of a level-0 graph writes into, with
    /// room for <paramref name="arcs"/> arcs (the level's arcs: the room never needs more; less, and a larger need
    /// allocates anew then), and returns its two arrays, for a <see cref="PageToucher"/>.
    /// </summary>
    public Array[] ReserveFirstAggregation(int arcs)
    {
        _levelTargets[0] = LargeArrays.Uninitialized<int>(arcs);
        if (_singleSums)
        {
            _levelSingleWeights[0] = LargeArrays.Uninitialized<float>(arcs);
            return [_levelTargets[0], _levelSingleWeights[0]];
        }
        _levelWeights[0] = LargeArrays.Uninitialized<double>(arcs);
        return [_levelTargets[0], _levelWeights[0]];
    }

    /// <summary>
    /// Chooses how the aggregated levels keep their arc weights, each a sum of level-0 weights: in rounds, when every
    /// level-0 arc weighs the same whole number and all of them together less than 2^24 (an unweighted graph of up to
    /// 16 million arcs), every such sum is a whole number below 2^24, which a float holds exactly; the sums are then
    /// kept in floats, with the same values as in doubles, in half the memory (memory touched for the first time is
    /// slow on the machines of docs/benchmarks.md, and the aggregated levels read their weights at every arc). Otherwise
    /// in doubles. Call before <see cref="ReserveFirstAggregation"/>.
    /// </summary>
    public void ChooseArcSums(float[] weights, int arcCount)
    {
        if (!_inRounds || arcCount == 0) return;
        float w = weights[0];
        _singleSums = w == MathF.Round(w) && (double)w * arcCount < (1 << 24)
            && WeightScans.AllEqual(weights.AsSpan(0, arcCount), w);
        if (_singleSums) _levelZeroWeights = weights;
    }

    /// <summary>The refined partition after <see cref="Refine"/>, renumbered 0..R-1.</summary>
    public int[] Refined => _refined;

    /// <summary>
    /// Every sum of level-0 arc weights is a whole number that a double holds exactly, so it is the same summed in any
    /// order (the condition of <see cref="ChooseArcSums"/>'s floats).
    /// </summary>
    public bool WholeArcSums => _singleSums;

    /// <summary>
    /// Whether every cluster of <paramref name="membership"/> (ids 0..<paramref name="clusterCount"/>-1) is connected
    /// in <paramref name="graph"/>: the final split (<see cref="CommunityCleanup.SplitDisconnected(LevelGraph, int[], int, int[], int[], WorkerTeam, CancellationToken)"/>)
    /// run on a copy finds no more pieces than clusters. Uses the member lists, the block order and the refined-partition
    /// array as scratch.
    /// </summary>
    public bool ClustersConnected(LevelGraph graph, int[] membership, int clusterCount, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        Array.Copy(membership, _order, n);
        return CommunityCleanup.SplitDisconnected(graph, _order, clusterCount, _members, _refined, _team, cancellationToken) == clusterCount;
    }

    /// <summary>
    /// After <see cref="Refine"/> in rounds: per node, the arcs it made internal to its refined cluster (their sum is all
    /// the arcs inside refined clusters), for <see cref="Aggregate"/>'s room; null node by node.
    /// </summary>
    public int[]? JoinedArcs => _joinedArcs;

    private static void Tick(Scratch scratch, CancellationToken cancellationToken)
    {
        if (++scratch.Ticks >= CancellationStride)
        {
            scratch.Ticks = 0;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void EnsureNeighbors(int count)
    {
        foreach (var s in _scratch) s.EnsureNeighbors(count);
    }

    /// <summary>
    /// Leiden's fast local moving (Traag et al. 2019, Algorithm A.2): every node starts out unstable; an
    /// unstable node moves to the neighbouring (or an empty) cluster with the largest gain and becomes
    /// stable, and when it moves, its neighbours outside its new cluster become unstable again. Ends when
    /// every node is stable. Renumbers <paramref name="membership"/> to 0..K-1 and returns K.
    /// </summary>
    /// <remarks>
    /// <para>The paper (and igraph) keep unstable nodes in a FIFO queue in random order. Here they are flags,
    /// visited in sweeps over a random order of blocks of consecutive ids: the same set of visits up to order,
    /// but each block reads its adjacency arrays sequentially (a random node order misses the cache on every
    /// node of a large graph).</para>
    /// <para>In parallel, in the manner of GVE-Leiden (Sahu 2024) but deterministic: a sweep goes in rounds of
    /// <see cref="RoundBlocks"/> blocks. The team decides every unstable node of a round against the same state
    /// (nothing changes while they decide); then the calling thread applies the decisions in block order. A
    /// decision is applied only while it still improves the quality: it is re-checked against the current
    /// cluster weights, and taken again from scratch when its node's cluster or the target cluster gained or lost
    /// a node earlier in the round (then the neighbour weights it used may be out of date). So every move the
    /// sequential algorithm would accept is one the quality gains by, the phase ends, and the result depends on
    /// the seed only, not on the number of threads. The team then marks the neighbours of the moved nodes.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int FastLocalMove(LevelGraph graph, int[] membership, CancellationToken cancellationToken)
    {
        if (!_inRounds) return FastLocalMoveNodeByNode(graph, membership, cancellationToken);
        int n = graph.NodeCount;
        // The moves read a cluster's weight at random places for every arc: with unit node weights, the sizes (4 bytes
        // a cluster, kept anyway) give the same numbers as the weights (8 bytes), and half the memory is read at random.
        _unitWeights = graph.UnitNodeWeights;
        _countedArcWeight = _unitWeights && _levelZeroWeights is not null && ReferenceEquals(graph.Weights.Given, _levelZeroWeights)
            ? _levelZeroWeights[0] : 0;
        int emptyCount = InitializeClusters(n, membership, graph.NodeWeights);
        EnsureNeighbors(graph.MaxDegree + 1);
        var unstable = _unstable.AsSpan(0, n);
        unstable.Fill(1);
        _level = graph;
        _levelMembership = membership;
        _cancellation = cancellationToken;

        try
        {
            while (unstable.IndexOf((byte)1) >= 0)
            {
                int blockCount = ShuffleBlocks(n);
                for (int first = 0; first < blockCount; first += RoundBlocks)
                {
                    int roundBlocks = Math.Min(RoundBlocks, blockCount - first);
                    int waiting = 0;
                    for (int b = first; b < first + roundBlocks; b++)
                    {
                        int start = _blocks[b] * BlockSize;
                        int blockWaiting = unstable.Slice(start, Math.Min(BlockSize, n - start)).Count((byte)1);
                        _blockWaiting[b - first] = blockWaiting;
                        waiting += blockWaiting;
                    }
                    if (waiting == 0) continue;

                    _roundFirstBlock = first;
                    if (waiting >= ParallelRoundNodes) _team.For(roundBlocks, _decideChunk);
                    else DecideBlocks(_scratch[0], 0, roundBlocks, waiting);
                    emptyCount = CommitRound(roundBlocks, emptyCount);
                    if (_movedCount > 0)
                        _team.For((_movedCount + BlockSize - 1) / BlockSize, _markChunk, parallel: _movedCount >= ParallelRoundNodes);
                }
            }
        }
        finally
        {
            _level = null;
            _levelMembership = null;
            _unitWeights = false;
            _countedArcWeight = 0;
        }

        return RenumberAndReweigh(n, membership, graph.NodeWeights);
    }

    /// <summary>The sequential <see cref="FastLocalMove"/>: each node is decided and moved before the next one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FastLocalMoveNodeByNode(LevelGraph graph, int[] membership, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        double[] nodeWeights = graph.NodeWeights;
        EnsureNeighbors(graph.MaxDegree + 1);
        var scratch = _scratch[0];
        int emptyCount = InitializeClusters(n, membership, nodeWeights);
        var unstable = _unstable.AsSpan(0, n);
        unstable.Fill(1);
        long unstableCount = n;

        while (unstableCount > 0)
        {
            int blockCount = ShuffleBlocks(n);
            for (int b = 0; b < blockCount; b++)
            {
                int first = _blocks[b] * BlockSize, last = Math.Min(first + BlockSize, n);
                for (int v = first; v < last; v++)
                {
                    if (unstable[v] == 0) continue;
                    Tick(scratch, cancellationToken);
                    unstable[v] = 0;
                    unstableCount--;

                    int current = membership[v];
                    double nv = nodeWeights[v];
                    RemoveFromCluster(current, nv, ref emptyCount);
                    int neighborCount = GatherNeighborClusters(scratch, v, current, offsets, targets, weights, new LiveClusters(targets, membership));
                    int best = ChooseBestCluster(scratch, nv, current, neighborCount, emptyCount);
                    AddToCluster(best, nv, ref emptyCount);
                    if (best == current) continue;

                    membership[v] = best;
                    for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
                    {
                        int u = targets[a];
                        if (unstable[u] == 0 && membership[u] != best)
                        {
                            unstable[u] = 1;
                            unstableCount++;
                        }
                    }
                }
            }
        }

        return RenumberAndReweigh(n, membership, nodeWeights);
    }

    /// <summary>Decides the unstable nodes of block <paramref name="slot"/> of the round, against the round's state.</summary>
    private void DecideBlock(int slot, int member) => DecideBlocks(_scratch[member], slot, slot + 1, _blockWaiting[slot]);

    /// <summary>
    /// Decides the unstable nodes (<paramref name="waiting"/> of them) of blocks <paramref name="fromSlot"/> up to
    /// <paramref name="toSlot"/> of the round, against the round's state: one block when the team shares the round out;
    /// the whole round on the calling thread when it has too few unstable nodes to wake the team for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecideBlocks(Scratch scratch, int fromSlot, int toSlot, int waiting)
    {
        var graph = _level!;
        int[] membership = _levelMembership!;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        byte[] unstable = _unstable;
        int n = graph.NodeCount;
        if (waiting == 0)
        {
            for (int slot = fromSlot; slot < toSlot; slot++) _blockCandidates[slot] = 0;
            return;
        }

        // The unstable nodes in block order, and where each one's arcs go in the scratch.
        scratch.EnsureNodes(waiting);
        int[] nodes = scratch.Nodes, arcStart = scratch.ArcStart;
        int count = 0, arcs = 0;
        for (int slot = fromSlot; slot < toSlot; slot++)
        {
            if (_blockWaiting[slot] == 0) continue;
            int first = _blocks[_roundFirstBlock + slot] * BlockSize, last = Math.Min(first + BlockSize, n);
            for (int v = first; v < last; v++)
            {
                if (unstable[v] == 0) continue;
                nodes[count] = v;
                arcStart[count++] = arcs;
                arcs += offsets[v + 1] - offsets[v];
            }
        }
        Debug.Assert(count == waiting);

        // First read, for every arc of these nodes, the cluster at its far end and that cluster's weight, and for every
        // node its own cluster's size and weight, into the scratch. These reads go to random places in arrays of
        // millions of entries; in these plain loops each is independent of the others, so the processor has many of them
        // in flight at once, where the per-node decisions below would wait for each in turn (a late sweep leaves a block
        // a node or two: hence a whole round at once when deciding alone). Nothing changes while a round is decided, so
        // the values are the ones the decisions would read.
        scratch.EnsureArcs(arcs);
        int[] arcCluster = scratch.ArcCluster;
        double[] arcClusterWeight = scratch.ArcClusterWeight;
        int[] ownSize = scratch.OwnSize;
        double[] ownWeight = scratch.OwnWeight;
        for (int i = 0; i < count; i++)
        {
            int v = nodes[i], shift = arcStart[i] - offsets[v];
            for (int a = offsets[v], end = offsets[v + 1]; a < end; a++) arcCluster[a + shift] = membership[targets[a]];
        }
        for (int i = 0; i < count; i++)
        {
            int v = nodes[i], current = membership[v];
            int size = _clusterSize[current];
            ownSize[i] = size;
            int from = arcStart[i], end = from + offsets[v + 1] - offsets[v];
            if (_countedArcWeight > 0)
            {
                int[] arcClusterSize = scratch.ArcClusterSize;
                for (int a = from; a < end; a++) arcClusterSize[a] = _clusterSize[arcCluster[a]];
            }
            else if (_unitWeights)
            {
                ownWeight[i] = size;
                for (int a = from; a < end; a++) arcClusterWeight[a] = _clusterSize[arcCluster[a]];
            }
            else
            {
                ownWeight[i] = _clusterWeight[current];
                for (int a = from; a < end; a++) arcClusterWeight[a] = _clusterWeight[arcCluster[a]];
            }
        }

        for (int slot = fromSlot, i = 0; slot < toSlot; slot++)
        {
            int at = slot * BlockSize, candidates = 0;
            for (int end = i + _blockWaiting[slot]; i < end; i++)
            {
                int v = nodes[i];
                bool moves = _countedArcWeight > 0
                    ? DecideNodeCounting(scratch, v, offsets[v] - arcStart[i], ownSize[i], at + candidates)
                    : DecideNode(scratch, v, offsets[v] - arcStart[i], ownSize[i], ownWeight[i], at + candidates);
                if (moves) candidates++;
            }
            _blockCandidates[slot] = candidates;
        }
    }

    /// <summary>
    /// Decides unstable node <paramref name="v"/> against the round's state from what was read ahead for it (its arcs'
    /// clusters at <c>a − arcBase</c>, its own cluster's size and weight); writes a candidate move at <paramref name="at"/>
    /// and returns true when it would move.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool DecideNode(Scratch scratch, int v, int arcBase, int currentSize, double currentWeight, int at)
    {
        var graph = _level!;
        Tick(scratch, _cancellation);
        _unstable[v] = 0;

        int current = _levelMembership![v];
        double nv = graph.NodeWeights[v];
        int neighborCount = GatherNeighborClusters(scratch, v, current, graph.Offsets, graph.Targets, graph.Weights, new ReadAhead(scratch, arcBase));
        double[] local = scratch.Weights;
        int[] clusters = scratch.Clusters;
        double[] clusterWeights = scratch.Gains;
        double scaled = _resolution * nv;
        // As if v had left its cluster: exactly 0 when it was alone there.
        double stayGain = local[0] - scaled * (currentSize == 1 ? 0 : currentWeight - nv);
        int best = current;
        double bestGain = stayGain, bestWeight = local[0];
        for (int i = 1; i < neighborCount; i++)
        {
            double gain = local[i] - scaled * clusterWeights[i];
            if (gain > bestGain)
            {
                best = clusters[i];
                bestGain = gain;
                bestWeight = local[i];
            }
        }
        return Propose(v, current, currentSize, best, bestGain, stayGain, bestWeight, local[0], at);
    }

    /// <summary>
    /// The end of a decision: alone instead, when no cluster gains and <paramref name="v"/> has company in its own; then a
    /// candidate move at <paramref name="at"/>, with the weights the commit re-checks it with, when <paramref name="v"/>
    /// would move. Returns whether it would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Propose(int v, int current, int currentSize, int best, double bestGain, double stayGain, double weightTo, double weightFrom, int at)
    {
        if (bestGain < 0 && currentSize > 1)
        {
            best = Alone;
            bestGain = 0;
        }
        if (best == current || IsNoise(bestGain, stayGain)) return false;

        _candidateNode[at] = v;
        _candidateFrom[at] = current;
        _candidateTarget[at] = best;
        _candidateWeightTo[at] = weightTo;
        _candidateWeightFrom[at] = weightFrom;
        return true;
    }

    /// <summary>
    /// <see cref="DecideNode"/> where the decisions count arcs (see <c>_countedArcWeight</c>): the neighbour clusters are
    /// listed with their arc counts and sizes in ints, by a plain scan of the short list (<c>scratch.Slot</c> for a node
    /// with many arcs), with no call, no float weights to read and convert; the gains are the same doubles, since a count
    /// times the whole arc weight is exactly the sum of the weights (a profile had nearly half of the first local moving's
    /// deciding outside its memory reads; docs/benchmarks.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool DecideNodeCounting(Scratch scratch, int v, int arcBase, int currentSize, int at)
    {
        var graph = _level!;
        Tick(scratch, _cancellation);
        _unstable[v] = 0;

        int current = _levelMembership![v];
        int[] targets = graph.Targets, arcCluster = scratch.ArcCluster, arcClusterSize = scratch.ArcClusterSize;
        int[] clusters = scratch.Clusters, counts = scratch.Counts, sizes = scratch.Sizes;
        clusters[0] = current;
        counts[0] = 0;
        int count = 1;
        int first = graph.Offsets[v], end = graph.Offsets[v + 1];
        if (end - first <= ShortList)
        {
            for (int a = first; a < end; a++)
            {
                if (targets[a] == v) continue;
                int c = arcCluster[a - arcBase];
                int k = 0;
                while (k < count && clusters[k] != c) k++;
                if (k == count)
                {
                    clusters[k] = c;
                    counts[k] = 1;
                    sizes[k] = arcClusterSize[a - arcBase];
                    count++;
                }
                else
                {
                    counts[k]++;
                }
            }
        }
        else
        {
            int[] slot = scratch.Slot;
            slot[current] = 0;
            for (int a = first; a < end; a++)
            {
                if (targets[a] == v) continue;
                int c = arcCluster[a - arcBase];
                int k = slot[c];
                if (k < 0)
                {
                    k = count++;
                    slot[c] = k;
                    clusters[k] = c;
                    counts[k] = 1;
                    sizes[k] = arcClusterSize[a - arcBase];
                }
                else
                {
                    counts[k]++;
                }
            }
            for (int i = 0; i < count; i++) slot[clusters[i]] = -1;
        }

        // DecideNode's numbers with node weight 1 and the sizes as cluster weights.
        double w = _countedArcWeight, scaled = _resolution;
        double stay = counts[0] * w;
        double stayGain = stay - scaled * (currentSize == 1 ? 0 : currentSize - 1.0);
        int best = current, bestCount = counts[0];
        double bestGain = stayGain;
        for (int i = 1; i < count; i++)
        {
            double gain = counts[i] * w - scaled * sizes[i];
            if (gain > bestGain)
            {
                best = clusters[i];
                bestGain = gain;
                bestCount = counts[i];
            }
        }
        return Propose(v, current, currentSize, best, bestGain, stayGain, bestCount * w, stay, at);
    }

    /// <summary>Applies the round's decisions in block order (see <see cref="FastLocalMove"/>); lists the moved nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CommitRound(int roundBlocks, int emptyCount)
    {
        var graph = _level!;
        int[] membership = _levelMembership!;
        double[] nodeWeights = graph.NodeWeights;
        var scratch = _scratch[0];
        int round = ++_round;
        int moved = 0;

        // First read, for every decision, the round stamps and sizes (weights) of its two clusters, at random places in
        // arrays of a million entries: in this plain loop the reads are independent of each other and many are in flight
        // at once, where the loop below, one thread applying the decisions in order, would wait for each in turn.
        int sink = 0;
        double weightSink = 0;
        for (int slot = 0; slot < roundBlocks; slot++)
        {
            for (int i = slot * BlockSize, end = i + _blockCandidates[slot]; i < end; i++)
            {
                int current = _candidateFrom[i], target = _candidateTarget[i];
                sink += _touched[current] + _clusterSize[current];
                if (!_unitWeights) weightSink += _clusterWeight[current];
                if (target == Alone) continue;
                sink += _touched[target] + _clusterSize[target];
                if (!_unitWeights) weightSink += _clusterWeight[target];
            }
        }
        _readAheadSink = sink + weightSink;

        for (int slot = 0; slot < roundBlocks; slot++)
        {
            for (int i = slot * BlockSize, end = i + _blockCandidates[slot]; i < end; i++)
            {
                int v = _candidateNode[i];
                int target = _candidateTarget[i];
                int current = _candidateFrom[i];
                Debug.Assert(current == membership[v]);
                double nv = nodeWeights[v];
                int to;
                if (_touched[current] == round || (target != Alone && _touched[target] == round))
                {
                    // A neighbour may have joined or left one of the two clusters: decide again, on the current state.
                    RemoveFromCluster(current, nv, ref emptyCount);
                    int neighborCount = GatherNeighborClusters(scratch, v, current, graph.Offsets, graph.Targets, graph.Weights, new LiveClusters(graph.Targets, membership));
                    to = ChooseBestCluster(scratch, nv, current, neighborCount, emptyCount);
                }
                else
                {
                    // The neighbour weights are exact; only the cluster weights may have changed.
                    double scaled = _resolution * nv;
                    double stayGain = _candidateWeightFrom[i] - scaled * WeightWithout(current, nv);
                    double gain = target == Alone ? 0 : _candidateWeightTo[i] - scaled * ClusterWeight(target);
                    if (gain <= stayGain || IsNoise(gain, stayGain)) continue;
                    RemoveFromCluster(current, nv, ref emptyCount);
                    to = target == Alone ? _emptyClusters[emptyCount - 1] : target;
                }
                AddToCluster(to, nv, ref emptyCount);
                if (to == current) continue;
                membership[v] = to;
                _touched[current] = round;
                _touched[to] = round;
                _moved[moved++] = v;
            }
        }
        _movedCount = moved;
        return emptyCount;
    }

    /// <summary>Marks unstable the neighbours, outside their new clusters, of one chunk of the round's moved nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkNeighbors(int chunk, int member)
    {
        var graph = _level!;
        int[] membership = _levelMembership!;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        byte[] unstable = _unstable;
        for (int i = chunk * BlockSize, end = Math.Min(i + BlockSize, _movedCount); i < end; i++)
        {
            int v = _moved[i];
            int c = membership[v];
            for (int a = offsets[v], stop = offsets[v + 1]; a < stop; a++)
            {
                int u = targets[a];
                // Several members may set the same flag; they all write 1.
                if (unstable[u] == 0 && membership[u] != c) unstable[u] = 1;
            }
        }
    }

    /// <summary>Weight of <paramref name="cluster"/> without a node of weight <paramref name="nodeWeight"/> in it; exactly 0 when the node is its only member.</summary>
    private double WeightWithout(int cluster, double nodeWeight) =>
        _clusterSize[cluster] == 1 ? 0 : ClusterWeight(cluster) - nodeWeight;

    /// <summary>The weight of a cluster during local moving: its size when every node weighs 1 (see <c>_unitWeights</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double ClusterWeight(int cluster) => _unitWeights ? _clusterSize[cluster] : _clusterWeight[cluster];

    /// <summary>Rounding noise must not make a node hop between equally good clusters forever.</summary>
    private static bool IsNoise(double gain, double stayGain) => gain - stayGain <= 1e-12 * (1.0 + Math.Abs(stayGain));

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ShuffleBlocks(int n)
    {
        int blockCount = (n + BlockSize - 1) / BlockSize;
        for (int b = 0; b < blockCount; b++) _blocks[b] = b;
        _random.Shuffle(_blocks.AsSpan(0, blockCount));
        return blockCount;
    }

    /// <summary>
    /// Louvain's local moving (Blondel et al. 2008): sweeps over all nodes in a random block order, moving each to
    /// the cluster with the largest gain, until a sweep moves nothing. Renumbers to 0..K-1 and returns K. Runs on
    /// the calling thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int SweepLocalMove(LevelGraph graph, int[] membership, int maxSweeps, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        double[] nodeWeights = graph.NodeWeights;
        EnsureNeighbors(graph.MaxDegree + 1);
        var scratch = _scratch[0];

        int emptyCount = InitializeClusters(n, membership, nodeWeights);
        var order = _order;

        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            FillBlockOrder(n);
            int moves = 0;
            for (int i = 0; i < n; i++)
            {
                Tick(scratch, cancellationToken);
                int v = order[i];
                int current = membership[v];
                double nv = nodeWeights[v];
                RemoveFromCluster(current, nv, ref emptyCount);
                int neighborCount = GatherNeighborClusters(scratch, v, current, offsets, targets, weights, new LiveClusters(targets, membership));
                int best = ChooseBestCluster(scratch, nv, current, neighborCount, emptyCount);
                AddToCluster(best, nv, ref emptyCount);
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
        Array.Clear(_clusterSize, 0, n);
        if (_unitWeights)
        {
            for (int v = 0; v < n; v++) _clusterSize[membership[v]]++;
        }
        else
        {
            Array.Clear(_clusterWeight, 0, n);
            for (int v = 0; v < n; v++)
            {
                int c = membership[v];
                _clusterWeight[c] += nodeWeights[v];
                _clusterSize[c]++;
            }
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
            if (!_unitWeights) _clusterWeight[cluster] = 0;
            _emptyClusters[emptyCount++] = cluster;
        }
        else if (!_unitWeights)
        {
            _clusterWeight[cluster] -= nodeWeight;
        }
    }

    private void AddToCluster(int cluster, double nodeWeight, ref int emptyCount)
    {
        if (!_unitWeights) _clusterWeight[cluster] += nodeWeight;
        if (_clusterSize[cluster]++ == 0)
        {
            // An empty cluster is only chosen from the top of the stack (a node's own emptied cluster is pushed
            // there too), so popping keeps the stack exact.
            Debug.Assert(_emptyClusters[emptyCount - 1] == cluster);
            emptyCount--;
        }
    }

    /// <summary>
    /// Lists the clusters adjacent to v in the scratch (its own cluster first, at slot 0) with the weight of v's
    /// arcs into each at the same position, in the order first met. <paramref name="arcs"/> says where the cluster at
    /// an arc's far end is read: the live membership, or what <see cref="DecideBlocks"/> read ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GatherNeighborClusters<TArcs>(Scratch scratch, int v, int current, int[] offsets, int[] targets, ArcWeights weights, TArcs arcs)
        where TArcs : struct, IArcClusters
    {
        int[] clusters = scratch.Clusters;
        double[] local = scratch.Weights;
        clusters[0] = current;
        local[0] = 0;
        int count = 1;
        int first = offsets[v], end = offsets[v + 1];
        if (end - first <= ShortList)
        {
            for (int a = first; a < end; a++)
            {
                if (targets[a] == v) continue;
                int c = arcs.ClusterAt(a);
                int s = clusters.AsSpan(0, count).IndexOf(c);
                if (s < 0)
                {
                    s = count++;
                    clusters[s] = c;
                    local[s] = weights[a];
                    arcs.Listed(s, a);
                }
                else
                {
                    local[s] += weights[a];
                }
            }
            return count;
        }
        int[] slot = scratch.Slot;
        slot[current] = 0;
        for (int a = first; a < end; a++)
        {
            if (targets[a] == v) continue;
            int c = arcs.ClusterAt(a);
            int s = slot[c];
            if (s < 0)
            {
                s = count++;
                slot[c] = s;
                clusters[s] = c;
                local[s] = weights[a];
                arcs.Listed(s, a);
            }
            else
            {
                local[s] += weights[a];
            }
        }
        for (int i = 0; i < count; i++) slot[clusters[i]] = -1;
        return count;
    }

    /// <summary>Where <see cref="GatherNeighborClusters"/> reads the cluster at an arc's far end (a struct, so each use is compiled apart).</summary>
    private interface IArcClusters
    {
        int ClusterAt(int arc);
        /// <summary>A cluster was first listed, at slot <paramref name="slot"/>, through <paramref name="arc"/>.</summary>
        void Listed(int slot, int arc);
    }

    /// <summary>The membership as it is now (it changes as nodes move).</summary>
    private readonly struct LiveClusters(int[] targets, int[] membership) : IArcClusters
    {
        public int ClusterAt(int arc) => membership[targets[arc]];
        public void Listed(int slot, int arc) { }
    }

    /// <summary>
    /// The clusters and cluster weights <see cref="DecideBlocks"/> read ahead (arc <c>a</c> at <c>a − arcBase</c>); each
    /// listed cluster's weight goes to <c>scratch.Gains</c> at its slot.
    /// </summary>
    private readonly struct ReadAhead(Scratch scratch, int arcBase) : IArcClusters
    {
        private readonly int[] _cluster = scratch.ArcCluster;
        private readonly double[] _clusterWeight = scratch.ArcClusterWeight;
        private readonly double[] _listedWeight = scratch.Gains;
        public int ClusterAt(int arc) => _cluster[arc - arcBase];
        public void Listed(int slot, int arc) => _listedWeight[slot] = _clusterWeight[arc - arcBase];
    }

    /// <summary>Picks the best cluster for a node already removed from <paramref name="current"/>, and resets the neighbour scratch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ChooseBestCluster(Scratch scratch, double nodeWeight, int current, int neighborCount, int emptyCount)
    {
        double scaled = _resolution * nodeWeight;
        double[] local = scratch.Weights;
        int[] clusters = scratch.Clusters;
        double stayGain = local[0] - scaled * ClusterWeight(current);
        int best = current;
        double bestGain = stayGain;
        for (int i = 0; i < neighborCount; i++)
        {
            int c = clusters[i];
            double gain = local[i] - scaled * ClusterWeight(c);
            if (gain > bestGain)
            {
                best = c;
                bestGain = gain;
            }
        }

        // Being alone gains exactly 0; an empty cluster is always available because the node itself
        // has left one (or left a cluster that still has others, while some cluster is empty).
        if (bestGain < 0 && emptyCount > 0 && _clusterSize[current] > 0)
        {
            best = _emptyClusters[emptyCount - 1];
            bestGain = 0;
        }

        if (best != current && IsNoise(bestGain, stayGain)) best = current;
        return best;
    }

    /// <summary>
    /// Takes <paramref name="membership"/> as the clusters of <paramref name="graph"/> without moving any node, as
    /// if local moving had found every node stable: renumbers it to 0..K-1, weighs the clusters, returns K.
    /// </summary>
    public int AdoptClusters(LevelGraph graph, int[] membership) => RenumberAndReweigh(graph.NodeCount, membership, graph.NodeWeights);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RenumberAndReweigh(int n, int[] membership, double[] nodeWeights)
    {
        int k = Renumber(n, membership);
        Array.Clear(_clusterWeight, 0, k);
        for (int v = 0; v < n; v++) _clusterWeight[membership[v]] += nodeWeights[v];
        return k;
    }

    /// <summary>After <see cref="Renumber"/>: the new id of what was cluster <paramref name="cluster"/>.</summary>
    public int RenumberedAs(int cluster) => _renumber[cluster];

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
    /// Lists the nodes of each cluster of <paramref name="partition"/> (ids 0..<paramref name="count"/>-1): those of
    /// cluster c are <c>_members[_memberStart[c] .. _memberStart[c + 1])</c>, in increasing id order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GroupMembers(int n, int[] partition, int count)
    {
        var start = _memberStart;
        Array.Clear(start, 0, count + 1);
        for (int v = 0; v < n; v++) start[partition[v] + 1]++;
        for (int c = 0; c < count; c++) start[c + 1] += start[c];
        var next = _memberCursor;
        Array.Copy(start, next, count);
        for (int v = 0; v < n; v++) _members[next[partition[v]]++] = v;
    }

    /// <summary>
    /// Leiden's refinement (Traag et al. 2019, Algorithm A.3, after igraph's <c>mergenodes</c>): inside each
    /// cluster S of <paramref name="membership"/>, start from singletons; visit nodes in random order; a node
    /// that is still a singleton and is well connected to S (<c>w(v, S−v) ≥ γ' n_v (N_S − n_v)</c>) joins
    /// a refined cluster C inside S that is itself well connected (<c>w(C, S−C) ≥ γ' N_C (N_S − N_C)</c>)
    /// and does not lower the quality, chosen with probability ∝ exp(gain / θ). Refined clusters are
    /// therefore connected. Clusters are independent of each other: in rounds the team refines them in parallel,
    /// each in its own random order with its own random stream (from the seed and the cluster id); node by node,
    /// all nodes are visited in one random block order. Leaves the result, renumbered 0..R-1, in
    /// <see cref="Refined"/> and returns R.
    /// </summary>
    /// <param name="clusterCount">K: clusters are 0..K-1, their weights N_S from the local-moving phase.</param>
    /// <param name="randomness">θ; 0 picks the best gain (ties to the earliest neighbour).</param>
    public int Refine(LevelGraph graph, int[] membership, int clusterCount, double randomness, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        Debug.Assert(clusterCount <= n);
        EnsureNeighbors(graph.MaxDegree + 1);
        if (_inRounds) RefineClustersInRounds(graph, membership, clusterCount, randomness, cancellationToken);
        else
        {
            StartFromSingletons(graph, membership);
            RefineInBlockOrder(graph, membership, randomness, cancellationToken);
        }
        return Renumber(n, _refined);
    }

    /// <summary>Every node its own refined cluster, with its weight to the rest of its cluster (<c>w(v, S−v)</c>).</summary>
    private void StartFromSingletons(LevelGraph graph, int[] membership)
    {
        for (int v = 0; v < graph.NodeCount; v++) StartSingleton(graph, v, new ByMembership(membership, membership[v]));
    }

    /// <summary>Node <paramref name="v"/> of cluster S alone in its refined cluster, with <c>w(v, S−v)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartSingleton<TCluster>(LevelGraph graph, int v, TCluster cluster) where TCluster : struct, IClusterMembers
    {
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        _refined[v] = v;
        _refinedWeight[v] = graph.NodeWeights[v];
        _nonSingleton[v] = false;
        if (_joinedArcs is { } joined) joined[v] = 0;
        double ext = 0;
        for (int a = offsets[v], stop = offsets[v + 1]; a < stop; a++)
        {
            int u = targets[a];
            if (u != v && cluster.Contains(u)) ext += weights[a];
        }
        _externalWeight[v] = ext;
    }

    /// <summary>Which nodes are in the cluster being refined (a struct, so each use is compiled apart).</summary>
    private interface IClusterMembers
    {
        bool Contains(int node);
    }

    /// <summary>The nodes whose membership is the cluster's id.</summary>
    private readonly struct ByMembership(int[] membership, int cluster) : IClusterMembers
    {
        public bool Contains(int node) => membership[node] == cluster;
    }

    /// <summary>
    /// A cluster whose nodes are all the ids from <paramref name="first"/> on, <paramref name="count"/> of them (as after the
    /// renumbering by clusters, and after most later local movings): a test of the id, where reading the membership of a
    /// neighbour in another cluster would be a read at a random place of an array of the level's size.
    /// </summary>
    private readonly struct IdRange(int first, int count) : IClusterMembers
    {
        public bool Contains(int node) => (uint)(node - first) < (uint)count;
    }

    /// <summary>All clusters in one pass over a global random block order: the same as refining them one after the other.</summary>
    private void RefineInBlockOrder(LevelGraph graph, int[] membership, double randomness, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        var scratch = _scratch[0];
        var random = new SharedRandom(_random);
        FillBlockOrder(n);
        for (int i = 0; i < n; i++)
        {
            Tick(scratch, cancellationToken);
            int v = _order[i];
            int s = membership[v];
            RefineNode(graph, v, new ByMembership(membership, s), _clusterWeight[s], randomness, ref random, scratch);
        }
    }

    /// <summary>Clusters in parallel, each in its own random order with its own random stream (from the seed and the cluster id).</summary>
    private void RefineClustersInRounds(LevelGraph graph, int[] membership, int clusterCount, double randomness, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        GroupMembers(n, membership, clusterCount);
        ulong seed = _random.NextUInt64();
        const int clustersPerChunk = 64;
        _team.For((clusterCount + clustersPerChunk - 1) / clustersPerChunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, member) =>
        {
            var scratch = _scratch[member];
            for (int s = chunk * clustersPerChunk, end = Math.Min(s + clustersPerChunk, clusterCount); s < end; s++)
            {
                int from = _memberStart[s], to = _memberStart[s + 1];
                var members = _members.AsSpan(from, to - from);
                // Members are listed in increasing id order: the last minus the first tells whether they are a run of ids.
                if (members.Length > 0 && members[^1] - members[0] == members.Length - 1)
                    RefineCluster(graph, members, new IdRange(members[0], members.Length), s, seed, randomness, scratch, cancellationToken);
                else
                    RefineCluster(graph, members, new ByMembership(membership, s), s, seed, randomness, scratch, cancellationToken);
            }
        }, n >= 4 * NodeChunk);
    }

    /// <summary>Refines cluster <paramref name="s"/> alone, in its own random order with its own random stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RefineCluster<TCluster>(LevelGraph graph, Span<int> members, TCluster cluster, int s, ulong seed, double randomness, Scratch scratch, CancellationToken cancellationToken)
        where TCluster : struct, IClusterMembers
    {
        // Each cluster starts from singletons just before it is refined, while its arcs are in cache.
        foreach (int v in members) StartSingleton(graph, v, cluster);
        if (members.Length < 2) return;
        var random = new SplitMixRandom(seed, s);
        random.Shuffle(members);
        double total = _clusterWeight[s];
        foreach (int v in members)
        {
            Tick(scratch, cancellationToken);
            RefineNode(graph, v, cluster, total, randomness, ref random, scratch);
        }
    }

    /// <summary>
    /// One node's turn in <see cref="Refine"/>: if it is still a singleton and well connected to its cluster S
    /// (<paramref name="cluster"/>, total weight <paramref name="total"/>), it may join a well-connected refined cluster
    /// of S. Reads and writes only nodes of S.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RefineNode<TCluster, TRandom>(LevelGraph graph, int v, TCluster cluster, double total, double randomness, ref TRandom random, Scratch scratch)
        where TCluster : struct, IClusterMembers
        where TRandom : struct, IUniformRandom
    {
        int[] refined = _refined;
        if (refined[v] != v || _nonSingleton[v]) return;
        double[] external = _externalWeight;
        double nv = graph.NodeWeights[v];
        if (external[v] < _resolution * nv * (total - nv)) return;

        int count = GatherRefinedNeighbors(graph, v, cluster, scratch);
        int chosenIndex = ScoreRefinedNeighbors(scratch, count, nv, total, out double maxGain);
        if (randomness > 0 && count > 1) chosenIndex = ChooseByGain(scratch.Gains, count, maxGain, randomness, ref random);

        int chosen = scratch.Clusters[chosenIndex];
        _refinedWeight[chosen] += nv;
        if (chosen == v) return;

        refined[v] = chosen;
        _nonSingleton[chosen] = true;
        if (_joinedArcs is { } joined) joined[v] = 2 * scratch.Arcs[chosenIndex];
        // v's arcs into S − v (external[v], unchanged while v was alone) now leave the joined cluster, except
        // those into it, which become internal: w(C ∪ v, S − C − v) = w(C, S − C) + w(v, S − v) − 2 w(v, C).
        external[chosen] += external[v] - 2.0 * scratch.Weights[chosenIndex];
    }

    /// <summary>
    /// Takes singleton <paramref name="v"/> out of its refined cluster and lists the refined clusters of its cluster S
    /// (<paramref name="cluster"/>) it could join: its own (now empty, index 0, staying alone) and those its arcs inside
    /// S reach, first met first, with its arc weight to each in <c>scratch.Weights</c>.
    /// Returns how many. Leaves <c>scratch.Slot</c> set for the listed clusters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GatherRefinedNeighbors<TCluster>(LevelGraph graph, int v, TCluster cluster, Scratch scratch) where TCluster : struct, IClusterMembers
    {
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        int[] refined = _refined;
        int[] slots = scratch.Slot;
        int[] clusters = scratch.Clusters;
        double[] local = scratch.Weights;
        int[] arcs = scratch.Arcs;

        _refinedWeight[v] = 0;
        clusters[0] = v;
        local[0] = 0;
        arcs[0] = 0;
        slots[v] = 0;
        int count = 1;
        for (int a = offsets[v], end = offsets[v + 1]; a < end; a++)
        {
            int u = targets[a];
            if (u == v || !cluster.Contains(u)) continue;
            int c = refined[u];
            int slot = slots[c];
            if (slot < 0)
            {
                slot = count++;
                slots[c] = slot;
                clusters[slot] = c;
                local[slot] = weights[a];
                arcs[slot] = 1;
            }
            else
            {
                local[slot] += weights[a];
                arcs[slot]++;
            }
        }
        return count;
    }

    /// <summary>
    /// The gain of joining each listed cluster into <c>scratch.Gains</c> (−∞ for a cluster not well connected to
    /// <c>S</c>; staying alone has gain 0 and is always eligible), and resets <c>scratch.Slot</c>. Returns the index
    /// of the best gain (ties to the earliest) and that gain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ScoreRefinedNeighbors(Scratch scratch, int count, double nv, double total, out double maxGain)
    {
        int[] slots = scratch.Slot;
        int[] clusters = scratch.Clusters;
        double[] local = scratch.Weights;
        double[] candidateGain = scratch.Gains;
        double[] external = _externalWeight;
        double[] refinedWeight = _refinedWeight;
        double scaled = _resolution * nv;
        maxGain = 0;
        int bestIndex = 0;
        for (int j = 0; j < count; j++)
        {
            int c = clusters[j];
            double nc = refinedWeight[c];
            double gain = double.NegativeInfinity;
            if (external[c] >= _resolution * nc * (total - nc))
            {
                gain = local[j] - scaled * nc;
                if (gain > maxGain)
                {
                    maxGain = gain;
                    bestIndex = j;
                }
            }
            candidateGain[j] = gain;
            slots[c] = -1;
        }
        return bestIndex;
    }

    /// <summary>
    /// A candidate drawn with probability ∝ exp(gain / θ) among those whose gain is ≥ 0. Overwrites
    /// <paramref name="gains"/> with the running sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChooseByGain<TRandom>(double[] gains, int count, double maxGain, double randomness, ref TRandom random)
        where TRandom : struct, IUniformRandom
    {
        // Shift by the best gain so exp() cannot overflow; the best candidate gets weight 1.
        double cumulative = 0;
        for (int j = 0; j < count; j++)
        {
            double gain = gains[j];
            if (gain >= 0) cumulative += Math.Exp((gain - maxGain) / randomness);
            gains[j] = cumulative;
        }
        double r = random.NextDouble() * cumulative;
        for (int j = 0; j < count; j++)
            if (gains[j] > r) return j;
        return count - 1;
    }

    /// <summary>
    /// Collapses each cluster of <paramref name="partition"/> (ids 0..<paramref name="partitionCount"/>-1)
    /// into one node whose weight is the sum of its members' and whose arcs carry the summed weight to each
    /// other cluster (arcs inside a cluster vanish: they no longer affect any gain). Also returns, for each
    /// new node, the cluster of <paramref name="membership"/> its members belong to. One pass over the members' arcs:
    /// the team builds each chunk of new nodes alone, packed into the new level's arrays from a place with room for
    /// all its members' arcs (a bound known before the pass); then one sequential copy moves the chunks down over the
    /// gaps. A pass that only counted the neighbours first would read every arc twice. The new level's arrays (and the
    /// membership returned) belong to the workspace and may be longer than its node count: the aggregation after next
    /// writes over them.
    /// </summary>
    /// <param name="internalArcs">
    /// Per node, arcs that stay inside its cluster of <paramref name="partition"/> (any count up to that many; their sum
    /// is taken off the room); null: none known.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (LevelGraph Graph, int[] Membership) Aggregate(LevelGraph graph, int[] partition, int partitionCount, int[] membership, int[]? internalArcs, CancellationToken cancellationToken)
    {
        int n = graph.NodeCount;
        int[] offsets = graph.Offsets;
        GroupMembers(n, partition, partitionCount);

        // room[j]: where chunk j of new nodes is packed; it has as many places as its members have arcs leaving their
        // clusters (all their arcs when internalArcs does not say how many stay inside). The room is memory touched for
        // the first time in the first iteration, slow on the machines of docs/benchmarks.md: the tighter, the better.
        int chunks = (partitionCount + AggregateChunk - 1) / AggregateChunk;
        var room = new int[chunks + 1];
        if (internalArcs is null)
            for (int v = 0; v < n; v++) room[partition[v] / AggregateChunk + 1] += offsets[v + 1] - offsets[v];
        else
            for (int v = 0; v < n; v++) room[partition[v] / AggregateChunk + 1] += offsets[v + 1] - offsets[v] - internalArcs[v];
        for (int j = 0; j < chunks; j++) room[j + 1] += room[j];
        int roomCount = room[chunks];

        // Where the new level's arcs go: beside this level's arcs in the buffer they are in, before them or after them,
        // when the room fits there (memory touched already: on the benchmark graph the second aggregation fits after the
        // first's arcs and the third before the second's, so the other buffer is never needed); otherwise in the other
        // buffer, from its start. The node arrays alternate between the two buffers' (the new level's and this level's
        // are both read while packing).
        int buffer = ReferenceEquals(graph.Targets, _levelTargets[0]) ? 0 : ReferenceEquals(graph.Targets, _levelTargets[1]) ? 1 : -1;
        int arcBase = 0;
        if (buffer < 0) buffer = 0;
        else if (roomCount <= offsets[0]) arcBase = 0;
        else if ((long)offsets[n] + roomCount <= _levelTargets[buffer].Length) arcBase = offsets[n];
        else buffer = 1 - buffer;
        if (arcBase != 0)
            for (int j = 0; j <= chunks; j++) room[j] += arcBase;
        if (_levelTargets[buffer].Length < arcBase + roomCount)
        {
            // Drop the outgrown buffer first, so the collection the large allocation may start can take it back. An
            // eighth more than asked: the next iteration's level often has a few more arcs, and a new buffer would be
            // memory touched for the first time again; room never written is never touched.
            _levelTargets[buffer] = [];
            _levelWeights[buffer] = [];
            _levelSingleWeights[buffer] = [];
            int size = (int)Math.Min(Array.MaxLength, roomCount + (long)roomCount / 8);
            _levelTargets[buffer] = LargeArrays.Uninitialized<int>(size);
            if (_singleSums) _levelSingleWeights[buffer] = LargeArrays.Uninitialized<float>(size);
            else _levelWeights[buffer] = LargeArrays.Uninitialized<double>(size);
        }
        int[] newTargets = _levelTargets[buffer];

        int nodes = ReferenceEquals(offsets, _levelOffsets[0]) ? 1 : 0;
        if (_levelNodeWeights[nodes].Length < partitionCount)
        {
            // As for the arcs: an eighth more, and the outgrown arrays dropped first.
            _levelNodeWeights[nodes] = [];
            _levelClusters[nodes] = [];
            _levelOffsets[nodes] = [];
            int size = (int)Math.Min(Array.MaxLength - 1, partitionCount + (long)partitionCount / 8);
            _levelNodeWeights[nodes] = LargeArrays.Uninitialized<double>(size);
            _levelClusters[nodes] = LargeArrays.Uninitialized<int>(size);
            _levelOffsets[nodes] = LargeArrays.Uninitialized<int>(size + 1);
        }
        double[] newNodeWeights = _levelNodeWeights[nodes];
        int[] newMembership = _levelClusters[nodes];
        int[] newOffsets = _levelOffsets[nodes];
        newOffsets[0] = arcBase;
        if (_singleSums)
        {
            float[] sums = _levelSingleWeights[buffer];
            Pack(graph, partition, partitionCount, membership, room, newOffsets, newTargets, sums, newNodeWeights, newMembership, cancellationToken);
            return (new LevelGraph(newOffsets, newTargets, new ArcWeights(sums), newNodeWeights, partitionCount), newMembership);
        }
        double[] newWeights = _levelWeights[buffer];
        Pack(graph, partition, partitionCount, membership, room, newOffsets, newTargets, newWeights, newNodeWeights, newMembership, cancellationToken);
        return (new LevelGraph(newOffsets, newTargets, new ArcWeights(newWeights), newNodeWeights, partitionCount), newMembership);
    }

    /// <summary>
    /// <see cref="Aggregate"/>'s pass: the team packs each chunk of new nodes from its place in <paramref name="room"/>,
    /// then the chunks move down over the gaps. <typeparamref name="TSum"/> is what the arc weights are summed in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pack<TSum>(LevelGraph graph, int[] partition, int partitionCount, int[] membership, int[] room, int[] newOffsets, int[] newTargets, TSum[] newWeights, double[] newNodeWeights, int[] newMembership, CancellationToken cancellationToken)
        where TSum : unmanaged, System.Numerics.INumberBase<TSum>
    {
        int n = graph.NodeCount;
        int chunks = room.Length - 1;
        bool parallel = n >= 4 * NodeChunk;
        _team.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, member) =>
        {
            var scratch = _scratch[member];
            double[] nodeWeights = graph.NodeWeights;
            int at = room[chunk];
            for (int c = chunk * AggregateChunk, last = Math.Min(c + AggregateChunk, partitionCount); c < last; c++)
            {
                Tick(scratch, cancellationToken);
                // Offsets are shifted by one: the count of node c goes to c + 1, where the prefix sum wants it.
                int count = GatherNeighborAggregates(graph, partition, c, scratch.Slot, newTargets, newWeights, at);
                newOffsets[c + 1] = count;
                at += count;
                double weightSum = 0;
                for (int i = _memberStart[c], end = _memberStart[c + 1]; i < end; i++) weightSum += nodeWeights[_members[i]];
                newNodeWeights[c] = weightSum;
                newMembership[c] = membership[_members[_memberStart[c]]];
            }
        }, parallel);

        for (int c = 0; c < partitionCount; c++) newOffsets[c + 1] += newOffsets[c];
        // Every chunk moves down (its place is at or before its room), in order, so nothing is overwritten before it
        // is moved.
        for (int j = 0; j < chunks; j++)
        {
            int to = newOffsets[j * AggregateChunk], from = room[j];
            int count = newOffsets[Math.Min((j + 1) * AggregateChunk, partitionCount)] - to;
            if (from == to) continue;
            newTargets.AsSpan(from, count).CopyTo(newTargets.AsSpan(to, count));
            newWeights.AsSpan(from, count).CopyTo(newWeights.AsSpan(to, count));
        }
    }

    /// <summary>
    /// The clusters of <paramref name="partition"/> that the members of cluster <paramref name="c"/> have arcs
    /// into, <paramref name="c"/> itself aside, in the order first met, written to <paramref name="clusters"/> from
    /// <paramref name="at"/> on, with the summed arc weight to each at the same place in <paramref name="sums"/>.
    /// Returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GatherNeighborAggregates<TSum>(LevelGraph graph, int[] partition, int c, int[] slots, int[] clusters, TSum[] sums, int at)
        where TSum : unmanaged, System.Numerics.INumberBase<TSum>
    {
        int[] offsets = graph.Offsets, targets = graph.Targets;
        ArcWeights weights = graph.Weights;
        int count = 0;
        for (int i = _memberStart[c], end = _memberStart[c + 1]; i < end; i++)
        {
            int v = _members[i];
            for (int a = offsets[v], stop = offsets[v + 1]; a < stop; a++)
            {
                int d = partition[targets[a]];
                if (d == c) continue;
                int slot = slots[d];
                if (slot < 0)
                {
                    slot = at + count++;
                    slots[d] = slot;
                    clusters[slot] = d;
                    sums[slot] = TSum.CreateTruncating(weights[a]);
                }
                else
                {
                    sums[slot] += TSum.CreateTruncating(weights[a]);
                }
            }
        }
        for (int j = at; j < at + count; j++) slots[clusters[j]] = -1;
        return count;
    }
}
