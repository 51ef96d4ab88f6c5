using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Graph.Core;
using Graph.Ingest.Internal;
using Graph.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Ingest;

/// <summary>
/// Loads a folder of contract CSV files (CONTRACT.md section 1) into an <see cref="IGraphLoadTarget"/> in one
/// transaction: parse, normalize, validate, write typed records in batches, commit. Rows that cannot be used go to
/// <c>DIR/quarantine/&lt;file&gt;.csv</c> with their line and a reason; a malformed file stops the load before
/// anything is committed.
/// </summary>
/// <remarks>
/// <para>Files are read in dependency order: <c>policyholders.csv</c>, <c>agents.csv</c>, <c>policies.csv</c>,
/// <c>contact_changes.csv</c>, <c>surrender_requests.csv</c>, <c>complaints.csv</c>. The first and third are
/// required. File names match case-insensitively; other <c>.csv</c> and <c>.xlsx</c> files in the folder are ignored
/// with a warning.</para>
/// <para>Each file may come as text in UTF-8, GB18030 or UTF-16 (<see cref="LoaderOptions.Encoding"/>), or as a
/// workbook with the same name and <c>.xlsx</c> (<c>policyholders.xlsx</c>), whose sheet of that name (else its first
/// sheet) is read; see <see cref="Internal.InputSource"/>. A file and its workbook both present is malformed.</para>
/// <para>Required header columns: each file's key; <c>holder_id</c> in <c>policies.csv</c>; <c>field</c> and
/// <c>new_value</c> in <c>contact_changes.csv</c>; and at least one of <c>holder_id</c>/<c>policy_id</c> in the three
/// event files. Header names are trimmed and matched case-insensitively, in any order. Unknown columns are kept in
/// <see cref="InputRecord.Extra"/> (one warning per file names them).</para>
/// <para>Quarantined rows: missing key (and a policy's missing <c>holder_id</c>; an event naming neither holder nor
/// policy), an unparseable date or amount, an unknown enum value, a field count other than the header's. Values
/// that do not normalize (phones, id numbers, accounts) are kept raw and counted in the warnings. Keys repeated
/// within a file are all loaded; the store's upsert makes the last one win.</para>
/// <para>The fingerprint is SHA-256 over, for each present contract file in load order, its contract name (UTF-8),
/// a zero byte, its length (8 bytes, little-endian) and its bytes. A fingerprint the store has already committed
/// makes <see cref="Load"/> return <see cref="LoadSummary.AlreadyLoaded"/> without reading further or writing.</para>
/// </remarks>
public sealed class FolderLoader
{
    private readonly IGraphLoadTarget _store;
    private readonly LoaderOptions _options;
    private readonly ILogger _logger;

