using Graph.Core;
using Graph.Evidence;
using Graph.Storage;
using Graph.Web.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Graph.Web.Endpoints;

/// <summary>
/// <c>GET /api/nodes/{nodeId}</c> and <c>GET /api/nodes/{nodeId}/neighbours</c> (explorer-api.md): masked, except a
/// node's own records for a supervisor who unmasked one of its rings (<c>?ring=</c>) within the grant's lifetime.
/// </summary>
internal static class NodeEndpoints
{
    public const int DefaultTake = 50;
    public const int MaxTake = 200;

    public static void MapNodeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/nodes/{nodeId}", async (HttpContext http, ExplorerContext explorer, string nodeId, string? ring, CancellationToken ct) =>
        {
            if (!explorer.Ids.TryParse(nodeId, out var kind, out var recordId, out var point)) return UnknownNode();
            var view = explorer.Rings.Current();
            switch (kind)
            {
                case NodeKind.Holder:
                {
                    var records = explorer.Store.ReadHolderRecords([recordId]);
                    if (records.Holders.Count == 0) return UnknownNode();
                    var rings = view?.RingsOf(recordId) ?? [];
                    var masker = Unmasked(http, explorer, ring, rings) ? RecordMasker.Unmasked() : RecordMasker.For(records);
                    var h = records.Holders[0];
                    var neighbours = HolderNeighbours(explorer, records, recordId);
                    return Results.Ok(new NodeRecordsDto(nodeId, "holder", RecordViews.HolderLabel(h.Id, h.Name, masker),
                        RecordViews.Of(records, masker), neighbours.Count, rings, masker.Masked));
                }
                case NodeKind.Agent:
                {
                    var agent = await explorer.Store.ReadAgentAsync(recordId, ct);
                    if (agent is null) return UnknownNode();
                    var rings = AgentRings(view, recordId);
                    var masker = Unmasked(http, explorer, ring, rings) ? RecordMasker.Unmasked() : RecordMasker.For(HolderRecords.Empty, [agent]);
                    int holders = (await explorer.Store.ReadAgentHoldersAsync(recordId, 0, 0, ct)).Total;
                    return Results.Ok(new NodeRecordsDto(nodeId, "agent", RecordViews.HolderLabel(agent.Id, agent.Name, masker),
                        [RecordViews.Agent(agent, masker)], holders, rings, masker.Masked));
                }
                default:
                {
                    int holders = (await explorer.Store.CountContactPointHoldersAsync([point], ct))[0];
                    var rings = ContactRings(view, point);
                    var masker = Unmasked(http, explorer, ring, rings) ? RecordMasker.Unmasked() : RecordMasker.For(HolderRecords.Empty);
                    var role = view?.ValueRoles.GetValueOrDefault((point.Kind.EntityType(), point.Value));
                    return Results.Ok(new NodeRecordsDto(nodeId, NodeIds.KindName(point.Kind), masker.ContactPoint(point),
                        [], holders, rings, masker.Masked, role is null ? null : ValueRoleDto.Of(role)));
                }
            }
        });

        api.MapGet("/nodes/{nodeId}/neighbours", async (ExplorerContext explorer, string nodeId, int? skip, int? take, CancellationToken ct) =>
        {
            if (skip < 0 || take < 0) return RingEndpoints.BadRequest("skip and take must not be negative.");
            int first = skip ?? 0;
            int count = Math.Min(take ?? DefaultTake, MaxTake);
            if (!explorer.Ids.TryParse(nodeId, out var kind, out var recordId, out var point)) return UnknownNode();
            return kind switch
            {
                NodeKind.Holder => await HolderPage(explorer, nodeId, recordId, first, count, ct),
                NodeKind.Agent => await LinkedPage(explorer, nodeId, await explorer.Store.ReadAgentHoldersAsync(recordId, first, count, ct), first, ct),
                _ => await LinkedPage(explorer, nodeId, await explorer.Store.ReadContactPointHoldersAsync(point, first, count, ct), first, ct),
            };
        });
    }

    /// <summary>A holder's neighbours: the distinct contact points its records link it to, then the agents of its policies.</summary>
    private static List<(string Id, string Kind, ContactPointKey? Point, string? AgentId, List<(string Evidence, string RecordId, DateTimeOffset? At)> Links)> HolderNeighbours(
        ExplorerContext explorer, HolderRecords records, string holderId)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<(string Id, string Kind, ContactPointKey? Point, string? AgentId, List<(string, string, DateTimeOffset?)> Links)>();
        HolderAttribution.ForEach(records, (record, h, _, _) =>
        {
            if (h != holderId) return;
            foreach (var link in ContactLinkExtractor.Extract(record, h))
            {
                var key = new ContactPointKey(link.ContactKind, link.Value);
                var id = explorer.Ids.ContactPoint(key);
                if (!byId.TryGetValue(id, out int i))
                {
                    byId[id] = i = list.Count;
                    list.Add((id, NodeIds.KindName(key.Kind), key, null, []));
                }
                list[i].Links.Add((RecordViews.Word(link.Evidence), link.SourceId, link.At));
            }
        });
        foreach (var p in records.Policies)
        {
            if (p.HolderId != holderId || p.AgentId is null) continue;
            var id = NodeIds.Agent(p.AgentId);
            if (!byId.TryGetValue(id, out int i))
            {
                byId[id] = i = list.Count;
                list.Add((id, "agent", null, p.AgentId, []));
            }
            list[i].Links.Add((RecordViews.Evidence(null), p.Id, p.IssuedAt));
        }
        return list;
    }

    private static async Task<IResult> HolderPage(ExplorerContext explorer, string nodeId, string holderId, int skip, int take, CancellationToken ct)
    {
        var records = explorer.Store.ReadHolderRecords([holderId]);
        if (records.Holders.Count == 0) return UnknownNode();
        var masker = RecordMasker.For(records);
        var all = HolderNeighbours(explorer, records, holderId);
        var page = skip >= all.Count ? [] : all.GetRange(skip, Math.Min(take, all.Count - skip));

        var points = new List<ContactPointKey>();
        foreach (var n in page) if (n.Point is { } p) points.Add(p);
        var counts = await explorer.Store.CountContactPointHoldersAsync(points, ct);
        var agentNames = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var a in records.Agents) agentNames[a.Id] = a.Name;

        var nodes = new List<NodeDto>(page.Count);
        var edges = new List<EdgeDto>();
        int pointIndex = 0;
        foreach (var n in page)
        {
            DateTimeOffset? first = null;
            foreach (var (evidence, recordId, at) in n.Links)
            {
                edges.Add(new EdgeDto($"{nodeId}|{n.Id}|{recordId}|{evidence}", nodeId, n.Id, evidence, recordId, RecordViews.Day(at)));
                if (at is { } t && (first is not { } f || t < f)) first = t;
            }
            if (n.Point is { } point)
                nodes.Add(new NodeDto(n.Id, "neighbour", n.Kind, masker.ContactPoint(point), RecordViews.Day(first), counts[pointIndex++]));
            else
                nodes.Add(new NodeDto(n.Id, "neighbour", "agent", RecordViews.HolderLabel(n.AgentId!, agentNames.GetValueOrDefault(n.AgentId!), masker),
                    RecordViews.Day(first), (await explorer.Store.ReadAgentHoldersAsync(n.AgentId!, 0, 0, ct)).Total));
        }
        return Results.Ok(new NeighboursDto(all.Count, nodes.Count, Math.Max(0, all.Count - skip - nodes.Count), nodes, edges));
    }

    /// <summary>A page of holders linked to a contact point or an agent, with one edge per linking record.</summary>
    private static async Task<IResult> LinkedPage(ExplorerContext explorer, string nodeId, LinkedHolderPage page, int skip, CancellationToken ct)
    {
        var ids = new List<string>(page.Holders.Count);
        foreach (var h in page.Holders) ids.Add(h.HolderId);
        var degrees = await explorer.Store.CountHolderNeighboursAsync(ids, ct);
        var masker = RecordMasker.For(HolderRecords.Empty);
        var nodes = new List<NodeDto>(page.Holders.Count);
        var edges = new List<EdgeDto>();
        foreach (var h in page.Holders)
        {
            var id = NodeIds.Holder(h.HolderId);
            DateTimeOffset? first = null;
            foreach (var link in h.Links)
            {
                string evidence = RecordViews.Evidence(link.Evidence);
                edges.Add(new EdgeDto($"{id}|{nodeId}|{link.SourceId}|{evidence}", id, nodeId, evidence, link.SourceId, RecordViews.Day(link.At)));
                if (link.At is { } t && (first is not { } f || t < f)) first = t;
            }
            nodes.Add(new NodeDto(id, "neighbour", "holder", RecordViews.HolderLabel(h.HolderId, h.Name, masker), RecordViews.Day(first),
                degrees.GetValueOrDefault(h.HolderId)));
        }
        return Results.Ok(new NeighboursDto(page.Total, nodes.Count, Math.Max(0, page.Total - skip - nodes.Count), nodes, edges));
    }

    /// <summary>
    /// True when the caller may see this node in full: a supervisor who holds an unexpired unmask grant for
    /// <paramref name="ringId"/> (an audited unmask of that ring), and the node is a member of that ring.
    /// </summary>
    private static bool Unmasked(HttpContext http, ExplorerContext explorer, string? ringId, IReadOnlyList<string> nodeRings) =>
        ringId is not null && ExplorerContext.IsSupervisor(http.User) && nodeRings.Contains(ringId, StringComparer.Ordinal)
        && explorer.Unmasks.Holds(ExplorerContext.Session(http.User), ringId);

    private static List<string> AgentRings(RunView? view, string agentId) => MemberRings(view, "agent", agentId);

    private static List<string> ContactRings(RunView? view, ContactPointKey point) => MemberRings(view, point.Kind.EntityType(), point.Value);

    /// <summary>Rings naming this agent or contact point as a member (few rings each; a scan of the cached run).</summary>
    private static List<string> MemberRings(RunView? view, string entityType, string entityId)
    {
        if (view is null) return [];
        var rings = new List<string>();
        foreach (var ring in view.Run.Rings)
            foreach (var m in ring.Members)
                if (m.EntityType == entityType && m.EntityId == entityId) { rings.Add(ring.RingId); break; }
        return rings;
    }

    private static IResult UnknownNode() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown node",
            detail: "No such node. Contact point ids are valid only while this server runs: reload the ring page.");
}
