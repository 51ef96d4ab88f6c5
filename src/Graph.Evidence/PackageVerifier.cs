using System.IO.Compression;
using Newtonsoft.Json;

namespace Graph.Evidence;

/// <summary>What is wrong with one file of a package.</summary>
public enum PackageProblemKind
{
    /// <summary>The file's content (SHA-256 or size) differs from the manifest.</summary>
    Altered,
    /// <summary>The manifest lists the file but the package lacks it.</summary>
    Missing,
    /// <summary>The package holds a file the manifest does not list.</summary>
    Extra,
    /// <summary>manifest.json is missing, unreadable, or lists an unsafe path.</summary>
    ManifestInvalid,
}

public sealed record PackageProblem(string Path, PackageProblemKind Kind, string Detail);

/// <summary>The outcome of checking a package: <see cref="Ok"/> only when every listed file is present and unchanged and nothing else is there.</summary>
public sealed record PackageVerification(string Package, PackageManifest? Manifest, string? ManifestSha256, int FilesChecked, IReadOnlyList<PackageProblem> Problems)
{
    public bool Ok => Problems.Count == 0 && Manifest is not null;
}

/// <summary>
/// Recomputes a package's hashes from its folder or its zip and compares them with <c>manifest.json</c>: every
/// altered, missing or extra file is named. (The manifest itself is pinned by its own SHA-256, which the report
/// states and the audit log keeps; compare it with the one given with the referral.)
/// </summary>
public static class PackageVerifier
{
    /// <param name="path">The package folder or its zip.</param>
    /// <param name="expectedManifestSha256">
    /// The manifest's SHA-256 as given with the referral (or kept in the audit log); when set, a manifest that differs
    /// is reported as altered. Without it, a consistent rewrite of a file and its manifest entry cannot be told apart.
    /// </param>
    /// <exception cref="FileNotFoundException">Neither a folder nor a file is at <paramref name="path"/>.</exception>
    public static PackageVerification Verify(string path, string? expectedManifestSha256 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        PackageVerification result;
        if (Directory.Exists(full)) result = VerifyFolder(full);
        else if (File.Exists(full)) result = VerifyZip(full);
        else throw new FileNotFoundException($"{path}: no such package folder or zip.", full);
        if (expectedManifestSha256 is not null && result.ManifestSha256 is not null
            && !string.Equals(expectedManifestSha256.Trim(), result.ManifestSha256, StringComparison.OrdinalIgnoreCase))
        {
            result = result with
            {
                Problems = [new PackageProblem(PackageManifest.FileName, PackageProblemKind.Altered,
                    $"SHA-256 {result.ManifestSha256}, expected {expectedManifestSha256.Trim()}"), .. result.Problems],
            };
        }
        return result;
    }

    private static PackageVerification VerifyFolder(string folder)
    {
        var files = new Dictionary<string, Func<Stream>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var f = file;
            files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = () => File.OpenRead(f);
        }
        return Check(folder, files);
    }

    private static PackageVerification VerifyZip(string zipPath)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            return new PackageVerification(zipPath, null, null, 0, [new PackageProblem(Path.GetFileName(zipPath), PackageProblemKind.ManifestInvalid, "not a zip file: " + e.Message)]);
        }
        using (zip)
        {
            // The zip holds the package under one folder named after the ring (RING_ID/...); a zip of the files
            // themselves (no folder) is accepted too.
            string prefix = "";
            var names = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToList();
            int slash = names.Count > 0 ? names[0].IndexOf('/') : -1;
            if (slash > 0)
            {
                var candidate = names[0][..(slash + 1)];
                if (names.All(n => n.StartsWith(candidate, StringComparison.Ordinal))) prefix = candidate;
            }
            var files = new Dictionary<string, Func<Stream>>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                var e = entry;
                files[entry.FullName[prefix.Length..]] = () => e.Open();
            }
            return Check(zipPath, files);
        }
    }

    private static PackageVerification Check(string package, Dictionary<string, Func<Stream>> files)
    {
        var problems = new List<PackageProblem>();
        if (!files.TryGetValue(PackageManifest.FileName, out var openManifest))
            return new PackageVerification(package, null, null, 0, [new PackageProblem(PackageManifest.FileName, PackageProblemKind.ManifestInvalid, "the package has no manifest.json")]);
        byte[] manifestBytes;
        using (var s = openManifest()) using (var ms = new MemoryStream()) { s.CopyTo(ms); manifestBytes = ms.ToArray(); }
        PackageManifest manifest;
        try
        {
            manifest = PackageManifest.Parse(manifestBytes);
            if (manifest.Files is null) throw new JsonSerializationException("no files list");
        }
        catch (JsonException e)
        {
            return new PackageVerification(package, null, PackageManifest.Sha256(manifestBytes), 0,
                [new PackageProblem(PackageManifest.FileName, PackageProblemKind.ManifestInvalid, "manifest.json is not a valid manifest: " + e.Message)]);
        }
        var listed = new HashSet<string>(StringComparer.Ordinal);
        int checkedFiles = 0;
        foreach (var f in manifest.Files)
        {
            if (string.IsNullOrEmpty(f.Path) || f.Path.StartsWith('/') || f.Path.Contains('\\') || f.Path.Split('/').Any(p => p is "" or "." or ".."))
            {
                problems.Add(new PackageProblem(f.Path ?? "", PackageProblemKind.ManifestInvalid, "manifest lists an unsafe path"));
                continue;
            }
            listed.Add(f.Path);
            if (!files.TryGetValue(f.Path, out var open))
            {
                problems.Add(new PackageProblem(f.Path, PackageProblemKind.Missing, "listed in manifest.json but not in the package"));
                continue;
            }
            long size;
            string sha;
            using (var s = open())
            using (var counting = new CountingStream(s))
            {
                sha = PackageManifest.Sha256(counting);
                size = counting.Count;
            }
            checkedFiles++;
            if (!string.Equals(sha, f.Sha256, StringComparison.OrdinalIgnoreCase) || size != f.Bytes)
                problems.Add(new PackageProblem(f.Path, PackageProblemKind.Altered, $"SHA-256 {sha} ({size} bytes), manifest says {f.Sha256} ({f.Bytes} bytes)"));
        }
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
            if (path != PackageManifest.FileName && !listed.Contains(path))
                problems.Add(new PackageProblem(path, PackageProblemKind.Extra, "in the package but not listed in manifest.json"));
        return new PackageVerification(package, manifest, PackageManifest.Sha256(manifestBytes), checkedFiles, problems);
    }

    /// <summary>Counts the bytes read through it (zip entries do not know their length before reading).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { int n = inner.Read(buffer, offset, count); Count += n; return n; }
        public override int Read(Span<byte> buffer) { int n = inner.Read(buffer); Count += n; return n; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
