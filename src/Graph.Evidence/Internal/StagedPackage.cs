using System.IO.Compression;

namespace Graph.Evidence.Internal;

/// <summary>
/// A package being written: a temporary folder next to its final place, the files put in it (paths with forward
/// slashes) and what was left out. It becomes visible only through <see cref="MoveInto"/>; disposing removes whatever
/// is still temporary, so a failed export leaves nothing behind.
/// </summary>
internal sealed class StagedPackage : IDisposable
{
    public StagedPackage(string staging)
    {
        Staging = staging;
        Directory.CreateDirectory(staging);
    }

    public string Staging { get; }

    private string ZipTemp => Staging + ".zip";

    /// <summary>The files put so far, manifest.json aside.</summary>
    public List<string> Files { get; } = [];

    /// <summary>What the package could not hold and why, for the report and the manifest.</summary>
    public List<string> LeftOut { get; } = [];

    public string PathOf(string relative) => Path.Combine(Staging, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Put(string relative, byte[] bytes)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        Files.Add(relative);
    }

    /// <summary>The same files and manifest.json as one zip under <paramref name="ringId"/>/ (PDFs stored, the rest compressed).</summary>
    public void Zip(string ringId)
    {
        using var zip = ZipFile.Open(ZipTemp, ZipArchiveMode.Create);
        foreach (var f in Files.Append(PackageManifest.FileName))
            zip.CreateEntryFromFile(PathOf(f), ringId + "/" + f,
                f.EndsWith(".pdf", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
    }

    /// <summary>Moves the folder and the zip to <c>ROOT/RING_ID</c> and <c>ROOT/RING_ID.zip</c>, replacing an earlier package.</summary>
    public (string Folder, string Zip) MoveInto(string root, string ringId)
    {
        var folder = Path.Combine(root, ringId);
        var zipPath = folder + ".zip";
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(Staging, folder);
        File.Move(ZipTemp, zipPath, overwrite: true);
        return (folder, zipPath);
    }

    public void Dispose()
    {
        if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
        if (File.Exists(ZipTemp)) File.Delete(ZipTemp);
    }
}
