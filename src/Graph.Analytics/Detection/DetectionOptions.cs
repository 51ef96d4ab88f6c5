using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>The named reasons a ring's score is made of (<see cref="RingScorer"/>; one class each in <c>Scoring/Reasons</c>).</summary>
public enum ReasonCode
{
    /// <summary>Unrelated households were switched (contact changes) to the ring's values.</summary>
    Convergence,
    /// <summary>Surrender payouts of several households go to the ring's accounts.</summary>
    SharedPayoutAccount,
    /// <summary>One representative (or their phone) acts on several households' surrenders or complaints.</summary>
    SharedRepresentative,
    /// <summary>Several households' changes or surrenders come from the ring's devices or IP addresses.</summary>
    SharedDeviceOrIp,
    /// <summary>The ring's phone or address is written as contact on several households' surrenders and complaints.</summary>
    SharedContact,
    /// <summary>Several households filed near-identical complaint letters.</summary>
    TemplatedComplaints,
    /// <summary>The households surrendered sooner after the change or complaint tying them to the ring than this insurer's holders do.</summary>
    ChangeBeforeSurrender,
    /// <summary>The victims' surrenders fall in a stretch of time in which the insurer receives few.</summary>
    SurrenderBurst,
    /// <summary>More victims were sold by one terminated agent than that agent's share of the book explains.</summary>
    TerminatedAgent,
    /// <summary>More victims share surname and city than the city's surnames explain (relatives): counts against the ring.</summary>
    RelatedVictims,
    /// <summary>The victims' complaints fall in a stretch of time in which the insurer receives few (a coached wave).</summary>
    ComplaintBurst,
    /// <summary>
    /// The households joined over years at the insurer's own pace and most never acted, as an institution's members do:
    /// takes back weak harm, so counts against the ring.
    /// </summary>
    GradualMembership,
}

/// <summary>How rings are flagged.</summary>
public enum FlagMethod
{
    /// <summary>By an estimated false-discovery rate (Benjamini–Hochberg over the rings' evidence), <see cref="DetectionOptions.FalseDiscoveryRate"/>.</summary>
    FalseDiscoveryRate,
    /// <summary>Rings scoring at least <see cref="DetectionOptions.FlagThreshold"/>.</summary>
    Score,
    /// <summary>The <see cref="DetectionOptions.FlagTop"/> best-scoring rings.</summary>
    Top,
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

    /// <summary>Fewest victims a ring can have, counted in households (a family counts once).</summary>
    public int MinRingHolders { get; set; } = 3;

    /// <summary>
    /// The least pause, in days, between two groups of victims that one representative acted for at which they can be
    /// two rings that hired the same representative in separate episodes rather than one ring (the pause must also be
    /// unlikely at the groups' own pace, at <see cref="RoleOptions.ControllerDecades"/>: a ring that changes numbers
    /// mid-campaign, or a slow ring that pauses as slowly as it works, stays one).
    /// </summary>
    public double EpisodeGapDays { get; set; } = 30;

    /// <summary>
    /// Decades (2: a one-in-a-hundred chance) at which a ring's victims share surname and city so much more often
    /// than the city's surnames explain that each surname-and-city group counts as one household.
    /// </summary>
    public double KinshipDecades { get; set; } = 2;

    /// <summary>
    /// How much each reason's evidence counts (its decades are multiplied by this; 0 leaves the reason out; a negative
    /// weight counts against a ring). The channels of control honest holders rarely share (an account, a
    /// representative, a value switched to) and the timing count fully; a contact on a form, a device or IP and a
    /// letter template, which honest holders share more often, count a little less.
    /// </summary>
    public Dictionary<ReasonCode, double> ReasonWeights { get; set; } = new()
    {
        [ReasonCode.Convergence] = 1,
        [ReasonCode.SharedPayoutAccount] = 1,
        [ReasonCode.SharedRepresentative] = 1,
        [ReasonCode.SharedDeviceOrIp] = 0.6,
        [ReasonCode.SharedContact] = 0.6,
        [ReasonCode.TemplatedComplaints] = 0.6,
        [ReasonCode.ChangeBeforeSurrender] = 1,
        [ReasonCode.SurrenderBurst] = 1,
        [ReasonCode.TerminatedAgent] = 1,
        [ReasonCode.RelatedVictims] = -1,
        [ReasonCode.ComplaintBurst] = 1,
        [ReasonCode.GradualMembership] = -1,
    };

    /// <summary>
    /// Decades one reason can count at most (20: a chance of 1e-20). No single channel, however large the ring, can
    /// stand for everything.
    /// </summary>
    public double ReasonCapDecades { get; set; } = 20;

    /// <summary>How rings are flagged: by false-discovery rate (default), by score, or the top K.</summary>
    public FlagMethod FlagBy { get; set; } = FlagMethod.FalseDiscoveryRate;

