using Graph.Core;
using Graph.Storage;

namespace Graph.Web.Internal;

/// <summary>
/// The holder each record of a <see cref="HolderRecords"/> belongs to, by the load's rule (the store's attributed
/// holder): the record's own holder when it names one, else its policy's holder. The ring graph and a holder's
/// neighbours both walk the records through here, so a record's links land on the same holder in both.
/// </summary>
internal static class HolderAttribution
{
    /// <summary>
    /// Calls <paramref name="visit"/> (record, its holder, its type as the API names it, its time) for every
    /// policyholder, contact change, surrender request and complaint of <paramref name="records"/> that belongs to a
    /// holder; records that belong to none are skipped. Policies are not visited (they name their holder and agent).
    /// </summary>
    public static void ForEach(HolderRecords records, Action<InputRecord, string, string, DateTimeOffset?> visit)
    {
        var policyHolder = new Dictionary<string, string?>(records.Policies.Count, StringComparer.Ordinal);
        foreach (var p in records.Policies) policyHolder[p.Id] = p.HolderId;
        string? Holder(string? holderId, string? policyId)
        {
            if (!string.IsNullOrEmpty(holderId)) return holderId;
            return !string.IsNullOrEmpty(policyId) && policyHolder.TryGetValue(policyId, out var h) && !string.IsNullOrEmpty(h) ? h : null;
        }

        foreach (var h in records.Holders) visit(h, h.Id, "policyholder", h.CreatedAt);
        foreach (var c in records.ContactChanges)
            if (Holder(c.HolderId, c.PolicyId) is { } holder) visit(c, holder, "contact_change", c.ChangedAt);
        foreach (var s in records.SurrenderRequests)
            if (Holder(s.HolderId, s.PolicyId) is { } holder) visit(s, holder, "surrender_request", s.RequestedAt);
        foreach (var m in records.Complaints)
            if (Holder(m.HolderId, m.PolicyId) is { } holder) visit(m, holder, "complaint", m.FiledAt);
    }
}
