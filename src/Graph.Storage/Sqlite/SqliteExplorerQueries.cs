using Graph.Core;
using Microsoft.Data.Sqlite;
using static Graph.Storage.Sqlite.SqliteCommands;
using static Graph.Storage.Sqlite.SqliteValues;
using static Graph.Storage.StoredWords;
using Newtonsoft.Json;

namespace Graph.Storage.Sqlite;

/// <summary>
/// The web explorer's queries (<c>fraudgraph serve</c>): each answers one page from the indexes the load already
/// builds (<c>links_by_contact</c> for a contact point's holders, the links primary key for a holder's contact
/// points, <c>policies_by_agent</c>, the holders' unique id, <c>contact_points(kind, value)</c> for a phone range),
/// so a click on a node with thousands of neighbours reads one page of them, never the snapshot.
/// Every query of one call runs in one read transaction, so a total and its page agree while a load commits.
/// </summary>
internal static class SqliteExplorerQueries
{
    public static LinkedHolderPage ContactPointHolders(SqliteConnection connection, ContactPointKey point, int skip, int take)
    {
        using var tx = connection.BeginTransaction(deferred: true);
        long? contactId;
        using (var find = Command(connection, tx, "SELECT id FROM contact_points WHERE kind = $p0 AND value = $p1", (int)point.Kind, point.Value))
            contactId = find.ExecuteScalar() as long?;
        if (contactId is not { } cid) return LinkedHolderPage.Empty;

        int total;
        using (var count = Command(connection, tx, "SELECT COUNT(DISTINCT hid) FROM links WHERE contact_id = $p0", cid))
            total = (int)(long)count.ExecuteScalar()!;

        var holders = new List<(long Hid, string Id, string? Name)>();
        if (take > 0)
        {
            using var page = Command(connection, tx, """
                SELECT h.hid, h.id, h.name
                FROM (SELECT DISTINCT hid FROM links WHERE contact_id = $p0) AS p
                JOIN holders AS h ON h.hid = p.hid
                ORDER BY h.id LIMIT $p1 OFFSET $p2
                """, cid, take, skip);
            using var reader = page.ExecuteReader();
            while (reader.Read()) holders.Add((reader.GetInt64(0), reader.GetString(1), Str(reader, 2)));
        }

        var links = new Dictionary<long, List<HolderLink>>();
        if (holders.Count > 0)
        {
            var hids = new long[holders.Count];
            for (int i = 0; i < hids.Length; i++) hids[i] = holders[i].Hid;
            using var cmd = Command(connection, tx, """
                SELECT hid, evidence, source_kind, source_id, at FROM links
                WHERE contact_id = $p0 AND hid IN (SELECT value FROM json_each($p1))
                ORDER BY hid, at, source_id, evidence
                """, cid, JsonConvert.SerializeObject(hids));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                ListFor(links, reader.GetInt64(0)).Add(new HolderLink((RecordKind)reader.GetInt32(2), reader.GetString(3),
                    (EvidenceKind)reader.GetInt32(1), reader.IsDBNull(4) ? null : ParseTime(reader.GetString(4))));
        }
        tx.Commit();

        var result = new LinkedHolder[holders.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = new LinkedHolder(holders[i].Id, holders[i].Name, links.TryGetValue(holders[i].Hid, out var l) ? l : []);
        return new LinkedHolderPage(total, result);
    }

    public static int[] CountContactPointHolders(SqliteConnection connection, IReadOnlyList<ContactPointKey> points)
    {
        var counts = new int[points.Count];
        if (points.Count == 0) return counts;
        using var tx = connection.BeginTransaction(deferred: true);
        using var cmd = Command(connection, tx, """
            SELECT COUNT(DISTINCT l.hid) FROM contact_points AS cp JOIN links AS l ON l.contact_id = cp.id
            WHERE cp.kind = $p0 AND cp.value = $p1
            """, 0, "");
        cmd.Prepare();
        for (int i = 0; i < counts.Length; i++)
        {
            cmd.Parameters[0].Value = (int)points[i].Kind;
            cmd.Parameters[1].Value = points[i].Value;
            counts[i] = (int)(long)cmd.ExecuteScalar()!;
        }
        tx.Commit();
        return counts;
    }

    public static Dictionary<string, int> CountHolderNeighbours(SqliteConnection connection, IReadOnlyCollection<string> holderIds)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (holderIds.Count == 0) return counts;
        using var cmd = Command(connection, null, """
            SELECT h.id,
                   (SELECT COUNT(DISTINCT contact_id) FROM links WHERE hid = h.hid)
                 + (SELECT COUNT(DISTINCT agent_id) FROM policies WHERE holder_id = h.id AND agent_id IS NOT NULL)
            FROM holders AS h WHERE h.id IN (SELECT value FROM json_each($p0))
            """, JsonConvert.SerializeObject(holderIds));
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    public static Agent? ReadAgent(SqliteConnection connection, string agentId)
    {
        using var cmd = Command(connection, null, """
            SELECT id, name, phone_raw, phone, id_number_raw, id_number, org, status, hired_at, terminated_at, extra
            FROM agents WHERE id = $p0
            """, agentId);
        using var reader = cmd.ExecuteReader();
        if (!reader.Read()) return null;
        return new Agent
        {
            Id = reader.GetString(0), Name = Str(reader, 1), Phone = Norm(reader, 2), IdNumber = Norm(reader, 4),
            Org = Str(reader, 6), Status = AgentStatusOf(Str(reader, 7)), HiredAt = Time(reader, 8),
            TerminatedAt = Time(reader, 9),
            Extra = reader.IsDBNull(10) ? null : JsonOutput.Read<Dictionary<string, string>>(reader.GetString(10)),
        };
    }

    public static LinkedHolderPage AgentHolders(SqliteConnection connection, string agentId, int skip, int take)
    {
        using var tx = connection.BeginTransaction(deferred: true);
        int total;
        using (var count = Command(connection, tx,
            "SELECT COUNT(*) FROM holders WHERE id IN (SELECT holder_id FROM policies WHERE agent_id = $p0)", agentId))
            total = (int)(long)count.ExecuteScalar()!;

        var holders = new List<(string Id, string? Name)>();
        if (take > 0 && total > 0)
        {
            using var page = Command(connection, tx, """
                SELECT id, name FROM holders WHERE id IN (SELECT holder_id FROM policies WHERE agent_id = $p0)
                ORDER BY id LIMIT $p1 OFFSET $p2
                """, agentId, take, skip);
            using var reader = page.ExecuteReader();
            while (reader.Read()) holders.Add((reader.GetString(0), Str(reader, 1)));
        }

        var links = new Dictionary<string, List<HolderLink>>(StringComparer.Ordinal);
        if (holders.Count > 0)
        {
            var ids = new string[holders.Count];
            for (int i = 0; i < ids.Length; i++) ids[i] = holders[i].Id;
            using var cmd = Command(connection, tx, """
                SELECT holder_id, id, issued_at FROM policies
                WHERE agent_id = $p0 AND holder_id IN (SELECT value FROM json_each($p1))
                ORDER BY holder_id, issued_at, id
                """, agentId, JsonConvert.SerializeObject(ids));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                ListFor(links, reader.GetString(0)).Add(new HolderLink(RecordKind.Policy, reader.GetString(1), null, Time(reader, 2)));
        }
        tx.Commit();

        var result = new LinkedHolder[holders.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = new LinkedHolder(holders[i].Id, holders[i].Name, links.TryGetValue(holders[i].Id, out var l) ? l : []);
        return new LinkedHolderPage(total, result);
    }

    public static List<HolderMatch> HoldersByIdPrefix(SqliteConnection connection, string prefix, int limit)
    {
        // A range on the unique index instead of LIKE, which SQLite only turns into a range for ASCII-case-folded text.
        using var cmd = Command(connection, null, """
            SELECT id, name FROM holders WHERE id >= $p0 AND id < $p1 ORDER BY id LIMIT $p2
            """, prefix, RangeEnd(prefix), limit);
        return Matches(cmd);
    }

    public static List<HolderMatch> HoldersByPhonePattern(SqliteConnection connection, string prefix, string suffix, int length, int limit)
    {
        using var cmd = Command(connection, null, """
            SELECT DISTINCT h.id, h.name
            FROM contact_points AS cp
            JOIN links AS l ON l.contact_id = cp.id
            JOIN holders AS h ON h.hid = l.hid
            WHERE cp.kind = $p0 AND cp.value >= $p1 AND cp.value < $p2 AND length(cp.value) = $p3 AND substr(cp.value, $p4) = $p5
            ORDER BY h.id LIMIT $p6
            """, (int)ContactKind.Phone, prefix, RangeEnd(prefix), length, -suffix.Length, suffix, limit);
        return Matches(cmd);
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/> (which is not empty).</summary>
    private static string RangeEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static List<HolderMatch> Matches(SqliteCommand cmd)
    {
        var matches = new List<HolderMatch>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) matches.Add(new HolderMatch(reader.GetString(0), Str(reader, 1)));
        return matches;
    }
}
