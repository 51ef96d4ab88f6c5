using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Graph.Synthetic;
using Microsoft.Data.Sqlite;

namespace Graph.Nightly.Tests;

/// <summary>
/// A generated insurer (base folder plus increments, with its truth file), written once per fixture; tests copy its
/// folders into their own inbox.
/// </summary>
public class GeneratedInsurer : IDisposable
{
    public GeneratedInsurer() : this(5_000, 2) { }

    protected GeneratedInsurer(int holders, int increments)
    {
        Root = Directory.CreateTempSubdirectory("fg-nightly-gen-").FullName;
        BaseFolder = System.IO.Path.Combine(Root, "gen", "base");
        TruthPath = System.IO.Path.Combine(Root, "truth.json");
        new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = 1, Increments = increments }).Generate(BaseFolder, TruthPath);
        Increments = increments;
        Truth = Nightly.Tests.Truth.Read(TruthPath);
    }

    public string Root { get; }
    public string BaseFolder { get; }
    public string TruthPath { get; }
    public int Increments { get; }
    public Truth Truth { get; }

    public string IncrementFolder(int k) => InsurerGenerator.IncrementDirectory(BaseFolder, k);

    /// <summary>Copies the base folder (adding a ready marker, which the generator writes only for increments) into <paramref name="inbox"/>.</summary>
    public string DeliverBase(string inbox, string name = "00-base") => Deliver(BaseFolder, inbox, name, ready: true);

    public string DeliverIncrement(int k, string inbox, string? name = null) =>
        Deliver(IncrementFolder(k), inbox, name ?? $"{k:D2}-increment", ready: true);

    public static string Deliver(string source, string inbox, string name, bool ready)
    {
        var target = System.IO.Path.Combine(inbox, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (System.IO.Path.GetFileName(file) == NightlyOptions.ReadyMarker) continue;
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
        if (ready) File.WriteAllText(System.IO.Path.Combine(target, NightlyOptions.ReadyMarker), "");
        return target;
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The generator's truth file, as far as these tests read it.</summary>
public sealed record Truth(IReadOnlyList<TruthGroup> Groups)
{
    public static Truth Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var groups = new List<TruthGroup>();
        foreach (var g in doc.RootElement.GetProperty("groups").EnumerateArray())
        {
            var grown = new Dictionary<int, IReadOnlyList<string>>();
            if (g.TryGetProperty("grown", out var gr))
                foreach (var x in gr.EnumerateArray())
                    grown[x.GetProperty("increment").GetInt32()] = x.GetProperty("holders").EnumerateArray().Select(h => h.GetString()!).ToList();
            groups.Add(new TruthGroup(
                g.GetProperty("group_id").GetString()!,
                g.GetProperty("type").GetString()!,
                g.TryGetProperty("increment", out var inc) ? inc.GetInt32() : 0,
                g.GetProperty("holders").EnumerateArray().Select(h => h.GetString()!).ToList(),
                grown));
        }
        return new Truth(groups);
    }
}

/// <param name="Increment">0 for the base folder, else the increment the group started in.</param>
/// <param name="Grown">Victims added per later increment.</param>
public sealed record TruthGroup(string GroupId, string Type, int Increment, IReadOnlyList<string> Holders, IReadOnlyDictionary<int, IReadOnlyList<string>> Grown)
{
    /// <summary>Victims as of the end of increment <paramref name="k"/> (0 = base).</summary>
    public HashSet<string> VictimsAsOf(int k)
    {
        var set = new HashSet<string>(Increment <= k ? Holders : [], StringComparer.Ordinal);
        foreach (var (inc, holders) in Grown) if (inc <= k) set.UnionWith(holders);
        return set;
    }
}
