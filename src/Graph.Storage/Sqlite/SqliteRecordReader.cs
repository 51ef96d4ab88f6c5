using Graph.Core;
using Microsoft.Data.Sqlite;
using static Graph.Storage.Sqlite.SqliteCommands;
using static Graph.Storage.Sqlite.SqliteValues;
using static Graph.Storage.StoredWords;
using Newtonsoft.Json;

namespace Graph.Storage.Sqlite;

/// <summary>
/// Reads full typed records of a set of holders back out of the SQLite file (for evidence packages), and keeps
/// the audit log. Not a hot path: a ring has tens to hundreds of holders, so plain ADO.NET commands with the ids
/// passed as one JSON array (<c>json_each</c>) are enough.
/// </summary>
internal static class SqliteRecordReader
{
    public static HolderRecords Read(SqliteConnection connection, IReadOnlyCollection<string> holderIds)
    {
        if (holderIds.Count == 0) return HolderRecords.Empty;
        var ids = JsonConvert.SerializeObject(holderIds);
        using var tx = connection.BeginTransaction(deferred: true);

        var holders = new List<Policyholder>();
        using (var reader = Query(connection, tx, """
            SELECT id, name, id_number_raw, id_number, phone_raw, phone, address_raw, address, city, created_at, extra
            FROM holders WHERE id IN (SELECT value FROM json_each($p0)) ORDER BY id
            """, ids))
        {
            while (reader.Read())
                holders.Add(new Policyholder
                {
                    Id = reader.GetString(0), Name = Str(reader, 1), IdNumber = Norm(reader, 2), Phone = Norm(reader, 4),
                    Address = Norm(reader, 6), City = Str(reader, 8), CreatedAt = Time(reader, 9), Extra = Extra(reader, 10),
                });
        }

        var policies = new List<Policy>();
        using (var reader = Query(connection, tx, """
            SELECT id, holder_id, agent_id, product, premium, issued_at, status, extra
            FROM policies WHERE holder_id IN (SELECT value FROM json_each($p0)) ORDER BY id
            """, ids))
        {
            while (reader.Read())
                policies.Add(new Policy
                {
                    Id = reader.GetString(0), HolderId = Str(reader, 1), AgentId = Str(reader, 2), Product = Str(reader, 3),
                    Premium = Str(reader, 4) is { } p ? ParseMoney(p) : null, IssuedAt = Time(reader, 5),
                    Status = PolicyStatusOf(Str(reader, 6)), Extra = Extra(reader, 7),
                });
        }

        var agentIds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in policies) if (p.AgentId is not null) agentIds.Add(p.AgentId);
        var agents = new List<Agent>();
        using (var reader = Query(connection, tx, """
            SELECT id, name, phone_raw, phone, id_number_raw, id_number, org, status, hired_at, terminated_at, extra
            FROM agents WHERE id IN (SELECT value FROM json_each($p0)) ORDER BY id
            """, JsonConvert.SerializeObject(agentIds)))
        {
            while (reader.Read())
                agents.Add(new Agent
                {
                    Id = reader.GetString(0), Name = Str(reader, 1), Phone = Norm(reader, 2), IdNumber = Norm(reader, 4),
                    Org = Str(reader, 6), Status = AgentStatusOf(Str(reader, 7)), HiredAt = Time(reader, 8),
                    TerminatedAt = Time(reader, 9), Extra = Extra(reader, 10),
                });
        }

        var changes = new List<ContactChange>();
        using (var reader = Query(connection, tx, """
            SELECT id, holder_id, policy_id, field, old_value_raw, old_value, new_value_raw, new_value, changed_at, channel,
                   ip_raw, ip, device_id_raw, device_id, extra
            FROM contact_changes WHERE attributed_holder_id IN (SELECT value FROM json_each($p0)) ORDER BY id
            """, ids))
        {
            while (reader.Read())
                changes.Add(new ContactChange
                {
                    Id = reader.GetString(0), HolderId = Str(reader, 1), PolicyId = Str(reader, 2), Field = ContactFieldOf(Str(reader, 3)),
                    OldValue = Norm(reader, 4), NewValue = Norm(reader, 6), ChangedAt = Time(reader, 8), Channel = Str(reader, 9),
                    Ip = Norm(reader, 10), DeviceId = Norm(reader, 12), Extra = Extra(reader, 14),
                });
        }

