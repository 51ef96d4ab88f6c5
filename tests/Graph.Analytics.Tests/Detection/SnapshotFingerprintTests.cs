using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Graph.Core;
using Graph.Pipeline;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// The snapshot fingerprint is stored with every run (its input fingerprint and run id): a faster writer must hash
/// exactly the bytes the first one did, or every store's next run would look like new data.
/// </summary>
public class SnapshotFingerprintTests
{
    [Fact]
    public void Fingerprint_hashes_the_same_bytes_as_the_string_builder_it_replaced()
    {
        var snapshot = Tricky(holders: 5_000);
        Assert.Equal(ReferenceFingerprint(snapshot), AnalysisRunner.Fingerprint(snapshot));
    }

    [Fact]
    public void Fingerprint_hashes_the_same_bytes_when_every_table_spans_many_segments()
    {
        // 100,000 links and policies are four segments each, 10,000 events ten: the segments are written on every
        // core and must still be hashed as one stream, in order.
        var snapshot = Tricky(holders: 100_000);
        Assert.Equal(ReferenceFingerprint(snapshot), AnalysisRunner.Fingerprint(snapshot));
    }

    [Fact]
    public void Fingerprint_of_empty_tables_is_their_headers_alone()
    {
        var empty = new GraphSnapshot { Holders = [], Contacts = [], Links = [], Policies = [], Agents = [], Events = [] };
        Assert.Equal(ReferenceFingerprint(empty), AnalysisRunner.Fingerprint(empty));
    }

    [Fact]
    public void Fingerprint_changes_when_one_character_of_one_field_does()
    {
        var snapshot = Tricky(holders: 50);
        var holders = snapshot.Holders.ToArray();
        holders[7] = holders[7] with { City = holders[7].City + "x" };
        var changed = new GraphSnapshot
        {
            Holders = holders, Contacts = snapshot.Contacts, Links = snapshot.Links,
            Policies = snapshot.Policies, Agents = snapshot.Agents, Events = snapshot.Events,
        };
        Assert.NotEqual(AnalysisRunner.Fingerprint(snapshot), AnalysisRunner.Fingerprint(changed));
        Assert.Equal(ReferenceFingerprint(changed), AnalysisRunner.Fingerprint(changed));
    }

    /// <summary>
    /// Values that stress the byte stream: CJK and four-byte characters, lone surrogates (written as U+FFFD), missing
    /// values, negative and large numbers, decimals with trailing zeros, and texts longer than the writer's block.
    /// </summary>
    private static GraphSnapshot Tricky(int holders)
    {
        var t0 = new DateTimeOffset(2023, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));
        string?[] names = ["张伟", null, "O'Brien \"Jr\"", "emoji 😀 name", "lone \ud800 high", "\udc00 lone low", "", "ends high \ud800"];
        var hs = new List<SnapshotHolder>();
        var contacts = new List<SnapshotContact>();
        var links = new List<SnapshotLink>();
        var policies = new List<SnapshotPolicy>();
        var events = new List<SnapshotEvent>();
        for (int i = 0; i < holders; i++)
        {
            string id = "H" + i.ToString("D7", CultureInfo.InvariantCulture);
            hs.Add(new SnapshotHolder(id, names[i % names.Length], i % 3 == 0 ? null : "上海市", i % 5 == 0 ? null : t0.AddMinutes(-i * 37), i % 11 == 0));
            contacts.Add(new SnapshotContact((ContactKind)(i % 7), "1380013" + i.ToString("D4", CultureInfo.InvariantCulture)));
            links.Add(new SnapshotLink(i, i, (EvidenceKind)(i % 4), RecordKind.Policyholder, id, i % 4 == 0 ? null : t0.AddSeconds(i)));
            decimal? premium = (i % 4) switch { 0 => null, 1 => 1234.5600m, 2 => -0.01m, _ => 79228162514264337593543950335m };
            policies.Add(new SnapshotPolicy("P" + id, i, i % 2 == 0 ? null : "A" + (i % 13), (PolicyStatus)(i % 3), premium, t0.AddDays(-i)));
            if (i % 10 == 0)
            {
                string? text = i % 20 == 0 && i < 4_000 ? new string('诉', 30_000) + "\ud83d\ude00" : i % 20 == 10 ? "退保" : null;
                events.Add(new SnapshotEvent(RecordKind.Complaint, "C" + i, i, "P" + id, t0.AddDays(i), i % 30 == 0 ? 5000.50m : null,
                    ContactField.Unknown, "online", text));
            }
        }
        var agents = new List<SnapshotAgent>();
        for (int a = 0; a < 13; a++) agents.Add(new SnapshotAgent("A" + a, a % 2 == 0 ? null : "代理人" + a, (AgentStatus)(a % 2), a % 3 == 0 ? t0 : null, a == 5));
        return new GraphSnapshot { Holders = hs, Contacts = contacts, Links = links, Policies = policies, Agents = agents, Events = events };
    }

    /// <summary>The fingerprint as first written (through a StringBuilder, a string per number), kept as the reference.</summary>
    private static string ReferenceFingerprint(GraphSnapshot snapshot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sb = new StringBuilder(256);
        var buffer = new byte[4096];
        void Flush()
        {
            int max = Encoding.UTF8.GetMaxByteCount(sb.Length);
            if (buffer.Length < max) buffer = new byte[max * 2];
            int n = Encoding.UTF8.GetBytes(sb.ToString(), buffer);
            hash.AppendData(buffer, 0, n);
            sb.Clear();
        }
        void Field(string? s) { sb.Append(s).Append('\u001f'); if (sb.Length > 2048) Flush(); }
        void Num(long v) => Field(v.ToString(CultureInfo.InvariantCulture));
        void At(DateTimeOffset? t) => Num(t?.UtcTicks ?? -1);

        foreach (var h in snapshot.Holders) { Field(h.Id); Field(h.Name); Field(h.City); At(h.CreatedAt); Num(h.IsStub ? 1 : 0); }
        Field("#contacts");
        foreach (var c in snapshot.Contacts) { Num((int)c.Kind); Field(c.Value); }
        Field("#links");
        foreach (var l in snapshot.Links) { Num(l.Holder); Num(l.Contact); Num((int)l.Evidence); Field(l.SourceId); At(l.At); }
        Field("#policies");
        foreach (var p in snapshot.Policies) { Field(p.Id); Num(p.Holder); Field(p.AgentId); Num((int)p.Status); Field(p.Premium?.ToString(CultureInfo.InvariantCulture)); At(p.IssuedAt); }
        Field("#agents");
        foreach (var a in snapshot.Agents) { Field(a.Id); Field(a.Name); Num((int)a.Status); At(a.TerminatedAt); }
        Field("#events");
        foreach (var e in snapshot.Events)
        {
            Num((int)e.Kind); Field(e.Id); Num(e.Holder); Field(e.PolicyId); At(e.At);
            Field(e.Amount?.ToString(CultureInfo.InvariantCulture)); Num((int)e.Field); Field(e.Channel); Field(e.Text);
        }
        Flush();
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
