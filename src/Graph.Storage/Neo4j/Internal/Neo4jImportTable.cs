using System.Globalization;
using System.Text;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// One node or relationship file of a Neo4j offline import (<c>NAME.csv</c> with its header in <c>NAME.header.csv</c>),
/// spooled first and written at the end. The spool is needed because the file cannot be written as rows arrive: a
/// record repeated later in the input replaces the rows its earlier version made (last write wins, as in the online
/// load), and the header must name every property column, which is known only once every row has been seen.
/// </summary>
/// <remarks>
/// <para>The CSV format suits both importers: every string is quoted, a quote inside is doubled and a backslash is
/// written as two (Neo4j 3.x always reads <c>\\</c> as one backslash inside quotes; 5.x does with
/// <c>--legacy-style-quoting=true</c>), so any text, line breaks included (<c>--multiline-fields</c>), reads back
/// exactly. An empty string is <c>""</c>; a missing property is an empty field, which both importers skip, as the
/// online load's <c>SET n = $props</c> drops nulls.</para>
/// <para>Spool rows: the record's ordinal (−1 for rows no later record can replace: stubs, contact points), the
/// key columns, then the properties as (column, type, value).</para>
/// </remarks>
internal sealed class Neo4jImportTable : IDisposable
{
    private enum ColumnType : byte { String, Long, Boolean }

    private readonly string _spoolPath;
    private readonly string[] _keyColumns;
    private readonly string _propertyOfKey;
    private readonly string _constantColumn;
    private readonly string _constantValue;
    private readonly List<(string Name, ColumnType Type)> _columns = [];
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private BinaryWriter? _spool;

    /// <param name="folder">Where the table's files go.</param>
    /// <param name="name">The file name without <c>.csv</c>: <c>Policyholder</c>, <c>LINKED_TO-Phone</c>.</param>
    /// <param name="keyColumns">The key columns' headers: <c>holder_id:ID(Policyholder)</c>, or <c>:START_ID(…)</c> and <c>:END_ID(…)</c>.</param>
    /// <param name="constantColumn"><c>:LABEL</c> or <c>:TYPE</c>, written on every row so the files say what they hold.</param>
    /// <param name="constantValue">The labels (<c>Phone;ContactPoint</c>) or the relationship type.</param>
    public Neo4jImportTable(string folder, string name, string[] keyColumns, string constantColumn, string constantValue)
    {
        Name = name;
        DataPath = Path.Combine(folder, name + ".csv");
        HeaderPath = Path.Combine(folder, name + ".header.csv");
        _spoolPath = Path.Combine(folder, name + ".spool");
        _keyColumns = keyColumns;
        // A node's key column stores its property (holder_id:ID(…) stores holder_id), which a property of the same name
        // must not repeat: the online load sets the key last (SET n = row.props, n.holder_id = row.id), so the key wins.
        _propertyOfKey = keyColumns.Length == 1 ? keyColumns[0][..keyColumns[0].IndexOf(':', StringComparison.Ordinal)] : "";
        _constantColumn = constantColumn;
        _constantValue = constantValue;
    }

    public string Name { get; }

    public string DataPath { get; }

    public string HeaderPath { get; }

    /// <summary>Rows written to <see cref="DataPath"/> by <see cref="Write"/>.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds a row: one key for a node, start and end for a relationship; null properties are left out.</summary>
    public void Add(long ordinal, string key, string? end, IReadOnlyDictionary<string, object?>? properties)
    {
        var spool = _spool ??= new BinaryWriter(new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8);
        spool.Write(ordinal);
        spool.Write(key);
        if (_keyColumns.Length == 2) spool.Write(end!);
        int count = 0;
        if (properties is not null)
            foreach (var (name, value) in properties)
                if (value is not null && name != _propertyOfKey) count++;
        spool.Write7BitEncodedInt(count);
        if (count == 0) return;
        foreach (var (name, value) in properties!)
        {
            if (value is null || name == _propertyOfKey) continue;
            var type = value switch
            {
                string => ColumnType.String,
                long or int => ColumnType.Long,
                bool => ColumnType.Boolean,
                _ => throw new InvalidOperationException($"{Name}: property {name} is a {value.GetType().Name}; the import writes text, integers and booleans."),
            };
            spool.Write7BitEncodedInt(Column(name, type));
            switch (value)
            {
                case string s: spool.Write(s); break;
                case long l: spool.Write(l); break;
                case int i: spool.Write((long)i); break;
                case bool b: spool.Write(b); break;
            }
        }
    }

