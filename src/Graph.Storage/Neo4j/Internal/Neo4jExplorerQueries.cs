using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// The web explorer's queries (<c>fraudgraph serve</c>) on Neo4j, with the SQLite store's semantics
/// (<c>SqliteExplorerQueries</c>): each answers one page through index seeks (a contact point by its kind's label
/// and value, holders by id, agents by id, phones by value prefix), never the snapshot. A page and its total go
/// in one request, so on the transactional endpoints they are read in one transaction. The store's holder order
/// is holder id order (ordinal), the snapshot's order.
/// </summary>
internal static class Neo4jExplorerQueries
{
    public static async Task<LinkedHolderPage> ContactPointHoldersAsync(Neo4jConnection connection, ContactPointKey point, int skip, int take, CancellationToken ct)
    {
        var results = await connection.AutoCommitAsync(
        [
            Statement("explorer/contact-point-holder-counts.cypher", new() { ["points"] = new List<object> { PointRow(point) } }),
            Statement("explorer/contact-point-holders.cypher", new()
            {
                ["kind"] = (int)point.Kind, ["value"] = point.Value, ["skip"] = skip, ["take"] = take,
            }),
        ], ct).ConfigureAwait(false);
        int total = results[0].Rows.Count == 0 ? 0 : (int)results[0].Rows[0][results[0].Column("holders")];
        var page = results[1];
        int id = page.Column("id"), name = page.Column("name"), evidence = page.Column("evidence"), kind = page.Column("source_kind");
        int source = page.Column("source_id"), at = page.Column("at");
        var holders = new SortedDictionary<string, (string? Name, List<HolderLink> Links)>(StringComparer.Ordinal);
        foreach (var row in page.Rows)
        {
            var holder = (string)row[id]!;
            if (!holders.TryGetValue(holder, out var entry)) holders[holder] = entry = (Neo4jRows.Text(row[name]), []);
            entry.Links.Add(new HolderLink(Neo4jRows.RecordKindOf(Neo4jRows.Text(row[kind])), (string)row[source]!,
                Neo4jRows.EvidenceOf(Neo4jRows.Text(row[evidence])), Neo4jRows.ParseTime(row[at])));
        }
        return new LinkedHolderPage(total, Build(holders));
    }

    public static async Task<IReadOnlyList<int>> CountContactPointHoldersAsync(Neo4jConnection connection, IReadOnlyList<ContactPointKey> points, CancellationToken ct)
    {
        var counts = new int[points.Count];
        if (points.Count == 0) return counts;
        var rows = new List<object>(points.Count);
        foreach (var p in points) rows.Add(PointRow(p));
        var result = (await connection.AutoCommitAsync([Statement("explorer/contact-point-holder-counts.cypher", new() { ["points"] = rows })], ct).ConfigureAwait(false))[0];
        int i = result.Column("i"), holders = result.Column("holders");
        foreach (var row in result.Rows) counts[(int)row[i]] = (int)row[holders];
        return counts;
    }

    public static async Task<IReadOnlyDictionary<string, int>> CountHolderNeighboursAsync(Neo4jConnection connection, IReadOnlyCollection<string> holderIds, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (holderIds.Count == 0) return counts;
        var ids = holderIds.Distinct(StringComparer.Ordinal).ToList();
        var result = (await connection.AutoCommitAsync([Statement("explorer/holder-neighbours.cypher", new() { ["ids"] = ids })], ct).ConfigureAwait(false))[0];
        int id = result.Column("id"), neighbours = result.Column("neighbours");
        foreach (var row in result.Rows) counts[(string)row[id]!] = (int)row[neighbours];
        return counts;
    }

    public static async Task<Agent?> ReadAgentAsync(Neo4jConnection connection, string agentId, CancellationToken ct)
    {
        var result = (await connection.AutoCommitAsync([Statement("explorer/agent.cypher", new() { ["agentId"] = agentId })], ct).ConfigureAwait(false))[0];
        if (result.Rows.Count == 0) return null;
        var row = result.Rows[0];
        return Neo4jRecordReader.Agent((string)row[result.Column("id")]!, (JObject)row[result.Column("props")]);
    }

    public static async Task<LinkedHolderPage> AgentHoldersAsync(Neo4jConnection connection, string agentId, int skip, int take, CancellationToken ct)
    {
        var parameters = new Dictionary<string, object?> { ["agentId"] = agentId };
        var results = await connection.AutoCommitAsync(
        [
            Statement("explorer/agent-holder-count.cypher", parameters),
            Statement("explorer/agent-holders.cypher", new(parameters) { ["skip"] = skip, ["take"] = take }),
        ], ct).ConfigureAwait(false);
        int total = (int)results[0].Scalar()!;
        var page = results[1];
        int id = page.Column("id"), name = page.Column("name"), policy = page.Column("policy_id"), issued = page.Column("issued_at");
        var holders = new SortedDictionary<string, (string? Name, List<HolderLink> Links)>(StringComparer.Ordinal);
        foreach (var row in page.Rows)
        {
            var holder = (string)row[id]!;
            if (!holders.TryGetValue(holder, out var entry)) holders[holder] = entry = (Neo4jRows.Text(row[name]), []);
            entry.Links.Add(new HolderLink(RecordKind.Policy, (string)row[policy]!, null, Neo4jRows.ParseTime(row[issued])));
        }
        return new LinkedHolderPage(total, Build(holders));
    }

    public static async Task<IReadOnlyList<HolderMatch>> HoldersByIdPrefixAsync(Neo4jConnection connection, string prefix, int limit, CancellationToken ct) =>
        Matches((await connection.AutoCommitAsync([Statement("explorer/holders-by-id-prefix.cypher", new() { ["prefix"] = prefix, ["limit"] = limit })], ct)
            .ConfigureAwait(false))[0]);

    public static async Task<IReadOnlyList<HolderMatch>> HoldersByPhonePatternAsync(Neo4jConnection connection, string prefix, string suffix, int length, int limit,
        CancellationToken ct) =>
        Matches((await connection.AutoCommitAsync([Statement("explorer/holders-by-phone-pattern.cypher", new()
        {
            ["prefix"] = prefix, ["suffix"] = suffix, ["length"] = length, ["limit"] = limit,
        })], ct).ConfigureAwait(false))[0]);

    private static Dictionary<string, object?> PointRow(ContactPointKey point) => new() { ["kind"] = (int)point.Kind, ["value"] = point.Value };

    /// <summary>Holders in id order, each one's links by time (unknown first), then record id, then evidence.</summary>
    private static LinkedHolder[] Build(SortedDictionary<string, (string? Name, List<HolderLink> Links)> holders)
    {
        var result = new LinkedHolder[holders.Count];
        int i = 0;
        foreach (var (id, (name, links)) in holders)
        {
            links.Sort(static (a, b) =>
            {
                int c = Nullable.Compare(a.At, b.At);
                if (c != 0) return c;
                c = string.CompareOrdinal(a.SourceId, b.SourceId);
                return c != 0 ? c : Nullable.Compare(a.Evidence, b.Evidence);
            });
            result[i++] = new LinkedHolder(id, name, links);
        }
        return result;
    }

    private static List<HolderMatch> Matches(CypherResult result)
    {
        int id = result.Column("id"), name = result.Column("name");
        var matches = new List<HolderMatch>(result.Rows.Count);
        foreach (var row in result.Rows) matches.Add(new HolderMatch((string)row[id]!, Neo4jRows.Text(row[name])));
        return matches;
    }

    private static CypherStatement Statement(string file, Dictionary<string, object?> parameters) =>
        new(file, CypherLibrary.Statement(file), parameters);
}
