using System.Globalization;
using Graph.Core;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;

namespace Graph.Storage.Neo4j.Internal;

/// <summary>
/// How records become the <c>$rows</c> maps of the <c>cypher/load/</c> statements, and how stored values read
/// back. Timestamps are ISO 8601 round-trip text with their offset (tick- and offset-exact, readable in Browser,
/// and Neo4j 3.1 has no temporal type) beside an <c>*_ms</c> epoch-milliseconds number that Cypher can do
/// arithmetic on; money is invariant decimal text so its scale survives; enums are the contract's own words.
/// Raw values sit beside normalized ones (<c>phone_raw</c>, <c>phone</c>), and the columns the contract does
/// not name become properties of their own (prefixed <c>extra_</c> when they would hide a contract column).
/// </summary>
internal static class Neo4jRows
{
    public static string? Time(DateTimeOffset? t) => t?.ToString("O", CultureInfo.InvariantCulture);

    public static long? Millis(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();

    public static string? Money(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(JToken? t) =>
        t is null || t.Type == JTokenType.Null ? null : DateTimeOffset.Parse((string)t!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static decimal? ParseMoney(JToken? t) =>
        t is null || t.Type == JTokenType.Null ? null : decimal.Parse(t.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string? Text(JToken? t) => t is null || t.Type == JTokenType.Null ? null : (string?)t;

    public static Dictionary<string, object?> Holder(Policyholder h)
    {
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = h.Name,
            ["id_number"] = h.IdNumber.Value, ["id_number_raw"] = h.IdNumber.Raw,
            ["phone"] = h.Phone.Value, ["phone_raw"] = h.Phone.Raw,
            ["address"] = h.Address.Value, ["address_raw"] = h.Address.Raw,
            ["city"] = h.City,
            ["created_at"] = Time(h.CreatedAt), ["created_at_ms"] = Millis(h.CreatedAt),
        };
        return Row(h.Id, p, h.Extra);
    }

    public static Dictionary<string, object?> Agent(Agent a)
    {
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = a.Name,
            ["phone"] = a.Phone.Value, ["phone_raw"] = a.Phone.Raw,
            ["id_number"] = a.IdNumber.Value, ["id_number_raw"] = a.IdNumber.Raw,
            ["org"] = a.Org,
            ["status"] = StoredWords.Word(a.Status),
            ["hired_at"] = Time(a.HiredAt), ["hired_at_ms"] = Millis(a.HiredAt),
            ["terminated_at"] = Time(a.TerminatedAt), ["terminated_at_ms"] = Millis(a.TerminatedAt),
        };
        return Row(a.Id, p, a.Extra);
    }

    public static Dictionary<string, object?> Policy(Policy x, string? holderId, string? agentId)
    {
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["holder_id"] = holderId,
            ["agent_id"] = agentId,
            ["product"] = x.Product,
            ["premium"] = Money(x.Premium),
            ["issued_at"] = Time(x.IssuedAt), ["issued_at_ms"] = Millis(x.IssuedAt),
            ["status"] = StoredWords.Word(x.Status),
        };
        var row = Row(x.Id, p, x.Extra);
        row["holder_id"] = holderId;
        row["agent_id"] = agentId;
        return row;
    }

    public static Dictionary<string, object?> Change(ContactChange c, string? attributed)
    {
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["holder_id"] = NullIfEmpty(c.HolderId), ["policy_id"] = NullIfEmpty(c.PolicyId), ["attributed_holder_id"] = attributed,
            ["field"] = StoredWords.Word(c.Field),
            ["old_value"] = c.OldValue.Value, ["old_value_raw"] = c.OldValue.Raw,
            ["new_value"] = c.NewValue.Value, ["new_value_raw"] = c.NewValue.Raw,
            ["changed_at"] = Time(c.ChangedAt), ["changed_at_ms"] = Millis(c.ChangedAt),
            ["channel"] = c.Channel,
            ["ip"] = c.Ip.Value, ["ip_raw"] = c.Ip.Raw,
            ["device_id"] = c.DeviceId.Value, ["device_id_raw"] = c.DeviceId.Raw,
        };
        return EventRow(c.Id, attributed, c.PolicyId, p, c.Extra);
    }

