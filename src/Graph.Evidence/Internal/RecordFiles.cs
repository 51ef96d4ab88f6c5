using System.Globalization;
using Graph.Analytics.Workbooks;
using Graph.Core;

namespace Graph.Evidence.Internal;

/// <summary>One kind of record of the package as a table: typed cells, written as a CSV file and as a workbook sheet.</summary>
internal sealed record RecordTable(string Name, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// The ring's records, one table per record kind, with the contract's column names (CONTRACT.md section 1) and every
/// personal value as the masker spells it; plus the ring's members and which records support which reason. Unknown
/// columns go into one <c>extra</c> column (JSON, scrubbed like free text). Each table is written as
/// <c>records/NAME.csv</c> and as a sheet of <c>records/records.xlsx</c> (numbers and dates typed, text never a formula).
/// </summary>
internal static class RecordFiles
{
    public const string WorkbookPath = "records/records.xlsx";

    public static IEnumerable<(string Path, byte[] Bytes)> Write(RingEvidence ev)
    {
        var tables = Tables(ev);
        foreach (var t in tables)
            yield return ($"records/{t.Name}.csv", CsvText.File([.. t.Columns.Select(c => c.Header)], t.Rows.Select(r => (IReadOnlyList<string?>)[.. r.Select(CsvCell)])));
        var sheets = new List<Sheet>(tables.Count);
        foreach (var t in tables)
        {
            var sheet = new Sheet(t.Name, t.Columns);
            foreach (var row in t.Rows) sheet.Add(row);
            sheets.Add(sheet);
        }
        yield return (WorkbookPath, Workbook.Write(sheets));
    }

    public static IReadOnlyList<RecordTable> Tables(RingEvidence ev)
    {
        var m = ev.Masker;
        var r = ev.Records;
        string Extra(IReadOnlyDictionary<string, string>? extra)
        {
            if (extra is null || extra.Count == 0) return "";
            var scrubbed = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in extra) scrubbed[k] = m.FreeText(v);
            return Newtonsoft.Json.JsonConvert.SerializeObject(scrubbed);
        }
        static RecordTable Table<TRecord>(string name, SheetColumn[] columns, IEnumerable<TRecord> records, Func<TRecord, object?[]> row) =>
            new(name, columns, [.. records.Select(row)]);

        var support = new List<object?[]>();
        foreach (var reason in ev.Ring.Reasons)
            foreach (var id in reason.SupportingRecords)
                support.Add([reason.Code, ev.RecordsById.TryGetValue(id, out var rec) ? rec.Kind : "unknown", id]);

        return
        [
            Table("policyholders", [T("holder_id"), T("name"), T("id_number"), T("phone"), T("address"), T("city"), D("created_at"), T("extra")],
                r.Holders, h => [h.Id, m.Name(h.Name), m.IdNumber(h.IdNumber), m.Phone(h.Phone), m.Address(h.Address), m.FreeText(h.City), h.CreatedAt, Extra(h.Extra)]),
            Table("policies", [T("policy_id"), T("holder_id"), T("agent_id"), T("product"), N("premium"), D("issued_at"), T("status"), T("extra")],
                r.Policies, p => [p.Id, p.HolderId, p.AgentId, m.FreeText(p.Product), p.Premium, p.IssuedAt, Status(p.Status), Extra(p.Extra)]),
            Table("agents", [T("agent_id"), T("name"), T("phone"), T("id_number"), T("org"), T("status"), D("hired_at"), D("terminated_at"), T("extra")],
                r.Agents, a => [a.Id, m.Name(a.Name), m.Phone(a.Phone), m.IdNumber(a.IdNumber), m.FreeText(a.Org), Status(a.Status), a.HiredAt, a.TerminatedAt, Extra(a.Extra)]),
            Table("contact_changes", [T("change_id"), T("holder_id"), T("policy_id"), T("field"), T("old_value"), T("new_value"), D("changed_at"), T("channel"), T("ip"), T("device_id"), T("extra")],
                r.ContactChanges, c => [c.Id, c.HolderId, c.PolicyId, Field(c.Field), m.ContactValue(c.Field, c.OldValue),
                    m.ContactValue(c.Field, c.NewValue), c.ChangedAt, m.FreeText(c.Channel), m.Technical(c.Ip), m.Technical(c.DeviceId), Extra(c.Extra)]),
            Table("surrender_requests", [T("request_id"), T("policy_id"), T("holder_id"), D("requested_at"), N("amount"), T("contact_phone"), T("payout_account"), T("payout_bank"), T("representative_name"),
                T("representative_id_number"), T("representative_phone"), T("channel"), T("ip"), T("device_id"), T("status"), T("extra")],
                r.SurrenderRequests, s => [s.Id, s.PolicyId, s.HolderId, s.RequestedAt, s.Amount, m.Phone(s.ContactPhone),
                    m.Account(s.PayoutAccount), m.FreeText(s.PayoutBank), m.Name(s.Representative?.Name), s.Representative is { } rep ? m.IdNumber(rep.IdNumber) : "",
                    s.Representative is { } rp ? m.Phone(rp.Phone) : "", m.FreeText(s.Channel), m.Technical(s.Ip), m.Technical(s.DeviceId), Status(s.Status), Extra(s.Extra)]),
            Table("complaints", [T("complaint_id"), T("policy_id"), T("holder_id"), D("filed_at"), T("channel"), T("contact_phone"), T("sender_address"), T("representative_name"),
                T("representative_id_number"), T("representative_phone"), T("demand"), T("text"), T("extra")],
                r.Complaints, c => [c.Id, c.PolicyId, c.HolderId, c.FiledAt, Channel(c.Channel), m.Phone(c.ContactPhone),
                    m.Address(c.SenderAddress), m.Name(c.Representative?.Name), c.Representative is { } rep ? m.IdNumber(rep.IdNumber) : "",
                    c.Representative is { } rp ? m.Phone(rp.Phone) : "", m.FreeText(c.Demand), m.FreeText(c.Text), Extra(c.Extra)]),
            Table("ring_members", [T("ring_id"), T("node_id"), T("entity_type"), T("entity_id"), T("role"), I("evidence_count")],
                ev.Nodes, n => [ev.Ring.RingId, n.Id, n.EntityType, n.Shown, n.Role.Word(), n.EvidenceCount]),
            new RecordTable("reason_support", [T("reason_code"), T("record_kind"), T("record_id")], support),
        ];
    }

    private static SheetColumn T(string header) => new(header, CellKind.Text);

    private static SheetColumn D(string header) => new(header, CellKind.DateTime);

    private static SheetColumn N(string header) => new(header, CellKind.Number);

    private static SheetColumn I(string header) => new(header, CellKind.Integer);

    /// <summary>A cell as the CSV files spell it: times with their offset, amounts as loaded, counts in digits.</summary>
    private static string? CsvCell(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

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
