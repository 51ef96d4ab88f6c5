using Microsoft.Data.Sqlite;

namespace Graph.Storage.Sqlite;

/// <summary>
/// One SQL statement prepared once and executed many times with positional parameters (<c>$p0</c>, <c>$p1</c>, ...),
/// through Microsoft.Data.Sqlite, for the low-volume writes (analysis runs). Values are only ever bound, never
/// spliced into the text. The load and snapshot hot paths use <see cref="Internal.NativeStatement"/> instead.
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

    public void Dispose() => _command.Dispose();
}
