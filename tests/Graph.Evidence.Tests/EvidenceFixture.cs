using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Ingest;
using Graph.Pipeline;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Evidence.Tests;

/// <summary>
/// One real store for the whole test class collection: a generated insurer of 5,000 holders, loaded through the
/// real ingestion and analysed by the real detection. Packages are exported from it by the tests.
/// </summary>
public sealed class EvidenceFixture : IDisposable
{
    public EvidenceFixture()
    {
        Work = Path.Combine(Path.GetTempPath(), "fg-evidence-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(Work, "data");
        new InsurerGenerator(new GeneratorOptions { Holders = 5_000, Seed = 5 }).Generate(data, Path.Combine(Work, "truth.json"));
        StorePath = Path.Combine(Work, "store.db");
        using (var store = GraphStores.Open(StorePath))
        {
            new FolderLoader(store).Load(data);
            Run = new AnalysisRunner(store, new DetectionOptions()).Run(null).Run;
            Snapshot = store.ReadSnapshot();
        }
        // The largest flagged ring: most members, most records to leak or lose.
        Ring = Run.Rings.Where(r => r.Flagged).OrderByDescending(r => r.Members.Count).ThenBy(r => r.RingId, StringComparer.Ordinal).First();
        var masked = Path.Combine(Work, "masked");
        using (var store = OpenStore())
            Masked = new EvidenceExporter(store, new EvidenceOptions { Operator = "tester" }).Export(Run, Ring.RingId, masked);
    }

    public string Work { get; }
    public string StorePath { get; }
    public AnalysisRun Run { get; }
    public GraphSnapshot Snapshot { get; }
    public Ring Ring { get; }

    /// <summary>A masked package of <see cref="Ring"/>, exported with whatever tools this machine has. Do not modify: copy.</summary>
    public EvidencePackage Masked { get; }

    public IGraphStore OpenStore() => GraphStores.Open(StorePath);

    /// <summary>A fresh empty folder under the fixture's work folder.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Work, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies a package folder (recursively) to a fresh place, for tests that tamper with it.</summary>
    public string CopyPackage(EvidencePackage package)
    {
        var target = Path.Combine(NewFolder("copy"), package.RingId);
        foreach (var file in Directory.EnumerateFiles(package.Folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(package.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class EvidenceCollection : ICollectionFixture<EvidenceFixture>
{
    public const string Name = "evidence store";
}
