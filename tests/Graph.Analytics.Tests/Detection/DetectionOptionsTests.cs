using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

public class DetectionOptionsTests
{
    [Fact]
    public void Shipped_defaults_file_equals_the_documented_defaults_of_the_class()
    {
        Assert.Equal(new DetectionOptions().ToJson(), DetectionOptions.Load().ToJson());
    }

    [Fact]
    public void Shipped_defaults_name_every_evidence_kind_and_every_reason()
    {
        var options = DetectionOptions.Load();
        foreach (var kind in Enum.GetValues<EvidenceKind>()) Assert.True(options.EvidenceWeights.ContainsKey(kind), kind.ToString());
        foreach (var code in Enum.GetValues<ReasonCode>()) Assert.True(options.ReasonWeights.ContainsKey(code), code.ToString());
    }

    [Fact]
    public void A_config_file_changes_only_the_keys_it_names()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "flagThreshold": 65, "roles": { "infrastructureHouseholds": 80 }, "evidenceWeights": { "ChangedTo": 2.0 }, "allowlist": { "values": ["01012345678"] } }""");
            var options = DetectionOptions.Load(path);
            var defaults = new DetectionOptions();
            Assert.Equal(65, options.FlagThreshold);
            Assert.Equal(80, options.Roles.InfrastructureHouseholds);
            Assert.Equal(defaults.Roles.ControllerDecades, options.Roles.ControllerDecades);
            Assert.Equal(2.0, options.EvidenceWeights[EvidenceKind.ChangedTo]);
            Assert.Equal(defaults.EvidenceWeights[EvidenceKind.RegisteredPhone], options.EvidenceWeights[EvidenceKind.RegisteredPhone]);
            Assert.Equal(["01012345678"], options.Allowlist.Values);
            Assert.Equal(defaults.Allowlist.Patterns, options.Allowlist.Patterns);
            Assert.Equal(defaults.Resolution, options.Resolution);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var e = Assert.Throws<InvalidDataException>(() => DetectionOptions.FromJson(
            """{ "flagThreshold": 150, "resolution": -1, "minRingHolders": 1, "allowlist": { "patterns": ["(unclosed"] }, "templates": { "hashes": 100, "bands": 32 } }"""));
        Assert.Contains("flagThreshold", e.Message);
        Assert.Contains("resolution", e.Message);
        Assert.Contains("minRingHolders", e.Message);
        Assert.Contains("(unclosed", e.Message);
        Assert.Contains("templates.hashes", e.Message);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_not_silently_ignored()
    {
        var e = Assert.Throws<InvalidDataException>(() => DetectionOptions.FromJson("""{ "flagTreshold": 60 }"""));
        Assert.Contains("flagTreshold", e.Message);
    }

    [Fact]
    public void Allowlist_patterns_match_service_numbers_and_not_mobiles()
    {
        var isAllowed = new DetectionOptions().Allowlist.Compile();
        Assert.True(isAllowed("95519"));
        Assert.True(isAllowed("4008123456"));
        Assert.False(isAllowed("13812345678"));
        Assert.False(isAllowed("01012345678"));
    }
}
