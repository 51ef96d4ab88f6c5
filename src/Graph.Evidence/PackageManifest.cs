using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Graph.Evidence;

/// <summary>One file of a package: its path inside the package (forward slashes), SHA-256 (hex) and size.</summary>
public sealed record ManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("bytes")] long Bytes);

/// <summary>
/// <c>manifest.json</c> (CONTRACT.md section 3): every other file of the package with its SHA-256 and size, and
/// where the package came from. The manifest's own SHA-256 pins the whole package; it is what the audit log keeps.
/// </summary>
public sealed record PackageManifest
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "fraudgraph-evidence-package/1";

    [JsonPropertyName("format")] public string Format { get; init; } = CurrentFormat;
    [JsonPropertyName("ring_id")] public required string RingId { get; init; }
    [JsonPropertyName("run_id")] public required string RunId { get; init; }
    [JsonPropertyName("input_fingerprint")] public required string InputFingerprint { get; init; }
    [JsonPropertyName("engine_version")] public required string EngineVersion { get; init; }
    [JsonPropertyName("exported_at")] public required DateTimeOffset ExportedAt { get; init; }
    [JsonPropertyName("operator")] public required string Operator { get; init; }
    [JsonPropertyName("masked")] public bool Masked { get; init; } = true;
    [JsonPropertyName("reason")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }
    [JsonPropertyName("left_out")] public IReadOnlyList<string> LeftOut { get; init; } = [];
    [JsonPropertyName("files")] public required IReadOnlyList<ManifestFile> Files { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <exception cref="JsonException">Not a manifest.</exception>
    public static PackageManifest Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<PackageManifest>(utf8, Json) ?? throw new JsonException("manifest.json is empty (null).");

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));
}
