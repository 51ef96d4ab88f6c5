using System.Globalization;
using System.Security.Cryptography;
using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Synthetic.Tests;

[Collection("book")]
public class GeneratedBookTests(GeneratedBook book)
{
    private static readonly Dictionary<string, string[]> ContractColumns = new()
    {
        ["policyholders.csv"] = ["holder_id", "name", "id_number", "phone", "address", "city", "created_at"],
        ["agents.csv"] = ["agent_id", "name", "phone", "id_number", "org", "status", "hired_at", "terminated_at"],
        ["policies.csv"] = ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status"],
        ["contact_changes.csv"] = ["change_id", "holder_id", "policy_id", "field", "old_value", "new_value", "changed_at", "channel", "ip", "device_id"],
        ["surrender_requests.csv"] = ["request_id", "policy_id", "holder_id", "requested_at", "amount", "contact_phone", "payout_account", "payout_bank", "representative_name", "representative_id_number", "representative_phone", "channel", "ip", "device_id", "status"],
        ["complaints.csv"] = ["complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone", "sender_address", "representative_name", "representative_id_number", "representative_phone", "demand", "text"],
    };

    /// <summary>Key, date and amount columns a loader must be able to parse (CONTRACT.md: otherwise the row is quarantined).</summary>
    private static readonly Dictionary<string, (string Key, string[] Dates, string? Amount)> Checked = new()
    {
        ["policyholders.csv"] = ("holder_id", ["created_at"], null),
        ["agents.csv"] = ("agent_id", ["hired_at", "terminated_at"], null),
        ["policies.csv"] = ("policy_id", ["issued_at"], "premium"),
        ["contact_changes.csv"] = ("change_id", ["changed_at"], null),
        ["surrender_requests.csv"] = ("request_id", ["requested_at"], "amount"),
        ["complaints.csv"] = ("complaint_id", ["filed_at"], null),
    };

    private IEnumerable<string> Folders() => book.Folders();

