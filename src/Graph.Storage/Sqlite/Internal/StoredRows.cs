using Graph.Core;

namespace Graph.Storage.Sqlite.Internal;

/// <summary>
/// The rows a load finds in the store, looked up on a read connection of their own: the load's writing connection is
/// busy on another thread. While the load holds the write lock nothing else can commit, and its own uncommitted rows
/// are invisible here, so every answer is the store as it was when the load began; the load's caches answer for the
/// rows it wrote itself, and ask here only about the others.
/// </summary>
internal sealed class StoredRows : IDisposable
{
    private readonly NativeConnection _connection;
    private readonly NativeStatement _holder, _agent, _policy, _contact, _changeHolder, _surrenderHolder, _complaintHolder;

    public StoredRows(NativeConnection connection)
    {
        _connection = connection;
        try
        {
            // One read transaction for the whole load, rather than one per lookup.
            _connection.Exec("BEGIN");
            _holder = new(connection, "SELECT hid FROM holders WHERE id = ?1");
            _agent = new(connection, "SELECT 1 FROM agents WHERE id = ?1");
            _policy = new(connection, "SELECT holder_id FROM policies WHERE id = ?1");
            _contact = new(connection, "SELECT id FROM contact_points WHERE kind = ?1 AND value = ?2");
            _changeHolder = new(connection, "SELECT attributed_holder_id FROM contact_changes WHERE id = ?1");
            _surrenderHolder = new(connection, "SELECT attributed_holder_id FROM surrender_requests WHERE id = ?1");
            _complaintHolder = new(connection, "SELECT attributed_holder_id FROM complaints WHERE id = ?1");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The surrogate of a stored holder, 0 when there is none.</summary>
    public long Holder(string id)
    {
        _holder.Bind(1, id);
        if (!_holder.Read()) return 0;
        long hid = _holder.GetInt64(0);
        _holder.Reset();
        return hid;
    }

    public bool Agent(string id)
    {
        _agent.Bind(1, id);
        if (!_agent.Read()) return false;
        _agent.Reset();
        return true;
    }

    /// <summary>Whether the policy is stored, and the holder it names.</summary>
    public bool Policy(string id, out string? holderId)
    {
        _policy.Bind(1, id);
        holderId = null;
        if (!_policy.Read()) return false;
        holderId = _policy.GetStringOrNull(0);
        _policy.Reset();
        return true;
    }

    /// <summary>The id of a stored contact point, 0 when there is none.</summary>
    public long Contact(ContactKind kind, string value)
    {
        _contact.Bind(1, (int)kind);
        _contact.Bind(2, value);
        if (!_contact.Read()) return 0;
        long id = _contact.GetInt64(0);
        _contact.Reset();
        return id;
    }

    /// <summary>The holder a stored event's links were attributed to; null when the event is not stored or has none.</summary>
    public string? EventHolder(RecordKind kind, string id)
    {
        var find = kind switch
        {
            RecordKind.ContactChange => _changeHolder,
            RecordKind.SurrenderRequest => _surrenderHolder,
            RecordKind.Complaint => _complaintHolder,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an event"),
        };
        find.Bind(1, id);
        string? holderId = find.Read() ? find.GetStringOrNull(0) : null;
        find.Reset();
        return holderId;
    }

    public void Dispose()
    {
        foreach (var s in (NativeStatement?[])[_holder, _agent, _policy, _contact, _changeHolder, _surrenderHolder, _complaintHolder])
            s?.Dispose();
        // Closing ends the read transaction, so the load's commit can checkpoint the whole WAL.
        _connection.Dispose();
    }
}
