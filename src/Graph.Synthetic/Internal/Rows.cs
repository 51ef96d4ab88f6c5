namespace Graph.Synthetic.Internal;

/// <summary>The contract's columns (CONTRACT.md section 1), in the order the generator writes them.</summary>
internal static class Columns
{
    public static readonly string[] Policyholders = ["holder_id", "name", "id_number", "phone", "address", "city", "created_at"];
    public static readonly string[] Agents = ["agent_id", "name", "phone", "id_number", "org", "status", "hired_at", "terminated_at"];
    public static readonly string[] Policies = ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status"];
    public static readonly string[] ContactChanges = ["change_id", "holder_id", "policy_id", "field", "old_value", "new_value", "changed_at", "channel", "ip", "device_id"];
    public static readonly string[] SurrenderRequests = ["request_id", "policy_id", "holder_id", "requested_at", "amount", "contact_phone", "payout_account", "payout_bank", "representative_name", "representative_id_number", "representative_phone", "channel", "ip", "device_id", "status"];
    public static readonly string[] Complaints = ["complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone", "sender_address", "representative_name", "representative_id_number", "representative_phone", "demand", "text"];

    public const int ChangeAt = 6, SurrenderAt = 3, SurrenderAmount = 4, ComplaintAt = 3;
}

/// <summary>An event row waiting to be written: events are few enough to keep, then sorted by time.</summary>
internal sealed class PendingRow
{
    public required DateTime At { get; init; }
    public required long Sequence { get; init; }
    /// <summary>All columns; index 0 (the key) is filled when ids are assigned in time order.</summary>
    public required string?[] Fields { get; init; }
    /// <summary>Background rows may be spoiled into quarantine material; planted groups never are.</summary>
    public bool MaySpoil { get; init; }
}

/// <summary>The three event files of one folder, before sorting.</summary>
internal sealed class EventBatch
{
    public List<PendingRow> Changes { get; } = [];
    public List<PendingRow> Surrenders { get; } = [];
    public List<PendingRow> Complaints { get; } = [];
    /// <summary>Policies surrendered (paid) in this batch: their status becomes <c>surrendered</c>.</summary>
    public HashSet<int> SurrenderedPolicies { get; } = [];
    public long NextSequence;

    public void Add(List<PendingRow> list, DateTime at, string?[] fields, bool maySpoil) =>
        list.Add(new PendingRow { At = at, Sequence = NextSequence++, Fields = fields, MaySpoil = maySpoil });
}
