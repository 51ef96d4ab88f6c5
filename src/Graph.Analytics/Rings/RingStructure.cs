using Graph.Core;
using QuikGraph;
using QuikGraph.Algorithms;
using QuikGraph.Algorithms.ConnectedComponents;
using QuikGraph.Predicates;

namespace Graph.Analytics.Rings;

/// <summary>How much of a ring hangs on one of its controllers (or agents).</summary>
/// <param name="Node">The controller's node index.</param>
/// <param name="DirectVictims">Victims tied to it directly.</param>
/// <param name="CutOffVictims">
/// Victims that lose every tie to the rest of the ring when it is taken away: those outside the largest remaining
/// part (the part with the most victims). Above zero exactly when removing it splits the ring.
/// </param>
public sealed record ControllerDependence(int Node, int DirectVictims, int CutOffVictims)
{
    /// <summary>True when removing this controller splits the ring: it holds the ring together.</summary>
    public bool HoldsRingTogether => CutOffVictims > 0;
}

/// <summary>A shortest chain of ties from a victim to a controller, node by node, the victim first.</summary>
public sealed record RingPath(int Victim, int Controller, IReadOnlyList<int> Nodes)
{
    /// <summary>Ties on the way (1: the victim is tied to the controller directly).</summary>
    public int Hops => Nodes.Count - 1;
}

/// <summary>
/// What an investigator asks of one ring, answered on the ring's own subgraph with QuikGraph: which controllers hold
/// it together (removing one splits it), how many victims depend on each, and how a victim is tied to a controller
/// (a shortest path). Nodes are the ring's members by index (victims, controllers, agents); a tie is a record that
/// links a victim to a controller or agent. Rings have tens to thousands of nodes; the million-node detection itself
/// stays on the engine's CSR arrays (<see cref="Algorithms.CsrGraph"/>).
/// </summary>
/// <remarks>
/// A controller's dependants are counted by removing it (a vertex-filtered view of the graph) and finding the
/// connected components of the rest: O(C·(V+E)) for C controllers tied to two or more victims. Paths are shortest in
/// ties (every tie counts one), by QuikGraph's Dijkstra with unit weights.
/// </remarks>
public sealed class RingStructure
{
    private readonly IReadOnlyList<MemberRole> _roles;

