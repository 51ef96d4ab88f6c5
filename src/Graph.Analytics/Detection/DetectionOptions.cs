using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>The named reasons a ring's score is made of (<see cref="RingScorer"/>).</summary>
public enum ReasonCode
{
    /// <summary>Unrelated holders converge on contact points they did not register themselves.</summary>
    Convergence,
    /// <summary>Victims have different surnames and live in different cities.</summary>
    UnrelatedHolders,
    /// <summary>Victims share surname and city, or a registered phone or address, with another victim (a family, an office): counts against the ring.</summary>
    RelatedVictims,
    /// <summary>A contact change to a controlled value precedes the victim's surrender.</summary>
    ChangeBeforeSurrender,
    /// <summary>The victims' surrenders are concentrated in time compared with all surrenders.</summary>
    SurrenderBurst,
    /// <summary>Surrender payouts of several victims go to the same account.</summary>
    SharedPayoutAccount,
    /// <summary>One representative acts on several victims' surrenders or complaints.</summary>
    SharedRepresentative,
    /// <summary>Several victims' changes or surrenders come from the same device or IP address.</summary>
    SharedDeviceOrIp,
    /// <summary>Several victims filed near-identical complaint letters.</summary>
    TemplatedComplaints,
    /// <summary>Many victims are former clients of one terminated agent.</summary>
    TerminatedAgent,
    /// <summary>Victims asked for their money back (surrender requests).</summary>
    Surrendered,
}

