using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// Reads full typed records of a set of holders back out of Neo4j (for evidence packages), and keeps the audit
/// log as <c>(:AuditEntry)</c> nodes: the Neo4j side of <see cref="IEvidenceStore.ReadHolderRecords"/>,
/// <see cref="IEvidenceStore.WriteAudit"/> and <see cref="IEvidenceStore.ReadAudit"/>, with the SQLite store's
/// semantics (each list ordered by record id, unknown ids ignored, audit oldest first). Not a hot path: a ring
/// has tens to hundreds of holders, so one request of four statements is enough.
/// </summary>
internal static class Neo4jRecordReader
{
    public static HolderRecords Read(Neo4jConnection connection, IReadOnlyCollection<string> holderIds, CancellationToken ct = default)
    {
        if (holderIds.Count == 0) return HolderRecords.Empty;
        var ids = new List<string>(new SortedSet<string>(holderIds, StringComparer.Ordinal));
        var parameters = new Dictionary<string, object?> { ["ids"] = ids };
        // One request: the four reads see the same committed state.
        var results = connection.AutoCommit(
        [
            Statement("records/holders.cypher", parameters),
            Statement("records/policies.cypher", parameters),
            Statement("records/agents.cypher", parameters),
            Statement("records/events.cypher", parameters),
        ], ct);

        var holders = new List<Policyholder>();
        foreach (var (id, p) in Rows(results[0])) holders.Add(Holder(id, p));
        var policies = new List<Policy>();
        foreach (var (id, p) in Rows(results[1])) policies.Add(Policy(id, p));
        var agents = new List<Agent>();
        foreach (var (id, p) in Rows(results[2])) agents.Add(Agent(id, p));

        var changes = new List<ContactChange>();
        var surrenders = new List<SurrenderRequest>();
        var complaints = new List<Complaint>();
        var events = results[3];
        int kindColumn = events.Column("kind"), idColumn = events.Column("id"), propsColumn = events.Column("props");
        foreach (var row in events.Rows)
        {
            var id = (string)row[idColumn]!;
            var p = (JObject)row[propsColumn];
            switch (Neo4jRows.Text(row[kindColumn]))
            {
                case "CHANGED": changes.Add(Change(id, p)); break;
                case "REQUESTED": surrenders.Add(Surrender(id, p)); break;
                case "FILED": complaints.Add(Complaint(id, p)); break;
                default: throw new InvalidDataException($"Unexpected event relationship '{row[kindColumn]}' in records/events.cypher.");
            }
        }
        Comparison<InputRecord> byId = static (a, b) => string.CompareOrdinal(a.Id, b.Id);
        holders.Sort(byId);
        policies.Sort(byId);
        agents.Sort(byId);
        changes.Sort(byId);
        surrenders.Sort(byId);
        complaints.Sort(byId);
        return new HolderRecords(holders, policies, agents, changes, surrenders, complaints);
    }

    /// <summary>Whether a failed append lost the race for its sequence number (and can simply run again).</summary>
    public static bool IsSequenceRace(Neo4jException e) => e.Code == "Neo.ClientError.Schema.ConstraintValidationFailed";

