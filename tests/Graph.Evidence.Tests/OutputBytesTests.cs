using System.Text;
using Graph.Core;
using Graph.Evidence.Internal;

namespace Graph.Evidence.Tests;

/// <summary>
/// A package's JSON files byte for byte as published (CONTRACT.md section 3): the files under Golden/ were written by the
/// writers these packages first shipped with, so a change of JSON library, number form or escaping shows here.
/// </summary>
public sealed class OutputBytesTests
{
    private static IReadOnlyList<RingReason> Reasons() =>
    [
        new RingReason("ring_timing", "6 of 6 households surrendered within 60 days; 0.18 expected; chance 1e-17", 1.5, 17.2, 63.25, ["C1", "S1", "13800000001"])
            { Observed = 6, Expected = 0.18, Chance = 1e-17 },
        new RingReason("shared_phone", "Phone 13800000001 \"shared\" <by> & 张三's team", 1, 0.1 + 0.2, 40, []),
    ];

    private static IReadOnlyList<SharedValueRole> ValueRoles() =>
        [new SharedValueRole("phone", HandMadeRing.PhoneA, "controller", "3 of 3 households switched to 13800000001", 3, 3, 3, 3, 0, 1, 1, 3, 0.25, 60, 4.5)];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ring_json_is_byte_for_byte_the_published_form(bool masked) =>
        AssertGolden(masked ? "ring-masked.json" : "ring-unmasked.json",
            EvidenceExporter.RingJson(HandMadeRing.Evidence(masked, Reasons(), ValueRoles())));

    [Fact]
    public void Graph_json_is_byte_for_byte_the_published_form() =>
        AssertGolden("graph-ring.json", GraphFiles.Json(HandMadeRing.Evidence(masked: true, Reasons(), ValueRoles())));

    [Fact]
    public void Manifest_is_byte_for_byte_the_published_form_and_reads_back()
    {
        var manifest = new PackageManifest
        {
            RingId = "R-000042",
            RunId = "run-test",
            InputFingerprint = new string('a', 64),
            EngineVersion = "0.1.0",
            ExportedAt = HandMadeRing.Day0.AddTicks(1234567),
            Operator = "张警官 \"liaison\"",
            Masked = false,
            Reason = "referral <case 12> & co",
            LeftOut = ["report.pdf (Chromium not installed)"],
            Files = [new ManifestFile("graph/ring.json", new string('0', 64), 1234), new ManifestFile("ring.json", new string('b', 64), 0)],
        };
        var bytes = manifest.ToBytes();
        AssertGolden("manifest.json", bytes);
        var read = PackageManifest.Parse(bytes);
        Assert.Equal(manifest.ExportedAt, read.ExportedAt);
        Assert.Equal(manifest.Files, read.Files);
        Assert.Equal(manifest.LeftOut, read.LeftOut);
        Assert.Equal(manifest with { Files = read.Files, LeftOut = read.LeftOut }, read);
        AssertGolden("manifest-masked.json", (manifest with { Masked = true, Reason = null, LeftOut = [] }).ToBytes());
    }

    private static void AssertGolden(string name, byte[] actual)
    {
        var expected = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }
}
