using System.Globalization;
using System.Text.Json;
using Graph.Core;

namespace Graph.Evidence.Internal;

/// <summary>
/// The ring's records as CSV, one file per record kind, with the contract's column names (CONTRACT.md section 1)
/// and every personal value as the masker spells it; plus the ring's members and which records support which
/// reason. Unknown columns go into one <c>extra</c> column (JSON, scrubbed like free text).
/// </summary>
internal static class RecordFiles
{
    public static IEnumerable<(string Path, byte[] Bytes)> Write(RingEvidence ev)
    {
        var m = ev.Masker;
        var r = ev.Records;
        var ci = CultureInfo.InvariantCulture;
        string T(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", ci) ?? "";
        string Money(decimal? d) => d?.ToString(ci) ?? "";
        string Extra(IReadOnlyDictionary<string, string>? extra)
        {
            if (extra is null || extra.Count == 0) return "";
            var scrubbed = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in extra) scrubbed[k] = m.FreeText(v);
            return JsonSerializer.Serialize(scrubbed, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        yield return ("records/policyholders.csv", CsvText.File(
            ["holder_id", "name", "id_number", "phone", "address", "city", "created_at", "extra"],
            r.Holders.Select(h => (IReadOnlyList<string?>)[h.Id, m.Name(h.Name), m.IdNumber(h.IdNumber), m.Phone(h.Phone), m.Address(h.Address), m.FreeText(h.City), T(h.CreatedAt), Extra(h.Extra)])));

        yield return ("records/policies.csv", CsvText.File(
            ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status", "extra"],
            r.Policies.Select(p => (IReadOnlyList<string?>)[p.Id, p.HolderId, p.AgentId, m.FreeText(p.Product), Money(p.Premium), T(p.IssuedAt), Status(p.Status), Extra(p.Extra)])));

        yield return ("records/agents.csv", CsvText.File(
            ["agent_id", "name", "phone", "id_number", "org", "status", "hired_at", "terminated_at", "extra"],
            r.Agents.Select(a => (IReadOnlyList<string?>)[a.Id, m.Name(a.Name), m.Phone(a.Phone), m.IdNumber(a.IdNumber), m.FreeText(a.Org), Status(a.Status), T(a.HiredAt), T(a.TerminatedAt), Extra(a.Extra)])));

        yield return ("records/contact_changes.csv", CsvText.File(
            ["change_id", "holder_id", "policy_id", "field", "old_value", "new_value", "changed_at", "channel", "ip", "device_id", "extra"],
            r.ContactChanges.Select(c => (IReadOnlyList<string?>)[c.Id, c.HolderId, c.PolicyId, Field(c.Field), m.ContactValue(c.Field, c.OldValue),
                m.ContactValue(c.Field, c.NewValue), T(c.ChangedAt), m.FreeText(c.Channel), m.Technical(c.Ip), m.Technical(c.DeviceId), Extra(c.Extra)])));

        yield return ("records/surrender_requests.csv", CsvText.File(
            ["request_id", "policy_id", "holder_id", "requested_at", "amount", "contact_phone", "payout_account", "payout_bank", "representative_name",
             "representative_id_number", "representative_phone", "channel", "ip", "device_id", "status", "extra"],
            r.SurrenderRequests.Select(s => (IReadOnlyList<string?>)[s.Id, s.PolicyId, s.HolderId, T(s.RequestedAt), Money(s.Amount), m.Phone(s.ContactPhone),
                m.Account(s.PayoutAccount), m.FreeText(s.PayoutBank), m.Name(s.Representative?.Name), s.Representative is { } rep ? m.IdNumber(rep.IdNumber) : "",
                s.Representative is { } rp ? m.Phone(rp.Phone) : "", m.FreeText(s.Channel), m.Technical(s.Ip), m.Technical(s.DeviceId), Status(s.Status), Extra(s.Extra)])));

        yield return ("records/complaints.csv", CsvText.File(
            ["complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone", "sender_address", "representative_name",
             "representative_id_number", "representative_phone", "demand", "text", "extra"],
            r.Complaints.Select(c => (IReadOnlyList<string?>)[c.Id, c.PolicyId, c.HolderId, T(c.FiledAt), Channel(c.Channel), m.Phone(c.ContactPhone),
                m.Address(c.SenderAddress), m.Name(c.Representative?.Name), c.Representative is { } rep ? m.IdNumber(rep.IdNumber) : "",
                c.Representative is { } rp ? m.Phone(rp.Phone) : "", m.FreeText(c.Demand), m.FreeText(c.Text), Extra(c.Extra)])));

        yield return ("records/ring_members.csv", CsvText.File(
            ["ring_id", "node_id", "entity_type", "entity_id", "role", "evidence_count"],
            ev.Nodes.Select(n => (IReadOnlyList<string?>)[ev.Ring.RingId, n.Id, n.EntityType, n.Shown, GraphFiles.Role(n.Role), n.EvidenceCount.ToString(ci)])));

        var support = new List<IReadOnlyList<string?>>();
        foreach (var reason in ev.Ring.Reasons)
            foreach (var id in reason.SupportingRecords)
                support.Add([reason.Code, ev.RecordsById.TryGetValue(id, out var rec) ? rec.Kind : "unknown", id]);
        yield return ("records/reason_support.csv", CsvText.File(["reason_code", "record_kind", "record_id"], support));
    }

    private static string Status(PolicyStatus s) => s switch { PolicyStatus.InForce => "in_force", PolicyStatus.Surrendered => "surrendered", PolicyStatus.Lapsed => "lapsed", _ => "" };

    private static string Status(AgentStatus s) => s switch { AgentStatus.Active => "active", AgentStatus.Terminated => "terminated", _ => "" };

    private static string Status(SurrenderStatus s) => s switch { SurrenderStatus.Pending => "pending", SurrenderStatus.Paid => "paid", SurrenderStatus.Rejected => "rejected", _ => "" };

    private static string Field(ContactField f) => f switch
    {
        ContactField.Phone => "phone", ContactField.Address => "address", ContactField.BankAccount => "bank_account", ContactField.Email => "email", _ => "",
    };

    private static string Channel(ComplaintChannel c) => c switch
    {
        ComplaintChannel.Regulator => "regulator", ComplaintChannel.Hotline => "hotline", ComplaintChannel.Letter => "letter", ComplaintChannel.Online => "online", _ => "",
    };
}
