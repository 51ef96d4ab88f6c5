using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Newtonsoft.Json.Linq;

namespace Graph.Synthetic.Tests;

/// <summary>A generated book in a temp folder, its truth, and its files parsed with CsvHelper (an independent reader).</summary>
public abstract class BookFixture : IDisposable
{
    protected BookFixture(GeneratorOptions options)
    {
        Root = Path.Combine(Path.GetTempPath(), "synthetic-tests-" + Guid.NewGuid().ToString("N"));
        OutDir = Path.Combine(Root, "book");
        TruthPath = Path.Combine(Root, "truth.json");
        Options = options;
        Result = new InsurerGenerator(options).Generate(OutDir, TruthPath);
        Truth = JObject.Parse(File.ReadAllText(TruthPath));
    }

    public GeneratorOptions Options { get; }
    public string Root { get; }
    public string OutDir { get; }
    public string TruthPath { get; }
    public GenerationResult Result { get; }
    public JObject Truth { get; }

    public IEnumerable<JObject> Groups(string type, string? kind = null) =>
        Truth["groups"]!.Cast<JObject>().Where(g => (string)g["type"]! == type && (kind is null || (string)g["kind"]! == kind));

    /// <summary>The base folder and every increment folder.</summary>
    public IEnumerable<string> Folders() =>
        new[] { OutDir }.Concat(Enumerable.Range(1, Options.Increments).Select(k => InsurerGenerator.IncrementDirectory(OutDir, k)));

    private readonly Dictionary<string, Table> _tables = [];

    public Table Read(string file, string? dir = null)
    {
        var path = Path.Combine(dir ?? OutDir, file);
        if (!_tables.TryGetValue(path, out var t)) _tables[path] = t = Table.Read(path);
        return t;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>One classic book (5,000 holders, two increments) shared by the read-only tests.</summary>
public sealed class GeneratedBook() : BookFixture(new GeneratorOptions { Holders = Holders, Seed = 11, BadRowRate = BadRowRate, Increments = 2 })
{
    public const int Holders = 5_000;
    public const double BadRowRate = 0.02;
}

/// <summary>One hard-profile book (20,000 holders, one increment) shared by the read-only tests.</summary>
public sealed class HardBook() : BookFixture(new GeneratorOptions { Holders = Holders, Seed = 5, Increments = 1, Profile = GeneratorProfile.Hard })
{
    public const int Holders = 20_000;
}

/// <summary>A CSV file as header and rows of strings, read by an independent RFC 4180 parser.</summary>
public sealed class Table
{
    public required string[] Header { get; init; }
    public required List<string[]> Rows { get; init; }

    public int Col(string name) => Array.IndexOf(Header, name);

    public static Table Read(string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true, BadDataFound = ctx => throw new InvalidDataException($"bad data at {ctx.RawRecord}") };
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        using var csv = new CsvReader(reader, config);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<string[]>();
        while (csv.Read())
        {
            var row = new string[header.Length];
            for (int i = 0; i < header.Length; i++) row[i] = csv.GetField(i) ?? "";
            rows.Add(row);
        }
        return new Table { Header = header, Rows = rows };
    }
}

[CollectionDefinition("book")]
public sealed class BookCollection : ICollectionFixture<GeneratedBook>;

[CollectionDefinition("hard book")]
public sealed class HardBookCollection : ICollectionFixture<HardBook>;
