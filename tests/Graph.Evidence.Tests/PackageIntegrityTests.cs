using System.IO.Compression;

namespace Graph.Evidence.Tests;

[Collection(EvidenceCollection.Name)]
public class PackageIntegrityTests(EvidenceFixture fx)
{
    [Fact]
    public void A_fresh_package_verifies_as_folder_and_as_zip()
    {
        var folder = PackageVerifier.Verify(fx.Masked.Folder);
        Assert.True(folder.Ok, string.Join("; ", folder.Problems));
        Assert.Equal(fx.Masked.ManifestSha256, folder.ManifestSha256);
        Assert.Equal(fx.Masked.Files - 1, folder.FilesChecked);
        Assert.Equal(fx.Ring.RingId, folder.Manifest!.RingId);
        Assert.Equal(fx.Run.RunId, folder.Manifest.RunId);
        Assert.Equal(fx.Run.InputFingerprint, folder.Manifest.InputFingerprint);
        Assert.Equal("tester", folder.Manifest.Operator);

        var zip = PackageVerifier.Verify(fx.Masked.Zip, fx.Masked.ManifestSha256);
        Assert.True(zip.Ok, string.Join("; ", zip.Problems));
        Assert.Equal(folder.FilesChecked, zip.FilesChecked);
    }

    [Fact]
    public void The_manifest_lists_every_file_of_the_package_with_its_size()
    {
        var manifest = PackageVerifier.Verify(fx.Masked.Folder).Manifest!;
        var onDisk = Directory.EnumerateFiles(fx.Masked.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(fx.Masked.Folder, f).Replace('\\', '/')).Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, manifest.Files.Select(f => f.Path).ToList());
        foreach (var f in manifest.Files) Assert.Equal(new FileInfo(Path.Combine(fx.Masked.Folder, f.Path)).Length, f.Bytes);
        Assert.Contains("report.html", onDisk);
        Assert.Contains("graph/ring.graphml", onDisk);
        Assert.Contains("records/surrender_requests.csv", onDisk);
        Assert.Contains("records/records.xlsx", onDisk);
    }

    [Fact]
    public void Changing_one_byte_of_any_file_fails_verification_and_names_that_file()
    {
        var files = Directory.EnumerateFiles(fx.Masked.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(fx.Masked.Folder, f).Replace('\\', '/')).ToList();
        Assert.True(files.Count >= 10);
        foreach (var relative in files)
        {
            var copy = fx.CopyPackage(fx.Masked);
            var path = Path.Combine(copy, relative);
            var bytes = File.ReadAllBytes(path);
            int at = bytes.Length / 2;
            bytes[at] = (byte)(bytes[at] ^ 0x01);
            File.WriteAllBytes(path, bytes);

            // The manifest is pinned by its own hash, given with the referral.
            var result = PackageVerifier.Verify(copy, fx.Masked.ManifestSha256);
            Assert.False(result.Ok, $"changing {relative} went unnoticed");
            Assert.Contains(result.Problems, p => p.Path == relative);
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    [Fact]
    public void Adding_a_file_fails_verification_and_names_it()
    {
        var copy = fx.CopyPackage(fx.Masked);
        File.WriteAllText(Path.Combine(copy, "records", "note.txt"), "added later");
        var result = PackageVerifier.Verify(copy);
        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("records/note.txt", problem.Path);
        Assert.Equal(PackageProblemKind.Extra, problem.Kind);
    }

    [Fact]
    public void Deleting_a_file_fails_verification_and_names_it()
    {
        var copy = fx.CopyPackage(fx.Masked);
        File.Delete(Path.Combine(copy, "graph", "ring.graphml"));
        var result = PackageVerifier.Verify(copy);
        Assert.False(result.Ok);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("graph/ring.graphml", problem.Path);
        Assert.Equal(PackageProblemKind.Missing, problem.Kind);
    }

    [Fact]
    public void Deleting_the_manifest_fails_verification()
    {
        var copy = fx.CopyPackage(fx.Masked);
        File.Delete(Path.Combine(copy, "manifest.json"));
        var result = PackageVerifier.Verify(copy);
        Assert.False(result.Ok);
        Assert.Equal("manifest.json", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void A_zip_with_an_altered_added_or_missing_entry_fails_and_names_it()
    {
        var folder = fx.NewFolder("zips");
        var prefix = fx.Ring.RingId + "/";

        string Rewrite(string name, Action<ZipArchive> change)
        {
            var path = Path.Combine(folder, name + ".zip");
            File.Copy(fx.Masked.Zip, path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update)) change(zip);
            return path;
        }

        var altered = Rewrite("altered", zip =>
        {
            var entry = zip.GetEntry(prefix + "records/policyholders.csv")!;
            byte[] bytes;
            using (var s = entry.Open()) using (var ms = new MemoryStream()) { s.CopyTo(ms); bytes = ms.ToArray(); }
            bytes[^3] ^= 0x02;
            entry.Delete();
            using var w = zip.CreateEntry(prefix + "records/policyholders.csv").Open();
            w.Write(bytes);
        });
        var r1 = PackageVerifier.Verify(altered);
        Assert.Equal(("records/policyholders.csv", PackageProblemKind.Altered), (Assert.Single(r1.Problems).Path, r1.Problems[0].Kind));

        var added = Rewrite("added", zip =>
        {
            using var w = new StreamWriter(zip.CreateEntry(prefix + "extra.txt").Open());
            w.Write("x");
        });
        var r2 = PackageVerifier.Verify(added);
        Assert.Equal(("extra.txt", PackageProblemKind.Extra), (Assert.Single(r2.Problems).Path, r2.Problems[0].Kind));

        var missing = Rewrite("missing", zip => zip.GetEntry(prefix + "ring.json")!.Delete());
        var r3 = PackageVerifier.Verify(missing);
        Assert.Equal(("ring.json", PackageProblemKind.Missing), (Assert.Single(r3.Problems).Path, r3.Problems[0].Kind));
    }

    [Fact]
    public void A_manifest_rewritten_to_match_a_changed_file_is_caught_by_the_expected_manifest_hash()
    {
        var copy = fx.CopyPackage(fx.Masked);
        var target = Path.Combine(copy, "ring.json");
        File.AppendAllText(target, " ");
        var manifestPath = Path.Combine(copy, "manifest.json");
        var manifest = PackageManifest.Parse(File.ReadAllBytes(manifestPath));
        var files = manifest.Files.Select(f => f.Path == "ring.json"
            ? f with { Sha256 = PackageManifest.Sha256(File.ReadAllBytes(target)), Bytes = new FileInfo(target).Length } : f).ToList();
        File.WriteAllBytes(manifestPath, (manifest with { Files = files }).ToBytes());

        Assert.True(PackageVerifier.Verify(copy).Ok); // consistent forgery: only the pinned hash can tell
        var pinned = PackageVerifier.Verify(copy, fx.Masked.ManifestSha256);
        Assert.False(pinned.Ok);
        Assert.Equal("manifest.json", Assert.Single(pinned.Problems).Path);
    }
}