    public static Dictionary<string, object?> Surrender(SurrenderRequest s, string? attributed)
    {
        var r = s.Representative;
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["holder_id"] = NullIfEmpty(s.HolderId), ["policy_id"] = NullIfEmpty(s.PolicyId), ["attributed_holder_id"] = attributed,
            ["requested_at"] = Time(s.RequestedAt), ["requested_at_ms"] = Millis(s.RequestedAt),
            ["amount"] = Money(s.Amount),
            ["contact_phone"] = s.ContactPhone.Value, ["contact_phone_raw"] = s.ContactPhone.Raw,
            ["payout_account"] = s.PayoutAccount.Value, ["payout_account_raw"] = s.PayoutAccount.Raw,
            ["payout_bank"] = s.PayoutBank,
            ["representative_name"] = r?.Name,
            ["representative_id_number"] = r?.IdNumber.Value, ["representative_id_number_raw"] = r?.IdNumber.Raw,
            ["representative_phone"] = r?.Phone.Value, ["representative_phone_raw"] = r?.Phone.Raw,
            ["representative_key"] = r?.Key,
            ["channel"] = s.Channel,
            ["ip"] = s.Ip.Value, ["ip_raw"] = s.Ip.Raw,
            ["device_id"] = s.DeviceId.Value, ["device_id_raw"] = s.DeviceId.Raw,
            ["status"] = StoredWords.Word(s.Status),
        };
        return EventRow(s.Id, attributed, s.PolicyId, p, s.Extra);
    }

    public static Dictionary<string, object?> Complaint(Complaint m, string? attributed)
    {
        var r = m.Representative;
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["holder_id"] = NullIfEmpty(m.HolderId), ["policy_id"] = NullIfEmpty(m.PolicyId), ["attributed_holder_id"] = attributed,
            ["filed_at"] = Time(m.FiledAt), ["filed_at_ms"] = Millis(m.FiledAt),
            ["channel"] = StoredWords.Word(m.Channel),
            ["contact_phone"] = m.ContactPhone.Value, ["contact_phone_raw"] = m.ContactPhone.Raw,
            ["sender_address"] = m.SenderAddress.Value, ["sender_address_raw"] = m.SenderAddress.Raw,
            ["representative_name"] = r?.Name,
            ["representative_id_number"] = r?.IdNumber.Value, ["representative_id_number_raw"] = r?.IdNumber.Raw,
            ["representative_phone"] = r?.Phone.Value, ["representative_phone_raw"] = r?.Phone.Raw,
            ["representative_key"] = r?.Key,
            ["demand"] = m.Demand,
            ["text"] = m.Text,
        };
        return EventRow(m.Id, attributed, m.PolicyId, p, m.Extra);
    }

    public static Dictionary<string, object?> Link(ContactLink l)
    {
        var row = LinkProperties(l);
        row["holder"] = l.HolderId;
        row["value"] = l.Value;
        row["raw"] = l.RawValue;
        return row;
    }

    /// <summary>A link written inside its holder's own row (<c>load/policyholders.cypher</c>): the holder is the row's.</summary>
    public static Dictionary<string, object?> InlineLink(ContactLink l)
    {
        var row = LinkProperties(l);
        row["value"] = l.Value;
        row["raw"] = l.RawValue;
        return row;
    }

    /// <summary>The properties of a <c>LINKED_TO</c> relationship (the online load's <c>CREATE ... {evidence: row.evidence, ...}</c>).</summary>
    public static Dictionary<string, object?> LinkProperties(ContactLink l) => new(StringComparer.Ordinal)
    {
        ["evidence"] = Word(l.Evidence),
        ["source_kind"] = Word(l.SourceKind),
        ["source_id"] = l.SourceId,
        ["at"] = Time(l.At),
        ["at_ms"] = Millis(l.At),
    };

    private static Dictionary<string, object?> EventRow(string id, string? attributed, string? policyId, Dictionary<string, object?> props, IReadOnlyDictionary<string, string>? extra)
    {
        var row = Row(id, props, extra);
        row["holder"] = attributed;
        row["policy_id"] = NullIfEmpty(policyId);
        return row;
    }

    /// <summary>
    /// The property that keeps a record's extra CSV columns exactly (names as in the file, in file order, empty
    /// values too), so evidence packages read them back as the SQLite store does; the readable per-column
    /// properties beside it are for Browser and Cypher.
    /// </summary>
    public const string ExtraJsonProperty = "extra_json";

    private static Dictionary<string, object?> Row(string id, Dictionary<string, object?> props, IReadOnlyDictionary<string, string>? extra)
    {
        // Set before the columns below, so a CSV column that happens to be named extra_json becomes extra_extra_json.
        if (extra is { Count: > 0 }) props[ExtraJsonProperty] = JsonConvert.SerializeObject(extra);
        if (extra is not null)
            foreach (var (key, value) in extra)
            {
                var name = PropertyName(key);
                if (name.Length == 0 || string.IsNullOrEmpty(value)) continue;
                props[props.ContainsKey(name) || name is "is_stub" ? "extra_" + name : name] = value;
            }
        // Nulls are dropped: `SET n = $props` then removes the property, which is what "last write wins" means.
        var compact = new Dictionary<string, object?>(props.Count, StringComparer.Ordinal);
        foreach (var (key, value) in props)
            if (value is not null) compact[key] = value;
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id, ["props"] = compact };
    }

    /// <summary>A CSV header as a property name: letters, digits and underscores.</summary>
    private static string PropertyName(string header)
    {
        Span<char> buffer = stackalloc char[Math.Min(header.Length, 64)];
        int n = 0;
        foreach (var ch in header.Trim())
        {
            if (n == buffer.Length) break;
            buffer[n++] = char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '_';
        }
        return new string(buffer[..n]);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static readonly string[] RecordWords = ["policyholder", "agent", "policy", "contact_change", "surrender_request", "complaint"];

    public static string Word(RecordKind k) => RecordWords[(int)k];

    public static RecordKind RecordKindOf(string? s)
    {
        int i = Array.IndexOf(RecordWords, s);
        if (i < 0) throw new InvalidDataException($"Unknown source kind '{s}' on a LINKED_TO relationship.");
        return (RecordKind)i;
    }

    private static readonly Dictionary<EvidenceKind, string> EvidenceWords = BuildEvidenceWords();
    private static readonly Dictionary<string, EvidenceKind> EvidenceByWord = EvidenceWords.ToDictionary(static p => p.Value, static p => p.Key, StringComparer.Ordinal);

    /// <summary><see cref="EvidenceKind.SurrenderPayoutAccount"/> is stored as <c>surrender_payout_account</c>.</summary>
    public static string Word(EvidenceKind e) => EvidenceWords[e];

    public static EvidenceKind EvidenceOf(string? s) =>
        s is not null && EvidenceByWord.TryGetValue(s, out var e) ? e : throw new InvalidDataException($"Unknown evidence '{s}' on a LINKED_TO relationship.");

    private static Dictionary<EvidenceKind, string> BuildEvidenceWords()
    {
        var words = new Dictionary<EvidenceKind, string>();
        foreach (var e in Enum.GetValues<EvidenceKind>()) words[e] = SnakeCase(e.ToString());
        return words;
    }

    internal static string SnakeCase(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }

    /// <summary>The label of a contact point of <paramref name="kind"/> besides <c>ContactPoint</c> (the one its <c>load/link-*.cypher</c> merges on).</summary>
    public static string ContactLabel(ContactKind kind) => kind switch
    {
        ContactKind.Phone => "Phone",
        ContactKind.BankAccount => "BankAccount",
        ContactKind.Address => "Address",
        ContactKind.Email => "Email",
        ContactKind.Device => "Device",
        ContactKind.Ip => "IpAddress",
        ContactKind.Representative => "Representative",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Contact points of this kind are derived by the analysis, never loaded."),
    };

    /// <summary>The <c>cypher/load/</c> statement that links holders to contact points of <paramref name="kind"/>.</summary>
    public static string LinkStatement(ContactKind kind) => kind switch
    {
        ContactKind.Phone => "load/link-phone.cypher",
        ContactKind.BankAccount => "load/link-bank-account.cypher",
        ContactKind.Address => "load/link-address.cypher",
        ContactKind.Email => "load/link-email.cypher",
        ContactKind.Device => "load/link-device.cypher",
        ContactKind.Ip => "load/link-ip.cypher",
        ContactKind.Representative => "load/link-representative.cypher",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Contact points of this kind are derived by the analysis, never loaded."),
    };
}