    public FolderLoader(IGraphLoadTarget store, LoaderOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new LoaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ProgressInterval, 1, nameof(options.ProgressInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ParseAhead, nameof(options.ParseAhead));
        _store = store;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Loads <paramref name="folder"/> in one transaction and returns what was read, loaded and quarantined.</summary>
    /// <exception cref="MalformedInputException">A required file or column is missing, a file fits no accepted encoding, a workbook cannot be read, or a file is not CSV. Nothing was written.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was written.</exception>
    public LoadSummary Load(string folder, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The input folder '{folder}' does not exist.");
        cancellationToken.ThrowIfCancellationRequested();

        var warnings = new List<string>();
        var files = Locate(folder, warnings);
        long bytesTotal = 0;
        foreach (var f in files) bytesTotal += f.Length;
        var fingerprint = Fingerprint(files, cancellationToken);
        if (_store.HasLoaded(fingerprint))
        {
            Log.AlreadyLoaded(_logger, fingerprint);
            return new LoadSummary(fingerprint, true, [], []);
        }
        Log.LoadStarting(_logger, Path.GetFullPath(folder), files.Count, bytesTotal, fingerprint);

        var clock = Stopwatch.StartNew();
        List<FileLoadSummary> summaries;
        string? outcome;
        using var quarantine = new QuarantineFiles(_options.QuarantineFolder ?? Path.Combine(folder, "quarantine"));
        try
        {
            using (var tx = _store.BeginLoad(new LoadInfo(fingerprint, Path.GetFullPath(folder), DateTimeOffset.UtcNow)))
            {
                summaries = _options.ParseAhead == 0
                    ? ParseAll(files, bytesTotal, quarantine, warnings, new DirectSink(tx, progress), cancellationToken)
                    : ParsePipelined(files, bytesTotal, quarantine, warnings, tx, progress, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                tx.Commit(cancellationToken);
                outcome = tx.Outcome;
            }
        }
        catch (MalformedInputException e)
        {
            Log.Malformed(_logger, e.File, e.Line, e.Problem);
            throw;
        }
        catch (OperationCanceledException)
        {
            Log.Cancelled(_logger);
            throw;
        }
        catch (Exception e)
        {
            Log.Failed(_logger, e.GetType().Name);
            throw;
        }

        var names = new string[InputFiles.All.Length];
        for (int i = 0; i < names.Length; i++) names[i] = InputFiles.All[i].Name;
        quarantine.Publish(names);

        var summary = new LoadSummary(fingerprint, false, summaries, warnings) { StoreOutcome = outcome };
        foreach (var w in warnings) Log.DataWarning(_logger, w);
        Log.LoadCommitted(_logger, summary.Read, summary.Loaded, summary.Quarantined, clock.ElapsedMilliseconds);
        return summary;
    }

    /// <summary>Where parsed batches and progress go: straight to the transaction, or through a queue to it.</summary>
    private interface ISink
    {
        void Write(List<InputRecord> batch);
        void Report(LoadProgress progress);
    }

    private sealed class DirectSink(ILoadTransaction tx, IProgress<LoadProgress>? progress) : ISink
    {
        public void Write(List<InputRecord> batch) => tx.Write(batch);
        public void Report(LoadProgress value) => progress?.Report(value);
    }

    /// <summary>
    /// Prepares each batch on the parsing thread (the store's own share of the work that needs no connection) and hands
    /// the rest to the calling thread; blocks when it is <see cref="LoaderOptions.ParseAhead"/> batches behind.
    /// </summary>
    private sealed class QueueSink(ILoadTransaction tx, BlockingCollection<object> queue, CancellationToken cancellationToken) : ISink
    {
        public void Write(List<InputRecord> batch) => queue.Add(tx.Prepare(batch), cancellationToken);
        public void Report(LoadProgress value) => queue.Add(value, cancellationToken);
    }

    private List<FileLoadSummary> ParseAll(
        List<InputFile> files, long bytesTotal, QuarantineFiles quarantine, List<string> warnings, ISink sink, CancellationToken cancellationToken)
    {
        var summaries = new List<FileLoadSummary>(files.Count);
        long bytesDone = 0;
        foreach (var file in files)
        {
            summaries.Add(ParseFile(file, sink, quarantine, warnings, bytesDone, bytesTotal, cancellationToken));
            bytesDone += file.Length;
        }
        return summaries;
    }

    /// <summary>
    /// Parses on a second thread while the calling thread writes to the store, so a load takes about as long as the
    /// slower of the two instead of their sum. The second thread also prepares each batch for the store
    /// (<see cref="ILoadTransaction.Prepare"/>); the store writes only from the calling thread, in order.
    /// </summary>
    private List<FileLoadSummary> ParsePipelined(
        List<InputFile> files, long bytesTotal, QuarantineFiles quarantine, List<string> warnings,
        ILoadTransaction tx, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<object>(_options.ParseAhead);
        var sink = new QueueSink(tx, queue, stop.Token);
        // Started without a token so that its finally always runs: the consumer below waits for CompleteAdding.
        var parser = Task.Factory.StartNew(() =>
        {
            try { return ParseAll(files, bytesTotal, quarantine, warnings, sink, stop.Token); }
            finally { queue.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            // No token here: on cancellation the parser stops and completes the queue, and this loop ends with it.
            // Batches already queued are dropped, not written: the transaction is rolled back anyway, and writing
            // them would hold Ctrl+C up by seconds on a busy machine.
            foreach (var item in queue.GetConsumingEnumerable(CancellationToken.None))
            {
                if (cancellationToken.IsCancellationRequested) continue;
                if (item is Action write) write();
                else progress?.Report((LoadProgress)item);
            }
            return parser.GetAwaiter().GetResult();
        }
        catch
        {
            // Stop the parser and let it finish before the caller cleans up the quarantine files it writes.
            stop.Cancel();
            try { parser.Wait(CancellationToken.None); }
            catch (AggregateException) { /* the exception being thrown already says what went wrong */ }
            throw;
        }
    }

    private FileLoadSummary ParseFile(
        InputFile file, ISink sink, QuarantineFiles quarantine, List<string> warnings,
        long bytesBefore, long bytesTotal, CancellationToken cancellationToken)
    {
        var spec = file.Spec;
        var clock = Stopwatch.StartNew();
        using var input = InputSource.Open(file.Path, spec.Name, _options.Encoding, cancellationToken);
        Log.FileFormat(_logger, spec.Name, input.FileName, input.Format);
        using var reader = new Utf8CsvReader(input.Utf8, input.Name, ownsStream: false, lineOf: input.RowOfLine);
        var mapper = RowMapper.Create(spec, reader);
        if (mapper is null)
        {
            if (spec.Required) throw new MalformedInputException(input.Name, 1, "the file is empty: a header row is required");
            return new FileLoadSummary(spec.Name, 0, 0, 0, 0, input.FileName, input.Format);
        }

        int batchSize = _options.BatchSize;
        long interval = _options.ProgressInterval;
        var batch = new List<InputRecord>(Math.Min(batchSize, 1 << 16));
        var seen = new HashSet<UInt128>();
        long read = 0, loaded = 0, quarantined = 0, repeated = 0;
        while (reader.Read())
        {
            read++;
            var record = mapper.Map(out var reason);
            if (record is null)
            {
                quarantine.Add(spec.Name, mapper.Header, reader.RecordLine, reason!, mapper.RawFields());
                quarantined++;
            }
            else
            {
                if (!seen.Add(Fingerprint(record.Id))) repeated++;
                batch.Add(record);
                loaded++;
                if (batch.Count >= batchSize)
                {
                    sink.Write(batch);
                    // A fresh list: a store may keep the one it was given.
                    batch = new List<InputRecord>(Math.Min(batchSize, 1 << 16));
                }
            }
            if ((read & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (read % interval == 0) sink.Report(new LoadProgress(spec.Name, read, bytesBefore + input.Position(reader.BytesConsumed), bytesTotal));
        }
        if (batch.Count > 0) sink.Write(batch);
        quarantine.Close(spec.Name);
        sink.Report(new LoadProgress(spec.Name, read, bytesBefore + file.Length, bytesTotal));

        Debug.Assert(read == loaded + quarantined);
        AddWarnings(spec.Name, mapper, repeated, quarantined, warnings);
        Log.FileLoaded(_logger, spec.Name, read, loaded, quarantined, clock.ElapsedMilliseconds);
        return new FileLoadSummary(spec.Name, read, loaded, quarantined, clock.Elapsed.TotalSeconds, input.FileName, input.Format);
    }

    /// <summary>
    /// A 128-bit fingerprint (XXH128) of a record's key, to count keys repeated within a file: a set of these keeps no
    /// string alive (a set of the keys themselves held 23 million strings at 10,000,000 holders, each marked by every
    /// full garbage collection; issue 13). Two different keys of one file share one with a chance of about 2^-128 per
    /// pair, and the count is only a warning's.
    /// </summary>
    private static UInt128 Fingerprint(string key) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()));

    private static void AddWarnings(string file, RowMapper mapper, long repeated, long quarantined, List<string> warnings)
    {
        if (mapper.UnknownColumns.Count > 0)
            warnings.Add($"{file}: columns not in the contract, kept as record properties: {string.Join(", ", mapper.UnknownColumns)}");
        if (mapper.UnnamedColumns > 0)
            warnings.Add($"{file}: {mapper.UnnamedColumns} column(s) without a header name, ignored");
        if (quarantined > 0)
            warnings.Add($"{file}: {quarantined} row(s) quarantined, see quarantine/{file}");
        if (repeated > 0)
            warnings.Add($"{file}: {repeated} row(s) repeat a key seen earlier in the file (the last one wins)");
        if (mapper.InvalidPhones > 0)
            warnings.Add($"{file}: {mapper.InvalidPhones} phone number(s) did not normalize (kept raw, not linked)");
        if (mapper.InvalidIdNumbers > 0)
            warnings.Add($"{file}: {mapper.InvalidIdNumbers} id number(s) invalid (kept raw, not used as a key)");
        if (mapper.InvalidAccounts > 0)
            warnings.Add($"{file}: {mapper.InvalidAccounts} bank account number(s) did not normalize (kept raw, not linked)");
        if (mapper.LuhnFailures > 0)
            warnings.Add($"{file}: {mapper.LuhnFailures} bank account number(s) fail the Luhn check (kept and linked)");
    }

    private sealed record InputFile(InputFileSpec Spec, string Path, long Length);

    /// <summary>The contract files present (each as <c>NAME.csv</c> or as a workbook <c>NAME.xlsx</c>), in load order.</summary>
    private static List<InputFile> Locate(string folder, List<string> warnings)
    {
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.TopDirectoryOnly))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || InputSource.IsWorkbook(name)) names.Add(name);
        }
        names.Sort(StringComparer.Ordinal);
        var files = new List<InputFile>();
        foreach (var spec in InputFiles.All)
        {
            var csv = Take(names, spec.Name);
            var workbook = Take(names, Path.ChangeExtension(spec.Name, ".xlsx"));
            if (csv is not null && workbook is not null)
                throw new MalformedInputException(spec.Name, 0, $"both {csv} and {workbook} are in the input folder: keep one of them");
            if ((csv ?? workbook) is { } found)
            {
                var path = Path.Combine(folder, found);
                files.Add(new InputFile(spec, path, new FileInfo(path).Length));
            }
            else if (spec.Required)
            {
                throw new MalformedInputException(spec.Name, 0, "required file is missing from the input folder");
            }
        }
        foreach (var name in names) warnings.Add($"{name}: not a contract file, ignored");
        return files;
    }

    /// <summary>Removes and returns the name matching <paramref name="wanted"/>; the exact name wins over one that differs only in case (both can exist on Linux).</summary>
    private static string? Take(List<string> names, string wanted)
    {
        int i = names.IndexOf(wanted);
        if (i < 0) i = names.FindIndex(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
        if (i < 0) return null;
        var name = names[i];
        names.RemoveAt(i);
        return name;
    }

    private static string Fingerprint(List<InputFile> files, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Spec.Name));
            hash.AppendData([0]);
            BinaryPrimitives.WriteInt64LittleEndian(length, file.Length);
            hash.AppendData(length);
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