    private static bool IsBad(Table t, string[] row, (string Key, string[] Dates, string? Amount) c)
    {
        if (row[t.Col(c.Key)].Length == 0) return true;
        foreach (var d in c.Dates)
        {
            var v = row[t.Col(d)];
            if (v.Length > 0 && !DateTimeOffset.TryParseExact(v, BookChecks.IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return true;
        }
        if (c.Amount is { } a)
        {
            var v = row[t.Col(a)];
            if (v.Length > 0 && !decimal.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)) return true;
        }
        return false;
    }

    [Fact]
    public void Every_file_has_the_contract_columns_in_every_folder()
    {
        foreach (var dir in Folders())
            foreach (var (file, columns) in ContractColumns)
                Assert.Equal(columns, book.Read(file, dir).Header);
    }

    [Fact]
    public void Row_counts_follow_the_book_size()
    {
        Assert.Equal(GeneratedBook.Holders, book.Read("policyholders.csv").Rows.Count);
        double policiesPerHolder = book.Read("policies.csv").Rows.Count / (double)GeneratedBook.Holders;
        Assert.InRange(policiesPerHolder, 1.15, 1.45);
        Assert.InRange(book.Read("agents.csv").Rows.Count, 25, 60);
        Assert.InRange(book.Read("contact_changes.csv").Rows.Count, 200, 800);
        Assert.InRange(book.Read("surrender_requests.csv").Rows.Count, 250, 900);
        Assert.InRange(book.Read("complaints.csv").Rows.Count, 60, 300);
        foreach (var f in book.Result.Files)
        {
            var parts = f.Name.Split('/');
            var dir = parts.Length == 1 ? book.OutDir : Path.Combine(book.Root, parts[0]);
            Assert.Equal(f.Rows, book.Read(parts[^1], dir).Rows.Count);
        }
    }

    [Fact]
    public void Planted_bad_rows_are_found_by_an_independent_check_at_about_the_rate()
    {
        long bad = 0;
        foreach (var dir in Folders())
        {
            foreach (var (file, check) in Checked)
            {
                var t = book.Read(file, dir);
                int fileBad = t.Rows.Count(r => IsBad(t, r, check));
                bad += fileBad;
                if (dir == book.OutDir && t.Rows.Count >= 1000)
                    Assert.InRange(fileBad / (double)t.Rows.Count, GeneratedBook.BadRowRate * 0.5, GeneratedBook.BadRowRate * 1.6);
            }
        }
        Assert.Equal(book.Result.QuarantineRowsPlanted, bad);
    }

    [Fact]
    public void Truth_groups_name_holders_that_have_good_rows() => BookChecks.TruthGroupsNameHoldersThatHaveGoodRows(book);

    [Fact]
    public void Every_ring_kind_and_decoy_kind_is_planted()
    {
        string[] rings = ["phone_takeover", "rotating_phones", "representative", "templated_complaints", "terminated_agent", "slow_ring"];
        string[] decoys = ["family", "hotline", "corporate", "honest_agent", "mass_surrender"];
        foreach (var k in rings) Assert.NotEmpty(book.Groups("ring", k));
        foreach (var k in decoys) Assert.NotEmpty(book.Groups("decoy", k));
        Assert.Contains(book.Groups("ring"), g => g["increment"] is not null);
        Assert.Contains(book.Groups("ring"), g => g["grown"] is not null);
    }

    [Fact]
    public void Rings_differ_in_size_and_leave_at_least_two_kinds_of_trace()
    {
        var sizes = book.Groups("ring").Select(g => g["holders"]!.Count()).ToList();
        Assert.True(sizes.Distinct().Count() >= sizes.Count / 2, string.Join(",", sizes));
        foreach (var g in book.Groups("ring"))
        {
            var types = g["controllers"]!.Select(c => (string)c["type"]!).Where(t => t != "agent").Distinct().ToList();
            Assert.True(types.Count >= 1, $"{g["group_id"]} has no controllers");
        }
    }

    [Fact]
    public void Ring_victims_are_strangers_while_family_members_share_surname_phone_and_address()
    {
        var t = book.Read("policyholders.csv");
        var byId = t.Rows.Where(r => r[0].Length > 0).ToDictionary(r => r[0]);
        int name = t.Col("name"), phone = t.Col("phone"), address = t.Col("address"), city = t.Col("city");
        long pairs = 0, sameSurname = 0;
        foreach (var g in book.Groups("ring").Where(g => g["increment"] is null))
        {
            var v = g["holders"]!.Select(h => byId[(string)h!]).ToList();
            for (int i = 0; i < v.Count; i++)
                for (int j = i + 1; j < v.Count; j++)
                {
                    pairs++;
                    if (v[i][name][0] == v[j][name][0]) sameSurname++;
                }
            if ((string)g["kind"]! != "terminated_agent")
                Assert.True(v.Select(r => r[city].TrimEnd('市')).Distinct().Count() >= Math.Min(4, v.Count / 2), $"{g["group_id"]} victims crowd in one city");
        }
        Assert.True(pairs > 100);
        Assert.True(sameSurname / (double)pairs < 0.05, $"{sameSurname} of {pairs} victim pairs share a surname");

        foreach (var g in book.Groups("decoy", "family"))
        {
            var members = g["holders"]!.Select(h => byId[(string)h!]).ToList();
            Assert.Single(members.Select(r => r[name][0]).Distinct());
            Assert.Single(members.Select(r => PhoneNormalizer.Normalize(r[phone]).Value).Where(p => p is not null).Distinct());
            Assert.Single(members.Select(r => AddressNormalizer.Normalize(r[address]).Value).Where(a => a is not null).Distinct());
        }
    }

    [Fact]
    public void Controllers_are_normalized_values_found_in_the_rows_of_their_group() =>
        BookChecks.ControllersAreNormalizedValuesFoundInTheRowsOfTheirGroup(book, skipKind: "honest_agent");

    [Fact]
    public void Ring_complaints_are_near_duplicates_and_honest_ones_are_not()
    {
        var m = book.Read("complaints.csv");
        var text = m.Rows.ToDictionary(r => r[m.Col("complaint_id")] is { Length: > 0 } id ? id : Guid.NewGuid().ToString(), r => (Holder: r[m.Col("holder_id")], Text: r[m.Col("text")]));
        var ring = book.Groups("ring", "templated_complaints").First(g => g["increment"] is null);
        var members = ring["holders"]!.Select(h => (string)h!).ToHashSet();
        var ringTexts = text.Values.Where(x => members.Contains(x.Holder)).Select(x => x.Text).ToList();
        Assert.True(ringTexts.Count >= 4);
        Assert.True(ringTexts.Distinct().Count() == ringTexts.Count, "ring letters are edited copies, not identical");
        var ringVictims = book.Groups("ring").SelectMany(BookChecks.AllHolders).ToHashSet();
        var honest = text.Values.Where(x => !ringVictims.Contains(x.Holder)).Select(x => x.Text).Take(60).ToList();
        double ringSim = BookChecks.MeanPairwise(ringTexts), honestSim = BookChecks.MeanPairwise(honest);
        Assert.True(ringSim > 0.6, $"ring letters similarity {ringSim:F2}");
        Assert.True(honestSim < 0.35, $"honest complaints similarity {honestSim:F2}");
    }

    [Fact]
    public void Values_are_messy_but_mostly_valid()
    {
        var t = book.Read("policyholders.csv");
        var ids = t.Rows.Select(r => r[t.Col("id_number")]).ToList();
        double valid = ids.Count(i => IdNumberNormalizer.Normalize(i).HasValue) / (double)ids.Count;
        Assert.InRange(valid, 0.98, 0.9995);
        Assert.Contains(ids, i => i.Length == 18 && i[17] == 'x');
        Assert.Contains(ids, i => i.Length == 15);
        var phones = t.Rows.Select(r => r[t.Col("phone")]).Where(p => p.Length > 0).ToList();
        Assert.True(phones.Count(p => PhoneNormalizer.Normalize(p).HasValue) >= phones.Count * 0.99);
        Assert.Contains(phones, p => p.StartsWith("+86 ", StringComparison.Ordinal));
        Assert.Contains(phones, p => p.StartsWith("0086", StringComparison.Ordinal));
        Assert.Contains(phones, p => p.Any(c => c is >= '０' and <= '９'));
        Assert.Contains(phones, p => PhoneNormalizer.Normalize(p).Value is { } v && v[0] == '0');
        var s = book.Read("surrender_requests.csv");
        var accounts = s.Rows.Select(r => BankAccountNormalizer.Normalize(r[s.Col("payout_account")], out bool luhn) is { HasValue: true } n ? (n.Value!, luhn) : default).Where(x => x.Item1 is not null).ToList();
        Assert.True(accounts.Count(a => a.luhn) > accounts.Count * 0.95);
        Assert.All(accounts, a => Assert.InRange(a.Item1.Length, 16, 19));
        Assert.Contains(s.Rows, r => r[s.Col("payout_account")].Contains(' '));
        var m = book.Read("complaints.csv");
        var texts = m.Rows.Select(r => r[m.Col("text")]).ToList();
        Assert.Contains(texts, x => x.Contains('\n'));
        Assert.Contains(texts, x => x.Contains('"'));
        Assert.Contains(texts, x => x.Contains(','));
        var times = book.Read("contact_changes.csv").Rows.Select(r => r[6]).ToList();
        Assert.Contains(times, x => x.EndsWith("+08:00", StringComparison.Ordinal));
        Assert.True(times.Count(x => x.Length == 19) > times.Count / 2, "most timestamps carry no offset");
    }

    [Fact]
    public void Increments_are_closed_by_a_ready_marker_and_add_new_holders()
    {
        var baseIds = book.Read("policyholders.csv").Rows.Select(r => r[0]).ToHashSet();
        for (int k = 1; k <= 2; k++)
        {
            var dir = InsurerGenerator.IncrementDirectory(book.OutDir, k);
            Assert.True(File.Exists(Path.Combine(dir, "_READY")));
            var added = book.Read("policyholders.csv", dir).Rows.Select(r => r[0]).ToList();
            Assert.NotEmpty(added);
            Assert.DoesNotContain(added, baseIds.Contains);
            Assert.NotEmpty(book.Read("surrender_requests.csv", dir).Rows);
        }
        var baseChanges = book.Read("contact_changes.csv").Rows.Select(r => r[0]).Where(x => x.Length > 0).ToHashSet();
        var incChanges = book.Read("contact_changes.csv", InsurerGenerator.IncrementDirectory(book.OutDir, 1)).Rows.Select(r => r[0]).Where(x => x.Length > 0);
        Assert.DoesNotContain(incChanges, baseChanges.Contains);
    }

    [Fact]
    public void Hotline_numbers_are_shared_by_holders_in_many_cities()
    {
        var hotline = book.Groups("decoy", "hotline").Single();
        var holders = hotline["holders"]!.Select(h => (string)h!).ToHashSet();
        var t = book.Read("policyholders.csv");
        var cities = t.Rows.Where(r => holders.Contains(r[0])).Select(r => r[t.Col("city")].TrimEnd('市')).Distinct().Count();
        // ~11% of 250 surrenders and 75 complaints name a service line at this size; thousands at a million holders.
        Assert.True(holders.Count >= 15, $"{holders.Count} holders");
        Assert.True(cities >= 8, $"{cities} cities");
    }
}

public class GeneratorDeterminismTests
{
    private static Dictionary<string, string> HashTree(string root)
    {
        var result = new Dictionary<string, string>();
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(root, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }

    private static Dictionary<string, string> Generate(int seed)
    {
        var root = Path.Combine(Path.GetTempPath(), "synthetic-det-" + Guid.NewGuid().ToString("N"));
        try
        {
            new InsurerGenerator(new GeneratorOptions { Holders = 3_000, Seed = seed, Increments = 1 })
                .Generate(Path.Combine(root, "out"), Path.Combine(root, "truth.json"));
            return HashTree(root);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        var a = Generate(5);
        var b = Generate(5);
        Assert.Equal(14, a.Count); // 6 + 6 CSV files, the marker and the truth file
        Assert.Equal(a, b);
    }

    [Fact]
    public void Different_seed_gives_different_files()
    {
        var a = Generate(5);
        var b = Generate(6);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var k in a.Keys.Where(k => !k.EndsWith("_READY", StringComparison.Ordinal) && !k.Contains("agents")))
            Assert.NotEqual(a[k], b[k]);
    }
}

public class GeneratorArgumentTests
{
    [Theory]
    [InlineData("out/truth.json")]
    [InlineData("out/sub/truth.json")]
    [InlineData("out-increment-01/truth.json")]
    public void Truth_file_inside_a_generated_folder_is_refused_before_writing(string truth)
    {
        var root = Path.Combine(Path.GetTempPath(), "synthetic-arg-" + Guid.NewGuid().ToString("N"));
        var gen = new InsurerGenerator(new GeneratorOptions { Holders = 1_000, Increments = 1 });
        var ex = Assert.Throws<ArgumentException>(() => gen.Generate(Path.Combine(root, "out"), Path.Combine(root, truth)));
        Assert.Equal("truthFile", ex.ParamName);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Truth_file_beside_the_folder_is_accepted()
    {
        var root = Path.Combine(Path.GetTempPath(), "synthetic-arg-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = new InsurerGenerator(new GeneratorOptions { Holders = 1_000 }).Generate(Path.Combine(root, "out"), Path.Combine(root, "out-truth.json"));
            Assert.True(File.Exists(Path.Combine(root, "out-truth.json")));
            Assert.Equal(6, result.Files.Count);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Nonsense_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InsurerGenerator(new GeneratorOptions { Holders = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InsurerGenerator(new GeneratorOptions { BadRowRate = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InsurerGenerator(new GeneratorOptions { Increments = -1 }));
    }

    [Fact]
    public void Cancellation_stops_generation()
    {
        var root = Path.Combine(Path.GetTempPath(), "synthetic-arg-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => new InsurerGenerator(new GeneratorOptions { Holders = 1_000 }).Generate(Path.Combine(root, "out"), null, null, cts.Token));
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
    }
}
