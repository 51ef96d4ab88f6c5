using System.Diagnostics.CodeAnalysis;
using System.Data;
using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Graph.Analytics.Workbooks;

/// <summary>What a column holds, and so how its cells are typed in the workbook.</summary>
public enum CellKind
{
    /// <summary>A string cell, never a formula: <c>=SUM(A1)</c> stays the text <c>=SUM(A1)</c>.</summary>
    Text,
    /// <summary>A number (score, amount, probability).</summary>
    Number,
    /// <summary>A whole number (counts).</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "A spreadsheet cell kind, named as spreadsheets name it, beside Number, DateTime and Boolean.")]
    Integer,
    /// <summary>A date and time, shown <c>yyyy-mm-dd hh:mm:ss</c> in China Standard Time (the contract's default offset).</summary>
    DateTime,
    /// <summary>TRUE or FALSE.</summary>
    Boolean,
}

/// <summary>One column of a <see cref="Sheet"/>: its header and the kind of its cells.</summary>
public sealed record SheetColumn(string Header, CellKind Kind);

/// <summary>One sheet of a workbook: a header row and rows of cells typed by their column.</summary>
[SuppressMessage("Design", "CA1001", Justification = "A DataTable holds no unmanaged resource; its Dispose only raises an event nobody listens to.")]
public sealed class Sheet
{
    private readonly DataTable _table;

    /// <param name="name">The sheet's tab name (at most 31 characters, Excel's limit).</param>
    public Sheet(string name, IReadOnlyList<SheetColumn> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        if (name.Length > 31) throw new ArgumentException($"Sheet name '{name}' is longer than Excel's 31 characters.", nameof(name));
        Name = name;
        Columns = columns;
        _table = new DataTable(name) { Locale = CultureInfo.InvariantCulture };
        foreach (var c in columns) _table.Columns.Add(c.Header, ClrType(c.Kind));
        Widths = new int[columns.Count];
        for (int i = 0; i < columns.Count; i++) Widths[i] = DisplayWidth(columns[i].Header);
    }

    public string Name { get; }
    public IReadOnlyList<SheetColumn> Columns { get; }
    internal DataTable Table => _table;

    /// <summary>The widest cell of each column in character cells (a CJK character counts two), header included.</summary>
    internal int[] Widths { get; }

    /// <summary>
    /// Adds a row, one cell per column: null for an empty cell; strings for text; any number for numbers;
    /// <see cref="DateTimeOffset"/> for dates; bools for booleans.
    /// </summary>
    /// <exception cref="ArgumentException">The row has the wrong number of cells, or a cell does not fit its column.</exception>
    public void Add(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Sheet {Name} has {Columns.Count} columns; the row has {cells.Length} cells.", nameof(cells));
        var row = _table.NewRow();
        for (int i = 0; i < cells.Length; i++)
        {
            object value = Cell(Columns[i], cells[i]);
            row[i] = value;
            if (value is string s) Widths[i] = Math.Max(Widths[i], DisplayWidth(s));
            else if (value is not DBNull) Widths[i] = Math.Max(Widths[i], Columns[i].Kind == CellKind.DateTime ? 19 : 12);
        }
        _table.Rows.Add(row);
    }

    public int RowCount => _table.Rows.Count;

    /// <summary>Excel's limit on the characters of one cell.</summary>
    public const int MaxCellText = 32_767;

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private static object Cell(SheetColumn column, object? value)
    {
        if (value is null) return DBNull.Value;
        try
        {
            return column.Kind switch
            {
                CellKind.Text => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
                CellKind.Number => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                CellKind.Integer => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                CellKind.DateTime => value switch
                {
                    DateTimeOffset t => t.ToOffset(ChinaStandardTime).DateTime,
                    _ => throw new InvalidCastException(),
                },
                CellKind.Boolean => (bool)value,
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArgumentException($"Column {column.Header} holds {column.Kind} cells; got {value.GetType().Name}.", nameof(value), e);
        }
    }

    private static object Text(string s)
    {
        if (s.Length == 0) return DBNull.Value;
        return s.Length <= MaxCellText ? s : string.Concat(s.AsSpan(0, MaxCellText - 1), "…");
    }

    private static Type ClrType(CellKind kind) => kind switch
    {
        CellKind.Number => typeof(double),
        CellKind.Integer => typeof(long),
        CellKind.DateTime => typeof(DateTime),
        CellKind.Boolean => typeof(bool),
        _ => typeof(string),
    };

    /// <summary>Character cells a text takes on screen: East Asian wide characters take two.</summary>
    private static int DisplayWidth(string s)
    {
        int w = 0;
        foreach (char c in s) w += c >= '\u1100' && (c <= '\u115F' || (c >= '\u2E80' && c <= '\uA4CF') || (c >= '\uAC00' && c <= '\uD7A3') || (c >= '\uF900' && c <= '\uFAFF') || (c >= '\uFF00' && c <= '\uFF60')) ? 2 : 1;
        return w;
    }
}

/// <summary>
/// Writes <c>.xlsx</c> workbooks for analysts (MiniExcel): on every sheet the header row is frozen, filters are on,
/// column widths follow the content (between 8 and 60 characters), numbers and dates are typed cells, and text is
/// always a string cell, so a value such as <c>=HYPERLINK(…)</c>, <c>+86…</c>, <c>-1</c> or <c>@x</c> is shown as
/// written and never runs as a formula.
/// </summary>
public static class Workbook
{
    private const int MinWidth = 8;
    private const int MaxWidth = 60;
    private const string DateFormat = "yyyy-mm-dd hh:mm:ss";

    /// <summary>The workbook's bytes, sheets in the given order.</summary>
    public static byte[] Write(IReadOnlyList<Sheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Count == 0) throw new ArgumentException("A workbook needs at least one sheet.", nameof(sheets));
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        // MiniExcel sets widths and formats per column name across the workbook: the widest use of a name wins.
        var columns = new Dictionary<string, DynamicExcelColumn>(StringComparer.Ordinal);
        foreach (var sheet in sheets)
        {
            if (!values.TryAdd(sheet.Name, sheet.Table)) throw new ArgumentException($"Two sheets are named {sheet.Name}.", nameof(sheets));
            for (int i = 0; i < sheet.Columns.Count; i++)
            {
                var c = sheet.Columns[i];
                double width = Math.Clamp(sheet.Widths[i] + 2, MinWidth, MaxWidth);
                if (columns.TryGetValue(c.Header, out var known)) known.Width = Math.Max(known.Width, width);
                else columns[c.Header] = new DynamicExcelColumn(c.Header) { Width = width, Format = c.Kind == CellKind.DateTime ? DateFormat : null };
            }
        }
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            DynamicColumns = [.. columns.Values],
        };
        using var stream = new MemoryStream();
        stream.SaveAs(values, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
        return stream.ToArray();
    }
}
