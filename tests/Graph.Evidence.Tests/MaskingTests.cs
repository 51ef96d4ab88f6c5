using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Graph.Core;
using Graph.TestSupport;

namespace Graph.Evidence.Tests;

[Collection(EvidenceCollection.Name)]
public class MaskingTests(EvidenceFixture fx)
{
    /// <summary>
    /// Every full id number, phone number and account number tied to the ring: its victims' registered values, the
    /// controllers' values, and every number on the victims' records (changes, surrenders, complaints, agents).
    /// </summary>
    private HashSet<string> SecretsOfTheRing()
    {
        using var store = fx.OpenStore();
        var victims = fx.Ring.Members.Where(m => m.Role == MemberRole.Victim).Select(m => m.EntityId).ToList();
        var records = store.ReadHolderRecords(victims);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        void Add(Normalized n) { Add1(n.Value); Add1(n.Raw); }
        void Add1(string? v)
        {
            if (v is null) return;
            var digits = new string(v.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= 11) secrets.Add(digits); // mobiles (11), accounts (12-19), id numbers (15/18)
        }
        void AddRep(Representative? r) { if (r is not null) { Add(r.IdNumber); Add(r.Phone); } }
        foreach (var h in records.Holders) { Add(h.IdNumber); Add(h.Phone); }
        foreach (var a in records.Agents) { Add(a.IdNumber); Add(a.Phone); }
        foreach (var c in records.ContactChanges) if (c.Field is ContactField.Phone or ContactField.BankAccount) { Add(c.OldValue); Add(c.NewValue); }
        foreach (var s in records.SurrenderRequests) { Add(s.ContactPhone); Add(s.PayoutAccount); AddRep(s.Representative); }
        foreach (var c in records.Complaints) { Add(c.ContactPhone); AddRep(c.Representative); }
        foreach (var m in fx.Ring.Members)
            if (m.EntityType is "phone" or "bank_account") Add1(m.EntityId);
            else if (m.EntityType == "representative") Add1(m.EntityId.Split('|')[^1]);
        Assert.True(records.Holders.Count == victims.Count, "every victim's record is read back");
        return secrets;
    }

    /// <summary>All text of a package: every file (PDF through pdftotext when installed) and every zip entry.</summary>
    private static IEnumerable<(string Where, string Text)> Texts(EvidencePackage package)
    {
        foreach (var file in Directory.EnumerateFiles(package.Folder, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(package.Folder, file);
            yield return (rel, Encoding.UTF8.GetString(File.ReadAllBytes(file)));
            if (file.EndsWith(".pdf", StringComparison.Ordinal) && ExternalTools.Find("pdftotext") is { } pdftotext)
                yield return (rel + " (text)", PdfText(pdftotext, file));
            // A workbook is a zip of XML: scan its sheets unpacked.
            if (file.EndsWith(".xlsx", StringComparison.Ordinal))
                yield return (rel + " (sheets)", Graph.Tests.Shared.XlsxFile.AllText(File.ReadAllBytes(file)));
        }
        using var zip = ZipFile.OpenRead(package.Zip);
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            yield return ("zip:" + entry.FullName, Encoding.UTF8.GetString(ms.ToArray()));
        }
        yield return ("zip file", Encoding.Latin1.GetString(File.ReadAllBytes(package.Zip)));
    }

