using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Graph.Cli.Tests;

/// <summary>A content hash of every table of a SQLite store, independent of page layout.</summary>
public static class StoreDump
{
    public static string Hash(string dbPath)
    {
        if (!File.Exists(dbPath)) return "missing";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"#{table}\n"));
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
            using var r = cmd.ExecuteReader();
            var row = new StringBuilder();
            while (r.Read())
            {
                row.Clear();
                for (int i = 0; i < r.FieldCount; i++) row.Append(r.IsDBNull(i) ? "\u2400" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u241F');
                sha.AppendData(Encoding.UTF8.GetBytes(row.Append('\n').ToString()));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