/// <summary>
/// Every tunable of ring detection, with documented defaults. Defaults live in this class (the initializers)
/// and are shipped as the embedded resource <c>detection.defaults.json</c> (a test keeps the two equal);
/// <see cref="Load"/> overlays a user's JSON file on them and validates the result, reporting every problem at
/// once.
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>
    /// Weight of one holder—contact point link per kind of evidence. A value the holder was switched to, a payout
    /// account, a representative or a contact phone on a surrender or complaint says more than the phone
    /// registered at purchase, which still links (families, colleagues) but weakly.
    /// </summary>
    public Dictionary<EvidenceKind, double> EvidenceWeights { get; set; } = new()
    {
        [EvidenceKind.RegisteredPhone] = 0.3,
        [EvidenceKind.RegisteredAddress] = 0.3,
        [EvidenceKind.ChangedTo] = 1.0,
        [EvidenceKind.ChangedFrom] = 0.2,
        [EvidenceKind.ChangeDevice] = 0.8,
        [EvidenceKind.ChangeIp] = 0.5,
        [EvidenceKind.SurrenderContactPhone] = 0.8,
        [EvidenceKind.SurrenderPayoutAccount] = 1.0,
        [EvidenceKind.SurrenderRepresentative] = 1.0,
        [EvidenceKind.SurrenderRepresentativePhone] = 0.8,
        [EvidenceKind.SurrenderDevice] = 0.8,
        [EvidenceKind.SurrenderIp] = 0.5,
        [EvidenceKind.ComplaintContactPhone] = 0.8,
        [EvidenceKind.ComplaintSenderAddress] = 0.6,
        [EvidenceKind.ComplaintRepresentative] = 1.0,
        [EvidenceKind.ComplaintRepresentativePhone] = 0.8,
        [EvidenceKind.ComplaintTemplate] = 0.7,
    };

    /// <summary>
    /// Multiplier on a contact change (and its device/IP) when the same holder asks to surrender within
    /// <see cref="ChangeBeforeSurrenderDays"/> afterwards: the signature of a takeover.
    /// </summary>
    public double ChangeBeforeSurrenderBoost { get; set; } = 1.5;

    /// <summary>How long after a contact change a surrender still counts as following it (days).</summary>
    public int ChangeBeforeSurrenderDays { get; set; } = 365;

    /// <summary>Automatic recognition of hub values (hotlines, branch numbers, shared public addresses).</summary>
    public HubOptions Hubs { get; set; } = new();

    /// <summary>Institutional values that never link anyone.</summary>
    public AllowlistOptions Allowlist { get; set; } = new();

    /// <summary>Near-duplicate complaint letters.</summary>
    public TemplateOptions Templates { get; set; } = new();

    /// <summary>
    /// Resolution γ of the Constant Potts Model: a community is worth keeping when its internal link weight
    /// exceeds γ per pair of nodes. Bipartite rings are sparse (a star of n victims on one phone has density
    /// about 2/n), so γ is small; two rings are merged only when the weight between them exceeds γ·n₁·n₂.
    /// </summary>
    public double Resolution { get; set; } = 0.002;

    /// <summary>Components with at most this many nodes are one community each (no Leiden run).</summary>
    public int SmallComponentNodes { get; set; } = 12;

    /// <summary>Fewest victims a ring can have.</summary>
    public int MinRingHolders { get; set; } = 3;

    /// <summary>Points each reason gives at full strength (negative weights count against a ring).</summary>
    public Dictionary<ReasonCode, double> ReasonWeights { get; set; } = new()
    {
        [ReasonCode.Convergence] = 35,
        [ReasonCode.UnrelatedHolders] = 15,
        [ReasonCode.RelatedVictims] = -40,
        [ReasonCode.ChangeBeforeSurrender] = 15,
        [ReasonCode.SurrenderBurst] = 15,
        [ReasonCode.SharedPayoutAccount] = 10,
        [ReasonCode.SharedRepresentative] = 10,
        [ReasonCode.SharedDeviceOrIp] = 10,
        [ReasonCode.TemplatedComplaints] = 10,
        [ReasonCode.TerminatedAgent] = 10,
        [ReasonCode.Surrendered] = 5,
    };

    /// <summary>
    /// A ring is flagged when its score (0–100) is at least this. 50 means: unrelated holders converging on
    /// values they did not register is not enough alone (35 + 15); at least one more independent sign of a
    /// takeover (change before surrender, a burst, shared payouts, representatives, devices, templates, a
    /// terminated agent, money out) is needed.
    /// </summary>
    public double FlagThreshold { get; set; } = 50;

    /// <summary>
    /// Ratio of time concentration (see <see cref="HubOptions.MaxConcentration"/>) at which the burst reason
    /// reaches full strength.
    /// </summary>
    public double BurstFullRatio { get; set; } = 10;

    /// <summary>
    /// Strength of a victim's convergence when its only tie to the ring is weak evidence — a contact phone or
    /// address written on a surrender or complaint form, or a shared letter template — rather than a changed
    /// registered value, a payout account, a representative or a device/IP. Clerks type branch numbers on
    /// forms and honest complainants copy letters; a ring needs more than that.
    /// </summary>
    public double WeakEvidenceFactor { get; set; } = 0.5;

    /// <summary>Share of victims one terminated agent must have sold to before the agent is named.</summary>
    public double TerminatedAgentMinShare { get; set; } = 0.3;

    /// <summary>A new ring keeps an earlier ring's id when their victims' Jaccard similarity is at least this.</summary>
    public double IdentityJaccard { get; set; } = 0.5;

    /// <summary>Seed of every randomized step (Leiden, MinHash): same store and seed, same rings.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>How many reasons go into <c>top_reasons</c> of <c>rings.csv</c>.</summary>
    public int TopReasons { get; set; } = 3;

    /// <summary>Weight of an evidence kind (0 when not configured).</summary>
    public double EvidenceWeight(EvidenceKind kind) => EvidenceWeights.TryGetValue(kind, out var w) ? w : 0;

    /// <summary>Weight of a reason (0 when not configured).</summary>
    public double ReasonWeight(ReasonCode code) => ReasonWeights.TryGetValue(code, out var w) ? w : 0;

    /// <summary>Every problem with these options, each naming the setting and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (kind, w) in EvidenceWeights)
            if (!(w >= 0) || double.IsInfinity(w)) errors.Add($"evidenceWeights.{kind} is {w}: use a finite weight >= 0.");
        foreach (var (code, w) in ReasonWeights)
            if (double.IsNaN(w) || double.IsInfinity(w)) errors.Add($"reasonWeights.{code} is {w}: use a finite number.");
        if (!(ChangeBeforeSurrenderBoost >= 1)) errors.Add($"changeBeforeSurrenderBoost is {ChangeBeforeSurrenderBoost}: use a multiplier >= 1.");
        if (ChangeBeforeSurrenderDays < 1) errors.Add($"changeBeforeSurrenderDays is {ChangeBeforeSurrenderDays}: use at least 1 day.");
        if (!(Resolution > 0)) errors.Add($"resolution is {Resolution}: use a CPM resolution > 0 (default 0.002).");
        if (SmallComponentNodes < 2) errors.Add($"smallComponentNodes is {SmallComponentNodes}: use at least 2.");
        if (MinRingHolders < 2) errors.Add($"minRingHolders is {MinRingHolders}: a ring needs at least 2 victims.");
        if (!(FlagThreshold >= 0 && FlagThreshold <= 100)) errors.Add($"flagThreshold is {FlagThreshold}: use a score between 0 and 100.");
        if (!(BurstFullRatio > 1)) errors.Add($"burstFullRatio is {BurstFullRatio}: use a ratio > 1.");
        if (!(WeakEvidenceFactor >= 0 && WeakEvidenceFactor <= 1)) errors.Add($"weakEvidenceFactor is {WeakEvidenceFactor}: use a factor in [0, 1].");
        if (!(TerminatedAgentMinShare > 0 && TerminatedAgentMinShare <= 1)) errors.Add($"terminatedAgentMinShare is {TerminatedAgentMinShare}: use a share in (0, 1].");
        if (!(IdentityJaccard > 0 && IdentityJaccard <= 1)) errors.Add($"identityJaccard is {IdentityJaccard}: use a similarity in (0, 1].");
        if (TopReasons < 1) errors.Add($"topReasons is {TopReasons}: use at least 1.");
        if (Hubs is null) errors.Add("hubs is missing: remove the key to get the defaults.");
        else Hubs.Validate(errors);
        if (Allowlist is null) errors.Add("allowlist is missing: remove the key to get the defaults.");
        else Allowlist.Validate(errors);
        if (Templates is null) errors.Add("templates is missing: remove the key to get the defaults.");
        else Templates.Validate(errors);
        return errors;
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The JSON of the shipped defaults (the embedded <c>detection.defaults.json</c>).</summary>
    public static string DefaultsJson()
    {
        using var stream = typeof(DetectionOptions).Assembly.GetManifestResourceStream("Graph.Analytics.Detection.detection.defaults.json")
            ?? throw new InvalidOperationException("The embedded resource detection.defaults.json is missing from Graph.Analytics.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The shipped defaults, overlaid with <paramref name="configPath"/> when given (objects merge key by key, so
    /// a file naming only <c>flagThreshold</c> changes only that; lists replace), validated. Throws
    /// <see cref="InvalidDataException"/> listing every problem at once.
    /// </summary>
    public static DetectionOptions Load(string? configPath = null) =>
        FromJson(configPath is null ? null : ReadConfig(configPath), configPath ?? "defaults");

    /// <summary>The shipped defaults overlaid with <paramref name="overlayJson"/> (may be null), validated.</summary>
    public static DetectionOptions FromJson(string? overlayJson, string source = "config")
    {
        var errors = new List<string>();
        JsonNode merged;
        try
        {
            merged = JsonNode.Parse(DefaultsJson(), documentOptions: NodeOptions)!;
            if (overlayJson is not null)
            {
                var overlay = JsonNode.Parse(overlayJson, documentOptions: NodeOptions);
                if (overlay is not JsonObject) throw new InvalidDataException($"Invalid detection options in {source}: the file must hold one JSON object.");
                Merge((JsonObject)merged, (JsonObject)overlay);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Invalid detection options in {source}: {e.Message}", e);
        }
        DetectionOptions? options = null;
        try
        {
            options = merged.Deserialize<DetectionOptions>(Json);
        }
        catch (JsonException e)
        {
            errors.Add(e.Message);
        }
        if (options is not null) errors.AddRange(options.Validate());
        if (errors.Count > 0)
            throw new InvalidDataException($"Invalid detection options in {source}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        return options!;
    }

    private static readonly JsonDocumentOptions NodeOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static string ReadConfig(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Config file '{path}' does not exist.", path);
        return File.ReadAllText(path);
    }

    private static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            // Keys match case-insensitively, like the deserializer's property names.
            string? existing = null;
            foreach (var (k, _) in target) if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) { existing = k; break; }
            if (existing is not null && target[existing] is JsonObject to && value is JsonObject from) { Merge(to, from); continue; }
            if (existing is not null) target.Remove(existing);
            overlay.Remove(key);
            target[key] = value;
        }
    }

    /// <summary>These options as indented JSON (the same shape <see cref="Load"/> reads).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// Hubs are values many unrelated holders name for an innocent reason (a hotline, a branch number, a public
/// address). They are recognised by measurement, not by a list: many holders, spread over many cities or
/// agents, and no burst in time of the records naming them. Their links are down-weighted, they never
/// control a ring.
/// </summary>
public sealed class HubOptions
{
    /// <summary>Values named by fewer holders are never hubs.</summary>
    public int MinHolders { get; set; } = 50;

    /// <summary>Distinct cities of the holders at which a value counts as spread.</summary>
    public int MinCities { get; set; } = 5;

    /// <summary>Distinct sales agents of the holders at which a value counts as spread.</summary>
    public int MinAgents { get; set; } = 10;

    /// <summary>
    /// Time concentration below which a value shows no burst. Concentration is 0.8 divided by the share of all
    /// dated evidence (of every value) that falls between the 10th and 90th percentile dates of this value's
    /// evidence: about 1 for a value typed in at random moments (a hotline), large for a value used in a
    /// campaign. Scale-free: it does not depend on how many years the data spans.
    /// </summary>
    public double MaxConcentration { get; set; } = 2.5;

    /// <summary>
    /// A value is a hub only when fewer than this share of its holders reach it through active evidence (a
    /// contact change to it, a payout to it, a representative or representative's phone). Institutions are
    /// typed into contact fields; nobody is switched to a hotline or paid out to it. This keeps a slow ring
    /// spread over many months and cities from being mistaken for a hotline.
    /// </summary>
    public double MaxActiveShare { get; set; } = 0.5;

    /// <summary>Multiplier on the link weights of a hub (0 removes its links).</summary>
    public double WeightFactor { get; set; } = 0.02;

    internal void Validate(List<string> errors)
    {
        if (MinHolders < 3) errors.Add($"hubs.minHolders is {MinHolders}: use at least 3.");
        if (MinCities < 1) errors.Add($"hubs.minCities is {MinCities}: use at least 1.");
        if (MinAgents < 1) errors.Add($"hubs.minAgents is {MinAgents}: use at least 1.");
        if (!(MaxConcentration >= 1)) errors.Add($"hubs.maxConcentration is {MaxConcentration}: use a ratio >= 1.");
        if (!(MaxActiveShare > 0 && MaxActiveShare <= 1)) errors.Add($"hubs.maxActiveShare is {MaxActiveShare}: use a share in (0, 1].");
        if (!(WeightFactor >= 0 && WeightFactor <= 1)) errors.Add($"hubs.weightFactor is {WeightFactor}: use a factor in [0, 1].");
    }
}

/// <summary>
/// Institutional values (the insurer's hotlines, service numbers, branch addresses) that never link anyone.
/// Patterns are .NET regular expressions matched against the normalized value and the raw value with
/// separators removed (service numbers like <c>95519</c> do not normalize as phones).
/// </summary>
public sealed class AllowlistOptions
{
    /// <summary>Regular expressions; defaults: 5-digit <c>95xxx</c> service numbers and <c>400</c>/<c>800</c> numbers.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Replace)]
    public List<string> Patterns { get; set; } = [@"^95\d{3}$", @"^400\d{7}$", @"^800\d{7}$"];

    /// <summary>Exact normalized values (any contact kind), e.g. a branch office's landline or address.</summary>
    public List<string> Values { get; set; } = [];

    internal void Validate(List<string> errors)
    {
        if (Patterns is null) { errors.Add("allowlist.patterns is null: use [] for none."); return; }
        if (Values is null) errors.Add("allowlist.values is null: use [] for none.");
        foreach (var p in Patterns)
        {
            try { _ = new Regex(p); }
            catch (ArgumentException e) { errors.Add($"allowlist.patterns '{p}' is not a valid regular expression ({e.Message})."); }
        }
    }

    internal Func<string, bool> Compile()
    {
        var regexes = Patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToArray();
        var set = new HashSet<string>(Values, StringComparer.Ordinal);
        return v =>
        {
            if (set.Contains(v)) return true;
            foreach (var r in regexes) if (r.IsMatch(v)) return true;
            return false;
        };
    }
}

/// <summary>Near-duplicate complaint detection (<see cref="ComplaintTemplateDetector"/>).</summary>
public sealed class TemplateOptions
{
    /// <summary>Character n-gram length of the shingles (Chinese has no spaces, so words are not used).</summary>
    public int ShingleSize { get; set; } = 3;

    /// <summary>MinHash signature length; must be <see cref="Bands"/> × rows.</summary>
    public int Hashes { get; set; } = 128;

    /// <summary>LSH bands: with r = Hashes/Bands rows, a pair of similarity s becomes a candidate with probability 1 − (1 − sʳ)ᵇ.</summary>
    public int Bands { get; set; } = 32;

    /// <summary>Estimated Jaccard similarity of shingle sets at which two complaints are near-duplicates.</summary>
    public double MinJaccard { get; set; } = 0.6;

    /// <summary>Texts with fewer shingles are ignored: short stock phrases ("要求退保") say nothing about a template.</summary>
    public int MinShingles { get; set; } = 20;

    internal void Validate(List<string> errors)
    {
        if (ShingleSize < 1 || ShingleSize > 4) errors.Add($"templates.shingleSize is {ShingleSize}: use 1 to 4 characters.");
        if (Hashes < 8 || Bands < 1 || Hashes % Math.Max(1, Bands) != 0) errors.Add($"templates.hashes ({Hashes}) must be at least 8 and a multiple of templates.bands ({Bands}).");
        if (!(MinJaccard > 0 && MinJaccard <= 1)) errors.Add($"templates.minJaccard is {MinJaccard}: use a similarity in (0, 1].");
        if (MinShingles < 1) errors.Add($"templates.minShingles is {MinShingles}: use at least 1.");
    }
}