        var surrenders = new List<SurrenderRequest>();
        using (var reader = Query(connection, tx, """
            SELECT id, policy_id, holder_id, requested_at, amount, contact_phone_raw, contact_phone, payout_account_raw, payout_account,
                   payout_bank, representative_name, representative_id_number_raw, representative_id_number,
                   representative_phone_raw, representative_phone, channel, ip_raw, ip, device_id_raw, device_id, status, extra
            FROM surrender_requests WHERE attributed_holder_id IN (SELECT value FROM json_each($p0)) ORDER BY id
            """, ids))
        {
            while (reader.Read())
                surrenders.Add(new SurrenderRequest
                {
                    Id = reader.GetString(0), PolicyId = Str(reader, 1), HolderId = Str(reader, 2), RequestedAt = Time(reader, 3),
                    Amount = Str(reader, 4) is { } a ? ParseMoney(a) : null, ContactPhone = Norm(reader, 5), PayoutAccount = Norm(reader, 7),
                    PayoutBank = Str(reader, 9), Representative = Rep(reader, 10), Channel = Str(reader, 15), Ip = Norm(reader, 16),
                    DeviceId = Norm(reader, 18), Status = SurrenderStatusOf(Str(reader, 20)), Extra = Extra(reader, 21),
                });
        }

        var complaints = new List<Complaint>();
        using (var reader = Query(connection, tx, """
            SELECT id, policy_id, holder_id, filed_at, channel, contact_phone_raw, contact_phone, sender_address_raw, sender_address,
                   representative_name, representative_id_number_raw, representative_id_number, representative_phone_raw,
                   representative_phone, demand, text, extra
            FROM complaints WHERE attributed_holder_id IN (SELECT value FROM json_each($p0)) ORDER BY id
            """, ids))
        {
            while (reader.Read())
                complaints.Add(new Complaint
                {
                    Id = reader.GetString(0), PolicyId = Str(reader, 1), HolderId = Str(reader, 2), FiledAt = Time(reader, 3),
                    Channel = ComplaintChannelOf(Str(reader, 4)), ContactPhone = Norm(reader, 5), SenderAddress = Norm(reader, 7),
                    Representative = Rep(reader, 9), Demand = Str(reader, 14), Text = Str(reader, 15), Extra = Extra(reader, 16),
                });
        }
        tx.Commit();
        return new HolderRecords(holders, policies, agents, changes, surrenders, complaints);
    }

    public static void WriteAudit(SqliteConnection connection, AuditRecord record)
    {
        using var cmd = Command(connection, null,
            "INSERT INTO audit_log(at, operator, action, ring_id, reason, package_sha256) VALUES($p0, $p1, $p2, $p3, $p4, $p5)",
            FormatTime(record.At), record.Operator, record.Action, (object?)record.RingId ?? DBNull.Value, record.Reason,
            (object?)record.PackageSha256 ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    public static List<AuditRecord> ReadAudit(SqliteConnection connection)
    {
        var records = new List<AuditRecord>();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT at, operator, action, ring_id, reason, package_sha256 FROM audit_log ORDER BY seq";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            records.Add(new AuditRecord(ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetString(2), Str(reader, 3), reader.GetString(4), Str(reader, 5)));
        return records;
    }

    /// <remarks>The command is left to the connection: disposing it here would finalize the reader's statement.</remarks>
    private static SqliteDataReader Query(SqliteConnection connection, SqliteTransaction tx, string sql, string json) =>
        Command(connection, tx, sql, json).ExecuteReader();

    private static Dictionary<string, string>? Extra(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : JsonOutput.Read<Dictionary<string, string>>(r.GetString(i));

    /// <summary>Columns name, id_raw, id, phone_raw, phone from <paramref name="i"/>; null when all are empty.</summary>
    private static Representative? Rep(SqliteDataReader r, int i)
    {
        var name = Str(r, i);
        var id = Norm(r, i + 1);
        var phone = Norm(r, i + 3);
        return name is null && id.Raw is null && id.Value is null && phone.Raw is null && phone.Value is null ? null : new Representative(name, id, phone);
    }
}
