using Graph.Core;
using Graph.Evidence;
using Graph.Storage;
using Graph.Web.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Graph.Web.Endpoints;

/// <summary><c>GET /api/rings</c>, <c>GET /api/reasons</c>, <c>GET /api/rings/{ringId}</c> (explorer-api.md).</summary>
internal static class RingEndpoints
{
    public const int DefaultTake = 50;
    public const int MaxTake = 500;

    public static void MapRingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/rings", (ExplorerContext explorer, bool? flagged, string? reason, string? from, string? to, string? sort, string? dir, int? skip, int? take) =>
        {
            if (!TryDay(from, out var fromDay) || !TryDay(to, out var toDay))
                return BadRequest("from and to are days, e.g. 2025-01-31.");
            var order = (sort ?? "score").ToLowerInvariant();
            if (order is not ("score" or "size" or "amount" or "changed"))
                return BadRequest("sort is one of score, size, amount, changed.");
            var direction = (dir ?? "desc").ToLowerInvariant();
            if (direction is not ("asc" or "desc")) return BadRequest("dir is asc or desc.");
            if (skip < 0 || take < 0) return BadRequest("skip and take must not be negative.");
            int first = skip ?? 0;
            int count = Math.Min(take ?? DefaultTake, MaxTake);

            var view = explorer.Rings.Current();
            if (view is null) return Results.Ok(new RingListDto(null, 0, []));
            var rings = Filter(view.Summaries, flagged, reason, fromDay, toDay);
            rings.Sort(Comparer(order, direction == "desc"));
            var page = first >= rings.Count ? [] : rings.GetRange(first, Math.Min(count, rings.Count - first));
            return Results.Ok(new RingListDto(view.Run.RunId, rings.Count, page));
        });

        api.MapGet("/reasons", (ExplorerContext explorer) =>
            Results.Ok(explorer.Rings.Current()?.Reasons ?? []));

        api.MapGet("/rings/{ringId}", async (ExplorerContext explorer, string ringId, CancellationToken ct) =>
            await DetailAsync(explorer, ringId, masked: true, ct) is { } detail ? Results.Ok(detail) : NotFound(ringId));

        // How one victim is tied to one controller of the ring (node ids of the ring page's graph).
        api.MapGet("/rings/{ringId}/path", async (ExplorerContext explorer, string ringId, string? victim, string? controller, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(victim) || string.IsNullOrEmpty(controller))
                return BadRequest("victim and controller are node ids of the ring's graph.");
            if (await GraphAsync(explorer, ringId, ct) is not { } graph) return NotFound(ringId);
            return new RingStructureView(graph.Graph, ct).Path(victim, controller) is { } path
                ? Results.Ok(path)
                : BadRequest("victim must be a victim node and controller a controller or agent node of this ring's graph.");
        });
    }

    internal static List<RingSummaryDto> Filter(RingSummaryDto[] all, bool? flagged, string? reason, DateOnly? from, DateOnly? to)
    {
        var list = new List<RingSummaryDto>(all.Length);
        foreach (var r in all)
        {
            if (flagged is { } f && r.Flagged != f) continue;
            if (!string.IsNullOrEmpty(reason) && !Contains(r.ReasonCodes, reason)) continue;
            // Overlap of [firstSeen, lastSeen] with [from, to]; a ring without dates overlaps no range.
            if (from is { } lo && (r.LastSeen is not { } last || last < lo)) continue;
            if (to is { } hi && (r.FirstSeen is not { } firstSeen || firstSeen > hi)) continue;
            list.Add(r);
        }
        return list;
    }

    private static bool Contains(IReadOnlyList<string> codes, string code)
    {
        foreach (var c in codes) if (string.Equals(c, code, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Sorts by the key, then by ring id ascending, so pages never overlap or skip a ring.</summary>
    internal static Comparison<RingSummaryDto> Comparer(string sort, bool descending)
    {
        int sign = descending ? -1 : 1;
        Func<RingSummaryDto, RingSummaryDto, int> key = sort switch
        {
            "size" => static (a, b) => a.Holders.CompareTo(b.Holders),
            "amount" => static (a, b) => a.SurrenderAmount.CompareTo(b.SurrenderAmount),
            "changed" => static (a, b) => Nullable.Compare(a.LastSeen, b.LastSeen),
            _ => static (a, b) => a.Score.CompareTo(b.Score),
        };
        return (a, b) =>
        {
            int c = sign * key(a, b);
            return c != 0 ? c : string.CompareOrdinal(a.RingId, b.RingId);
        };
    }

    /// <summary>The ring page's data: the ring, its reasons and records, its graph. Null when the ring is unknown.</summary>
    internal static async Task<RingDetailDto?> DetailAsync(ExplorerContext explorer, string ringId, bool masked, CancellationToken ct)
    {
        if (!EvidenceExporter.IsValidRingId(ringId)) return null;
        var view = explorer.Rings.Current();
        if (view is null || !view.ById.TryGetValue(ringId, out var ring)) return null;
        var (graph, masker) = await GraphAsync(explorer, ring, masked, ct);

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in graph.ReasonRecords) known.Add(r.Id);
        var reasons = new List<ReasonDto>(ring.Reasons.Count);
        foreach (var r in ring.Reasons)
        {
            var supporting = new List<string>(r.SupportingRecords.Count);
            foreach (var id in r.SupportingRecords) supporting.Add(known.Contains(id) ? id : masker.FreeText(id) ?? "");
            reasons.Add(new ReasonDto(r.Code, masker.FreeText(r.Description) ?? "", r.Weight, r.Value, r.Contribution, supporting, r.Observed, r.Expected, r.Chance, ReasonFiguresDto.Of(r)));
        }
        return new RingDetailDto(ring.RingId, view.Run.RunId, ring.Score, ring.Flagged, ring.Holders, ring.Controllers,
            view.Agents.GetValueOrDefault(ring.RingId), ring.SurrenderAmount, RecordViews.Day(ring.FirstSeen), RecordViews.Day(ring.LastSeen),
            view.Lineage.GetValueOrDefault(ring.RingId), masked, reasons, graph.ReasonRecords, graph.Graph,
            Structure: new RingStructureView(graph.Graph, ct).Summary());
    }

    /// <summary>The ring page's (masked) graph of a ring of the latest run; null when the ring is unknown.</summary>
    private static async Task<RingGraphBuilder?> GraphAsync(ExplorerContext explorer, string ringId, CancellationToken ct)
    {
        if (!EvidenceExporter.IsValidRingId(ringId)) return null;
        var view = explorer.Rings.Current();
        if (view is null || !view.ById.TryGetValue(ringId, out var ring)) return null;
        return (await GraphAsync(explorer, ring, masked: true, ct)).Graph;
    }

    private static async Task<(RingGraphBuilder Graph, RecordMasker Masker)> GraphAsync(ExplorerContext explorer, Ring ring, bool masked, CancellationToken ct)
    {
        var victims = new List<string>();
        foreach (var m in ring.Members) if (m.EntityType == "holder") victims.Add(m.EntityId);
        var records = explorer.Store.ReadHolderRecords(victims);
        var masker = masked ? RecordMasker.For(records) : RecordMasker.Unmasked();
        var graph = new RingGraphBuilder(explorer.Store, explorer.Ids, ring, records, masker);
        await graph.RunAsync(ct);
        return (graph, masker);
    }

    internal static IResult NotFound(string ringId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ring",
            detail: EvidenceExporter.IsValidRingId(ringId) ? $"Ring {ringId} is not in the latest analysis run." : "Ring ids look like R-000123.");

    internal static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return false;
        day = d;
        return true;
    }
}
