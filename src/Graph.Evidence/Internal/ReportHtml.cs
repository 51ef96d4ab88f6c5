using System.Globalization;
using System.Net;
using System.Text;
using Graph.Core;

namespace Graph.Evidence.Internal;

/// <summary>
/// The human-readable report: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched),
/// headings in Chinese and English, laid out to print on A4 (<c>@media print</c>).
/// </summary>
internal static class ReportHtml
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <param name="graphSvg">The ring picture (an <c>&lt;svg&gt;</c> element).</param>
    /// <param name="graphNote">How the picture was laid out (and, without Graphviz, how to get the better one).</param>
    /// <param name="exportedAt">The export time written in the manifest.</param>
    /// <param name="operatorName">Who exported.</param>
    public static byte[] Write(RingEvidence ev, string graphSvg, string graphNote, DateTimeOffset exportedAt, string operatorName, IReadOnlyList<string> leftOut)
    {
        var sb = new StringBuilder(64 * 1024);
        Header(sb, ev, exportedAt, operatorName, leftOut);
        Summary(sb, ev);
        Picture(sb, graphSvg, graphNote);
        Timeline(sb, ev);
        Victims(sb, ev);
        Controllers(sb, ev);
        ReasonsAndRecords(sb, ev);
        sb.Append("<footer>FraudGraph ").Append(E(EvidenceExporter.EngineVersion)).Append(" · ").Append(E(ev.Ring.RingId)).Append(" · ").Append(E(ev.Run.RunId)).Append("</footer>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The document head and the report's header: ring, run, export, masking, integrity, what was left out.</summary>
    private static void Header(StringBuilder sb, RingEvidence ev, DateTimeOffset exportedAt, string operatorName, IReadOnlyList<string> leftOut)
    {
        var ring = ev.Ring;
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        sb.Append("<title>").Append(E($"团伙证据报告 Evidence report {ring.RingId}")).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

        sb.Append("<header><h1>团伙证据报告 <span class=\"en\">Evidence report</span> — ").Append(E(ring.RingId)).Append("</h1>\n");
        sb.Append("<p class=\"meta\">");
        Meta(sb, "分析批次 Run", ev.Run.RunId);
        Meta(sb, "输入指纹 Input fingerprint", ev.Run.InputFingerprint);
        Meta(sb, "导出时间 Exported (UTC)", exportedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Ci));
        Meta(sb, "导出人 Operator", operatorName);
        sb.Append("</p>\n");
        sb.Append(ev.Masker.Masked
            ? "<p class=\"notice\">个人信息已脱敏 Personal data is masked (id numbers 110105********1234, phones 138****5678, accounts 6222****1234, names 张*明).</p>\n"
            : "<p class=\"notice unmasked\">未脱敏导出 UNMASKED export: contains personal data; recorded in the audit log.</p>\n");
        sb.Append("<p class=\"meta\">文件完整性 Integrity: every file of this package is listed with its SHA-256 in <code>manifest.json</code>; check with <code>fraudgraph verify</code>.</p>\n");
        if (leftOut.Count > 0)
        {
            sb.Append("<p class=\"notice\">未包含 Left out of this package:</p><ul class=\"leftout\">");
            foreach (var item in leftOut) sb.Append("<li>").Append(E(item)).Append("</li>");
            sb.Append("</ul>\n");
        }
        sb.Append("</header>\n");
    }

    /// <summary>The ring's figures and its reasons with their measured values.</summary>
    private static void Summary(StringBuilder sb, RingEvidence ev)
    {
        var ring = ev.Ring;
        sb.Append("<section><h2>概要 <span class=\"en\">Summary</span></h2>\n<table class=\"kv\">");
        Row(sb, "风险评分 Score", $"{ring.Score.ToString("0.0", Ci)} / 100{(ring.Flagged ? "  (已标记 flagged)" : "")}");
        Row(sb, "受害投保人 Victims", ring.Holders.ToString(Ci));
        Row(sb, "控制方 Controllers", ring.Controllers.ToString(Ci));
        Row(sb, "代理人 Agents", ev.Nodes.Count(n => n.Role == MemberRole.Agent).ToString(Ci));
        Row(sb, "退保金额 Surrender amount", ring.SurrenderAmount.ToString("#,0.00", Ci) + " 元 yuan");
        Row(sb, "首次出现 First seen", ring.FirstSeen is { } f ? RingEvidence.Day(f) : "—");
        Row(sb, "最后出现 Last seen", ring.LastSeen is { } l ? RingEvidence.Day(l) : "—");
        sb.Append("</table>\n<h3>评分理由 <span class=\"en\">Reasons (measured values)</span></h3>\n");
        sb.Append("<p class=\"note\">观测 Observed: what the ring's holders or records show; 预期 Expected: the same at this insurer's own base rates; ")
          .Append("偶然概率 Chance: the probability of seeing at least the observed by chance if the base rates held (— : the reason is not such a comparison).</p>\n");
        sb.Append("<table class=\"reasons\"><thead><tr><th>代码 Code</th><th>说明 Description</th><th class=\"num\">观测 Observed</th><th class=\"num\">预期 Expected</th><th class=\"num\">偶然概率 Chance</th>")
          .Append("<th class=\"num\">测量值 Value</th><th class=\"num\">权重 Weight</th><th class=\"num\">贡献 Contribution</th><th class=\"num\">记录 Records</th></tr></thead><tbody>");
        foreach (var r in ring.Reasons)
            sb.Append("<tr><td><a href=\"#reason-").Append(E(r.Code)).Append("\">").Append(E(r.Code)).Append("</a></td><td>").Append(E(ev.Masker.FreeText(r.Description)))
              .Append("</td><td class=\"num\">").Append(E(ReasonFigures.Format(r.Observed))).Append("</td><td class=\"num\">").Append(E(ReasonFigures.Format(r.Expected)))
              .Append("</td><td class=\"num\">").Append(E(ReasonFigures.Format(r.Chance)))
              .Append("</td><td class=\"num\">").Append(r.Value.ToString("0.####", Ci)).Append("</td><td class=\"num\">").Append(r.Weight.ToString("0.##", Ci))
              .Append("</td><td class=\"num\">").Append(r.Contribution.ToString("0.##", Ci)).Append("</td><td class=\"num\">").Append(r.SupportingRecords.Count.ToString(Ci)).Append("</td></tr>");
        sb.Append("</tbody></table>\n</section>\n");
    }

    /// <summary>The ring picture with its legend and how it was laid out.</summary>
    private static void Picture(StringBuilder sb, string graphSvg, string graphNote)
    {
        sb.Append("<section class=\"picture\"><h2>团伙关系图 <span class=\"en\">Ring graph</span></h2>\n");
        sb.Append("<p class=\"legend\"><svg width=\"14\" height=\"10\"><ellipse cx=\"7\" cy=\"5\" rx=\"6\" ry=\"4\" fill=\"#dbe9f7\" stroke=\"#1f5f9e\"/></svg> 受害投保人 victim &nbsp; ")
          .Append("<svg width=\"14\" height=\"10\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"8\" fill=\"#f9d9d6\" stroke=\"#b3261e\"/></svg> 控制方 controller (phone, account, address, representative, device) &nbsp; ")
          .Append("<svg width=\"14\" height=\"12\"><polygon points=\"4,1 10,1 13,6 10,11 4,11 1,6\" fill=\"#fde6c4\" stroke=\"#b26a00\"/></svg> 代理人 agent &nbsp; ")
          .Append("<span style=\"color:#b3261e\">—</span> changed to / paid out to &nbsp; <span style=\"color:#b26a00\">- -</span> sold the policy</p>\n");
        sb.Append("<div class=\"graph\">").Append(graphSvg).Append("</div>\n<p class=\"note\">").Append(E(graphNote)).Append("</p>\n</section>\n");
    }

    private static void Timeline(StringBuilder sb, RingEvidence ev)
    {
        sb.Append("<section class=\"timeline\"><h2>时间线 <span class=\"en\">Timeline</span></h2>\n");
        sb.Append("<p class=\"legend\"><span style=\"color:#1f5f9e\">●</span> 联系方式变更 contact change &nbsp; <span style=\"color:#b3261e\">■</span> 退保申请 surrender request &nbsp; <span style=\"color:#b26a00\">▲</span> 投诉 complaint</p>\n");
        sb.Append(TimelineSvg(ev)).Append("\n</section>\n");
    }

    /// <summary>One row per victim: masked personal data, policies, amount surrendered, evidence.</summary>
    private static void Victims(StringBuilder sb, RingEvidence ev)
    {
        var ring = ev.Ring;
        var surrendered = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var s in ev.Records.SurrenderRequests)
            if (s.HolderId is { } h || (s.PolicyId is not null && ev.PolicyHolder.TryGetValue(s.PolicyId, out h) && h is not null))
                surrendered[h!] = surrendered.GetValueOrDefault(h!) + (s.Amount ?? 0);
        var policies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in ev.Records.Policies) if (p.HolderId is not null) policies[p.HolderId] = policies.GetValueOrDefault(p.HolderId) + 1;
        sb.Append("<section><h2>受害投保人 <span class=\"en\">Victims</span> (").Append(ring.Holders.ToString(Ci)).Append(")</h2>\n");
        sb.Append("<table><thead><tr><th>投保人 Holder</th><th>姓名 Name</th><th>身份证号 Id number</th><th>电话 Phone</th><th>地址 Address</th><th>城市 City</th><th class=\"num\">保单 Policies</th><th class=\"num\">退保 Surrendered (元)</th><th class=\"num\">证据 Evidence</th></tr></thead><tbody>");
        foreach (var n in ev.Nodes)
        {
            if (n.Role != MemberRole.Victim) continue;
            ev.Holders.TryGetValue(ev.Ring.Members[n.MemberIndex].EntityId, out var h);
            var key = ev.Ring.Members[n.MemberIndex].EntityId;
            sb.Append("<tr><td>").Append(E(n.Shown)).Append("</td><td>").Append(E(h is null ? "" : ev.Masker.Name(h.Name)))
              .Append("</td><td class=\"mono\">").Append(E(h is null ? "" : ev.Masker.IdNumber(h.IdNumber)))
              .Append("</td><td class=\"mono\">").Append(E(h is null ? "" : ev.Masker.Phone(h.Phone)))
              .Append("</td><td>").Append(E(h is null ? "" : ev.Masker.Address(h.Address)))
              .Append("</td><td>").Append(E(ev.Masker.FreeText(h?.City))).Append("</td><td class=\"num\">").Append(policies.GetValueOrDefault(key).ToString(Ci))
              .Append("</td><td class=\"num\">").Append(surrendered.GetValueOrDefault(key).ToString("#,0.00", Ci))
              .Append("</td><td class=\"num\">").Append(n.EvidenceCount.ToString(Ci)).Append("</td></tr>");
        }
        sb.Append("</tbody></table>\n</section>\n");
    }

    /// <summary>The controllers with the role the run gave each value, the agents, and what holds the ring together.</summary>
    private static void Controllers(StringBuilder sb, RingEvidence ev)
    {
        var ring = ev.Ring;
        var degree = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in ev.Edges) degree[e.Target] = degree.GetValueOrDefault(e.Target) + 1;
        sb.Append("<section><h2>控制方 <span class=\"en\">Controllers</span> (").Append(ring.Controllers.ToString(Ci)).Append(")</h2>\n");
        sb.Append("<p class=\"note\">角色 Role: what the analysis judged the value to be from how all its holders in the insurer's data use it, not only this ring's ")
          .Append("(— : not among the values the run lists with their measurements, run.json's value_roles: those named by many holders, and controllers tied to three or more households).</p>\n");
        sb.Append("<table class=\"controllers\"><thead><tr><th>类型 Type</th><th>值 Value</th><th class=\"num\">关联受害人 Victims linked</th><th class=\"num\">证据 Evidence</th>")
          .Append("<th>角色 Role</th><th>依据 Why</th></tr></thead><tbody>");
        foreach (var n in ev.Nodes)
        {
            if (n.Role != MemberRole.Controller) continue;
            var valueRole = ev.ValueRoleOf(n);
            sb.Append("<tr><td>").Append(E(n.EntityType)).Append("</td><td class=\"mono\">").Append(E(n.Shown)).Append("</td><td class=\"num\">")
              .Append(degree.GetValueOrDefault(n.Id).ToString(Ci)).Append("</td><td class=\"num\">").Append(n.EvidenceCount.ToString(Ci))
              .Append("</td><td>").Append(E(valueRole is null ? ReasonFigures.Missing : RoleLabel(valueRole.Role)))
              .Append("</td><td>").Append(E(valueRole is null ? "" : ev.Masker.FreeText(valueRole.Why))).Append("</td></tr>");
        }
        sb.Append("</tbody></table>\n");
        if (ev.Nodes.Any(n => n.Role == MemberRole.Agent))
        {
            sb.Append("<h3>代理人 <span class=\"en\">Agents</span></h3><table><thead><tr><th>代理人 Agent</th><th>姓名 Name</th><th>机构 Org</th><th>状态 Status</th><th>离职 Terminated</th><th class=\"num\">保单 Policies</th></tr></thead><tbody>");
            foreach (var n in ev.Nodes)
            {
                if (n.Role != MemberRole.Agent) continue;
                var a = ev.Records.Agents.FirstOrDefault(x => x.Id == ev.Ring.Members[n.MemberIndex].EntityId);
                sb.Append("<tr><td>").Append(E(n.Shown)).Append("</td><td>").Append(E(ev.Masker.Name(a?.Name))).Append("</td><td>").Append(E(ev.Masker.FreeText(a?.Org)))
                  .Append("</td><td>").Append(E(a is null ? "" : RingEvidence.Word(a.Status))).Append("</td><td>").Append(E(a?.TerminatedAt is { } t ? RingEvidence.Day(t) : ""))
                  .Append("</td><td class=\"num\">").Append(n.EvidenceCount.ToString(Ci)).Append("</td></tr>");
            }
            sb.Append("</tbody></table>\n");
        }
        StructureSection(sb, ev);
        sb.Append("</section>\n");
    }

    /// <summary>
    /// Each reason with its record ids; then each record once, with the reasons it supports, so a record that backs
    /// five reasons does not fill five tables (and pages).
    /// </summary>
    private static void ReasonsAndRecords(StringBuilder sb, RingEvidence ev)
    {
        var ring = ev.Ring;
        sb.Append("<section><h2>理由与支持记录 <span class=\"en\">Reasons and their supporting records</span></h2>\n");
        var reasonsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in ring.Reasons)
        {
            sb.Append("<h3 id=\"reason-").Append(E(r.Code)).Append("\">").Append(E(r.Code)).Append(" <span class=\"en\">(+").Append(r.Contribution.ToString("0.##", Ci))
              .Append(")</span></h3>\n<p>").Append(E(ev.Masker.FreeText(r.Description))).Append(" — 观测 observed ").Append(E(ReasonFigures.Format(r.Observed)))
              .Append(", 预期 expected ").Append(E(ReasonFigures.Format(r.Expected))).Append(", 偶然概率 chance ").Append(E(ReasonFigures.Format(r.Chance)))
              .Append(", 测量值 value ").Append(r.Value.ToString("0.####", Ci)).Append(", ").Append(r.SupportingRecords.Count.ToString(Ci)).Append(" 条记录 records:</p>\n<p class=\"ids\">");
            for (int i = 0; i < r.SupportingRecords.Count; i++)
            {
                var id = r.SupportingRecords[i];
                if (i > 0) sb.Append(", ");
                sb.Append(E(ev.RecordsById.ContainsKey(id) ? id : ev.Masker.FreeText(id)));
                if (!reasonsOf.TryGetValue(id, out var list)) reasonsOf[id] = list = [];
                list.Add(r.Code);
            }
            sb.Append("</p>\n");
        }
        sb.Append("<h3>支持记录 <span class=\"en\">Supporting records</span></h3>\n<p class=\"note\">Policyholder records are in the victims table above; every other record named by a reason is below, once, with the reasons it supports.</p>\n");
        sb.Append("<table class=\"records\"><thead><tr><th>类型 Kind</th><th>记录 Record</th><th>投保人 Holder</th><th>日期 Date</th><th>内容 Details</th><th>理由 Reasons</th></tr></thead><tbody>");
        var shown = reasonsOf.Keys.Select(id => ev.RecordsById.TryGetValue(id, out var rec) ? rec : null).Where(rec => rec is not null && rec.Kind != "policyholder")
            .OrderBy(rec => rec!.Kind, StringComparer.Ordinal).ThenBy(rec => rec!.At).ThenBy(rec => rec!.Id, StringComparer.Ordinal);
        foreach (var rec in shown)
            sb.Append("<tr><td>").Append(E(rec!.Kind)).Append("</td><td class=\"mono\">").Append(E(rec.Id)).Append("</td><td>").Append(E(rec.HolderId ?? ""))
              .Append("</td><td>").Append(rec.At is { } at ? RingEvidence.Day(at) : "").Append("</td><td>").Append(E(rec.Summary))
              .Append("</td><td>").Append(E(string.Join(" ", reasonsOf[rec.Id]))).Append("</td></tr>");
        sb.Append("</tbody></table>\n");
        var unknown = reasonsOf.Keys.Where(id => !ev.RecordsById.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
            sb.Append("<p class=\"note\">不在导出记录中 Not among the exported records: ").Append(E(string.Join(", ", unknown.Select(ev.Masker.FreeText)))).Append("</p>\n");
        sb.Append("</section>\n");
    }

    /// <summary>Most key controllers listed; the rest are counted.</summary>
    private const int KeyControllersShown = 10;

    /// <summary>
    /// What holds the ring together (<see cref="Analytics.Rings.RingStructure"/>): the controllers whose removal
    /// splits it, ranked by the victims that would be cut off, and one victim-to-controller path with the records
    /// behind each tie.
    /// </summary>
    private static void StructureSection(StringBuilder sb, RingEvidence ev)
    {
        var structure = ev.Structure;
        sb.Append("<h3 id=\"key-controllers\">关键控制方 <span class=\"en\">Controllers that hold the ring together</span></h3>\n");
        if (structure.KeyControllers.Count == 0)
            sb.Append("<p>No single controller holds this ring together: removing any one of them leaves every victim tied to the rest.</p>\n");
        else
        {
            sb.Append("<p class=\"note\">Removing one of these splits the ring; “cut off” counts the victims that would then have no tie left to the largest remaining part.</p>\n");
            sb.Append("<table class=\"key-controllers\"><thead><tr><th>类型 Type</th><th>值 Value</th><th class=\"num\">直接关联 Victims tied directly</th><th class=\"num\">移除后断开 Victims cut off if removed</th></tr></thead><tbody>");
            foreach (var c in structure.KeyControllers.Take(KeyControllersShown))
            {
                var n = ev.Nodes[c.Node];
                sb.Append("<tr><td>").Append(E(n.EntityType)).Append("</td><td class=\"mono\">").Append(E(n.Shown)).Append("</td><td class=\"num\">")
                  .Append(c.DirectVictims.ToString(Ci)).Append("</td><td class=\"num\">").Append(c.CutOffVictims.ToString(Ci)).Append("</td></tr>");
            }
            sb.Append("</tbody></table>\n");
            if (structure.KeyControllers.Count > KeyControllersShown)
                sb.Append("<p class=\"note\">").Append((structure.KeyControllers.Count - KeyControllersShown).ToString(Ci)).Append(" more, each cutting off fewer victims.</p>\n");
        }
        if (structure.ExamplePath is not { } path) return;
        var edges = new Dictionary<(string, string), SubgraphEdge>();
        foreach (var e in ev.Edges) { edges[(e.Source, e.Target)] = e; edges[(e.Target, e.Source)] = e; }
        sb.Append("<h3 id=\"victim-path\">受害人到控制方的路径 <span class=\"en\">How a victim is tied to the top controller</span> (")
          .Append(path.Hops.ToString(Ci)).Append(path.Hops == 1 ? " tie" : " ties").Append(")</h3>\n<ol class=\"path\">");
        for (int i = 0; i < path.Nodes.Count; i++)
        {
            var n = ev.Nodes[path.Nodes[i]];
            sb.Append("<li><b>").Append(E(n.Role == MemberRole.Victim ? "victim" : n.EntityType)).Append("</b> <span class=\"mono\">").Append(E(n.Shown)).Append("</span>");
            if (n.Name is { Length: > 0 } name) sb.Append(' ').Append(E(name));
            if (i + 1 < path.Nodes.Count && edges.TryGetValue((n.Id, ev.Nodes[path.Nodes[i + 1]].Id), out var tie))
                sb.Append("<br><span class=\"note\">— ").Append(E(string.Join(", ", tie.Evidence))).Append(": ").Append(E(string.Join(", ", tie.Records))).Append("</span>");
            sb.Append("</li>");
        }
        sb.Append("</ol>\n");
    }

    private const string Css = """
        @page { size: A4; margin: 14mm 12mm; }
        body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #1a1a1a; margin: 0 auto; max-width: 1100px; padding: 12px; }
        h1 { font-size: 17pt; margin: 0 0 6px; } h2 { font-size: 13pt; border-bottom: 2px solid #1f5f9e; padding-bottom: 2px; margin-top: 22px; }
        h3 { font-size: 11pt; margin: 14px 0 4px; } .en { color: #555; font-weight: normal; }
        .meta { color: #444; font-size: 9pt; margin: 2px 0; } .meta b { color: #222; }
        .notice { background: #eef4fb; border-left: 4px solid #1f5f9e; padding: 4px 8px; margin: 6px 0; }
        .notice.unmasked { background: #fdecea; border-color: #b3261e; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 9pt; }
        th, td { border: 1px solid #c8c8c8; padding: 2px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #f0f0f0; } td.num, th.num { text-align: right; } .mono { font-family: "Noto Sans Mono CJK SC", monospace; }
        table.kv { width: auto; } table.kv th { width: 14em; }
        .graph svg { width: 100%; height: auto; max-height: 900px; } .note { color: #555; font-size: 8.5pt; }
        .legend { font-size: 9pt; } .legend svg { vertical-align: middle; }
        .ids { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 8pt; color: #333; }
        footer { margin-top: 24px; color: #777; font-size: 8pt; border-top: 1px solid #ccc; padding-top: 4px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          h2 { break-after: avoid; } h3 { break-after: avoid; }
          tr, .legend { break-inside: avoid; } thead { display: table-header-group; }
          section.picture, section.timeline { break-inside: avoid; } .graph svg { max-height: 240mm; }
          a { color: inherit; text-decoration: none; }
        }

        """;

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>A value's role (<see cref="SharedValueRole.Role"/>) in Chinese and English.</summary>
    internal static string RoleLabel(string role) => role switch
    {
        "controller" => "控制方 controller",
        "infrastructure" => "公共设施 infrastructure",
        "agent_contact" => "代理人自用 agent's own",
        "family" => "家庭 family",
        "employer" => "单位 employer",
        "ordinary" => "普通 ordinary",
        _ => role,
    };

    private static void Meta(StringBuilder sb, string label, string value) => sb.Append("<b>").Append(E(label)).Append(":</b> ").Append(E(value)).Append(" &nbsp; ");

    private static void Row(StringBuilder sb, string label, string value) => sb.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    /// <summary>
    /// Contact changes, surrender requests and complaints on one time axis, one lane each, drawn as SVG. Each mark
    /// carries a tooltip (record id, date, masked details) for readers of the HTML.
    /// </summary>
    public static string TimelineSvg(RingEvidence ev)
    {
        const int width = 1000, left = 130, right = 20, laneHeight = 46, top = 14;
        var events = ev.Timeline;
        int height = top + 3 * laneHeight + 34;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"timeline\" style=\"width:100%;height:auto\" font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"11\">");
        (string Zh, string En)[] lanes = [("联系方式变更", "contact changes"), ("退保申请", "surrender requests"), ("投诉", "complaints")];
        for (int i = 0; i < 3; i++)
        {
            int y = top + i * laneHeight;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y}\" width=\"{width - left - right}\" height=\"{laneHeight - 6}\" fill=\"{(i % 2 == 0 ? "#f6f8fb" : "#fbfbfb")}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + laneHeight / 2 - 4}\" text-anchor=\"end\" font-size=\"13\">{E(lanes[i].Zh)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + laneHeight / 2 + 10}\" text-anchor=\"end\" fill=\"#555\">{E(lanes[i].En)}</text>");
        }
        if (events.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 10}\" y=\"{top + laneHeight}\">无带日期的事件 no dated events</text></svg>");
            return sb.ToString();
        }
        long t0 = events[0].At.UtcTicks, t1 = events[^1].At.UtcTicks;
        if (t1 - t0 < TimeSpan.TicksPerDay) { t0 -= TimeSpan.TicksPerDay; t1 += TimeSpan.TicksPerDay; }
        long pad = (t1 - t0) / 40;
        t0 -= pad; t1 += pad;
        double X(long ticks) => left + (width - left - right) * (ticks - t0) / (double)(t1 - t0);

        // Ticks on month (or year) boundaries, at most about a dozen.
        var start = new DateTime(t0, DateTimeKind.Utc);
        var end = new DateTime(t1, DateTimeKind.Utc);
        int months = Math.Max(1, (end.Year - start.Year) * 12 + end.Month - start.Month);
        int step = months <= 12 ? 1 : months <= 24 ? 2 : months <= 48 ? 4 : months <= 96 ? 6 : 12;
        // The first month after the start that is a multiple of the step (January, July, ...), then every step.
        var tick = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        while ((tick.Month - 1) % step != 0) tick = tick.AddMonths(1);
        int axisY = top + 3 * laneHeight;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{axisY}\" x2=\"{width - right}\" y2=\"{axisY}\" stroke=\"#666\"/>");
        for (; tick < end; tick = tick.AddMonths(step))
        {
            double x = X(tick.Ticks);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.0}\" y1=\"{top}\" x2=\"{x:0.0}\" y2=\"{axisY + 4}\" stroke=\"#ddd\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.0}\" y=\"{axisY + 17}\" text-anchor=\"middle\" fill=\"#444\">{tick:yyyy-MM}</text>");
        }
        // Same-day marks in a lane are spread vertically so a burst shows as a column, not one dot.
        var stack = new Dictionary<(int, long), int>();
        foreach (var e in events)
        {
            int lane = e.Kind switch { RecordKind.ContactChange => 0, RecordKind.SurrenderRequest => 1, _ => 2 };
            long day = e.At.UtcTicks / TimeSpan.TicksPerDay;
            int k = stack.GetValueOrDefault((lane, day));
            stack[(lane, day)] = k + 1;
            double x = X(e.At.UtcTicks);
            double y = top + lane * laneHeight + (laneHeight - 6) / 2.0 + ((k % 7) - 3) * 5;
            string tip = $"<title>{E(e.Id)} {RingEvidence.Day(e.At)} {E(e.HolderId)}: {E(RingEvidence.Shorten(e.Summary, 160))}</title>";
            sb.Append(lane switch
            {
                0 => string.Create(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.0}\" cy=\"{y:0.0}\" r=\"3.2\" fill=\"#1f5f9e\" fill-opacity=\"0.75\">{tip}</circle>"),
                1 => string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x - 3:0.0}\" y=\"{y - 3:0.0}\" width=\"6\" height=\"6\" fill=\"#b3261e\" fill-opacity=\"0.8\">{tip}</rect>"),
                _ => string.Create(CultureInfo.InvariantCulture, $"<polygon points=\"{x:0.0},{y - 3.5:0.0} {x + 3.5:0.0},{y + 3:0.0} {x - 3.5:0.0},{y + 3:0.0}\" fill=\"#b26a00\" fill-opacity=\"0.8\">{tip}</polygon>"),
            });
        }
        var first = events[0].At; var last = events[^1].At;
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 2}\" fill=\"#444\">{events.Count} events, {RingEvidence.Day(first)} – {RingEvidence.Day(last)}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// The built-in picture used without Graphviz: victims on an outer circle, controllers on an inner one, agents
    /// in the middle. Readable for small rings; Graphviz's force layout is better for large ones.
    /// </summary>
    public static string CircularSvg(RingEvidence ev)
    {
        const double size = 900, cx = size / 2, cy = size / 2;
        var pos = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        void Circle(IReadOnlyList<SubgraphNode> nodes, double radius)
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                double a = 2 * Math.PI * i / Math.Max(1, nodes.Count) - Math.PI / 2;
                pos[nodes[i].Id] = nodes.Count == 1 && radius < 60 ? (cx, cy) : (cx + radius * Math.Cos(a), cy + radius * Math.Sin(a));
            }
        }
        var victims = ev.Nodes.Where(n => n.Role == MemberRole.Victim).ToList();
        var controllers = ev.Nodes.Where(n => n.Role == MemberRole.Controller).ToList();
        var agents = ev.Nodes.Where(n => n.Role == MemberRole.Agent).ToList();
        Circle(victims, 390);
        Circle(controllers, agents.Count > 0 ? 200 : 150);
        Circle(agents, 50);
        bool labels = ev.Nodes.Count <= 80;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"ring graph\" font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"9\">");
        foreach (var e in ev.Edges)
        {
            var (x1, y1) = pos[e.Source]; var (x2, y2) = pos[e.Target];
            string stroke = e.Kind == "sold" ? "#b26a00\" stroke-dasharray=\"4 3" : "#8a8a8a";
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.0}\" y1=\"{y1:0.0}\" x2=\"{x2:0.0}\" y2=\"{y2:0.0}\" stroke=\"{stroke}\" stroke-width=\"0.7\" stroke-opacity=\"0.7\"/>");
        }
        foreach (var n in ev.Nodes)
        {
            var (x, y) = pos[n.Id];
            var (shape, fill, stroke) = GraphFiles.Style(n.Role);
            string tip = $"<title>{E(GraphFiles.Label(n).Replace('\n', ' '))}</title>";
            sb.Append(shape switch
            {
                "ellipse" => string.Create(CultureInfo.InvariantCulture, $"<ellipse cx=\"{x:0.0}\" cy=\"{y:0.0}\" rx=\"9\" ry=\"6\" fill=\"{fill}\" stroke=\"{stroke}\">{tip}</ellipse>"),
                "box" => string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x - 9:0.0}\" y=\"{y - 6:0.0}\" width=\"18\" height=\"12\" fill=\"{fill}\" stroke=\"{stroke}\">{tip}</rect>"),
                _ => string.Create(CultureInfo.InvariantCulture, $"<polygon points=\"{x - 5:0.0},{y - 9:0.0} {x + 5:0.0},{y - 9:0.0} {x + 10:0.0},{y:0.0} {x + 5:0.0},{y + 9:0.0} {x - 5:0.0},{y + 9:0.0} {x - 10:0.0},{y:0.0}\" fill=\"{fill}\" stroke=\"{stroke}\">{tip}</polygon>"),
            });
            if (labels)
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.0}\" y=\"{y + 17:0.0}\" text-anchor=\"middle\">{E(GraphFiles.Label(n).Replace('\n', ' '))}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
