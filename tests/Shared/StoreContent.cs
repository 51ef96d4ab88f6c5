// Compiled into the CLI and nightly test projects (see their csproj): one copy of the helpers both need.
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Graph.TestSupport;

/// <summary>
/// A content hash of the data tables of a SQLite store: everything loaded (holders, agents, policies, events,
/// contact points, links, and the fingerprints and row counts of the loads), and nothing that records when or how
/// often something ran (load times and sources, analysis runs and their rings).
/// </summary>
public static class StoreContent
{
    private static readonly HashSet<string> RunTables = new(StringComparer.Ordinal)
    {
        "runs", "rings", "ring_members", "ring_reasons", "ring_changes", "value_roles", "value_role_counts", "schema_version",
    };

    /// <param name="withLoadFingerprints">
    /// False leaves out the loads' fingerprints (hashes of the bytes delivered), to compare the same data delivered in
    /// different forms (UTF-8, GB18030, a workbook).
    /// </param>
    public static string Hash(string dbPath, bool withLoadFingerprints = true)
    {
        if (!File.Exists(dbPath)) return "missing";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) if (!RunTables.Contains(r.GetString(0))) tables.Add(r.GetString(0));
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"#{table}\n"));
            var loadColumns = withLoadFingerprints ? "fingerprint, rows" : "rows";
            var columns = table == "loads" ? loadColumns : "*";
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT * FROM \"{table}\" LIMIT 0";
            int n;
            using (var r0 = count.ExecuteReader()) n = table == "loads" ? loadColumns.Split(',').Length : r0.FieldCount;
            var order = string.Join(", ", Enumerable.Range(1, n));
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {columns} FROM \"{table}\" ORDER BY {order}";
            using var r = cmd.ExecuteReader();
            var row = new StringBuilder();
            while (r.Read())
            {
                row.Clear();
                for (int i = 0; i < r.FieldCount; i++)
                    row.Append(r.IsDBNull(i) ? "\u2400" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u241F');
                sha.AppendData(Encoding.UTF8.GetBytes(row.Append('\n').ToString()));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Rows of a table (for messages and simple checks).</summary>
    public static long Count(string dbPath, string table)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)cmd.ExecuteScalar()!;
    }
}