    private int Column(string name, ColumnType type)
    {
        if (_columnIndex.TryGetValue(name, out int index))
        {
            if (_columns[index].Type != type)
                throw new InvalidOperationException($"{Name}: property {name} is a {_columns[index].Type} in one row and a {type} in another.");
            return index;
        }
        _columns.Add((name, type));
        return _columnIndex[name] = _columns.Count - 1;
    }

    /// <summary>
    /// Writes the header and data files from the spool, leaving out the rows of <paramref name="replaced"/> records, and
    /// deletes the spool; a table without rows writes no file. <paramref name="kept"/> hears the key of every row written
    /// (a relationship's end key).
    /// </summary>
    public void Write(HashSet<long> replaced, Action<string>? kept = null)
    {
        if (_spool is null) return; // no rows: no file
        var header = new StringBuilder();
        header.AppendJoin(',', _keyColumns);
        foreach (var (name, type) in _columns)
            header.Append(',').Append(name).Append(type switch { ColumnType.Long => ":long", ColumnType.Boolean => ":boolean", _ => ":string" });
        header.Append(',').Append(_constantColumn).Append('\n');
        File.WriteAllText(HeaderPath, header.ToString(), Utf8);

        using var data = new StreamWriter(new FileStream(DataPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Utf8, 1 << 16);
        _spool.Dispose();
        _spool = null;
        var values = new object?[_columns.Count];
        using (var spool = new BinaryReader(new FileStream(_spoolPath, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16), Encoding.UTF8))
        {
            long length = spool.BaseStream.Length;
            while (spool.BaseStream.Position < length)
            {
                long ordinal = spool.ReadInt64();
                string key = spool.ReadString();
                string? end = _keyColumns.Length == 2 ? spool.ReadString() : null;
                Array.Clear(values);
                int count = spool.Read7BitEncodedInt();
                for (int i = 0; i < count; i++)
                {
                    int column = spool.Read7BitEncodedInt();
                    values[column] = _columns[column].Type switch
                    {
                        ColumnType.Long => spool.ReadInt64(),
                        ColumnType.Boolean => spool.ReadBoolean(),
                        _ => spool.ReadString(),
                    };
                }
                if (ordinal >= 0 && replaced.Contains(ordinal)) continue;

                WriteText(data, key);
                if (end is not null)
                {
                    data.Write(',');
                    WriteText(data, end);
                }
                foreach (var value in values)
                {
                    data.Write(',');
                    switch (value)
                    {
                        case string s: WriteText(data, s); break;
                        case long l: data.Write(l.ToString(CultureInfo.InvariantCulture)); break;
                        case bool b: data.Write(b ? "true" : "false"); break;
                    }
                }
                data.Write(',');
                data.Write(_constantValue);
                data.Write('\n');
                Rows++;
                kept?.Invoke(end ?? key);
            }
        }
        File.Delete(_spoolPath);
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A quoted CSV field that Neo4j 3.x and 5.x (legacy quoting) both read back as <paramref name="s"/>.</summary>
    private static void WriteText(StreamWriter writer, string s)
    {
        writer.Write('"');
        if (s.AsSpan().IndexOfAny('"', '\\') < 0) writer.Write(s);
        else
            foreach (var ch in s)
            {
                if (ch is '"' or '\\') writer.Write(ch);
                writer.Write(ch);
            }
        writer.Write('"');
    }

    public void Dispose() => _spool?.Dispose();
}
