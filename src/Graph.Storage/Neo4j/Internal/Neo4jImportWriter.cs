using Graph.Core;
using Microsoft.Extensions.Logging;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// Builds the graph the online load (<c>cypher/load/</c>) leaves in an empty database, as import files: the same row
/// code (<see cref="Neo4jRows"/>), the same stubs for unknown holders, agents and policies, events attributed to
/// their policy's holder when they name none, the last version of a repeated record replacing the rows of the earlier
/// ones, contact points only while a link names them, and the <c>(:Load)</c> node <c>load/record-load.cypher</c>
/// writes when a load completes.
/// </summary>
/// <remarks>
/// Records must come in the loader's order (holders, agents, policies, events): a reference to a holder, agent or
/// policy not loaded before it is then never loaded at all, so it is a stub for good.
/// </remarks>
internal sealed class Neo4jImportWriter : ILoadTransaction
{
    private readonly string _folder;
    private readonly string _destination;
    private readonly LoadInfo _info;
    private readonly ILogger _logger;
    private readonly Action<Neo4jImportResult> _completed;

    private readonly Neo4jImportTable[] _records = new Neo4jImportTable[6];
    private readonly Dictionary<string, Neo4jImportTable> _relationships = new(StringComparer.Ordinal);
    private readonly List<Neo4jImportTable> _tables = [];

    /// <summary>Per record kind, each key's latest record (its ordinal): the version the graph keeps.</summary>
    private readonly Dictionary<string, long>[] _latest = new Dictionary<string, long>[6];

    /// <summary>Records a later version of the same key replaced: their rows are left out of the files.</summary>
    private readonly HashSet<long> _replaced = [];

    private readonly HashSet<string> _stubHolders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stubAgents = new(StringComparer.Ordinal);

    /// <summary>The holder of every policy seen (null: a policy without holder), for attributing events.</summary>
    private readonly Dictionary<string, string?> _policyHolders = new(StringComparer.Ordinal);

    /// <summary>Per contact kind, each value's raw spelling as first linked (<c>ON CREATE SET c.raw = row.raw</c>).</summary>
    private readonly Dictionary<string, string?>[] _contacts = new Dictionary<string, string?>[(int)ContactKind.Representative + 1];

    private long _ordinal;
    private RecordKind _kind;
    private bool _done, _moved;

