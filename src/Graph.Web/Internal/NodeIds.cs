using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Graph.Core;
using Graph.Storage;

namespace Graph.Web.Internal;

/// <summary>What a node id names: a holder (<c>h:</c>), an agent (<c>a:</c>) or a contact point (<c>c:</c> + token).</summary>
internal enum NodeKind { Holder, Agent, ContactPoint }

/// <summary>
/// Node ids of the explorer's graph. Holders and agents are named by their record ids; a contact point by an opaque
/// token, HMAC-SHA256 of its kind and value under a key drawn at random when the process starts, so a phone number
/// or account never appears in a URL, a page's DOM or a log line. Tokens are resolved through an in-memory map
/// filled whenever the server hands one out; after a restart old tokens are unknown (the page reloads the ring).
/// </summary>
internal sealed class NodeIds
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, ContactPointKey> _points = new(StringComparer.Ordinal);

    public static string Holder(string holderId) => "h:" + holderId;

    public static string Agent(string agentId) => "a:" + agentId;

    /// <summary>The token id of a contact point, remembered so <see cref="TryParse"/> can resolve it.</summary>
    public string ContactPoint(ContactPointKey point)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(((int)point.Kind).ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + point.Value), mac);
        // 128 bits: no two contact points of any store meet by chance.
        var id = "c:" + Base64Url(mac[..16]);
        _points.TryAdd(id, point);
        return id;
    }

    /// <summary>Parses a node id; false when it is malformed or names a contact point this process never handed out.</summary>
    public bool TryParse(string? nodeId, out NodeKind kind, out string recordId, out ContactPointKey point)
    {
        kind = default;
        recordId = "";
        point = default;
        if (string.IsNullOrEmpty(nodeId) || nodeId.Length < 3 || nodeId[1] != ':') return false;
        switch (nodeId[0])
        {
            case 'h':
                kind = NodeKind.Holder;
                recordId = nodeId[2..];
                return true;
            case 'a':
                kind = NodeKind.Agent;
                recordId = nodeId[2..];
                return true;
            case 'c':
                kind = NodeKind.ContactPoint;
                return _points.TryGetValue(nodeId, out point);
            default:
                return false;
        }
    }

    /// <summary>The <c>kind</c> of a contact point node (explorer-api.md).</summary>
    public static string KindName(ContactKind kind) => kind switch
    {
        ContactKind.ComplaintTemplate => "complaint_template",
        _ => kind.EntityType(),
    };

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
