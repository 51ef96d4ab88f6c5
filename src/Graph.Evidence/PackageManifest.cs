using System.Security.Cryptography;
using Graph.Core;
using Newtonsoft.Json;

namespace Graph.Evidence;

/// <summary>One file of a package: its path inside the package (forward slashes), SHA-256 (hex) and size.</summary>
public sealed record ManifestFile(
    [property: JsonProperty("path", Required = Required.Always)] string Path,
    [property: JsonProperty("sha256", Required = Required.Always)] string Sha256,
    [property: JsonProperty("bytes", Required = Required.Always)] long Bytes);

/// <summary>
/// <c>manifest.json</c> (CONTRACT.md section 3): every other file of the package with its SHA-256 and size, and
/// where the package came from. The manifest's own SHA-256 pins the whole package; it is what the audit log keeps.
/// </summary>
public sealed record PackageManifest
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "fraudgraph-evidence-package/1";

    [JsonProperty("format")] public string Format { get; init; } = CurrentFormat;
    [JsonProperty("ring_id", Required = Required.Always)] public required string RingId { get; init; }
    [JsonProperty("run_id", Required = Required.Always)] public required string RunId { get; init; }
    [JsonProperty("input_fingerprint", Required = Required.Always)] public required string InputFingerprint { get; init; }
    [JsonProperty("engine_version", Required = Required.Always)] public required string EngineVersion { get; init; }
    [JsonProperty("exported_at", Required = Required.Always)] public required DateTimeOffset ExportedAt { get; init; }
    [JsonProperty("operator", Required = Required.Always)] public required string Operator { get; init; }
    [JsonProperty("masked")] public bool Masked { get; init; } = true;
    [JsonProperty("reason", NullValueHandling = NullValueHandling.Ignore)] public string? Reason { get; init; }
    [JsonProperty("left_out")] public IReadOnlyList<string> LeftOut { get; init; } = [];
    [JsonProperty("files", Required = Required.Always)] public required IReadOnlyList<ManifestFile> Files { get; init; }

    public byte[] ToBytes() => JsonOutput.Serialize(this);

    /// <exception cref="JsonException">Not a manifest (not JSON, or a required field missing).</exception>
    public static PackageManifest Parse(ReadOnlySpan<byte> utf8) => JsonOutput.Read<PackageManifest>(utf8, FileName);

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));
}
