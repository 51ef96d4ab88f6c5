using System.Text;

namespace Graph.Storage.Sqlite.Internal;

/// <summary>
/// Statement executions in order, each with its parameter values: what a load's batch of records comes to once its
/// ids are resolved, its links found and its text encoded as UTF-8. Planned on one thread and run on another, so the
/// thread holding the SQLite connection does little but bind and step. Values live in three flat arrays that are
/// reused from batch to batch (<see cref="Clear"/>), so a batch of thousands of records allocates nothing once warm.
/// </summary>
internal sealed class StatementBatch
{
    private const int IsNumber = -1, IsNull = -2;

    /// <summary>Statement number (an index into the runner's statements) and its first value.</summary>
    private (int Statement, int FirstValue)[] _steps = new (int, int)[1024];
    /// <summary>A number (<c>Length == IsNumber</c>), NULL, or text at <c>Offset</c> in <see cref="_text"/>.</summary>
    private (long Number, int Offset, int Length)[] _values = new (long, int, int)[8192];
    private byte[] _text = new byte[1 << 16];
    private int _stepCount, _valueCount, _textLength;

    /// <summary>Starts an execution of statement <paramref name="statement"/>; the values added next bind ?1, ?2, ... in order.</summary>
    public StatementBatch Run(int statement)
    {
        if (_stepCount == _steps.Length) Array.Resize(ref _steps, _steps.Length * 2);
        _steps[_stepCount++] = (statement, _valueCount);
        return this;
    }

    public StatementBatch Number(long value) => Add((value, 0, IsNumber));

    public StatementBatch Null() => Add((0, 0, IsNull));

    /// <summary>Text (null adds NULL).</summary>
    public StatementBatch Text(string? value) => value is null ? Null() : Text(value.AsSpan());

    public StatementBatch Text(ReadOnlySpan<char> value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_textLength + max > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + max));
        int length = Encoding.UTF8.GetBytes(value, _text.AsSpan(_textLength));
        Add((0, _textLength, length));
        _textLength += length;
        return this;
    }

    /// <summary>A timestamp as the store spells it (<see cref="SqliteValues.FormatTime(DateTimeOffset)"/>); null adds NULL.</summary>
    public StatementBatch Time(DateTimeOffset? value)
    {
        if (value is not { } t) return Null();
        Span<char> buffer = stackalloc char[40];
        return Text(buffer[..SqliteValues.FormatTime(t, buffer)]);
    }

    /// <summary>
    /// Runs every execution in order on <paramref name="statements"/> and hands each row they return (its first column)
    /// to <paramref name="row"/>: a <c>DELETE ... RETURNING</c> says what it deleted.
    /// </summary>
    public void Execute(NativeStatement[] statements, Action<long> row)
    {
        for (int s = 0; s < _stepCount; s++)
        {
            var (number, first) = _steps[s];
            int end = s + 1 < _stepCount ? _steps[s + 1].FirstValue : _valueCount;
            var statement = statements[number];
            // A value planned out of place would bind the wrong column, or leave one bound from the previous row.
            if (end - first != statement.ParameterCount)
                throw new InvalidOperationException($"statement {number} takes {statement.ParameterCount} values, {end - first} were planned");
            for (int v = first; v < end; v++)
            {
                var (value, offset, length) = _values[v];
                int parameter = v - first + 1;
                if (length == IsNumber) statement.Bind(parameter, value);
                else if (length == IsNull) statement.BindNull(parameter);
                else statement.BindUtf8(parameter, _text.AsSpan(offset, length));
            }
            while (statement.Read()) row(statement.GetInt64(0));
        }
    }

    /// <summary>Empties the batch for reuse, keeping its arrays.</summary>
    public void Clear() => _stepCount = _valueCount = _textLength = 0;

    private StatementBatch Add((long, int, int) value)
    {
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount++] = value;
        return this;
    }
}
