using System.Globalization;
using Graph.Core;
using Graph.Evidence;
using Graph.Storage;

namespace Graph.Web.Internal;

/// <summary>
/// Records as the node panel shows them: one flat, masked field list per record, dates ISO 8601. Every field that is
/// not a masked value, a record id, a date, a number or an enum word is free text and goes through the masker's scrubber.
/// </summary>
internal static class RecordViews
{
    public static List<RecordDto> Of(HolderRecords records, RecordMasker m)
    {
        var list = new List<RecordDto>();
        foreach (var h in records.Holders)
            list.Add(new RecordDto("policyholder", h.Id, Fields(h, m,
                ("name", m.Name(h.Name)), ("idNumber", m.IdNumber(h.IdNumber)), ("phone", m.Phone(h.Phone)),
                ("address", m.Address(h.Address)), ("city", m.FreeText(h.City)), ("createdAt", Time(h.CreatedAt)))));
        foreach (var p in records.Policies)
            list.Add(new RecordDto("policy", p.Id, Fields(p, m,
                ("holderId", p.HolderId), ("agentId", p.AgentId), ("product", m.FreeText(p.Product)),
                ("premium", p.Premium?.ToString(CultureInfo.InvariantCulture)), ("issuedAt", Time(p.IssuedAt)), ("status", Word(p.Status)))));
        foreach (var a in records.Agents) list.Add(Agent(a, m));
        foreach (var c in records.ContactChanges)
            list.Add(new RecordDto("contact_change", c.Id, Fields(c, m,
                ("holderId", c.HolderId), ("policyId", c.PolicyId), ("field", Word(c.Field)),
                ("oldValue", m.ContactValue(c.Field, c.OldValue)), ("newValue", m.ContactValue(c.Field, c.NewValue)),
                ("changedAt", Time(c.ChangedAt)), ("channel", m.FreeText(c.Channel)), ("ip", m.Technical(c.Ip)), ("deviceId", m.Technical(c.DeviceId)))));
        foreach (var s in records.SurrenderRequests)
            list.Add(new RecordDto("surrender_request", s.Id, Fields(s, m,
                ("policyId", s.PolicyId), ("holderId", s.HolderId), ("requestedAt", Time(s.RequestedAt)),
                ("amount", s.Amount?.ToString(CultureInfo.InvariantCulture)), ("contactPhone", m.Phone(s.ContactPhone)),
                ("payoutAccount", m.Account(s.PayoutAccount)), ("payoutBank", m.FreeText(s.PayoutBank)),
                ("representativeName", m.Name(s.Representative?.Name)), ("representativeIdNumber", s.Representative is { } r1 ? m.IdNumber(r1.IdNumber) : null),
                ("representativePhone", s.Representative is { } r2 ? m.Phone(r2.Phone) : null), ("channel", m.FreeText(s.Channel)),
                ("ip", m.Technical(s.Ip)), ("deviceId", m.Technical(s.DeviceId)), ("status", Word(s.Status)))));
        foreach (var c in records.Complaints)
            list.Add(new RecordDto("complaint", c.Id, Fields(c, m,
                ("policyId", c.PolicyId), ("holderId", c.HolderId), ("filedAt", Time(c.FiledAt)), ("channel", Word(c.Channel)),
                ("contactPhone", m.Phone(c.ContactPhone)), ("senderAddress", m.Address(c.SenderAddress)),
                ("representativeName", m.Name(c.Representative?.Name)), ("representativeIdNumber", c.Representative is { } r3 ? m.IdNumber(r3.IdNumber) : null),
                ("representativePhone", c.Representative is { } r4 ? m.Phone(r4.Phone) : null),
                ("demand", m.FreeText(c.Demand)), ("text", m.FreeText(c.Text)))));
        return list;
    }

    public static RecordDto Agent(Agent a, RecordMasker m) =>
        new("agent", a.Id, Fields(a, m,
            ("name", m.Name(a.Name)), ("phone", m.Phone(a.Phone)), ("idNumber", m.IdNumber(a.IdNumber)), ("org", m.FreeText(a.Org)),
            ("status", Word(a.Status)), ("hiredAt", Time(a.HiredAt)), ("terminatedAt", Time(a.TerminatedAt))));

    /// <summary>The contract's fields, then the extra columns (as free text: they may hold anything), prefixed <c>extra.</c>.</summary>
    private static Dictionary<string, string?> Fields(InputRecord record, RecordMasker m, params (string Name, string? Value)[] fields)
    {
        var d = new Dictionary<string, string?>(fields.Length + (record.Extra?.Count ?? 0), StringComparer.Ordinal);
        foreach (var (name, value) in fields) d[name] = value;
        if (record.Extra is { } extra)
            foreach (var (k, v) in extra) d["extra." + k] = m.FreeText(v);
        return d;
    }

    public static string? Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static DateOnly? Day(DateTimeOffset? t) => t is { } v ? DateOnly.FromDateTime(v.DateTime) : null;

    public static string Word<T>(T value) where T : struct, Enum => RecordWords.Word(value);

    /// <summary>The record type word of a record kind (explorer-api.md).</summary>
    public static string Type(RecordKind kind) => kind switch
    {
        RecordKind.Policyholder => "policyholder",
        RecordKind.Agent => "agent",
        RecordKind.Policy => "policy",
        RecordKind.ContactChange => "contact_change",
        RecordKind.SurrenderRequest => "surrender_request",
        _ => "complaint",
    };

    /// <summary>The edge evidence word of a link: the evidence kind, or <c>sold_policy</c> for an agent's policy.</summary>
    public static string Evidence(EvidenceKind? evidence) => evidence is { } e ? Word(e) : "sold_policy";

    public static string HolderLabel(string holderId, string? name, RecordMasker m) =>
        string.IsNullOrEmpty(name) ? holderId : $"{m.Name(name)}  ({holderId})";
}
