using Graph.Analytics.Workbooks;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>
/// <c>rings.xlsx</c>, written by <c>analyze</c> beside <c>rings.csv</c> for analysts who triage in Excel: a
/// <c>rings</c> sheet (score, size, amount, dates, top reasons), a <c>members</c> sheet and a <c>reasons</c> sheet
/// (weights, observed and expected values, the chance, and the supporting record ids). Unlike the CSV files, which
/// carry normalized values as CONTRACT.md requires, the workbook is meant to be passed around: contact values are
/// masked (<see cref="Mask.Member"/>), and so are any of them that a reason's text names. The unmasked values stay in
/// <c>ring_members.csv</c>; an unmasked spreadsheet of a ring's records is an audited evidence export.
/// </summary>
public static class RingsWorkbook
{
    /// <summary>The workbook's bytes for <paramref name="rings"/>, with at most <paramref name="topReasons"/> reasons per ring on the rings sheet.</summary>
    public static byte[] Write(IReadOnlyList<Ring> rings, int topReasons)
    {
        ArgumentNullException.ThrowIfNull(rings);
        var ringSheet = new Sheet("rings",
        [
            new("ring_id", CellKind.Text), new("score", CellKind.Number), new("flagged", CellKind.Boolean),
            new("holders", CellKind.Integer), new("controllers", CellKind.Integer), new("surrender_amount", CellKind.Number),
            new("first_seen", CellKind.DateTime), new("last_seen", CellKind.DateTime), new("top_reasons", CellKind.Text),
        ]);
        var memberSheet = new Sheet("members",
        [
            new("ring_id", CellKind.Text), new("entity_type", CellKind.Text), new("entity_id", CellKind.Text),
            new("role", CellKind.Text), new("evidence_count", CellKind.Integer),
        ]);
        var reasonSheet = new Sheet("reasons",
        [
            new("ring_id", CellKind.Text), new("code", CellKind.Text), new("description", CellKind.Text),
            new("weight", CellKind.Number), new("value", CellKind.Number), new("contribution", CellKind.Number),
            new("observed", CellKind.Number), new("expected", CellKind.Number), new("chance", CellKind.Number),
            new("record_count", CellKind.Integer), new("supporting_records", CellKind.Text),
        ]);
        foreach (var ring in rings)
        {
            var masks = ContactMasks(ring);
            var top = new List<string>();
            foreach (var reason in ring.Reasons)
            {
                if (top.Count >= topReasons) break;
                if (reason.Contribution > 0) top.Add(Scrub(reason.Description, masks));
            }
            // Rounded as rings.csv prints it.
            ringSheet.Add(ring.RingId, Math.Round(ring.Score, 1, MidpointRounding.AwayFromZero), ring.Flagged, ring.Holders, ring.Controllers, ring.SurrenderAmount,
                ring.FirstSeen, ring.LastSeen, string.Join("; ", top));
            foreach (var m in ring.Members)
                memberSheet.Add(ring.RingId, m.EntityType, Shown(m), m.Role.ToString().ToLowerInvariant(), m.EvidenceCount);
            foreach (var r in ring.Reasons)
                reasonSheet.Add(ring.RingId, r.Code, Scrub(r.Description, masks), r.Weight, r.Value, r.Contribution, r.Observed, r.Expected, r.Chance,
                    r.SupportingRecords.Count, string.Join(" ", r.SupportingRecords));
        }
        return Workbook.Write([ringSheet, memberSheet, reasonSheet]);
    }

    /// <summary>A member's entity id as the workbook shows it: record ids as they are, contact values masked by kind.</summary>
    private static string Shown(RingMember m) => Mask.Member(m.EntityType, m.EntityId) ?? Mask.Phone(m.EntityId);

    /// <summary>The ring's contact values, longest first (so a value is replaced before one it contains), with their masks.</summary>
    private static List<(string Value, string Masked)> ContactMasks(Ring ring)
    {
        var masks = new List<(string, string)>();
        foreach (var m in ring.Members)
        {
            var shown = Shown(m);
            if (m.EntityId.Length >= 4 && shown != m.EntityId) masks.Add((m.EntityId, shown));
        }
        masks.Sort(static (a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        return masks;
    }

    /// <summary>Reason texts are the engine's own words; should one ever name a ring's contact value, it is masked here too.</summary>
    private static string Scrub(string text, List<(string Value, string Masked)> masks)
    {
        foreach (var (value, masked) in masks)
            if (text.Contains(value, StringComparison.Ordinal)) text = text.Replace(value, masked, StringComparison.Ordinal);
        return text;
    }
}
