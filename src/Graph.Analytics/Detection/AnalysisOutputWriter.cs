using System.Globalization;
using System.Text;
using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Analytics.Detection;

/// <summary>Everything <c>run.json</c> reports about a run besides the rings themselves.</summary>
public sealed record RunReport
{
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string InputFingerprint { get; init; }
    public required string EngineVersion { get; init; }
    /// <summary>Rows per input file from the load summary (null when the run did not load).</summary>
    public IReadOnlyDictionary<string, long>? FileCounts { get; init; }
    /// <summary>Sizes of the snapshot analysed (holders, contact points, links, ...), in a fixed order.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> SnapshotCounts { get; init; }
    public required IReadOnlyList<StageTiming> Timings { get; init; }
    /// <summary>The run's parameters as a JSON object (the detection options and run settings).</summary>
    public required string ParametersJson { get; init; }
    public required IReadOnlyList<KeyValuePair<string, long>> ResultCounts { get; init; }
    /// <summary>The roles of values named by many holders, and of controllers, with the measurements behind them.</summary>
    public IReadOnlyList<ValueMeasurement> ValueRoles { get; init; } = [];
    /// <summary>What the flag rule decided.</summary>
    public FlagDecision? Flagging { get; init; }
}

/// <summary>
/// Writes the outputs of CONTRACT.md section 2 into a folder: <c>rings.csv</c>, <c>ring_members.csv</c>,
/// <c>rings.json</c>, <c>run.json</c>. Values are unmasked (the analyst's internal output, as the contract says);
/// anything for a console goes through <see cref="AnalysisSummary"/>, which masks. <c>rings.csv</c> and
/// <c>ring_members.csv</c> hold no timestamps of the run and use the invariant culture, so the same store and
/// seed give byte-identical files; they are written by <see cref="CsvText"/> (UTF-8 with BOM, CRLF, formula guard) like
/// every other CSV a person may open in a spreadsheet.
/// </summary>
public static class AnalysisOutputWriter
{
    /// <summary>
    /// Writes the files into <paramref name="directory"/> (created when missing), all or none: each goes to a
    /// temporary name first and they are renamed into place once every one is complete.
    /// </summary>
    public static void Write(string directory, IReadOnlyList<Ring> rings, IReadOnlyList<RingChange> changes, RunReport report, int topReasons)
    {
        using var staged = Stage(directory, rings, changes, report, topReasons);
        staged.Commit();
    }

