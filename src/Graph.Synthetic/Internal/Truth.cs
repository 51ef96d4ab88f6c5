using Newtonsoft.Json;

namespace Graph.Synthetic.Internal;

/// <summary>The truth file: what was planted, for the detection team to score against.</summary>
internal sealed class TruthFile
{
    [JsonProperty("seed")] public int Seed { get; init; }
    [JsonProperty("holders")] public int Holders { get; init; }
    [JsonProperty("increments")] public int Increments { get; init; }
    /// <summary>The generator profile, when not the classic one (whose truth files stay as they were).</summary>
    [JsonProperty("profile", NullValueHandling = NullValueHandling.Ignore)] public string? Profile { get; set; }
    /// <summary>The values a hard-profile seed drew (base rates, shares, ring habits), for readers of the truth.</summary>
    [JsonProperty("parameters", NullValueHandling = NullValueHandling.Ignore)] public SortedDictionary<string, double>? Parameters { get; set; }
    [JsonProperty("groups")] public List<TruthGroup> Groups { get; } = [];
}

internal sealed class TruthGroup
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

    [JsonIgnore] private readonly HashSet<(string, string)> _seen = [];
    [JsonIgnore] private readonly HashSet<string> _holders = [];

    public void AddController(string type, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (_seen.Add((type, value))) Controllers.Add(new TruthController { Type = type, Value = value });
    }

    /// <summary>Holder ids in id order, for a readable, diff-friendly file.</summary>
    public void SortHolders()
    {
        Holders.Sort(StringComparer.Ordinal);
        if (Grown is null) return;
        foreach (var g in Grown) g.Holders.Sort(StringComparer.Ordinal);
    }

    public void AddHolder(string holderId, int increment = 0)
    {
        if (!_holders.Add(holderId)) return;
        if (increment == 0 || Increment == increment) { Holders.Add(holderId); return; }
        Grown ??= [];
        var g = Grown.Find(x => x.Increment == increment);
        if (g is null) { g = new TruthGrowth { Increment = increment }; Grown.Add(g); }
        g.Holders.Add(holderId);
    }
}

internal sealed class TruthController
{
    [JsonProperty("type")] public required string Type { get; init; }
    [JsonProperty("value")] public required string Value { get; init; }
}

internal sealed class TruthGrowth
{
    [JsonProperty("increment")] public required int Increment { get; init; }
    [JsonProperty("holders")] public List<string> Holders { get; } = [];
}
