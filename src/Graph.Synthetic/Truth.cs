using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Graph.Synthetic;

/// <summary>
/// The truth file (<c>generate --truth FILE</c>): what was planted, for the detection team to score against. The one
/// schema of that file: the generator writes these classes and <c>Graph.Evaluation</c>'s evaluator reads them back.
/// </summary>
public sealed class TruthFile
{
    [JsonProperty("seed")] public int Seed { get; init; }
    [JsonProperty("holders")] public int Holders { get; init; }
    [JsonProperty("increments")] public int Increments { get; init; }
    /// <summary>The generator profile, when not the classic one (whose truth files stay as they were).</summary>
    [JsonProperty("profile", NullValueHandling = NullValueHandling.Ignore)] public string? Profile { get; set; }
    /// <summary>The values a hard-profile seed drew (base rates, shares, ring habits), for readers of the truth.</summary>
    [JsonProperty("parameters", NullValueHandling = NullValueHandling.Ignore)] public SortedDictionary<string, double>? Parameters { get; set; }
    [JsonProperty("groups")] public List<TruthGroup> Groups { get; } = [];

    /// <summary>Reads a truth file.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON, or not an object with a <c>groups</c> array.</exception>
    public static TruthFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads the text of a truth file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON, or not an object with a <c>groups</c> array.</exception>
    public static TruthFile Parse(string json, string source = "truth")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            if (JToken.Parse(json) is not JObject { } root || root["groups"] is not JArray)
                throw new InvalidDataException($"{source} is not a truth file: it is not an object with a \"groups\" array.");
            return root.ToObject<TruthFile>()!;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not a truth file: {e.Message}", e);
        }
    }

    /// <summary>The truth as of increment <paramref name="increment"/> (0: the base folder): groups that exist by then, with the victims they have by then.</summary>
    public TruthFile AsOf(int increment)
    {
        var asOf = new TruthFile { Seed = Seed, Holders = Holders, Increments = Increments, Profile = Profile, Parameters = Parameters };
        foreach (var g in Groups)
        {
            if ((g.Increment ?? 0) > increment) continue;
            var copy = new TruthGroup { GroupId = g.GroupId, Type = g.Type, Kind = g.Kind, Increment = g.Increment };
            copy.Holders.AddRange(g.Holders);
            if (g.Grown is not null)
                foreach (var step in g.Grown) if (step.Increment <= increment) copy.Holders.AddRange(step.Holders);
            copy.Controllers.AddRange(g.Controllers);
            asOf.Groups.Add(copy);
        }
        return asOf;
    }
}

/// <summary>One planted group: a ring (<see cref="Type"/> <c>ring</c>), or a look-alike (<c>decoy</c>) that must not be flagged.</summary>
public sealed class TruthGroup
{
    [JsonProperty("group_id")] public required string GroupId { get; init; }
    [JsonProperty("type")] public required string Type { get; init; }
    [JsonProperty("kind")] public required string Kind { get; init; }
    /// <summary>Set on groups that first appear in an increment.</summary>
    [JsonProperty("increment", NullValueHandling = NullValueHandling.Ignore)] public int? Increment { get; init; }
    /// <summary>Holders of the group in the folder where it first appears.</summary>
    [JsonProperty("holders")] public List<string> Holders { get; } = [];
    [JsonProperty("controllers")] public List<TruthController> Controllers { get; } = [];
    /// <summary>Victims added by later increments.</summary>
    [JsonProperty("grown", NullValueHandling = NullValueHandling.Ignore)] public List<TruthGrowth>? Grown { get; set; }

    /// <summary>True for a planted ring, false for a look-alike.</summary>
    [JsonIgnore] public bool IsRing => string.Equals(Type, "ring", StringComparison.OrdinalIgnoreCase);

    [JsonIgnore] private readonly HashSet<(string, string)> _seen = [];
    [JsonIgnore] private readonly HashSet<string> _holders = [];

    internal void AddController(string type, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (_seen.Add((type, value))) Controllers.Add(new TruthController { Type = type, Value = value });
    }

    /// <summary>Holder ids in id order, for a readable, diff-friendly file.</summary>
    internal void SortHolders()
    {
        Holders.Sort(StringComparer.Ordinal);
        if (Grown is null) return;
        foreach (var g in Grown) g.Holders.Sort(StringComparer.Ordinal);
    }

    internal void AddHolder(string holderId, int increment = 0)
    {
        if (!_holders.Add(holderId)) return;
        if (increment == 0 || Increment == increment) { Holders.Add(holderId); return; }
        Grown ??= [];
        var g = Grown.Find(x => x.Increment == increment);
        if (g is null) { g = new TruthGrowth { Increment = increment }; Grown.Add(g); }
        g.Holders.Add(holderId);
    }
}

public sealed class TruthController
{
    [JsonProperty("type")] public required string Type { get; init; }
    [JsonProperty("value")] public required string Value { get; init; }
}

public sealed class TruthGrowth
{
    [JsonProperty("increment")] public required int Increment { get; init; }
    [JsonProperty("holders")] public List<string> Holders { get; } = [];
}
