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
        : this(connection.Handle!.DangerousGetHandle(), sql)
    {
    }

    public NativeStatement(NativeConnection connection, string sql)
        : this(connection.Handle, sql)
    {
    }

    private NativeStatement(nint db, string sql)
    {
        _db = db;
        var utf8 = Encoding.UTF8.GetBytes(sql);
        fixed (byte* p = utf8)
        {
            nint stmt;
            Check(Native.sqlite3_prepare_v2(_db, p, utf8.Length, &stmt, null));
            _stmt = stmt;
            ParameterCount = Native.sqlite3_bind_parameter_count(stmt);
        }
    }

    /// <summary>The largest parameter number in the statement (<c>?12</c> makes 12).</summary>
    public int ParameterCount { get; }

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

    /// <summary>Binds text already encoded as UTF-8 (SQLite copies it). Empty is empty text, not NULL.</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> utf8)
    {
        // MemoryMarshal.GetReference, not `fixed (byte* p = utf8)`: the latter gives a null pointer for an empty span,
        // which SQLite would bind as NULL.
        fixed (byte* p = &MemoryMarshal.GetReference(utf8))
            Check(Native.sqlite3_bind_text(_stmt, index, p, utf8.Length, Native.SQLITE_TRANSIENT));
    }

    /// <summary>Runs a statement that returns no rows (or whose rows are ignored) and resets it.</summary>
    public void Execute()
    {
        int rc = Native.sqlite3_step(_stmt);
        while (rc == Native.SQLITE_ROW) rc = Native.sqlite3_step(_stmt);
        _ = Native.sqlite3_reset(_stmt);
        if (rc != Native.SQLITE_DONE) Fail(rc);
    }

    /// <summary>Steps to the next row; false (and the statement reset) when there is none.</summary>
    public bool Read()
    {
        int rc = Native.sqlite3_step(_stmt);
        if (rc == Native.SQLITE_ROW) return true;
        _ = Native.sqlite3_reset(_stmt);
        if (rc != Native.SQLITE_DONE) Fail(rc);
        return false;
    }

    /// <summary>Ends a read early so the statement can be run again.</summary>
    public void Reset() => _ = Native.sqlite3_reset(_stmt);

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
        _ = Native.sqlite3_finalize(_stmt);
        _stmt = 0;
    }

    private void Check(int rc)
    {
        if (rc != Native.SQLITE_OK) Fail(rc);
    }

    private void Fail(int rc) => Native.Throw(_db, rc);
}

/// <summary>
/// A connection opened through the C API in multi-thread mode (<c>SQLITE_OPEN_NOMUTEX</c>): a load makes millions
/// of calls from one thread, and the serialized mode Microsoft.Data.Sqlite uses would lock and unlock a mutex on
/// every one of them. Used by one thread at a time only.
/// </summary>
internal sealed unsafe class NativeConnection : IDisposable
{
    private const int SQLITE_OPEN_READONLY = 0x1, SQLITE_OPEN_READWRITE = 0x2, SQLITE_OPEN_NOMUTEX = 0x8000;

    public NativeConnection(string path, bool readOnly, int busyTimeoutMs)
    {
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        nint db;
        int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
        int rc;
        fixed (byte* p = utf8) rc = Native.sqlite3_open_v2(p, &db, flags, null);
        Handle = db;
        if (rc != Native.SQLITE_OK)
        {
            try { Native.Throw(db, rc); }
            finally { Dispose(); }
        }
        _ = Native.sqlite3_busy_timeout(db, busyTimeoutMs);
    }

    public nint Handle { get; private set; }

    // Interrupt may come from another thread (a cancellation callback): it must never see a closed handle.
    private readonly Lock _gate = new();

    /// <summary>
    /// Stops the statement running on this connection (from any thread): it fails with SQLITE_INTERRUPT. A no-op once
    /// the connection is closed or when nothing runs.
    /// </summary>
    public void Interrupt()
    {
        lock (_gate)
            if (Handle != 0) Native.sqlite3_interrupt(Handle);
    }