    /// <summary>The files written under temporary names in <paramref name="directory"/>, <c>run.json</c> last; not yet in place.</summary>
    internal static StagedFiles Stage(string directory, IReadOnlyList<Ring> rings, IReadOnlyList<RingChange> changes, RunReport report, int topReasons)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(rings);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(report);
        var staged = new StagedFiles(directory);
        try
        {
            staged.Add("rings.csv", RingsCsv(rings, topReasons));
            staged.Add("rings.xlsx", RingsWorkbook.Write(rings, topReasons));
            staged.Add("ring_members.csv", MembersCsv(rings));
            staged.Add("rings.json", RingsJson(rings, changes, report.RunId));
            staged.Add("run.json", RunJson(report));
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    private static readonly string[] RingsHeader = ["ring_id", "score", "flagged", "holders", "controllers", "surrender_amount", "first_seen", "last_seen", "top_reasons"];
    private static readonly string[] MembersHeader = ["ring_id", "entity_type", "entity_id", "role", "evidence_count"];

    /// <summary>The bytes of <c>rings.csv</c>, written by <see cref="CsvText"/> like every CSV a person may open.</summary>
    public static byte[] RingsCsv(IReadOnlyList<Ring> rings, int topReasons)
    {
        ArgumentNullException.ThrowIfNull(rings);
        return CsvText.File(RingsHeader, rings.Select(r => (IReadOnlyList<string?>)
        [
            r.RingId,
            Score(r.Score),
            r.Flagged ? "true" : "false",
            r.Holders.ToString(CultureInfo.InvariantCulture),
            r.Controllers.ToString(CultureInfo.InvariantCulture),
            r.SurrenderAmount.ToString("0.00", CultureInfo.InvariantCulture),
            Time(r.FirstSeen),
            Time(r.LastSeen),
            TopReasons(r, topReasons),
        ]));
    }

    /// <summary>The first <paramref name="topReasons"/> reasons that added to the score, <c>;</c>-separated.</summary>
    private static string TopReasons(Ring ring, int topReasons)
    {
        var top = new List<string>();
        foreach (var reason in ring.Reasons)
        {
            if (top.Count >= topReasons) break;
            if (reason.Contribution > 0) top.Add(reason.Description.Replace(';', ','));
        }
        return string.Join(";", top);
    }

    /// <summary>The bytes of <c>ring_members.csv</c>, written by <see cref="CsvText"/>: an entity id is a contact value
    /// taken from the input, so a spreadsheet must not run it as a formula.</summary>
    public static byte[] MembersCsv(IReadOnlyList<Ring> rings)
    {
        ArgumentNullException.ThrowIfNull(rings);
        return CsvText.File(MembersHeader, rings.SelectMany(r => r.Members.Select(m => (IReadOnlyList<string?>)
        [
            r.RingId,
            m.EntityType,
            m.EntityId,
            m.Role.Word(),
            m.EvidenceCount.ToString(CultureInfo.InvariantCulture),
        ])));
    }

    /// <summary>The bytes of <c>rings.json</c>: every ring, its members, and its score broken into reasons with their records (<see cref="RingJson"/>).</summary>
    public static byte[] RingsJson(IReadOnlyList<Ring> rings, IReadOnlyList<RingChange> changes, string runId) => RingJson.RingsFile(rings, changes, runId);

    /// <summary>The bytes of <c>run.json</c>.</summary>
    public static byte[] RunJson(RunReport report) => JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", report.RunId);
            w.WriteString("started_at", report.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("finished_at", report.FinishedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("input_fingerprint", report.InputFingerprint);
            w.WriteString("engine_version", report.EngineVersion);
            w.WritePropertyName("counts_per_file");
            if (report.FileCounts is null) w.WriteNull();
            else
            {
                w.WriteStartObject();
                foreach (var (file, count) in report.FileCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteNumber(file, count);
                w.WriteEndObject();
            }
            w.WriteStartObject("snapshot");
            foreach (var (k, v) in report.SnapshotCounts) w.WriteNumber(k, v);
            w.WriteEndObject();
            w.WriteStartObject("timings_seconds");
            foreach (var t in report.Timings) w.WriteNumber(t.Stage, t.Seconds);
            w.WriteEndObject();
            w.WritePropertyName("parameters");
            w.WriteJson(report.ParametersJson);
            w.WriteStartObject("results");
            foreach (var (k, v) in report.ResultCounts) w.WriteNumber(k, v);
            w.WriteEndObject();
            if (report.Flagging is { } f)
            {
                w.WriteStartObject("flagging");
                w.WriteString("method", FlagMethodWord(f.Method));
                if (f.Rate is { } rate) w.WriteNumber("false_discovery_rate", rate);
                if (f.EvidenceCut is { } cut) w.WriteNumber("evidence_cut_decades", cut);
                if (f.Threshold is { } threshold) w.WriteNumber("threshold", threshold);
                if (f.Top is { } top) w.WriteNumber("top", top);
                w.WriteNumber("candidates", f.Candidates);
                w.WriteNumber("flagged", f.Flagged);
                if (f.LowestFlaggedScore is { } lowest) w.WriteNumber("lowest_flagged_score", lowest);
                w.WriteEndObject();
            }
            w.WriteStartArray("value_roles");
            foreach (var v in report.ValueRoles)
            {
                w.WriteStartObject();
                w.WriteString("entity_type", v.Kind.EntityType());
                w.WriteString("entity_id", v.Value);
                w.WriteString("role", RoleWord(v.Role));
                w.WriteString("why", v.Why);
                w.WriteNumber("holders", v.Holders);
                w.WriteNumber("households", v.Households);
                w.WriteNumber("takeover_households", v.TakeoverHouseholds);
                w.WriteNumber("active_households", v.ActiveHouseholds);
                w.WriteNumber("own_registrations", v.OwnRegistrations);
                w.WriteNumber("cities", v.Cities);
                w.WriteNumber("top_agent_share", v.TopAgentShare);
                w.WriteNumber("timed_observed", v.TimedObserved);
                w.WriteNumber("timed_expected", v.TimedExpected);
                w.WriteNumber("timed_window_days", v.TimedWindow);
                w.WriteNumber("timed_decades", v.TimedDecades);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>A measured value as the store keeps it with its run: run.json's <c>value_roles</c> entry, words and all.</summary>
    public static SharedValueRole Stored(ValueMeasurement v) => new(v.Kind.EntityType(), v.Value, RoleWord(v.Role), v.Why, v.Holders, v.Households,
        v.TakeoverHouseholds, v.ActiveHouseholds, v.OwnRegistrations, v.Cities, v.TopAgentShare, v.TimedObserved, v.TimedExpected, v.TimedWindow, v.TimedDecades);

    /// <summary>How many values got each role (every role but <see cref="ValueRole.Lonely"/>, in declaration order, zeros included).</summary>
    public static List<ValueRoleCount> RoleCounts(ValueRole[] roles)
    {
        var counts = new int[Enum.GetValues<ValueRole>().Length];
        foreach (var role in roles) counts[(int)role]++;
        var list = new List<ValueRoleCount>(counts.Length);
        foreach (var role in Enum.GetValues<ValueRole>())
            if (role != ValueRole.Lonely) list.Add(new ValueRoleCount(RoleWord(role), counts[(int)role]));
        return list;
    }

    /// <summary>The word for a value role in outputs (<c>controller</c>, <c>infrastructure</c>, <c>agent_contact</c>, ...).</summary>
    public static string RoleWord(ValueRole role) => role switch
    {
        ValueRole.AgentContact => "agent_contact",
        _ => role.ToString().ToLowerInvariant(),
    };

    private static string FlagMethodWord(FlagMethod m) => m switch
    {
        FlagMethod.FalseDiscoveryRate => "false_discovery_rate",
        FlagMethod.Score => "score",
        _ => "top",
    };

    private static string Score(double s) => s.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 in China Standard Time, as rings.json has it; empty when unknown.</summary>
    private static string Time(DateTimeOffset? t) => RingJson.ChinaTime(t) ?? "";
}

/// <summary>A short, masked console summary of a run's rings (for <c>fraudgraph analyze</c> and <c>demo</c>).</summary>
public static class AnalysisSummary
{
    /// <summary>
    /// One line per ring for the <paramref name="top"/> highest-scoring rings: id, score, flag, victims,
    /// masked controllers and the first reasons. No unmasked personal data.
    /// </summary>
    public static string Format(IReadOnlyList<Ring> rings, int top = 10, int reasons = 2)
    {
        ArgumentNullException.ThrowIfNull(rings);
        var sb = new StringBuilder();
        int flagged = rings.Count(r => r.Flagged);
        sb.Append(CultureInfo.InvariantCulture, $"{rings.Count} candidate rings, {flagged} flagged").Append('\n');
        foreach (var r in rings.Take(top))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.RingId}  score {r.Score:0.0}{(r.Flagged ? " FLAGGED" : "")}  {r.Holders} victims");
            var controllers = r.Members.Where(m => m.Role == MemberRole.Controller).Take(3).Select(m => MaskMember(m)).ToList();
            if (controllers.Count > 0) sb.Append("  controllers: ").Append(string.Join(", ", controllers));
            if (r.Controllers > controllers.Count) sb.Append(CultureInfo.InvariantCulture, $" (+{r.Controllers - controllers.Count})");
            sb.Append('\n');
            foreach (var reason in r.Reasons.Where(x => x.Contribution > 0).Take(reasons))
                sb.Append(CultureInfo.InvariantCulture, $"    - {reason.Description} (+{reason.Contribution:0.#})").Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A ring member as it may be printed: contact values masked by kind (<see cref="Mask.Member"/>).</summary>
    public static string MaskMember(RingMember m) =>
        (m.EntityType == "bank_account" ? "account" : m.EntityType) + " " + (Mask.Member(m.EntityType, m.EntityId) ?? m.EntityId);
}
