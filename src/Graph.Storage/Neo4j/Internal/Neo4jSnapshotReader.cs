using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// Pulls the analysis snapshot out of Neo4j in pages: holders by keyset paging on <c>holder_id</c>, and for
/// each page of holders their links, policies and events (<c>cypher/read/</c>); agents by keyset paging. The
/// result is numbered and sorted exactly like the SQLite store's, so the analytics give the same answer on both.
/// </summary>
/// <remarks>
/// Pages are separate auto-commit requests, so a load committing while the snapshot is read can be seen
/// partly; analysis runs after the nightly load, not during it.
/// </remarks>
internal sealed class Neo4jSnapshotReader
{
    private readonly Neo4jConnection _connection;
    private readonly int _pageSize;
    private readonly CancellationToken _ct;

    public Neo4jSnapshotReader(Neo4jConnection connection, int pageSize, CancellationToken ct)
    {
        _connection = connection;
        _pageSize = pageSize;
        _ct = ct;
    }

    private readonly List<SnapshotHolder> _holders = [];
    private readonly List<(string Holder, ContactKind Kind, string Value, EvidenceKind Evidence, RecordKind Source, string SourceId, DateTimeOffset? At)> _links = [];
    private readonly List<(string Id, string Holder, string? Agent, PolicyStatus Status, decimal? Premium, DateTimeOffset? IssuedAt)> _policies = [];
    private readonly List<(RecordKind Kind, string Id, string Holder, string? Policy, DateTimeOffset? At, decimal? Amount, ContactField Field, string? Channel, string? Text)> _events = [];