    public static Dictionary<string, object?> AuditEntry(AuditRecord record)
    {
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["at"] = Neo4jRows.Time(record.At),
            ["at_ms"] = Neo4jRows.Millis(record.At),
            ["operator"] = record.Operator,
            ["action"] = record.Action,
            ["reason"] = record.Reason,
        };
        // Nulls are left out: a missing property reads back as null.
        if (record.RingId is not null) entry["ring_id"] = record.RingId;
        if (record.PackageSha256 is not null) entry["package_sha256"] = record.PackageSha256;
        return entry;
    }

    public static List<AuditRecord> Audit(CypherResult result)
    {
        int at = result.Column("at"), op = result.Column("operator"), action = result.Column("action");
        int ring = result.Column("ring_id"), reason = result.Column("reason"), sha = result.Column("package_sha256");
        var records = new List<AuditRecord>(result.Rows.Count);
        foreach (var row in result.Rows)
            records.Add(new AuditRecord(Neo4jRows.ParseTime(row[at])!.Value, (string)row[op]!, (string)row[action]!,
                Neo4jRows.Text(row[ring]), (string)row[reason]!, Neo4jRows.Text(row[sha])));
        return records;
    }

    private static CypherStatement Statement(string file, Dictionary<string, object?> parameters) =>
        new(file, CypherLibrary.Statement(file), parameters);

    private static IEnumerable<(string Id, JObject Props)> Rows(CypherResult result)
    {
        int id = result.Column("id"), props = result.Column("props");
        foreach (var row in result.Rows) yield return ((string)row[id]!, (JObject)row[props]);
    }

    private static Policyholder Holder(string id, JObject p) => new()
    {
        Id = id, Name = Str(p, "name"), IdNumber = Norm(p, "id_number"), Phone = Norm(p, "phone"), Address = Norm(p, "address"),
        City = Str(p, "city"), CreatedAt = Time(p, "created_at"), Extra = Extra(p),
    };

    private static Policy Policy(string id, JObject p) => new()
    {
        Id = id, HolderId = Str(p, "holder_id"), AgentId = Str(p, "agent_id"), Product = Str(p, "product"),
        Premium = Neo4jRows.ParseMoney(p["premium"]), IssuedAt = Time(p, "issued_at"),
        Status = StoredWords.PolicyStatusOf(Str(p, "status")), Extra = Extra(p),
    };

    internal static Agent Agent(string id, JObject p) => new()
    {
        Id = id, Name = Str(p, "name"), Phone = Norm(p, "phone"), IdNumber = Norm(p, "id_number"), Org = Str(p, "org"),
        Status = StoredWords.AgentStatusOf(Str(p, "status")), HiredAt = Time(p, "hired_at"), TerminatedAt = Time(p, "terminated_at"),
        Extra = Extra(p),
    };

    private static ContactChange Change(string id, JObject p) => new()
    {
        Id = id, HolderId = Str(p, "holder_id"), PolicyId = Str(p, "policy_id"), Field = StoredWords.ContactFieldOf(Str(p, "field")),
        OldValue = Norm(p, "old_value"), NewValue = Norm(p, "new_value"), ChangedAt = Time(p, "changed_at"), Channel = Str(p, "channel"),
        Ip = Norm(p, "ip"), DeviceId = Norm(p, "device_id"), Extra = Extra(p),
    };

    private static SurrenderRequest Surrender(string id, JObject p) => new()
    {
        Id = id, PolicyId = Str(p, "policy_id"), HolderId = Str(p, "holder_id"), RequestedAt = Time(p, "requested_at"),
        Amount = Neo4jRows.ParseMoney(p["amount"]), ContactPhone = Norm(p, "contact_phone"), PayoutAccount = Norm(p, "payout_account"),
        PayoutBank = Str(p, "payout_bank"), Representative = Rep(p), Channel = Str(p, "channel"), Ip = Norm(p, "ip"),
        DeviceId = Norm(p, "device_id"), Status = StoredWords.SurrenderStatusOf(Str(p, "status")), Extra = Extra(p),
    };

    private static Complaint Complaint(string id, JObject p) => new()
    {
        Id = id, PolicyId = Str(p, "policy_id"), HolderId = Str(p, "holder_id"), FiledAt = Time(p, "filed_at"),
        Channel = StoredWords.ComplaintChannelOf(Str(p, "channel")), ContactPhone = Norm(p, "contact_phone"), SenderAddress = Norm(p, "sender_address"),
        Representative = Rep(p), Demand = Str(p, "demand"), Text = Str(p, "text"), Extra = Extra(p),
    };

    private static string? Str(JObject p, string name) => Neo4jRows.Text(p[name]);

    private static Normalized Norm(JObject p, string name) => new(Str(p, name + "_raw"), Str(p, name));

    private static DateTimeOffset? Time(JObject p, string name) => Neo4jRows.ParseTime(p[name]);

    private static Dictionary<string, string>? Extra(JObject p) =>
        Str(p, Neo4jRows.ExtraJsonProperty) is { } json ? JsonOutput.Read<Dictionary<string, string>>(json) : null;

    /// <summary>The representative of an event; null when all its properties are empty (as in the SQLite store).</summary>
    private static Representative? Rep(JObject p)
    {
        var name = Str(p, "representative_name");
        var id = Norm(p, "representative_id_number");
        var phone = Norm(p, "representative_phone");
        return name is null && id.Raw is null && id.Value is null && phone.Raw is null && phone.Value is null ? null : new Representative(name, id, phone);
    }

}