    private static string PdfText(string pdftotext, string pdf)
    {
        var psi = new ProcessStartInfo(pdftotext) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(pdf);
        psi.ArgumentList.Add("-");
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    /// <summary>The text with separators between digits removed, so <c>138 1234 5678</c> is found as well.</summary>
    private static string DigitsJoined(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '-' or '.' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1])) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    [Fact]
    public void A_masked_package_holds_no_full_id_phone_or_account_number_of_the_ring_anywhere()
    {
        var secrets = SecretsOfTheRing();
        Assert.True(secrets.Count > fx.Ring.Holders, $"only {secrets.Count} numbers collected");
        int scanned = 0;
        foreach (var (where, text) in Texts(fx.Masked))
        {
            scanned++;
            var joined = DigitsJoined(text);
            foreach (var secret in secrets)
                Assert.False(joined.Contains(secret, StringComparison.Ordinal), $"{where} contains a full number of the ring ({Mask.Phone(secret)})");
        }
        Assert.True(scanned >= 20, $"scanned {scanned} texts");
    }

    [Fact]
    public void An_unmasked_package_does_hold_them_so_the_scan_can_find_a_leak()
    {
        var secrets = SecretsOfTheRing();
        using var store = fx.OpenStore();
        var package = new EvidenceExporter(store, new EvidenceOptions
        {
            Unmasked = true, Operator = "tester", Reason = "test of the leak scan", Tools = ReportTools.None,
        }).Export(fx.Run, fx.Ring.RingId, fx.NewFolder("unmasked"));
        var all = string.Concat(Directory.EnumerateFiles(package.Folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains(secrets, s => all.Contains(s, StringComparison.Ordinal));
    }

    [Fact]
    public void Member_ids_that_are_phones_accounts_or_ids_are_masked_in_graphml_json_and_csv()
    {
        var graphml = File.ReadAllText(Path.Combine(fx.Masked.Folder, "graph", "ring.graphml"));
        var json = File.ReadAllText(Path.Combine(fx.Masked.Folder, "graph", "ring.json"));
        var csv = File.ReadAllText(Path.Combine(fx.Masked.Folder, "records", "ring_members.csv"));
        var controllers = fx.Ring.Members.Where(m => m.Role == MemberRole.Controller).ToList();
        Assert.NotEmpty(controllers);
        foreach (var m in controllers)
        {
            foreach (var text in new[] { graphml, json, csv })
                Assert.DoesNotContain(">" + m.EntityId + "<", text);
            if (m.EntityType == "phone") Assert.Contains(Mask.Phone(m.EntityId), csv);
            if (m.EntityType == "bank_account") Assert.Contains(Mask.Account(m.EntityId), csv);
        }
    }

    [Fact]
    public void Free_text_numbers_and_known_names_are_masked()
    {
        var masker = new Internal.PackageMasker(masked: true);
        var text = masker.FreeText("请联系13812345678或138-1234-5678，账户6222021234567890123，身份证11010519491231002X。");
        Assert.DoesNotContain("13812345678", text);
        Assert.DoesNotContain("1234-5", text);
        Assert.DoesNotContain("6222021234567890123", text);
        Assert.DoesNotContain("11010519491231002X", text);
        Assert.Contains("138****5678", text);
        Assert.Equal("no numbers here, 2024-03-05", masker.FreeText("no numbers here, 2024-03-05"));
    }

    [Theory]
    [InlineData("请回电１３７６７６１００９８谢谢")]
    [InlineData("请回电１３７ ６７６１ ００９８")]
    [InlineData("请回电１３７－６７６１－００９８")]
    [InlineData("请回电137\u200B6761\u200B0098")]
    [InlineData("请回电137\u202E67610098")]
    [InlineData("请回电137\u00006761\u00000098")]
    [InlineData("请回电137  6761  0098")]
    [InlineData("请回电137\u30006761\u30000098")]
    [InlineData("tel13767610098")]
    [InlineData("请回电𝟏𝟑𝟕𝟔𝟕𝟔𝟏𝟎𝟎𝟗𝟖")]
    public void A_mobile_in_free_text_is_masked_whatever_its_width_or_separators(string text)
    {
        var masked = new Internal.PackageMasker(masked: true).FreeText(text);
        LeakScan.AssertNone("free text", masked, ["13767610098"]);
        Assert.Contains("137****0098", masked.Replace(" ", "").Replace("-", "")); // first three and last four kept, in ASCII
    }

    [Fact]
    public void Full_width_id_and_card_numbers_are_masked_and_the_words_around_them_kept()
    {
        var masked = new Internal.PackageMasker(masked: true).FreeText("身份证１１０１０５１９４９１２３１００２Ｘ，卡号６２２２０２１２３４５６７８９０１２３。");
        LeakScan.AssertNone("free text", masked, ["11010519491231002X", "6222021234567890123"]);
        Assert.StartsWith("身份证", masked);
        Assert.Contains("，卡号", masked);
        Assert.EndsWith("。", masked);
    }

    [Fact]
    public void A_known_value_typed_in_full_width_is_replaced_by_its_mask()
    {
        var records = new Storage.HolderRecords([new Policyholder { Id = "H1", Name = "王小明", Address = new("北京市海淀区中关村大街１号", "北京市海淀区中关村大街1号") }], [], [], [], [], []);
        var masker = RecordMasker.For(records);
        var text = masker.FreeText("寄往北京市海淀区中关村大街１号，王小明收")!;
        Assert.DoesNotContain("中关村大街", text);
        Assert.DoesNotContain("小明", text);
        Assert.StartsWith("寄往北京市海淀", text);
    }

    [Fact]
    public void Record_ids_dates_and_amounts_in_free_text_are_left_alone()
    {
        var masker = new Internal.PackageMasker(masked: true);
        const string text = "保单P000001056于2024-03-05退保，金额 12000 元，编号H00000123";
        Assert.Equal(text, masker.FreeText(text));
    }
}
