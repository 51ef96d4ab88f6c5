using Microsoft.Data.Sqlite;

namespace Graph.Storage.Sqlite;

/// <summary>
/// One SQL statement prepared once and executed many times with positional parameters (<c>$p0</c>, <c>$p1</c>, ...).
/// Values are only ever bound, never spliced into the text.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public PreparedStatement(SqliteConnection connection, string sql, int parameterCount, SqliteTransaction? transaction = null)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new SqliteParameter[parameterCount];
        for (int i = 0; i < parameterCount; i++)
        {
            _parameters[i] = _command.CreateParameter();
            _parameters[i].ParameterName = "$p" + i;
            _parameters[i].Value = DBNull.Value;
            _command.Parameters.Add(_parameters[i]);
        }
        _command.Prepare();
    }

    /// <summary>Sets parameter <c>$p{index}</c>; a null becomes SQL NULL.</summary>
    public void Set(int index, object? value) => _parameters[index].Value = value ?? DBNull.Value;

    public int Execute() => _command.ExecuteNonQuery();

    /// <summary>The first column of the first row, or null when there is no row (or it is NULL).</summary>
    public object? Scalar()
    {
        var v = _command.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public SqliteDataReader Reader() => _command.ExecuteReader();

    /// <summary>
    /// Builds <c>INSERT ... ON CONFLICT(columns[0]) DO UPDATE</c> setting every column after the first
    /// <paramref name="fixedColumns"/> (the key, and a surrogate that must not change): last write wins.
    /// </summary>
    public static string UpsertSql(string table, IReadOnlyList<string> columns, bool hasStubFlag, int fixedColumns = 1)
    {
        var names = string.Join(", ", columns);
        var values = string.Join(", ", columns.Select((_, i) => "$p" + i));
        var keys = columns[0];
        var updates = string.Join(", ", columns.Skip(fixedColumns).Select(c => $"{c} = excluded.{c}"));
        return hasStubFlag
            ? $"INSERT INTO {table}({names}, is_stub) VALUES({values}, 0) ON CONFLICT({keys}) DO UPDATE SET {updates}, is_stub = 0"
            : $"INSERT INTO {table}({names}) VALUES({values}) ON CONFLICT({keys}) DO UPDATE SET {updates}";
    }

    public void Dispose() => _command.Dispose();
}
