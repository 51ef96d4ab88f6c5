using System.Text;
using Graph.Core;

namespace Graph.Ingest.Internal;

/// <summary>
/// The quarantine files of one load: <c>DIR/quarantine/&lt;file&gt;.csv</c> with columns <c>line</c>, <c>reason</c> and
/// then the original columns. Rows are written to hidden <c>.&lt;file&gt;.&lt;load&gt;.partial</c> files while loading;
/// <see cref="Publish"/> (called after the store committed) replaces the folder's earlier quarantine files with them,
/// and disposing without publishing deletes them, so a failed load leaves the quarantine folder as it was. Each load's
/// partial files are its own, so two loads of one folder at once cannot write into each other's; the one that
/// publishes last leaves its files.
/// </summary>
internal sealed class QuarantineFiles : IDisposable
{
    // A BOM, because the people who read these files open them in Excel, which needs it to see UTF-8 Chinese text.
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    private readonly string _directory;
    private readonly string _load = Guid.NewGuid().ToString("N")[..12];
    private readonly bool _directoryExisted;
    private readonly Dictionary<string, StreamWriter> _open = new(StringComparer.Ordinal);
    private readonly List<string> _written = [];
    private bool _published;

    /// <param name="directory">The quarantine folder (by default <c>DIR/quarantine</c>), created on the first quarantined row.</param>
    public QuarantineFiles(string directory)
    {
        _directory = directory;
        _directoryExisted = Directory.Exists(_directory);
    }

    /// <summary>Appends one row to the quarantine file of <paramref name="file"/>, creating it with its header on first use.</summary>
    public void Add(string file, IReadOnlyList<string> header, long line, string reason, IReadOnlyList<string> fields)
    {
        if (!_open.TryGetValue(file, out var writer))
        {
            var path = PartialPath(file);
            try
            {
                Directory.CreateDirectory(_directory);
                writer = new StreamWriter(path, append: false, Utf8WithBom, bufferSize: 1 << 16) { NewLine = "\r\n" };
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new IOException($"Quarantined rows of {file} cannot be written to {_directory} ({e.Message}). " +
                    "For input on read-only media, give another folder with --quarantine DIR.", e);
            }
            _open.Add(file, writer);
            _written.Add(file);
            writer.Write("line,reason");
            foreach (var h in header) { writer.Write(','); WriteField(writer, h); }
            writer.WriteLine();
        }
        writer.Write(line);
        writer.Write(',');
        WriteField(writer, reason);
        foreach (var f in fields) { writer.Write(','); WriteField(writer, f); }
        writer.WriteLine();
    }

    /// <summary>Closes the file of <paramref name="file"/> if one was started.</summary>
    public void Close(string file)
    {
        if (_open.Remove(file, out var writer)) writer.Dispose();
    }

    /// <summary>
    /// Replaces the quarantine files of <paramref name="contractFiles"/> with this load's: a file without quarantined
    /// rows this time has its old quarantine file removed, so the folder never shows stale reasons.
    /// </summary>
    public void Publish(IEnumerable<string> contractFiles)
    {
        foreach (var w in _open.Values) w.Dispose();
        _open.Clear();
        foreach (var file in contractFiles)
        {
            var target = Path.Combine(_directory, file);
            if (_written.Contains(file)) File.Move(PartialPath(file), target, overwrite: true);
            else if (File.Exists(target)) File.Delete(target);
        }
        _published = true;
    }

    public void Dispose()
    {
        foreach (var w in _open.Values) w.Dispose();
        _open.Clear();
        if (_published) return;
        foreach (var file in _written)
        {
            try { File.Delete(PartialPath(file)); }
            catch (IOException) { /* best effort: the load is failing already */ }
        }
        if (!_directoryExisted && Directory.Exists(_directory) && !Directory.EnumerateFileSystemEntries(_directory).Any())
        {
            try { Directory.Delete(_directory); }
            catch (IOException) { /* best effort */ }
        }
    }

    private string PartialPath(string file) => Path.Combine(_directory, $".{file}.{_load}.partial");

    // Guarded like every CSV a person opens: a quarantined row is exactly where a formula payload ends up.
    private static void WriteField(StreamWriter w, string value) => w.Write(CsvText.Cell(value));
}
