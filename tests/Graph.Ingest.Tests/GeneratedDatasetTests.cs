using Graph.Core;
using Graph.Ingest.Internal;
using Graph.Storage.Sqlite;
using Graph.Synthetic;

namespace Graph.Ingest.Tests;

/// <summary>
/// The loader against the synthetic insurer and the SQLite store: the accounting the contract promises
/// (<c>read = loaded + quarantined</c>, quarantine rows with their line and reason) on realistic data.
/// </summary>
public sealed class GeneratedDatasetTests : IClassFixture<GeneratedDatasetTests.Dataset>
{
    /// <summary>One generated folder (5,000 holders) and one load of it into a fresh SQLite file, shared by the tests.</summary>
    public sealed class Dataset : IDisposable
    {
        public Dataset()
        {
            Root = Path.Combine(Path.GetTempPath(), "fg-ingest-gen-" + Guid.NewGuid().ToString("N"));
            Folder = Path.Combine(Root, "input");
            Generated = new InsurerGenerator(new GeneratorOptions { Holders = 5_000, Seed = 42, Increments = 1 }).Generate(Folder, Path.Combine(Root, "truth.json"));
            StorePath = Path.Combine(Root, "graph.db");
            using var store = new SqliteGraphStore(StorePath);
            Summary = new FolderLoader(store, new LoaderOptions { BatchSize = 1000 }).Load(Folder);
        }

        public string Root { get; }
        public string Folder { get; }
        public string StorePath { get; }
        public GenerationResult Generated { get; }
        public LoadSummary Summary { get; }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        }
    }

    private readonly Dataset _data;

    public GeneratedDatasetTests(Dataset data) => _data = data;

    [Fact]
    public void Every_file_reads_every_generated_row_and_each_is_loaded_or_quarantined()
    {
        var summary = _data.Summary;
        Assert.False(summary.AlreadyLoaded);
        Assert.Equal(6, summary.Files.Count);
        foreach (var file in summary.Files)
        {
            var generated = _data.Generated.Files.Single(f => f.Name == file.File);
            Assert.Equal(generated.Rows, file.Read);
            Assert.Equal(file.Read, file.Loaded + file.Quarantined);
        }
        Assert.Equal(summary.Read, summary.Loaded + summary.Quarantined);
    }

    [Fact]
    public void The_base_folder_quarantines_some_but_not_more_than_the_generator_spoiled()
    {
        // The exact count (base plus increment) is checked in the increment test.
        Assert.InRange(_data.Summary.Quarantined, 1, _data.Generated.QuarantineRowsPlanted);
    }

    [Fact]
    public void Quarantine_files_hold_each_quarantined_row_with_its_line_its_reason_and_its_original_fields()
    {
        foreach (var file in _data.Summary.Files)
        {
            var path = Path.Combine(_data.Folder, "quarantine", file.File);
            if (file.Quarantined == 0)
            {
                Assert.False(File.Exists(path));
                continue;
            }
            var source = ReadRecords(Path.Combine(_data.Folder, file.File));
            var quarantine = ReadRecords(path);
            var header = quarantine[0].Fields;
            Assert.Equal(["line", "reason", .. source[0].Fields], header);
            Assert.Equal(file.Quarantined, quarantine.Count - 1);
            var byLine = source.ToDictionary(r => r.Line, r => r.Fields);
            foreach (var (_, fields) in quarantine.Skip(1))
            {
                long line = long.Parse(fields[0]);
                Assert.True(byLine.TryGetValue(line, out var original), $"{file.File}: no record starts on line {line}");
                Assert.False(string.IsNullOrWhiteSpace(fields[1]));
                // As written, but formula-guarded like every CSV a person opens ("+86 138…" → "'+86 138…").
                Assert.Equal(original.Select(CsvText.Guard), fields[2..]);
            }
        }
    }

    [Fact]
    public void Loading_the_same_folder_again_is_recognised_and_changes_nothing()
    {
        using var store = new SqliteGraphStore(_data.StorePath);
        var before = store.GetStatistics();
        var again = new FolderLoader(store).Load(_data.Folder);
        Assert.True(again.AlreadyLoaded);
        Assert.Equal(_data.Summary.Fingerprint, again.Fingerprint);
        var after = store.GetStatistics();
        Assert.Equal(before.Nodes, after.Nodes);
        Assert.Equal(before.Links, after.Links);
    }

    [Fact]
    public void The_store_holds_every_loaded_holder()
    {
        using var store = new SqliteGraphStore(_data.StorePath);
        var snapshot = store.ReadSnapshot();
        var loadedHolders = _data.Summary.Files.Single(f => f.File == "policyholders.csv").Loaded;
        Assert.Equal(loadedHolders, snapshot.Holders.Count(h => !h.IsStub));
        Assert.NotEmpty(snapshot.Links);
    }

    [Fact]
    public void A_nightly_increment_loads_on_top_of_the_base_and_exactly_the_spoiled_rows_of_both_are_quarantined()
    {
        var increment = InsurerGenerator.IncrementDirectory(_data.Folder, 1);
        var storePath = Path.Combine(_data.Root, "increment.db");
        using var store = new SqliteGraphStore(storePath);
        var loader = new FolderLoader(store);
        var first = loader.Load(_data.Folder);
        var second = loader.Load(increment);
        Assert.False(second.AlreadyLoaded);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.True(second.Read > 0);
        foreach (var file in second.Files)
        {
            var generated = _data.Generated.Files.Single(f => f.Name.EndsWith(file.File) && f.Name != file.File);
            Assert.Equal(generated.Rows, file.Read);
            Assert.Equal(file.Read, file.Loaded + file.Quarantined);
        }
        Assert.Equal(_data.Generated.QuarantineRowsPlanted, first.Quarantined + second.Quarantined);
    }

    private static List<(long Line, string[] Fields)> ReadRecords(string path)
    {
        using var reader = new Utf8CsvReader(File.OpenRead(path), Path.GetFileName(path));
        var rows = new List<(long, string[])>();
        while (reader.Read())
        {
            var f = new string[reader.FieldCount];
            for (int i = 0; i < f.Length; i++) f[i] = reader.FieldString(i);
            rows.Add((reader.RecordLine, f));
        }
        return rows;
    }
}
