using System.Text;
using System.Xml.Linq;
using Graph.Core;

namespace Graph.Evidence.Tests;

[Collection(EvidenceCollection.Name)]
public class PackageContentTests(EvidenceFixture fx)
{
    private static readonly XNamespace G = "http://graphml.graphdrawing.org/xmlns";

    [Fact]
    public void Graphml_parses_declares_its_keys_and_has_every_node_and_edge_of_the_ring()
    {
        var doc = XDocument.Load(Path.Combine(fx.Masked.Folder, "graph", "ring.graphml"));
        var declared = doc.Root!.Elements(G + "key").Select(k => (string)k.Attribute("id")!).ToHashSet();
        Assert.All(doc.Descendants(G + "data"), d => Assert.Contains((string)d.Attribute("key")!, declared));

        // Nodes: m{i} is the i-th member of the ring.
        var nodes = doc.Descendants(G + "node").ToDictionary(n => (string)n.Attribute("id")!,
            n => n.Elements(G + "data").ToDictionary(d => (string)d.Attribute("key")!, d => d.Value));
        Assert.Equal(fx.Ring.Members.Count, nodes.Count);
        for (int i = 0; i < fx.Ring.Members.Count; i++)
        {
            var m = fx.Ring.Members[i];
            var data = nodes["m" + i];
            Assert.Equal(m.EntityType, data["entity_type"]);
            Assert.Equal(m.Role.ToString().ToLowerInvariant(), data["role"]);
            if (m.EntityType is "holder" or "agent") Assert.Equal(m.EntityId, data["entity_id"]);
        }

        // Edges, computed independently from the store's snapshot: a victim and a controller named by one of the
        // victim's records, and a victim and an agent who sold them a policy.
        var index = new Dictionary<(string, string), int>();
        for (int i = 0; i < fx.Ring.Members.Count; i++) index[(fx.Ring.Members[i].EntityType, fx.Ring.Members[i].EntityId)] = i;
        var s = fx.Snapshot;
        var expected = new HashSet<(string, string)>();
        foreach (var l in s.Links)
        {
            var holder = s.Holders[l.Holder].Id;
            var contact = s.Contacts[l.Contact];
            if (index.TryGetValue(("holder", holder), out int h) && index.TryGetValue((EntityType(contact.Kind), contact.Value), out int c))
                expected.Add(("m" + h, "m" + c));
        }
        foreach (var p in s.Policies)
            if (p.AgentId is not null && index.TryGetValue(("holder", s.Holders[p.Holder].Id), out int h) && index.TryGetValue(("agent", p.AgentId), out int a))
                expected.Add(("m" + h, "m" + a));
        var actual = doc.Descendants(G + "edge").Select(e => ((string)e.Attribute("source")!, (string)e.Attribute("target")!)).ToList();
        Assert.Equal(actual.Count, actual.Distinct().Count());
        Assert.True(expected.Count >= fx.Ring.Holders, $"{expected.Count} expected edges");
        Assert.Equal(expected.OrderBy(x => x).ToList(), actual.OrderBy(x => x).ToList());
    }

    private static string EntityType(ContactKind kind) => kind switch
    {
        ContactKind.Phone => "phone", ContactKind.BankAccount => "bank_account", ContactKind.Address => "address", ContactKind.Email => "email",
        ContactKind.Device => "device", ContactKind.Ip => "ip", ContactKind.Representative => "representative", _ => "other",
    };

    [Fact]
    public void Graph_json_has_the_same_nodes_and_edges_as_graphml()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fx.Masked.Folder, "graph", "ring.json")));
        var doc = XDocument.Load(Path.Combine(fx.Masked.Folder, "graph", "ring.graphml"));
        Assert.Equal(doc.Descendants(G + "node").Count(), json.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.Equal(doc.Descendants(G + "edge").Count(), json.RootElement.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public void The_report_shows_every_victim_of_the_ring_masked()
    {
        var html = File.ReadAllText(Path.Combine(fx.Masked.Folder, "report.html"));
        using var store = fx.OpenStore();
        var victims = fx.Ring.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToList();
        var holders = store.ReadHolderRecords(victims).Holders;
        Assert.Equal(victims.Count, holders.Count);
        foreach (var h in holders)
        {
            Assert.Contains(">" + h.Id + "<", html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(Mask.Name(h.Name)), html);
            if (h.IdNumber.Value is { } id) Assert.Contains(Mask.IdNumber(id), html);
        }
        foreach (var reason in fx.Ring.Reasons) Assert.Contains("id=\"reason-" + reason.Code + "\"", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", "").Replace("http://graphml", ""), StringComparison.Ordinal);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public void The_timeline_draws_every_dated_event_on_a_labelled_time_axis()
    {
        using var store = fx.OpenStore();
        var victims = fx.Ring.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToList();
        var records = store.ReadHolderRecords(victims);
        var html = File.ReadAllText(Path.Combine(fx.Masked.Folder, "report.html"));
        int start = html.IndexOf("aria-label=\"timeline\"", StringComparison.Ordinal);
        var svg = html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
        int changes = records.ContactChanges.Count(c => c.ChangedAt is not null);
        int surrenders = records.SurrenderRequests.Count(r => r.RequestedAt is not null);
        int complaints = records.Complaints.Count(c => c.FiledAt is not null);
        Assert.True(changes + surrenders > 0);
        Assert.Equal(changes, CountOf(svg, "<circle "));
        Assert.Equal(surrenders, CountOf(svg, "fill=\"#b3261e\" fill-opacity"));
        Assert.Equal(complaints, CountOf(svg, "<polygon "));
        Assert.True(System.Text.RegularExpressions.Regex.Matches(svg, ">20[0-9]{2}-[0-9]{2}</text>").Count >= 2, "month ticks on the axis");
    }

    private static int CountOf(string s, string what)
    {
        int n = 0;
        for (int i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [Fact]
    public void Every_reason_lists_its_supporting_records_in_reason_support_csv()
    {
        var rows = Csv.Read(Path.Combine(fx.Masked.Folder, "records", "reason_support.csv")).Skip(1).ToList();
        int expected = fx.Ring.Reasons.Sum(r => r.SupportingRecords.Count);
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.NotEqual("unknown", r[1]));
    }

    [Fact]
    public void No_csv_cell_of_a_package_can_run_as_a_formula()
    {
        int cells = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(fx.Masked.Folder, "records"), "*.csv"))
            foreach (var row in Csv.Read(file))
                foreach (var cell in row)
                {
                    cells++;
                    Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"{Path.GetFileName(file)}: {cell}");
                }
        Assert.True(cells > 100);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+8613812345678", "'+8613812345678")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("plain, with comma", "\"plain, with comma\"")]
    [InlineData("张三", "张三")]
    [InlineData("a=b", "a=b")]
    public void Formula_cells_are_prefixed_with_an_apostrophe(string value, string written) =>
        Assert.Equal(written, CsvText.Cell(value));

    [Fact]
    public void Csv_files_start_with_a_utf8_bom_so_excel_reads_chinese()
    {
        var bytes = File.ReadAllBytes(Path.Combine(fx.Masked.Folder, "records", "policyholders.csv"));
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
    }
}

/// <summary>A small RFC 4180 reader for checking what the package wrote.</summary>
internal static class Csv
{
    public static IEnumerable<List<string>> Read(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8).TrimStart('\uFEFF');
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); yield return row; row = []; i++; }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); yield return row; }
    }
}
