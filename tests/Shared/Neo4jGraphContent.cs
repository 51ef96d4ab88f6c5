// Compiled into the storage and CLI tests and the benchmarks (see their csproj): one way to say "the same graph".
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Graph.TestSupport;

/// <summary>
/// What a Neo4j graph holds, for comparing two loads: node counts per label, relationship counts per type, and a
/// SHA-256 over every node's key, labels and properties and every relationship's type, end keys and properties
/// (order-free). <c>(:Load)</c> nodes are left out: they record when and how a load ran, not what it loaded.
/// Reads through the HTTP transactional endpoint (3.x, or 4.x/5.x with <c>NEO4J_URI</c>), a page of nodes at a time.
/// </summary>
public sealed record Neo4jGraphContent(IReadOnlyDictionary<string, long> Labels, IReadOnlyDictionary<string, long> Relationships, string Checksum)
{
    /// <summary>Every label that identifies a node, with its key (a contact point is also a :ContactPoint).</summary>
    private static readonly (string Label, string Key)[] Keys =
    [
        ("Policyholder", "holder_id"), ("Agent", "agent_id"), ("Policy", "policy_id"), ("ContactChange", "change_id"),
        ("SurrenderRequest", "request_id"), ("Complaint", "complaint_id"), ("Phone", "value"), ("BankAccount", "value"),
        ("Address", "value"), ("Email", "value"), ("Device", "value"), ("IpAddress", "value"), ("Representative", "value"),
        ("ComplaintTemplate", "value"), ("Ring", "ring_key"), ("AnalysisRun", "run_id"), ("AuditEntry", "seq"), ("AuditLog", "name"),
    ];

    private const string EndKey = "coalesce(m.holder_id, m.agent_id, m.policy_id, m.change_id, m.request_id, m.complaint_id, m.value, m.ring_key, m.run_id, m.name, toString(m.seq))";

    /// <summary>Reads the whole graph of the server at <paramref name="url"/>.</summary>
    public static Neo4jGraphContent Read(string url, int pageSize = 5_000)
    {
        using var http = Client();
        var endpoint = Endpoint(url);
        var labels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in Query(http, endpoint, "MATCH (n) WHERE NOT n:Load UNWIND labels(n) AS label RETURN label, count(*)", null))
            labels[row[0].GetString()!] = row[1].GetInt64();
        var types = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in Query(http, endpoint, "MATCH ()-[r]->() RETURN type(r), count(*)", null))
            types[row[0].GetString()!] = row[1].GetInt64();

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long keyed = 0;
        foreach (var (label, key) in Keys)
        {
            if (!labels.ContainsKey(label)) continue;
            // Pages by key: an index seek on the key's uniqueness constraint, sorted on the server.
            object after = key == "seq" ? long.MinValue : "";
            while (true)
            {
                var page = Query(http, endpoint,
                    $"MATCH (n:{label}) WHERE n.{key} > $after WITH n ORDER BY n.{key} LIMIT {pageSize} " +
                    $"OPTIONAL MATCH (n)-[r]->(m) RETURN n.{key}, labels(n), properties(n), collect([type(r), labels(m), {EndKey}, properties(r)]) ORDER BY n.{key}",
                    new Dictionary<string, object> { ["after"] = after });
                foreach (var row in page)
                {
                    var text = new StringBuilder().Append(label).Append('|').Append(Canonical(row[0])).Append('|')
                        .Append(LabelSet(row[1])).Append('|').Append(Canonical(row[2])).Append('|');
                    var rels = row[3].EnumerateArray().Where(r => r[0].ValueKind != JsonValueKind.Null)
                        .Select(r => $"[{Canonical(r[0])},{LabelSet(r[1])},{Canonical(r[2])},{Canonical(r[3])}]").Order(StringComparer.Ordinal);
                    text.AppendJoin(';', rels).Append('\n');
                    sha.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
                    keyed++;
                }
                if (page.Count < pageSize) break;
                after = page[^1][0].ValueKind == JsonValueKind.Number ? page[^1][0].GetInt64() : page[^1][0].GetString()!;
            }
        }
        long nodes = Query(http, endpoint, "MATCH (n) WHERE NOT n:Load RETURN count(n)", null)[0][0].GetInt64();
        // A node under none of the known labels would escape the checksum: count it in.
        sha.AppendData(Encoding.UTF8.GetBytes($"unkeyed={nodes - keyed}"));
        return new Neo4jGraphContent(labels, types, Convert.ToHexString(sha.GetHashAndReset()));
    }

    /// <summary>Counts and checksum on one line, for assertion messages and the benchmark's output.</summary>
    public override string ToString() =>
        $"{string.Join(", ", Labels.Select(p => $"{p.Key}={p.Value}"))}; {string.Join(", ", Relationships.Select(p => $"{p.Key}={p.Value}"))}; sha256 {Checksum[..16]}";

    /// <summary>Equal counts and checksum (the dictionaries compare by content).</summary>
    public bool SameAs(Neo4jGraphContent other) =>
        Labels.SequenceEqual(other.Labels) && Relationships.SequenceEqual(other.Relationships) && Checksum == other.Checksum;

    /// <summary>
    /// A node's labels, sorted: they are a set, and <c>labels(n)</c> lists them in the order of the label tokens' ids,
    /// which depends on how the database was made (the online store's constraints create the tokens; an offline import
    /// creates them in the order of its files), not on the graph.
    /// </summary>
    private static string LabelSet(JsonElement labels) =>
        "[" + string.Join(",", labels.EnumerateArray().Select(Canonical).Order(StringComparer.Ordinal)) + "]";

    /// <summary>JSON with object keys sorted and integers and decimals written one way, so equal values give equal text.</summary>
    private static string Canonical(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                return "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}";
            case JsonValueKind.Array:
                return "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]";
            case JsonValueKind.Number:
                return e.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : e.GetDouble().ToString("R", CultureInfo.InvariantCulture);
            default:
                return e.GetRawText();
        }
    }

    private static HttpClient Client()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        if (Environment.GetEnvironmentVariable("NEO4J_USER") is { Length: > 0 } user)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + Environment.GetEnvironmentVariable("NEO4J_PASSWORD"))));
        return http;
    }

    /// <summary>The transactional endpoint: <c>/db/data/transaction/commit</c> on 3.x, <c>/db/DATABASE/tx/commit</c> after.</summary>
    private static string Endpoint(string url)
    {
        bool modern = Environment.GetEnvironmentVariable("NEO4J_URI") is { Length: > 0 } optIn && optIn.TrimEnd('/') == url.TrimEnd('/');
        var database = Environment.GetEnvironmentVariable("NEO4J_DATABASE") is { Length: > 0 } db ? db : "neo4j";
        return url.TrimEnd('/') + (modern ? $"/db/{database}/tx/commit" : "/db/data/transaction/commit");
    }

    private static List<JsonElement[]> Query(HttpClient http, string endpoint, string statement, Dictionary<string, object>? parameters)
    {
        var body = JsonSerializer.Serialize(new { statements = new[] { new { statement, parameters = parameters ?? [] } } });
        using var response = http.PostAsync(endpoint, new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        using var doc = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        var errors = doc.RootElement.GetProperty("errors");
        if (errors.GetArrayLength() > 0) throw new InvalidOperationException($"{statement}: {errors[0].GetRawText()}");
        var rows = new List<JsonElement[]>();
        foreach (var item in doc.RootElement.GetProperty("results")[0].GetProperty("data").EnumerateArray())
            rows.Add(item.GetProperty("row").EnumerateArray().Select(v => v.Clone()).ToArray());
        return rows;
    }
}
