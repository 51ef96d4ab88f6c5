using Graph.Core;

namespace Graph.Ingest.Internal;

/// <summary>
/// One contract file (CONTRACT.md section 1): its name, columns and which of them must be in the header.
/// Column positions in <see cref="Columns"/> are the indices the <see cref="RowMapper"/> uses.
/// </summary>
internal sealed class InputFileSpec(string name, RecordKind kind, bool required, string[] columns, string[] requiredColumns, string[]? oneOfColumns = null)
{
    public string Name { get; } = name;
    public RecordKind Kind { get; } = kind;
    /// <summary>The load fails when this file is missing.</summary>
    public bool Required { get; } = required;
    public string[] Columns { get; } = columns;
    /// <summary>Columns the header must have.</summary>
    public string[] RequiredColumns { get; } = requiredColumns;
    /// <summary>The header must have at least one of these (events name their holder, their policy, or both).</summary>
    public string[]? OneOfColumns { get; } = oneOfColumns;
}

/// <summary>
/// The contract files in dependency (load) order: policyholders, agents, policies, contact changes, surrender
/// requests, complaints. This is also the order of the fingerprint.
/// </summary>
/// <remarks>
/// Required header columns (a file without them is malformed): the key of every file; <c>holder_id</c> in
/// <c>policies.csv</c> (a policy belongs to a holder); <c>field</c> and <c>new_value</c> in <c>contact_changes.csv</c>
/// (a change that does not say what changed to what is no evidence); and in every event file
/// (<c>contact_changes</c>, <c>surrender_requests</c>, <c>complaints</c>) at least one of <c>holder_id</c> and
/// <c>policy_id</c>, because events are attributed to a holder directly or through the policy. All other columns are
/// optional: absent means missing in every row.
/// </remarks>
internal static class InputFiles
{
    public static class Holder
    {
        public const int Id = 0, Name = 1, IdNumber = 2, Phone = 3, Address = 4, City = 5, CreatedAt = 6;
        public static readonly string[] Columns = ["holder_id", "name", "id_number", "phone", "address", "city", "created_at"];
    }

    public static class AgentCols
    {
        public const int Id = 0, Name = 1, Phone = 2, IdNumber = 3, Org = 4, Status = 5, HiredAt = 6, TerminatedAt = 7;
        public static readonly string[] Columns = ["agent_id", "name", "phone", "id_number", "org", "status", "hired_at", "terminated_at"];
    }

    public static class PolicyCols
    {
        public const int Id = 0, HolderId = 1, AgentId = 2, Product = 3, Premium = 4, IssuedAt = 5, Status = 6;
        public static readonly string[] Columns = ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status"];
    }

    public static class ChangeCols
    {
        public const int Id = 0, HolderId = 1, PolicyId = 2, Field = 3, OldValue = 4, NewValue = 5, ChangedAt = 6, Channel = 7, Ip = 8, DeviceId = 9;
        public static readonly string[] Columns = ["change_id", "holder_id", "policy_id", "field", "old_value", "new_value", "changed_at", "channel", "ip", "device_id"];
    }

    public static class SurrenderCols
    {
        public const int Id = 0, PolicyId = 1, HolderId = 2, RequestedAt = 3, Amount = 4, ContactPhone = 5, PayoutAccount = 6, PayoutBank = 7,
            RepName = 8, RepIdNumber = 9, RepPhone = 10, Channel = 11, Ip = 12, DeviceId = 13, Status = 14;
        public static readonly string[] Columns =
        [
            "request_id", "policy_id", "holder_id", "requested_at", "amount", "contact_phone", "payout_account", "payout_bank",
            "representative_name", "representative_id_number", "representative_phone", "channel", "ip", "device_id", "status",
        ];
    }

    public static class ComplaintCols
    {
        public const int Id = 0, PolicyId = 1, HolderId = 2, FiledAt = 3, Channel = 4, ContactPhone = 5, SenderAddress = 6,
            RepName = 7, RepIdNumber = 8, RepPhone = 9, Demand = 10, Text = 11;
        public static readonly string[] Columns =
        [
            "complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone", "sender_address",
            "representative_name", "representative_id_number", "representative_phone", "demand", "text",
        ];
    }

    private static readonly string[] HolderOrPolicy = ["holder_id", "policy_id"];

    public static readonly InputFileSpec[] All =
    [
        new("policyholders.csv", RecordKind.Policyholder, true, Holder.Columns, ["holder_id"]),
        new("agents.csv", RecordKind.Agent, false, AgentCols.Columns, ["agent_id"]),
        new("policies.csv", RecordKind.Policy, true, PolicyCols.Columns, ["policy_id", "holder_id"]),
        new("contact_changes.csv", RecordKind.ContactChange, false, ChangeCols.Columns, ["change_id", "field", "new_value"], HolderOrPolicy),
        new("surrender_requests.csv", RecordKind.SurrenderRequest, false, SurrenderCols.Columns, ["request_id"], HolderOrPolicy),
        new("complaints.csv", RecordKind.Complaint, false, ComplaintCols.Columns, ["complaint_id"], HolderOrPolicy),
    ];
}
