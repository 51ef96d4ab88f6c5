using Graph.Core;
using Microsoft.Data.Sqlite;
using static Graph.Storage.Sqlite.SqliteValues;

namespace Graph.Storage.Sqlite;

/// <summary>
/// What the store's plain ADO.NET readers and writers share (runs, the explorer's pages, evidence records): small
/// queries where clarity beats speed. The bulk paths (load, snapshot) use <see cref="Internal.NativeStatement"/>.
/// </summary>
internal static class SqliteCommands
{
    /// <summary>A command in <paramref name="tx"/> with <paramref name="values"/> bound to <c>$p0</c>, <c>$p1</c>, … in order.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params object[] values)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (int i = 0; i < values.Length; i++) cmd.Parameters.AddWithValue("$p" + i, values[i]);
        return cmd;
    }

    /// <summary>Column <paramref name="i"/> as text, or null when it is NULL.</summary>
    public static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>A raw value and its normalized form, stored in columns <paramref name="rawIndex"/> and the one after it.</summary>
    public static Normalized Norm(SqliteDataReader r, int rawIndex) => new(Str(r, rawIndex), Str(r, rawIndex + 1));

    /// <summary>Column <paramref name="i"/> as a time (<see cref="SqliteValues"/>' spelling), or null when it is NULL.</summary>
    public static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ParseTime(r.GetString(i));

    /// <summary>The list kept under <paramref name="key"/>, added empty the first time (grouping rows by a key).</summary>
    public static List<T> ListFor<TKey, T>(Dictionary<TKey, List<T>> lists, TKey key) where TKey : notnull
    {
        if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
        return list;
    }
}