    /// <param name="folder">Where the files are written: a staging folder, moved to <paramref name="destination"/> on <see cref="Commit"/>.</param>
    public Neo4jImportWriter(string folder, string destination, LoadInfo info, ILogger logger, Action<Neo4jImportResult> completed)
    {
        _folder = folder;
        _destination = destination;
        _info = info;
        _logger = logger;
        _completed = completed;
        for (int i = 0; i < _latest.Length; i++) _latest[i] = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < _contacts.Length; i++) _contacts[i] = new Dictionary<string, string?>(StringComparer.Ordinal);
        _records[(int)RecordKind.Policyholder] = Table("Policyholder", ["holder_id:ID(Policyholder)"], ":LABEL", "Policyholder");
        _records[(int)RecordKind.Agent] = Table("Agent", ["agent_id:ID(Agent)"], ":LABEL", "Agent");
        _records[(int)RecordKind.Policy] = Table("Policy", ["policy_id:ID(Policy)"], ":LABEL", "Policy");
        _records[(int)RecordKind.ContactChange] = Table("ContactChange", ["change_id:ID(ContactChange)"], ":LABEL", "ContactChange");
        _records[(int)RecordKind.SurrenderRequest] = Table("SurrenderRequest", ["request_id:ID(SurrenderRequest)"], ":LABEL", "SurrenderRequest");
        _records[(int)RecordKind.Complaint] = Table("Complaint", ["complaint_id:ID(Complaint)"], ":LABEL", "Complaint");
    }

    public string? Outcome { get; private set; }

    private Neo4jImportTable Table(string name, string[] keys, string constantColumn, string constantValue)
    {
        var table = new Neo4jImportTable(_folder, name, keys, constantColumn, constantValue);
        _tables.Add(table);
        return table;
    }

    private Neo4jImportTable Relationship(string type, string from, string to)
    {
        var name = type switch
        {
            "ON_POLICY" or "LINKED_TO" => $"{type}-{(type == "ON_POLICY" ? from : to)}",
            _ => type,
        };
        if (!_relationships.TryGetValue(name, out var table))
            _relationships[name] = table = Table(name, [$":START_ID({from})", $":END_ID({to})"], ":TYPE", type);
        return table;
    }

    public void Write(IReadOnlyList<InputRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_done) throw new InvalidOperationException("This import has already been committed or disposed.");
        foreach (var record in batch)
        {
            if (record.Kind < _kind)
                throw new InvalidOperationException($"A {record.Kind} record after {_kind} records: write holders, agents, policies, then events.");
            _kind = record.Kind;
            long ordinal = _ordinal++;
            if (_latest[(int)record.Kind].Remove(record.Id, out long earlier)) _replaced.Add(earlier);
            _latest[(int)record.Kind][record.Id] = ordinal;
            switch (record)
            {
                case Policyholder h:
                    Node(RecordKind.Policyholder, ordinal, Neo4jRows.Holder(h), isStub: false);
                    Links(ordinal, h, h.Id);
                    break;
                case Agent a:
                    Node(RecordKind.Agent, ordinal, Neo4jRows.Agent(a), isStub: false);
                    break;
                case Policy p:
                    WritePolicy(ordinal, p);
                    break;
                default:
                    WriteEvent(ordinal, record);
                    break;
            }
        }
    }

    /// <summary>A record's node: its row's properties and key (<c>SET n = row.props, n.KEY = row.id[, n.is_stub = false]</c>).</summary>
    private void Node(RecordKind kind, long ordinal, Dictionary<string, object?> row, bool? isStub)
    {
        var properties = (Dictionary<string, object?>)row["props"]!;
        if (isStub is { } stub) properties["is_stub"] = stub;
        _records[(int)kind].Add(ordinal, (string)row["id"]!, null, properties);
    }

    private void WritePolicy(long ordinal, Policy p)
    {
        string? holder = NullIfEmpty(p.HolderId), agent = NullIfEmpty(p.AgentId);
        _policyHolders[p.Id] = holder;
        Node(RecordKind.Policy, ordinal, Neo4jRows.Policy(p, holder, agent), isStub: false);
        if (holder is not null)
        {
            ReferHolder(holder);
            Relationship("HOLDS", "Policyholder", "Policy").Add(ordinal, holder, p.Id, null);
        }
        if (agent is not null)
        {
            if (!_latest[(int)RecordKind.Agent].ContainsKey(agent)) _stubAgents.Add(agent);
            Relationship("SOLD", "Agent", "Policy").Add(ordinal, agent, p.Id, null);
        }
    }

    private void WriteEvent(long ordinal, InputRecord record)
    {
        var (holderId, policyId, label, relationship) = record switch
        {
            ContactChange c => (NullIfEmpty(c.HolderId), NullIfEmpty(c.PolicyId), "ContactChange", "CHANGED"),
            SurrenderRequest s => (NullIfEmpty(s.HolderId), NullIfEmpty(s.PolicyId), "SurrenderRequest", "REQUESTED"),
            Complaint m => (NullIfEmpty(m.HolderId), NullIfEmpty(m.PolicyId), "Complaint", "FILED"),
            _ => throw new ArgumentException($"Unsupported record kind {record.Kind}.", nameof(record)),
        };

        // An unknown policy becomes a stub held by the event's own holder (load/stub-policies.cypher); it stays even if a
        // later version of the event names another policy, as the MERGEd node does online.
        if (policyId is not null && !_policyHolders.ContainsKey(policyId))
        {
            _policyHolders[policyId] = holderId;
            var stub = new Dictionary<string, object?>(StringComparer.Ordinal) { ["is_stub"] = true, ["holder_id"] = holderId };
            _records[(int)RecordKind.Policy].Add(-1, policyId, null, stub);
            if (holderId is not null)
            {
                ReferHolder(holderId);
                Relationship("HOLDS", "Policyholder", "Policy").Add(-1, holderId, policyId, null);
            }
        }

        var attributed = holderId ?? (policyId is null ? null : _policyHolders.GetValueOrDefault(policyId));
        var row = record switch
        {
            ContactChange c => Neo4jRows.Change(c, attributed),
            SurrenderRequest s => Neo4jRows.Surrender(s, attributed),
            _ => Neo4jRows.Complaint((Complaint)record, attributed),
        };
        Node(record.Kind, ordinal, row, isStub: null);
        if (policyId is not null) Relationship("ON_POLICY", label, "Policy").Add(ordinal, record.Id, policyId, null);
        if (attributed is not null)
        {
            ReferHolder(attributed);
            Relationship(relationship, "Policyholder", label).Add(ordinal, attributed, record.Id, null);
        }
        Links(ordinal, record, attributed);
    }

    private void ReferHolder(string holderId)
    {
        if (!_latest[(int)RecordKind.Policyholder].ContainsKey(holderId)) _stubHolders.Add(holderId);
    }

    private void Links(long ordinal, InputRecord record, string? holderId)
    {
        foreach (var link in ContactLinkExtractor.Extract(record, holderId))
        {
            _contacts[(int)link.ContactKind].TryAdd(link.Value, link.RawValue);
            Relationship("LINKED_TO", "Policyholder", Neo4jRows.ContactLabel(link.ContactKind))
                .Add(ordinal, link.HolderId, link.Value, Neo4jRows.LinkProperties(link));
        }
    }

    public void Commit()
    {
        if (_done) throw new InvalidOperationException("This import has already been committed or disposed.");
        _done = true;
        foreach (var id in _stubHolders) _records[(int)RecordKind.Policyholder].Add(-1, id, null, Stub());
        foreach (var id in _stubAgents) _records[(int)RecordKind.Agent].Add(-1, id, null, Stub());
        foreach (var table in _records) table.Write(_replaced);

        // Relationships, noting which contact points keep a link: one whose every link a later record version replaced
        // is gone online (load/orphan-contacts.cypher), so it is left out here.
        var linked = new HashSet<string>[_contacts.Length];
        var contactKinds = new List<ContactKind>();
        for (var kind = ContactKind.Phone; kind <= ContactKind.Representative; kind++)
            if (_contacts[(int)kind].Count > 0) contactKinds.Add(kind);
        foreach (var table in _tables.ToList())
        {
            if (Array.IndexOf(_records, table) >= 0) continue;
            var kind = contactKinds.Find(k => table.Name == "LINKED_TO-" + Neo4jRows.ContactLabel(k));
            if (kind == 0) table.Write(_replaced);
            else
            {
                var used = linked[(int)kind] = new HashSet<string>(StringComparer.Ordinal);
                table.Write(_replaced, value => used.Add(value));
            }
        }

        // Contact points and the load's journal entry go before the relationship files in the command (nodes first).
        int insertAt = _records.Length;
        foreach (var kind in contactKinds)
        {
            var label = Neo4jRows.ContactLabel(kind);
            var table = new Neo4jImportTable(_folder, label, [$"value:ID({label})"], ":LABEL", label + ";ContactPoint");
            _tables.Insert(insertAt++, table);
            foreach (var (value, raw) in _contacts[(int)kind])
            {
                if (linked[(int)kind] is not { } used || !used.Contains(value)) continue;
                table.Add(-1, value, null, new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["kind"] = kind.EntityType(), ["kind_code"] = (long)kind, ["raw"] = raw,
                });
            }
            table.Write(_replaced);
        }
        var load = new Neo4jImportTable(_folder, "Load", ["fingerprint:ID(Load)"], ":LABEL", "Load");
        _tables.Insert(insertAt, load);
        // What load/record-load.cypher leaves: a completed load (committed_at set), so HasLoaded and analysis accept the graph.
        load.Add(-1, _info.Fingerprint, null, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["source"] = _info.Source,
            ["started_at"] = Neo4jRows.Time(_info.StartedAt),
            ["committed_at"] = Neo4jRows.Time(DateTimeOffset.UtcNow),
            ["records"] = _ordinal,
        });
        load.Write(_replaced);

        // Only a complete set of files appears under the destination's name.
        if (Directory.Exists(_destination)) Directory.Delete(_destination); // empty: checked before the import started
        Directory.Move(_folder, _destination);
        _moved = true;
        var files = new List<Neo4jImportFile>(_tables.Count);
        long nodes = 0, relationships = 0;
        foreach (var table in _tables)
        {
            if (table.Rows == 0) continue;
            bool isNode = !_relationships.ContainsValue(table);
            files.Add(new Neo4jImportFile(table.Name, isNode, Path.Combine(_destination, Path.GetFileName(table.HeaderPath)),
                Path.Combine(_destination, Path.GetFileName(table.DataPath)), table.Rows));
            if (isNode) nodes += table.Rows;
            else relationships += table.Rows;
        }
        var result = new Neo4jImportResult(_destination, _info.Fingerprint, _ordinal, nodes, relationships, files);
        File.WriteAllText(Path.Combine(_destination, Neo4jImportResult.CommandsFile), result.Instructions());
        Outcome = result.ToString();
        Neo4jLog.ImportWritten(_logger, nodes, relationships, files.Count);
        _completed(result);
    }

    private static Dictionary<string, object?> Stub() => new(StringComparer.Ordinal) { ["is_stub"] = true };

    public void Dispose()
    {
        _done = true;
        foreach (var table in _tables) table.Dispose();
        // An import that did not complete leaves nothing behind: a half-written set of files must not be imported.
        if (!_moved && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