    public GraphSnapshot Read()
    {
        string after = "";
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            var page = Query("read/holders.cypher", new() { ["after"] = after, ["limit"] = _pageSize })[0];
            if (page.Rows.Count == 0) break;
            var ids = new List<string>(page.Rows.Count);
            foreach (var row in page.Rows)
            {
                var id = (string)row[0]!;
                ids.Add(id);
                _holders.Add(new SnapshotHolder(id, Neo4jRows.Text(row[1]), Neo4jRows.Text(row[2]), Neo4jRows.ParseTime(row[3]), row[4].Type == JTokenType.Boolean && (bool)row[4]));
            }
            ReadPageDetails(ids);
            if (page.Rows.Count < _pageSize) break;
            after = ids[^1];
        }
        var agents = ReadAgents();
        return Build(agents);
    }

    private void ReadPageDetails(List<string> ids)
    {
        var parameters = new Dictionary<string, object?> { ["ids"] = ids };
        var results = _connection.AutoCommit(
        [
            Statement("read/links.cypher", parameters),
            Statement("read/policies.cypher", parameters),
            Statement("read/events.cypher", parameters),
        ], _ct);

        var links = results[0];
        foreach (var row in links.Rows)
            _links.Add(((string)row[0]!, (ContactKind)(int)row[1], (string)row[2]!, Neo4jRows.EvidenceOf(Neo4jRows.Text(row[3])),
                Neo4jRows.RecordKindOf(Neo4jRows.Text(row[4])), (string)row[5]!, Neo4jRows.ParseTime(row[6])));

        foreach (var row in results[1].Rows)
            _policies.Add(((string)row[0]!, (string)row[1]!, Neo4jRows.Text(row[2]), StoredWords.PolicyStatusOf(Neo4jRows.Text(row[3])),
                Neo4jRows.ParseMoney(row[4]), Neo4jRows.ParseTime(row[5])));

        foreach (var row in results[2].Rows)
        {
            var kind = Neo4jRows.Text(row[1]) switch
            {
                "CHANGED" => RecordKind.ContactChange,
                "REQUESTED" => RecordKind.SurrenderRequest,
                "FILED" => RecordKind.Complaint,
                var other => throw new InvalidDataException($"Unexpected event relationship '{other}'."),
            };
            _events.Add((kind, (string)row[2]!, (string)row[0]!, Neo4jRows.Text(row[3]), Neo4jRows.ParseTime(row[4]),
                kind == RecordKind.SurrenderRequest ? Neo4jRows.ParseMoney(row[5]) : null,
                kind == RecordKind.ContactChange ? StoredWords.ContactFieldOf(Neo4jRows.Text(row[6])) : ContactField.Unknown,
                Neo4jRows.Text(row[7]),
                kind == RecordKind.Complaint ? Neo4jRows.Text(row[8]) : null));
        }
    }

    private List<SnapshotAgent> ReadAgents()
    {
        var agents = new List<SnapshotAgent>();
        string after = "";
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            var page = Query("read/agents.cypher", new() { ["after"] = after, ["limit"] = _pageSize })[0];
            foreach (var row in page.Rows)
                agents.Add(new SnapshotAgent((string)row[0]!, Neo4jRows.Text(row[1]), StoredWords.AgentStatusOf(Neo4jRows.Text(row[2])),
                    Neo4jRows.ParseTime(row[3]), row[4].Type == JTokenType.Boolean && (bool)row[4]));
            if (page.Rows.Count < _pageSize) break;
            after = agents[^1].Id;
        }
        return agents;
    }

    private GraphSnapshot Build(List<SnapshotAgent> agentList)
    {
        var holders = _holders.ToArray();
        Array.Sort(holders, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var holderIndex = new Dictionary<string, int>(holders.Length, StringComparer.Ordinal);
        for (int i = 0; i < holders.Length; i++) holderIndex[holders[i].Id] = i;

        var contactSet = new HashSet<SnapshotContact>();
        foreach (var l in _links) contactSet.Add(new SnapshotContact(l.Kind, l.Value));
        var contacts = contactSet.ToArray();
        Array.Sort(contacts, static (a, b) =>
        {
            int c = a.Kind.CompareTo(b.Kind);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        var contactIndex = new Dictionary<SnapshotContact, int>(contacts.Length);
        for (int i = 0; i < contacts.Length; i++) contactIndex[contacts[i]] = i;

        var links = new SnapshotLink[_links.Count];
        for (int i = 0; i < links.Length; i++)
        {
            if ((i & 0xFFFF) == 0) _ct.ThrowIfCancellationRequested();
            var l = _links[i];
            links[i] = new SnapshotLink(holderIndex[l.Holder], contactIndex[new SnapshotContact(l.Kind, l.Value)], l.Evidence, l.Source, l.SourceId, l.At);
        }
        Array.Sort(links, SnapshotOrder.Links);

        var agents = agentList.ToArray();
        Array.Sort(agents, static (a, b) => string.CompareOrdinal(a.Id, b.Id));

        var policies = new SnapshotPolicy[_policies.Count];
        for (int i = 0; i < policies.Length; i++)
        {
            var p = _policies[i];
            policies[i] = new SnapshotPolicy(p.Id, holderIndex[p.Holder], p.Agent, p.Status, p.Premium, p.IssuedAt);
        }
        Array.Sort(policies, static (a, b) => string.CompareOrdinal(a.Id, b.Id));

        var events = new SnapshotEvent[_events.Count];
        for (int i = 0; i < events.Length; i++)
        {
            var e = _events[i];
            events[i] = new SnapshotEvent(e.Kind, e.Id, holderIndex[e.Holder], e.Policy, e.At, e.Amount, e.Field, e.Channel, e.Text);
        }
        Array.Sort(events, SnapshotOrder.Events);

        return new GraphSnapshot
        {
            Holders = holders,
            Contacts = contacts,
            Links = links,
            Policies = policies,
            Agents = agents,
            Events = events,
        };
    }


    private IReadOnlyList<CypherResult> Query(string file, Dictionary<string, object?> parameters) =>
        _connection.AutoCommit([Statement(file, parameters)], _ct);

    private static CypherStatement Statement(string file, Dictionary<string, object?> parameters) =>
        new(file, CypherLibrary.Statement(file), parameters);
}
