using Graph.Analytics.Rings;
using Graph.Core;

namespace Graph.Web.Internal;

/// <summary>
/// The ring page's "what holds the ring together" (<see cref="RingStructure"/>, QuikGraph) on the page's own graph:
/// its nodes by id, its edges as ties. Labels are the graph's, so they are masked exactly when the graph is.
/// </summary>
internal sealed class RingStructureView
{
    /// <summary>Key controllers listed on the page; the rest are few victims each.</summary>
    public const int KeyControllersShown = 10;

    private readonly GraphDto _graph;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly RingStructure _structure;

    public RingStructureView(GraphDto graph, CancellationToken cancellationToken)
    {
        _graph = graph;
        var roles = new MemberRole[graph.Nodes.Count];
        for (int i = 0; i < roles.Length; i++)
        {
            _index[graph.Nodes[i].Id] = i;
            roles[i] = graph.Nodes[i].Role switch { "victim" => MemberRole.Victim, "agent" => MemberRole.Agent, _ => MemberRole.Controller };
        }
        var ties = new List<(int, int)>(graph.Edges.Count);
        foreach (var e in graph.Edges)
            if (_index.TryGetValue(e.Source, out int a) && _index.TryGetValue(e.Target, out int b)) ties.Add((a, b));
        _structure = new RingStructure(roles, ties);
        _structure.Run(cancellationToken);
    }

    public RingStructureDto Summary()
    {
        var key = new List<KeyControllerDto>();
        foreach (var c in _structure.KeyControllers)
        {
            if (key.Count == KeyControllersShown) break;
            var n = _graph.Nodes[c.Node];
            key.Add(new KeyControllerDto(n.Id, n.Kind, n.Label, c.DirectVictims, c.CutOffVictims));
        }
        return new RingStructureDto(key, _structure.ExamplePath is { } p ? Dto(p.Victim, p.Controller, p) : null);
    }

    /// <summary>The path between two nodes of the page's graph; null when either is not a node of it or the first is not a victim.</summary>
    public RingPathDto? Path(string victim, string controller)
    {
        if (!_index.TryGetValue(victim, out int v) || !_index.TryGetValue(controller, out int c)) return null;
        if (_graph.Nodes[v].Role != "victim" || _graph.Nodes[c].Role == "victim") return null;
        return Dto(v, c, _structure.ShortestPath(v, c));
    }

    private RingPathDto Dto(int victim, int controller, RingPath? path) =>
        new(_graph.Nodes[victim].Id, _graph.Nodes[controller].Id, path is null ? [] : [.. path.Nodes.Select(i => _graph.Nodes[i].Id)]);
}
