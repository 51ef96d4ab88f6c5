using System.Globalization;
using System.Text;
using System.Xml;
using Graph.Core;

namespace Graph.Evidence.Internal;

/// <summary>The ring's subgraph as GraphML (keys declared, valid XML), JSON, and Graphviz DOT.</summary>
internal static class GraphFiles
{
    private const string GraphMlNs = "http://graphml.graphdrawing.org/xmlns";

    public static byte[] GraphMl(RingEvidence ev)
    {
        using var ms = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using (var w = XmlWriter.Create(ms, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("graphml", GraphMlNs);
            WriteKeys(w);
            w.WriteStartElement("graph", GraphMlNs);
            w.WriteAttributeString("id", ev.Ring.RingId);
            w.WriteAttributeString("edgedefault", "undirected");
            foreach (var n in ev.Nodes)
            {
                w.WriteStartElement("node", GraphMlNs);
                w.WriteAttributeString("id", n.Id);
                Data(w, "entity_type", n.EntityType);
                Data(w, "entity_id", n.Shown);
                Data(w, "role", n.Role.Word());
                Data(w, "evidence_count", n.EvidenceCount.ToString(CultureInfo.InvariantCulture));
                if (n.Name is not null) Data(w, "name", n.Name);
                w.WriteEndElement();
            }
            foreach (var e in ev.Edges)
            {
                w.WriteStartElement("edge", GraphMlNs);
                w.WriteAttributeString("id", e.Id);
                w.WriteAttributeString("source", e.Source);
                w.WriteAttributeString("target", e.Target);
                Data(w, "kind", e.Kind);
                Data(w, "evidence", string.Join(";", e.Evidence));
                Data(w, "records", string.Join(";", e.Records));
                if (e.First is { } at) Data(w, "first_at", at.ToString("O", CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return ms.ToArray();
    }

    /// <summary>The attributes every node and edge may carry, declared before the graph as GraphML requires.</summary>
    private static void WriteKeys(XmlWriter w)
    {
        (string Id, string For, string Name, string Type)[] keys =
        [
            ("entity_type", "node", "entity_type", "string"),
            ("entity_id", "node", "entity_id", "string"),
            ("role", "node", "role", "string"),
            ("evidence_count", "node", "evidence_count", "int"),
            ("name", "node", "name", "string"),
            ("kind", "edge", "kind", "string"),
            ("evidence", "edge", "evidence", "string"),
            ("records", "edge", "records", "string"),
            ("first_at", "edge", "first_at", "string"),
        ];
        foreach (var k in keys)
        {
            w.WriteStartElement("key", GraphMlNs);
            w.WriteAttributeString("id", k.Id);
            w.WriteAttributeString("for", k.For);
            w.WriteAttributeString("attr.name", k.Name);
            w.WriteAttributeString("attr.type", k.Type);
            w.WriteEndElement();
        }
    }

    private static void Data(XmlWriter w, string key, string value)
    {
        w.WriteStartElement("data", GraphMlNs);
        w.WriteAttributeString("key", key);
        w.WriteString(XmlSafe(value));
        w.WriteEndElement();
    }

    /// <summary>Drops characters XML 1.0 cannot hold (control characters from a bad input row).</summary>
    public static string XmlSafe(string s)
    {
        foreach (char c in s)
            if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF') return new string(s.Where(ch => !(ch < 0x20 && ch is not ('\t' or '\n' or '\r') || ch is '\uFFFE' or '\uFFFF')).ToArray());
        return s;
    }

    /// <summary><c>graph/ring.json</c>: the subgraph's nodes (members as <see cref="RingJson"/> writes them, with node id and name) and edges.</summary>
    public static byte[] Json(RingEvidence ev) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("ring_id", ev.Ring.RingId);
        w.WriteString("run_id", ev.Run.RunId);
        w.WriteBoolean("masked", ev.Masker.Masked);
        w.WriteStartArray("nodes");
        foreach (var n in ev.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", n.Id);
            RingJson.WriteMember(w, n.EntityType, n.Shown, n.Role, n.EvidenceCount);
            if (n.Name is not null) w.WriteString("name", n.Name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in ev.Edges)
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("source", e.Source);
            w.WriteString("target", e.Target);
            w.WriteString("kind", e.Kind);
            w.WriteStrings("evidence", e.Evidence);
            w.WriteStrings("records", e.Records);
            if (e.First is { } at) w.WriteString("first_at", at.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    // Victims blue ellipses, controllers red boxes, agents orange hexagons: shape and colour both differ, so the
    // picture reads on a black-and-white printout too.
    public static (string Shape, string Fill, string Stroke) Style(MemberRole role) => role switch
    {
        MemberRole.Victim => ("ellipse", "#dbe9f7", "#1f5f9e"),
        MemberRole.Controller => ("box", "#f9d9d6", "#b3261e"),
        _ => ("hexagon", "#fde6c4", "#b26a00"),
    };

    /// <summary>Longest line of a picture label, in characters as a reader counts them.</summary>
    public const int MaxLabelLine = 32;

    /// <summary>
    /// A short label: holders by id and masked name, contact points by kind and masked value. Each line is cut to
    /// <see cref="MaxLabelLine"/>: Graphviz stops on a label longer than 16 KiB, and a picture has no room for one.
    /// </summary>
    public static string Label(SubgraphNode n) => n.EntityType switch
    {
        "holder" => n.Name is { Length: > 0 } name ? Short(n.Shown) + "\n" + Short(name) : Short(n.Shown),
        "agent" => "agent " + Short(n.Shown),
        _ => n.EntityType.Replace('_', ' ') + "\n" + Short(n.Shown),
    };

    /// <summary>The text in at most <see cref="MaxLabelLine"/> text elements (never cut inside one), ending in … when cut.</summary>
    public static string Short(string s)
    {
        if (s.Length <= MaxLabelLine) return s;
        var info = new StringInfo(s);
        return info.LengthInTextElements <= MaxLabelLine ? s : info.SubstringByTextElements(0, MaxLabelLine - 1) + "…";
    }

    public static byte[] Dot(RingEvidence ev)
    {
        var sb = new StringBuilder();
        bool large = ev.Nodes.Count > 120;
        sb.Append("graph ring {\n");
        sb.Append(CultureInfo.InvariantCulture, $"  graph [overlap=false, splines=false, outputorder=edgesfirst, bgcolor=\"white\", pad=0.2{(large ? ", K=0.6" : "")}];\n");
        sb.Append("  node [fontname=\"Noto Sans CJK SC,Noto Sans,sans-serif\", fontsize=9, style=filled, penwidth=1.2];\n");
        sb.Append("  edge [color=\"#8a8a8a\", penwidth=0.8];\n");
        foreach (var n in ev.Nodes)
        {
            var (shape, fill, stroke) = Style(n.Role);
            sb.Append(CultureInfo.InvariantCulture, $"  {n.Id} [shape={shape}, fillcolor=\"{fill}\", color=\"{stroke}\", label={DotString(Label(n))}];\n");
        }
        foreach (var e in ev.Edges)
        {
            string style = e.Kind == "sold" ? " [style=dashed, color=\"#b26a00\"]" : e.Evidence.Any(x => x.StartsWith("changed_to", StringComparison.Ordinal) || x.Contains("payout", StringComparison.Ordinal)) ? " [color=\"#b3261e\"]" : "";
            sb.Append(CultureInfo.InvariantCulture, $"  {e.Source} -- {e.Target}{style};\n");
        }
        sb.Append("}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string DotString(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c >= 0x20) sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
