namespace Graph.Analytics.Detection.Internal;

/// <summary>
/// Output files written under temporary names beside their final ones (<c>.rings.json.TAG.partial</c>), each flushed to
/// disk, and put in place together by <see cref="Commit"/>, in the order they were first added. Until then the folder
/// keeps what it had: a full disk or a crash mid-write leaves no truncated output. Disposing without committing
/// deletes the temporary files.
/// </summary>
internal sealed class StagedFiles : IDisposable
{
    private readonly string _directory;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _names = [];
    private bool _committed;

    public StagedFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        _directory = directory;
    }

    /// <summary>Writes <paramref name="name"/>'s content to its temporary file (again, when it was added before).</summary>
    public void Add(string name, ReadOnlySpan<byte> content)
    {
        // Listed before writing, so a write that fails half-way still has its temporary file removed.
        if (!_names.Contains(name)) _names.Add(name);
        using var stream = new FileStream(TemporaryPath(name), FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Renames every temporary file to its final name, replacing what was there.</summary>
    public void Commit()
    {
        foreach (var name in _names) File.Move(TemporaryPath(name), Path.Combine(_directory, name), overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        foreach (var name in _names)
        {
            try { File.Delete(TemporaryPath(name)); }
            catch (IOException) { /* best effort: the run is failing already */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    private string TemporaryPath(string name) => Path.Combine(_directory, $".{name}.{_tag}.partial");
}
