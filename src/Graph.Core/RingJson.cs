using System.Globalization;
using Newtonsoft.Json;

namespace Graph.Core;

/// <summary>How a ring's amount and times are written: each file keeps the form it was published with (CONTRACT.md: add, never change).</summary>
public enum RingFiguresForm
{
    /// <summary><c>rings.json</c>: the amount as a number, times in China Standard Time to the second (as in <c>rings.csv</c>).</summary>
    Analysis,

    /// <summary>An evidence package's <c>ring.json</c>: the amount as a string, times round-trip (<c>O</c>) in their own offset.</summary>
    Evidence,
}

/// <summary>
/// The one writer of a ring as JSON: its figures, its reasons with their measurements and records, and its members.
/// <c>rings.json</c> is written here whole; an evidence package's <c>ring.json</c> and <c>graph/ring.json</c> write their
/// own envelope (run, masking, node ids) around these parts.
/// </summary>
public static class RingJson
{
    /// <summary>The bytes of <c>rings.json</c> (CONTRACT.md section 2): every ring, its lineage, its reasons with their records, its members.</summary>
    public static byte[] RingsFile(IReadOnlyList<Ring> rings, IReadOnlyList<RingChange> changes, string runId)
    {
        ArgumentNullException.ThrowIfNull(rings);
        ArgumentNullException.ThrowIfNull(changes);
        var lineage = new Dictionary<string, RingChange>(StringComparer.Ordinal);
        foreach (var c in changes) lineage[c.RingId] = c;
        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", runId);
            w.WriteStartArray("rings");
            foreach (var r in rings)
            {
                w.WriteStartObject();
                w.WriteString("ring_id", r.RingId);
                WriteFigures(w, r, RingFiguresForm.Analysis);
                if (lineage.TryGetValue(r.RingId, out var change))
                {
                    w.WriteString("lineage", change.Lineage.ToString().ToLowerInvariant());
                    w.WriteStrings("previous_ring_ids", change.PreviousRingIds);
                }
                WriteReasons(w, r.Reasons, text => text, id => id);
                w.WriteStartArray("members");
                foreach (var m in r.Members)
                {
                    w.WriteStartObject();
                    WriteMember(w, m.EntityType, m.EntityId, m.Role, m.EvidenceCount);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>score</c>, <c>flagged</c>, <c>holders</c>, <c>controllers</c>, <c>surrender_amount</c>, <c>first_seen</c>, <c>last_seen</c>.</summary>
    public static void WriteFigures(JsonWriter w, Ring ring, RingFiguresForm form)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(ring);
        w.WriteNumber("score", ring.Score);
        w.WriteBoolean("flagged", ring.Flagged);
        w.WriteNumber("holders", ring.Holders);
        w.WriteNumber("controllers", ring.Controllers);
        if (form == RingFiguresForm.Analysis) w.WriteNumber("surrender_amount", ring.SurrenderAmount);
        else w.WriteString("surrender_amount", ring.SurrenderAmount.ToString(CultureInfo.InvariantCulture));
        w.WriteString("first_seen", form == RingFiguresForm.Analysis ? ChinaTime(ring.FirstSeen) : RoundTrip(ring.FirstSeen));
        w.WriteString("last_seen", form == RingFiguresForm.Analysis ? ChinaTime(ring.LastSeen) : RoundTrip(ring.LastSeen));
    }

    /// <summary>
    /// <c>reasons</c>: each with code, description, weight, value, contribution, the measurement (observed, expected,
    /// chance) when it has one, and its supporting records, through <paramref name="shownText"/> and
    /// <paramref name="shownRecord"/> (an evidence package masks personal data in both).
    /// </summary>
    public static void WriteReasons(JsonWriter w, IReadOnlyList<RingReason> reasons, Func<string, string> shownText, Func<string, string> shownRecord)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(reasons);
        w.WriteStartArray("reasons");
        foreach (var reason in reasons)
        {
            w.WriteStartObject();
            w.WriteString("code", reason.Code);
            w.WriteString("description", shownText(reason.Description));
            w.WriteNumber("weight", reason.Weight);
            w.WriteNumber("value", reason.Value);
            w.WriteNumber("contribution", reason.Contribution);
            if (reason.Observed is { } observed) w.WriteNumber("observed", observed);
            if (reason.Expected is { } expected) w.WriteNumber("expected", expected);
            if (reason.Chance is { } chance) w.WriteNumber("chance", chance);
            w.WriteStrings("supporting_records", reason.SupportingRecords.Select(shownRecord));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>A member's <c>entity_type</c>, <c>entity_id</c> (as shown), <c>role</c> and <c>evidence_count</c>, inside its object.</summary>
    public static void WriteMember(JsonWriter w, string entityType, string entityId, MemberRole role, int evidenceCount)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteString("entity_type", entityType);
        w.WriteString("entity_id", entityId);
        w.WriteString("role", role.Word());
        w.WriteNumber("evidence_count", evidenceCount);
    }

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>ISO 8601 to the second in China Standard Time (the contract's default offset), as rings.csv and rings.json give times; null when unknown.</summary>
    public static string? ChinaTime(DateTimeOffset? t) =>
        t is { } v ? v.ToOffset(ChinaStandardTime).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null;

    private static string? RoundTrip(DateTimeOffset? t) => t?.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>The words for ring member roles in every output and in the stores (<c>victim</c>, <c>controller</c>, <c>agent</c>).</summary>
public static class MemberRoleWords
{
    public static string Word(this MemberRole role) => role switch
    {
        MemberRole.Victim => "victim",
        MemberRole.Controller => "controller",
        MemberRole.Agent => "agent",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown member role."),
    };

    /// <summary>The role a word names, or null when it names none.</summary>
    public static MemberRole? Parse(string? word) => word switch
    {
        "victim" => MemberRole.Victim,
        "controller" => MemberRole.Controller,
        "agent" => MemberRole.Agent,
        _ => null,
    };
}