    /// <summary>
    /// Flagging by false-discovery rate: the expected share of flagged rings that the insurer's base rates could
    /// explain by chance (Benjamini–Hochberg over every candidate ring's evidence).
    /// </summary>
    public double FalseDiscoveryRate { get; set; } = 0.05;

    /// <summary>Flagging by score: rings scoring at least this (0–100; 50 is ten decades of evidence).</summary>
    public double FlagThreshold { get; set; } = 50;

    /// <summary>Flagging the top K: how many rings (the ones a team can investigate this week).</summary>
    public int FlagTop { get; set; } = 50;

    /// <summary>How values are classified by how they are used (<see cref="ValueRole"/>).</summary>
    public RoleOptions Roles { get; set; } = new();

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
        if (!(EpisodeGapDays >= 0)) errors.Add($"episodeGapDays is {EpisodeGapDays}: use 0 or more days.");
        if (!(FlagThreshold >= 0 && FlagThreshold <= 100)) errors.Add($"flagThreshold is {FlagThreshold}: use a score between 0 and 100.");
        if (!(FalseDiscoveryRate > 0 && FalseDiscoveryRate < 1)) errors.Add($"falseDiscoveryRate is {FalseDiscoveryRate}: use a rate in (0, 1), e.g. 0.05.");
        if (FlagTop < 1) errors.Add($"flagTop is {FlagTop}: use at least 1.");
        if (!(KinshipDecades > 0)) errors.Add($"kinshipDecades is {KinshipDecades}: use a number of decades > 0.");
        if (!(ReasonCapDecades > 0)) errors.Add($"reasonCapDecades is {ReasonCapDecades}: use a number of decades > 0.");
        if (!(IdentityJaccard > 0 && IdentityJaccard <= 1)) errors.Add($"identityJaccard is {IdentityJaccard}: use a similarity in (0, 1].");
        if (TopReasons < 1) errors.Add($"topReasons is {TopReasons}: use at least 1.");
        if (Roles is null) errors.Add("roles is missing: remove the key to get the defaults.");
        else Roles.Validate(errors);
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
        if (options is not null && overlayJson is not null && JsonNode.Parse(overlayJson, documentOptions: NodeOptions) is JsonObject named && !Names(named, "flagBy"))
        {
            // Naming a threshold or a top K in a config file means flagging by it.
            if (Names(named, "flagThreshold")) options.FlagBy = FlagMethod.Score;
            else if (Names(named, "flagTop")) options.FlagBy = FlagMethod.Top;
        }
        if (options is not null) errors.AddRange(options.Validate());
        if (errors.Count > 0)
            throw new InvalidDataException($"Invalid detection options in {source}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        return options!;
    }

    private static bool Names(JsonObject o, string key) => o.Any(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase));

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

/// <summary>Thresholds of <see cref="Scoring.ValueRoles"/>.</summary>
public sealed class RoleOptions
{
    /// <summary>Decades of the timing test (a chance of 1 in 10^this) at which a value is controlled.</summary>
    public double ControllerDecades { get; set; } = 3;

    /// <summary>A value used by at least this many households, without sign of control, is infrastructure.</summary>
    public int InfrastructureHouseholds { get; set; } = 10;

    /// <summary>Share of a value's holders sold by one (still active) agent at which the value is the agent's own.</summary>
    public double AgentShare { get; set; } = 0.6;

    /// <summary>A value of one household with more holders than this is an employer's or group's, not a family's.</summary>
    public int FamilyHolders { get; set; } = 8;

    /// <summary>
    /// A family rarely spans more households than this (parents and grown children, each registered at their own
    /// flat): more of one agent's clients acting together in one stretch are not a family deciding together.
    /// </summary>
    public int FamilyHouseholds { get; set; } = 4;

    /// <summary>Values named by at least this many holders are listed in <c>run.json</c> with their measurements.</summary>
    public int ReportHolders { get; set; } = 20;

    internal void Validate(List<string> errors)
    {
        if (!(ControllerDecades > 0)) errors.Add($"roles.controllerDecades is {ControllerDecades}: use a number of decades > 0 (3 = one in a thousand).");
        if (InfrastructureHouseholds < 2) errors.Add($"roles.infrastructureHouseholds is {InfrastructureHouseholds}: use at least 2.");
        if (!(AgentShare > 0 && AgentShare <= 1)) errors.Add($"roles.agentShare is {AgentShare}: use a share in (0, 1].");
        if (FamilyHolders < 2) errors.Add($"roles.familyHolders is {FamilyHolders}: use at least 2.");
        if (FamilyHouseholds < 1) errors.Add($"roles.familyHouseholds is {FamilyHouseholds}: use at least 1.");
        if (ReportHolders < 2) errors.Add($"roles.reportHolders is {ReportHolders}: use at least 2.");
    }
}