    /// <summary>True while a transaction is open (SQLite may end one by itself after some errors).</summary>
    public bool InTransaction => Native.sqlite3_get_autocommit(Handle) == 0;

    /// <summary>Runs statements that take no parameters (pragmas, BEGIN, COMMIT).</summary>
    public void Exec(string sql)
    {
        var utf8 = Encoding.UTF8.GetBytes(sql + "\0");
        fixed (byte* p = utf8)
        {
            int rc = Native.sqlite3_exec(Handle, p, 0, 0, null);
            if (rc != Native.SQLITE_OK) Native.Throw(Handle, rc);
        }
    }

    /// <summary>
    /// Where this connection's open read transaction stands in the WAL (SQLite's 48-byte snapshot record), or null
    /// when no frame has been written to the WAL since it was created: the transaction then reads the database file
    /// alone. Two read transactions with equal positions see the same data.
    /// </summary>
    public byte[]? ReadPosition()
    {
        nint snapshot;
        fixed (byte* main = "main\0"u8)
        {
            if (Native.sqlite3_snapshot_get(Handle, main, &snapshot) != Native.SQLITE_OK) return null;
        }
        try
        {
            return new ReadOnlySpan<byte>((void*)snapshot, SnapshotBytes).ToArray();
        }
        finally
        {
            Native.sqlite3_snapshot_free(snapshot);
        }
    }

    /// <summary>The size of <c>sqlite3_snapshot</c> (<c>unsigned char hidden[48]</c> in sqlite3.h).</summary>
    private const int SnapshotBytes = 48;

    public long Scalar(string sql)
    {
        using var q = new NativeStatement(this, sql);
        long v = q.Read() ? q.GetInt64(0) : 0;
        q.Reset();
        return v;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (Handle == 0) return;
            // close_v2 defers the close until every statement is finalized, so a forgotten statement cannot crash.
            _ = Native.sqlite3_close_v2(Handle);
            Handle = 0;
        }
    }
}

/// <summary>
/// The few C entry points the hot paths use, from the same <c>e_sqlite3</c> library Microsoft.Data.Sqlite loads
/// (bundled by SQLitePCLRaw.bundle_e_sqlite3).
/// </summary>
internal static unsafe class Native
{
    private const string Library = "e_sqlite3";
    public const int SQLITE_OK = 0, SQLITE_ROW = 100, SQLITE_DONE = 101, SQLITE_NULL = 5;
    public static readonly nint SQLITE_TRANSIENT = -1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(nint db, int rc)
    {
        var message = db == 0 ? "cannot open" : Marshal.PtrToStringUTF8((nint)sqlite3_errmsg(db)) ?? "unknown error";
        throw new SqliteException($"SQLite Error {rc}: '{message}'.", rc, db == 0 ? rc : sqlite3_extended_errcode(db));
    }

    [DllImport(Library)] public static extern int sqlite3_open_v2(byte* filename, nint* db, int flags, byte* vfs);
    [DllImport(Library)] public static extern int sqlite3_close_v2(nint db);
    [DllImport(Library)] public static extern int sqlite3_busy_timeout(nint db, int ms);
    [DllImport(Library)] public static extern int sqlite3_get_autocommit(nint db);
    [DllImport(Library)] public static extern void sqlite3_interrupt(nint db);
    [DllImport(Library)] public static extern int sqlite3_exec(nint db, byte* sql, nint callback, nint arg, byte** error);

    [DllImport(Library)] public static extern int sqlite3_prepare_v2(nint db, byte* sql, int bytes, nint* stmt, byte** tail);
    [DllImport(Library)] public static extern int sqlite3_bind_parameter_count(nint stmt);
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
    [DllImport(Library)] public static extern int sqlite3_snapshot_get(nint db, byte* schema, nint* snapshot);
    [DllImport(Library)] public static extern void sqlite3_snapshot_free(nint snapshot);
    [DllImport(Library)] public static extern byte* sqlite3_errmsg(nint db);
    [DllImport(Library)] public static extern int sqlite3_extended_errcode(nint db);
    }
