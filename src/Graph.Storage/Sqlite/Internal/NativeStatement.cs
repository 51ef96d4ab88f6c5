using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Graph.Storage.Sqlite.Internal;

/// <summary>
/// A prepared statement driven through the SQLite C API directly, for the hot paths: a million-holder load
/// executes millions of statements and a snapshot reads millions of rows. Microsoft.Data.Sqlite costs several
/// managed allocations, a parameter-name lookup per value and two SafeHandle reference counts per native call;
/// here a value is bound by index with one call, and text is read as UTF-8 bytes without a string when the
/// caller only needs to parse or compare it.
/// </summary>
/// <remarks>
/// The statement borrows the native handle of an open <see cref="SqliteConnection"/>, which must stay open until
/// the statement is disposed. Parameters are 1-based as in the C API; columns are 0-based. Values are always
/// bound, never spliced into SQL text. Not thread-safe (neither is the connection).
/// </remarks>
internal sealed unsafe class NativeStatement : IDisposable
{
    private readonly nint _db;
    private nint _stmt;
    private byte[] _scratch = new byte[256];

    public NativeStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!.DangerousGetHandle();
        var utf8 = Encoding.UTF8.GetBytes(sql);
        fixed (byte* p = utf8)
        {
            nint stmt;
            Check(Native.sqlite3_prepare_v2(_db, p, utf8.Length, &stmt, null));
            _stmt = stmt;
        }
    }

    public void BindNull(int index) => Check(Native.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, long value) => Check(Native.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, double value) => Check(Native.sqlite3_bind_double(_stmt, index, value));

    /// <summary>Binds text (null binds NULL). SQLite copies the bytes, so one scratch buffer serves every value.</summary>
    public void Bind(int index, string? value)
    {
        if (value is null) { BindNull(index); return; }
        Bind(index, value.AsSpan());
    }

    public void Bind(int index, ReadOnlySpan<char> value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _scratch.Length) _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        int n = Encoding.UTF8.GetBytes(value, _scratch);
        fixed (byte* p = _scratch)
            Check(Native.sqlite3_bind_text(_stmt, index, p, n, Native.SQLITE_TRANSIENT));
    }

    /// <summary>Runs a statement that returns no rows (or whose rows are ignored) and resets it.</summary>
    public void Execute()
    {
        int rc = Native.sqlite3_step(_stmt);
        while (rc == Native.SQLITE_ROW) rc = Native.sqlite3_step(_stmt);
        Native.sqlite3_reset(_stmt);
        if (rc != Native.SQLITE_DONE) Fail(rc);
    }

    /// <summary>Steps to the next row; false (and the statement reset) when there is none.</summary>
    public bool Read()
    {
        int rc = Native.sqlite3_step(_stmt);
        if (rc == Native.SQLITE_ROW) return true;
        Native.sqlite3_reset(_stmt);
        if (rc != Native.SQLITE_DONE) Fail(rc);
        return false;
    }

    /// <summary>Ends a read early so the statement can be run again.</summary>
    public void Reset() => Native.sqlite3_reset(_stmt);

    public bool IsNull(int column) => Native.sqlite3_column_type(_stmt, column) == Native.SQLITE_NULL;

    public long GetInt64(int column) => Native.sqlite3_column_int64(_stmt, column);

    public double GetDouble(int column) => Native.sqlite3_column_double(_stmt, column);

    /// <summary>The column's text as UTF-8 bytes, valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> GetUtf8(int column)
    {
        byte* p = Native.sqlite3_column_text(_stmt, column);
        int n = Native.sqlite3_column_bytes(_stmt, column);
        return p is null ? default : new ReadOnlySpan<byte>(p, n);
    }

    public string GetString(int column) => Encoding.UTF8.GetString(GetUtf8(column));

    public string? GetStringOrNull(int column) => IsNull(column) ? null : GetString(column);

    public void Dispose()
    {
        if (_stmt == 0) return;
        Native.sqlite3_finalize(_stmt);
        _stmt = 0;
    }

    private void Check(int rc)
    {
        if (rc != Native.SQLITE_OK) Fail(rc);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(int rc)
    {
        var message = Marshal.PtrToStringUTF8((nint)Native.sqlite3_errmsg(_db)) ?? "unknown error";
        throw new SqliteException($"SQLite Error {rc}: '{message}'.", rc, Native.sqlite3_extended_errcode(_db));
    }

    /// <summary>
    /// The few C entry points the hot paths use, from the same <c>e_sqlite3</c> library Microsoft.Data.Sqlite loads
    /// (bundled by SQLitePCLRaw.bundle_e_sqlite3).
    /// </summary>
    private static class Native
    {
        private const string Library = "e_sqlite3";
        public const int SQLITE_OK = 0, SQLITE_ROW = 100, SQLITE_DONE = 101, SQLITE_NULL = 5;
        public static readonly nint SQLITE_TRANSIENT = -1;

        [DllImport(Library)] public static extern int sqlite3_prepare_v2(nint db, byte* sql, int bytes, nint* stmt, byte** tail);
        [DllImport(Library)] public static extern int sqlite3_bind_null(nint stmt, int index);
        [DllImport(Library)] public static extern int sqlite3_bind_int64(nint stmt, int index, long value);
        [DllImport(Library)] public static extern int sqlite3_bind_double(nint stmt, int index, double value);
        [DllImport(Library)] public static extern int sqlite3_bind_text(nint stmt, int index, byte* text, int bytes, nint destructor);
        [DllImport(Library)] public static extern int sqlite3_step(nint stmt);
        [DllImport(Library)] public static extern int sqlite3_reset(nint stmt);
        [DllImport(Library)] public static extern int sqlite3_finalize(nint stmt);
        [DllImport(Library)] public static extern int sqlite3_column_type(nint stmt, int column);
        [DllImport(Library)] public static extern long sqlite3_column_int64(nint stmt, int column);
        [DllImport(Library)] public static extern double sqlite3_column_double(nint stmt, int column);
        [DllImport(Library)] public static extern byte* sqlite3_column_text(nint stmt, int column);
        [DllImport(Library)] public static extern int sqlite3_column_bytes(nint stmt, int column);
        [DllImport(Library)] public static extern byte* sqlite3_errmsg(nint db);
        [DllImport(Library)] public static extern int sqlite3_extended_errcode(nint db);
    }
}