    /// <param name="roles">The role of each node; node i is index i.</param>
    /// <param name="ties">Pairs of node indices tied by at least one record (repeats and self-ties are ignored).</param>
    /// <exception cref="ArgumentOutOfRangeException">A tie names a node that does not exist.</exception>
    public RingStructure(IReadOnlyList<MemberRole> roles, IEnumerable<(int A, int B)> ties)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(ties);
        _roles = roles;
        Graph = new UndirectedGraph<int, SUndirectedEdge<int>>(allowParallelEdges: false);
        for (int i = 0; i < roles.Count; i++) Graph.AddVertex(i);
        var pairs = new List<(int, int)>();
        foreach (var (a, b) in ties)
        {
            if ((uint)a >= (uint)roles.Count) throw new ArgumentOutOfRangeException(nameof(ties), $"Tie names node {a}; the ring has {roles.Count} nodes.");
            if ((uint)b >= (uint)roles.Count) throw new ArgumentOutOfRangeException(nameof(ties), $"Tie names node {b}; the ring has {roles.Count} nodes.");
            if (a != b) pairs.Add((Math.Min(a, b), Math.Max(a, b)));
        }
        // In node order, so that among equally short paths the same one is found whatever order the records came in
        // (the report and the explorer then show the same path); a repeated pair is refused by the graph.
        pairs.Sort();
        foreach (var (a, b) in pairs) Graph.AddEdge(new SUndirectedEdge<int>(a, b));
    }

    /// <summary>The ring's subgraph: one vertex per member, one edge per tied pair.</summary>
    public UndirectedGraph<int, SUndirectedEdge<int>> Graph { get; }

    /// <summary>
    /// Every controller and agent, the most depended-on first: by victims cut off when it is removed, then by
    /// victims tied directly, then by node index.
    /// </summary>
    public IReadOnlyList<ControllerDependence> Controllers { get; private set; } = [];

    /// <summary>The controllers whose removal splits the ring, in the order of <see cref="Controllers"/>.</summary>
    public IReadOnlyList<ControllerDependence> KeyControllers { get; private set; } = [];

    /// <summary>
    /// One victim-to-controller path worth showing: to the first of <see cref="Controllers"/>, from the victim
    /// farthest from it (the lowest index among equals); null when the ring has no tied controller.
    /// </summary>
    public RingPath? ExamplePath { get; private set; }

    public void Run(CancellationToken cancellationToken = default)
    {
        var baseComponent = new Dictionary<int, int>();
        Graph.ConnectedComponents(baseComponent);
        var ranked = new List<ControllerDependence>();
        var parts = new Dictionary<int, int>();
        for (int c = 0; c < _roles.Count; c++)
        {
            if (_roles[c] == MemberRole.Victim) continue;
            cancellationToken.ThrowIfCancellationRequested();
            int direct = 0;
            foreach (var e in Graph.AdjacentEdges(c))
                if (_roles[e.GetOtherVertex(c)] == MemberRole.Victim) direct++;
            // Without two ties, taking a node away leaves the others as they were.
            int cutOff = Graph.AdjacentDegree(c) < 2 ? 0 : CutOffWithout(c, baseComponent, parts);
            ranked.Add(new ControllerDependence(c, direct, cutOff));
        }
        ranked.Sort(static (a, b) =>
            a.CutOffVictims != b.CutOffVictims ? b.CutOffVictims.CompareTo(a.CutOffVictims)
            : a.DirectVictims != b.DirectVictims ? b.DirectVictims.CompareTo(a.DirectVictims)
            : a.Node.CompareTo(b.Node));
        Controllers = ranked;
        KeyControllers = ranked.FindAll(static c => c.HoldsRingTogether);
        ExamplePath = ranked.Count > 0 && ranked[0].DirectVictims > 0 ? FarthestVictimPath(ranked[0].Node) : null;
    }

    /// <summary>A shortest path from <paramref name="victim"/> to <paramref name="controller"/>, or null when they are not connected.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Either node does not exist.</exception>
    public RingPath? ShortestPath(int victim, int controller)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)victim, (uint)_roles.Count, nameof(victim));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)controller, (uint)_roles.Count, nameof(controller));
        if (victim == controller) return new RingPath(victim, controller, [victim]);
        var pathFrom = Graph.ShortestPathsDijkstra(static _ => 1.0, controller);
        return pathFrom(victim, out var edges) ? ToPath(controller, victim, edges) : null;
    }

    /// <summary>Victims of <paramref name="c"/>'s component that are no longer in its largest part once <paramref name="c"/> is removed.</summary>
    private int CutOffWithout(int c, Dictionary<int, int> baseComponent, Dictionary<int, int> parts)
    {
        var without = new FilteredUndirectedGraph<int, SUndirectedEdge<int>, UndirectedGraph<int, SUndirectedEdge<int>>>(
            Graph, v => v != c, e => e.Source != c && e.Target != c);
        var components = new ConnectedComponentsAlgorithm<int, SUndirectedEdge<int>>(without);
        components.Compute();
        parts.Clear();
        int component = baseComponent[c], victims = 0, largest = 0;
        for (int v = 0; v < _roles.Count; v++)
        {
            if (_roles[v] != MemberRole.Victim || v == c || baseComponent[v] != component) continue;
            victims++;
            int part = components.Components[v];
            int n = parts[part] = parts.GetValueOrDefault(part) + 1;
            largest = Math.Max(largest, n);
        }
        return victims - largest;
    }

    private RingPath? FarthestVictimPath(int controller)
    {
        var pathFrom = Graph.ShortestPathsDijkstra(static _ => 1.0, controller);
        RingPath? farthest = null;
        for (int v = 0; v < _roles.Count; v++)
        {
            if (_roles[v] != MemberRole.Victim || !pathFrom(v, out var edges)) continue;
            var path = ToPath(controller, v, edges);
            if (farthest is null || path.Hops > farthest.Hops) farthest = path;
        }
        return farthest;
    }

    /// <summary>The edges from <paramref name="controller"/> to <paramref name="victim"/> as nodes from the victim to the controller.</summary>
    private static RingPath ToPath(int controller, int victim, IEnumerable<SUndirectedEdge<int>> edges)
    {
        var nodes = new List<int> { controller };
        int at = controller;
        foreach (var e in edges)
        {
            at = e.GetOtherVertex(at);
            nodes.Add(at);
        }
        nodes.Reverse();
        return new RingPath(victim, controller, nodes);
    }
}
