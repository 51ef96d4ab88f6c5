namespace Graph.Ingest;

/// <summary>Options of a <see cref="FolderLoader"/>.</summary>
public sealed class LoaderOptions
{
    /// <summary>Records handed to <see cref="Graph.Storage.ILoadTransaction.Write"/> at a time. Default 5000.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>Rows between two <see cref="LoadProgress"/> reports. Default 50,000.</summary>
    public int ProgressInterval { get; init; } = 50_000;

    /// <summary>
    /// The encoding of the input CSV files. Default <see cref="InputEncoding.Auto"/>: detected per file, and reported in
    /// <see cref="FileLoadSummary.Format"/>. Workbooks (<c>.xlsx</c>) are read as workbooks whatever this says.
    /// </summary>
    public InputEncoding Encoding { get; init; } = InputEncoding.Auto;

    /// <summary>
    /// Batches parsed ahead of the store on a second thread, so parsing overlaps the store's inserts. Default 4;
    /// 0 parses on the calling thread. Either way the store and the progress sink are called from the calling
    /// thread only, in file order.
    /// </summary>
    public int ParseAhead { get; init; } = 4;

    /// <summary>
    /// Where quarantined rows go (<c>FILE.csv</c> per input file). Default null: <c>DIR/quarantine</c> beside the input.
    /// Input on read-only media needs another folder.
    /// </summary>
    public string? QuarantineFolder { get; init; }
}

/// <summary>
/// Where a load is. <see cref="RowsRead"/> counts the rows of <see cref="File"/> so far; <see cref="BytesRead"/>
/// and <see cref="BytesTotal"/> cover every input file of the folder, so one progress bar can show the whole load.
/// </summary>
public sealed record LoadProgress(string File, long RowsRead, long BytesRead, long BytesTotal);

/// <summary>One file of a load: every row read is either loaded or quarantined (<c>Read = Loaded + Quarantined</c>).</summary>
/// <param name="File">The contract file (<c>policyholders.csv</c>), whatever form it came in.</param>
/// <param name="Seconds">
/// Time from opening the file to its last row handed to the store. Parsing runs at most a few batches ahead of
/// the store, so this is the file's share of the load, good for rows per second per file.
/// </param>
/// <param name="Source">The file read for it, as named in the folder (<c>policyholders.xlsx</c>).</param>
/// <param name="Format">How it was read: <c>UTF-8</c>, <c>UTF-8 with BOM</c>, <c>GB18030</c>, <c>UTF-16LE with BOM</c>, or for a workbook <c>sheet "policyholders"</c>.</param>
public sealed record FileLoadSummary(
    string File, long Read, long Loaded, long Quarantined, double Seconds = 0, string Source = "", string Format = "");

/// <summary>
/// The outcome of <see cref="FolderLoader.Load"/>. When <see cref="AlreadyLoaded"/> is true nothing was read or
/// written: the store has already committed a load with this <see cref="Fingerprint"/>.
/// </summary>
/// <param name="Fingerprint">SHA-256 (lower-case hex) over the names and bytes of the contract files present.</param>
/// <param name="Files">Per-file counts in load order; empty when <see cref="AlreadyLoaded"/>.</param>
/// <param name="Warnings">Data-quality notes that did not stop the load (unknown columns, failed Luhn checks, ...). No personal data.</param>
public sealed record LoadSummary(
    string Fingerprint,
    bool AlreadyLoaded,
    IReadOnlyList<FileLoadSummary> Files,
    IReadOnlyList<string> Warnings)
{
    /// <summary>How the store wrote the load, when it says more than the counts (<see cref="Graph.Storage.ILoadTransaction.Outcome"/>); null otherwise.</summary>
    public string? StoreOutcome { get; init; }

    public long Read => Sum(static f => f.Read);
    public long Loaded => Sum(static f => f.Loaded);
    public long Quarantined => Sum(static f => f.Quarantined);

    private long Sum(Func<FileLoadSummary, long> part)
    {
        long total = 0;
        foreach (var f in Files) total += part(f);
        return total;
    }
}

/// <summary>
/// A malformed input file (not CSV, not in any accepted encoding, not a readable workbook, a missing required file
/// or column, an unterminated quoted field). The load stops before anything is written. The message names the file, the line and the problem, and
/// never quotes the file's content (it may hold personal data).
/// </summary>
public sealed class MalformedInputException : Exception
{
    public MalformedInputException(string file, long line, string problem)
        : base(line > 0 ? $"{file}, line {line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file name (without folder), e.g. <c>policies.csv</c>; for a workbook also the sheet: <c>policies.xlsx, sheet "policies"</c>.</summary>
    public string File { get; }

    /// <summary>The 1-based physical line (the header is line 1), or a sheet's row; 0 when the problem is the file as a whole.</summary>
    public long Line { get; }

    /// <summary>What is wrong, without file and line.</summary>
    public string Problem { get; }
}
