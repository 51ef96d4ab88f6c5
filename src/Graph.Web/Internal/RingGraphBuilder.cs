using Graph.Core;
using Graph.Evidence;
using Graph.Storage;

namespace Graph.Web.Internal;

/// <summary>
/// The graph of one ring for the ring page: its victims, controllers and agents as nodes; as edges, every link the
/// victims' own records make to a controller (<see cref="ContactLinkExtractor"/>, the same rule as the analysis) and
/// every policy an agent of the ring sold a victim, each dated by its record. Reads the victims' records and a few
/// counts, never the snapshot.
/// </summary>
internal sealed class RingGraphBuilder
{
    private readonly IExplorerQueries _store;
    private readonly NodeIds _ids;
    private readonly Ring _ring;
    private readonly RecordMasker _masker;
    private readonly HolderRecords _records;

    public RingGraphBuilder(IExplorerQueries store, NodeIds ids, Ring ring, HolderRecords records, RecordMasker masker)
    {
        _store = store;
        _ids = ids;
        _ring = ring;
        _records = records;
        _masker = masker;
    }

    public GraphDto Graph { get; private set; } = new([], []);

    /// <summary>The records the ring's reasons name, with the node each belongs to.</summary>
    public List<RecordRefDto> ReasonRecords { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var victims = new Dictionary<string, int>(StringComparer.Ordinal);
        var controllers = new Dictionary<ContactPointKey, int>();
        var agents = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new List<(string Id, string Role, string Kind, string Label)>();
        var holders = new Dictionary<string, Policyholder>(StringComparer.Ordinal);
        foreach (var h in _records.Holders) holders[h.Id] = h;
        var agentRecords = new Dictionary<string, Agent>(StringComparer.Ordinal);
        foreach (var a in _records.Agents) agentRecords[a.Id] = a;

        foreach (var m in _ring.Members)
        {
            string role = RecordViews.Word(m.Role);
            if (m.EntityType == "holder")
            {
                if (victims.ContainsKey(m.EntityId)) continue;
                victims[m.EntityId] = nodes.Count;
                nodes.Add((NodeIds.Holder(m.EntityId), role, "holder",
                    RecordViews.HolderLabel(m.EntityId, holders.TryGetValue(m.EntityId, out var h) ? h.Name : null, _masker)));
            }
            else if (m.EntityType == "agent")
            {
                if (agents.ContainsKey(m.EntityId)) continue;
                agents[m.EntityId] = nodes.Count;
                nodes.Add((NodeIds.Agent(m.EntityId), role, "agent",
                    RecordViews.HolderLabel(m.EntityId, agentRecords.TryGetValue(m.EntityId, out var a) ? a.Name : null, _masker)));
            }
            else if (ContactKindNames.FromEntityType(m.EntityType) is { } kind)
            {
                var key = new ContactPointKey(kind, m.EntityId);
                if (controllers.ContainsKey(key)) continue;
                controllers[key] = nodes.Count;
                nodes.Add((_ids.ContactPoint(key), role, NodeIds.KindName(kind), _masker.ContactPoint(key)));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var first = new DateTimeOffset?[nodes.Count];
        var edges = new List<EdgeDto>();
        var recordNode = new Dictionary<string, (string Type, string Node, DateTimeOffset? At)>(StringComparer.Ordinal);

        void Seen(int node, DateTimeOffset? at)
        {
            if (at is { } t && (first[node] is not { } f || t < f)) first[node] = t;
        }
        void AddEdge(int from, int to, string evidence, string recordId, DateTimeOffset? at)
        {
            edges.Add(new EdgeDto("e" + (edges.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                nodes[from].Id, nodes[to].Id, evidence, recordId, RecordViews.Day(at)));
            Seen(from, at);
            Seen(to, at);
        }
        HolderAttribution.ForEach(_records, (record, holderId, type, at) =>
        {
            if (!victims.TryGetValue(holderId, out int victim)) return;
            recordNode.TryAdd(record.Id, (type, nodes[victim].Id, at));
            foreach (var link in ContactLinkExtractor.Extract(record, holderId))
                if (controllers.TryGetValue(new ContactPointKey(link.ContactKind, link.Value), out int controller))
                    AddEdge(victim, controller, RecordViews.Word(link.Evidence), link.SourceId, link.At);
        });
        foreach (var p in _records.Policies)
        {
            if (p.HolderId is null || !victims.TryGetValue(p.HolderId, out int victim)) continue;
            recordNode.TryAdd(p.Id, ("policy", nodes[victim].Id, p.IssuedAt));
            if (p.AgentId is not null && agents.TryGetValue(p.AgentId, out int agent))
                AddEdge(victim, agent, RecordViews.Evidence(null), p.Id, p.IssuedAt);
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Degrees in the whole store, so the page can say how many neighbours expanding a node would bring.
        var degree = new int[nodes.Count];
        var victimDegrees = await _store.CountHolderNeighboursAsync(victims.Keys.ToList(), cancellationToken);
        foreach (var (id, node) in victims) degree[node] = victimDegrees.GetValueOrDefault(id);
        var points = controllers.Keys.ToList();
        var counts = await _store.CountContactPointHoldersAsync(points, cancellationToken);
        for (int i = 0; i < points.Count; i++) degree[controllers[points[i]]] = counts[i];
        foreach (var (id, node) in agents) degree[node] = (await _store.ReadAgentHoldersAsync(id, 0, 0, cancellationToken)).Total;

        var nodeDtos = new NodeDto[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
            nodeDtos[i] = new NodeDto(nodes[i].Id, nodes[i].Role, nodes[i].Kind, nodes[i].Label, RecordViews.Day(first[i]), degree[i]);
        Graph = new GraphDto(nodeDtos, edges);

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reason in _ring.Reasons)
            foreach (var id in reason.SupportingRecords)
                if (named.Add(id) && recordNode.TryGetValue(id, out var r))
                    ReasonRecords.Add(new RecordRefDto(id, r.Type, r.Node, RecordViews.Day(r.At)));
    }
}
