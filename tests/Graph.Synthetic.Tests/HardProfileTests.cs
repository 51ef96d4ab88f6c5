using System.Globalization;
using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Synthetic.Tests;

/// <summary>The hard profile's book (<see cref="HardBook"/>): what it plants, and that the plants behave as described.</summary>
[Collection("hard book")]
public class HardBookTests(HardBook book)
{
    private static readonly string[] RingKinds =
        ["phone_takeover", "rotating_phones", "representative", "templated_complaints", "terminated_agent", "small_ring", "slow_ring", "template_reuse", "shared_representative"];

    private static readonly string[] DecoyKinds =
        ["branch_terminal", "branch_wifi", "carrier_nat", "agent_device", "family_surrender", "employer_group", "honest_agent", "mass_surrender", "hotline"];

    /// <summary>The local time of a timestamp, or null for the spoiled ones a loader quarantines.</summary>
    internal static DateTime? Time(string s) =>
        DateTime.TryParseExact(s[..Math.Min(19, s.Length)], ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private HashSet<string> Holders(JObject g) => BookChecks.AllHolders(g).ToHashSet();

    [Fact]
    public void Every_ring_kind_and_decoy_kind_is_planted()
    {
        foreach (var k in RingKinds) Assert.NotEmpty(book.Groups("ring", k));
        foreach (var k in DecoyKinds) Assert.NotEmpty(book.Groups("decoy", k));
        Assert.Equal("hard", (string)book.Truth["profile"]!);
        Assert.Contains(book.Groups("ring"), g => g["increment"] is not null);
    }

    [Fact]
    public void Truth_groups_name_holders_that_have_good_rows() => BookChecks.TruthGroupsNameHoldersThatHaveGoodRows(book);

    [Fact]
    public void Controllers_are_normalized_values_found_in_the_rows_of_their_group() =>
        BookChecks.ControllersAreNormalizedValuesFoundInTheRowsOfTheirGroup(book, skipKind: null);

    [Fact]
    public void Rings_and_look_alikes_do_not_share_holders()
    {
        var victims = book.Groups("ring").SelectMany(BookChecks.AllHolders).ToList();
        Assert.Equal(victims.Count, victims.Distinct().Count());
        var set = victims.ToHashSet();
        foreach (var g in book.Groups("decoy"))
            Assert.DoesNotContain(BookChecks.AllHolders(g), set.Contains);
    }

    [Fact]
    public void Surnames_follow_census_shares_so_strangers_share_common_ones()
    {
        var t = book.Read("policyholders.csv");
        var surnames = t.Rows.Select(r => r[t.Col("name")]).Where(n => n.Length > 0).Select(n => n[..1]).ToList();
        foreach (var s in new[] { "王", "李", "张" })
        {
            double share = surnames.Count(x => x == s) / (double)surnames.Count;
            Assert.InRange(share, 0.055, 0.09);
        }
        // Victims are strangers drawn at random: they share surnames as often as any random pair does.
        var byId = t.Rows.Where(r => r[0].Length > 0).ToDictionary(r => r[0], r => r[t.Col("name")][..1]);
        long pairs = 0, same = 0;
        foreach (var g in book.Groups("ring").Where(g => g["increment"] is null && (string)g["kind"]! != "terminated_agent"))
        {
            var names = g["holders"]!.Select(h => byId[(string)h!]).ToList();
            for (int i = 0; i < names.Count; i++)
                for (int j = i + 1; j < names.Count; j++) { pairs++; if (names[i] == names[j]) same++; }
        }
        Assert.True(pairs > 500, $"{pairs} pairs");
        Assert.InRange(same / (double)pairs, 0.01, 0.06);
    }

    [Fact]
    public void Victims_come_from_many_cities_and_not_all_of_them_surrender()
    {
        var t = book.Read("policyholders.csv");
        var city = t.Rows.Where(r => r[0].Length > 0).ToDictionary(r => r[0], r => r[t.Col("city")].TrimEnd('市'));
        var s = book.Read("surrender_requests.csv");
        var surrendered = s.Rows.Select(r => r[s.Col("holder_id")]).ToHashSet();
        var victims = book.Groups("ring").Where(g => g["increment"] is null).SelectMany(g => g["holders"]!.Select(h => (string)h!)).ToList();
        Assert.True(victims.Select(v => city[v]).Distinct().Count() >= 25, "victims crowd in a few cities");
        double share = victims.Count(surrendered.Contains) / (double)victims.Count;
        Assert.InRange(share, 0.5, 0.97);
    }

    [Fact]
    public void Slow_rings_take_addresses_over_a_year_writing_one_flat_several_ways()
    {
        var c = book.Read("contact_changes.csv");
        var s = book.Read("surrender_requests.csv");
        foreach (var ring in book.Groups("ring", "slow_ring"))
        {
            var members = Holders(ring);
            var moves = c.Rows.Where(r => members.Contains(r[c.Col("holder_id")]) && r[c.Col("field")] == "address").ToList();
            var dates = moves.Select(r => Time(r[c.Col("changed_at")])).OfType<DateTime>().Order().ToList();
            Assert.True((dates[^1] - dates[0]).TotalDays >= 200, $"{ring["group_id"]}: address changes span {(dates[^1] - dates[0]).TotalDays:0} days");
            // Spellings as written (width and spaces folded), not as an address parser keys them: the point is that
            // one flat reaches the files written several ways.
            var spellings = moves.Select(r => TextNormalizer.CollapseWhitespace(TextNormalizer.ToHalfWidth(r[c.Col("new_value")]))).Distinct().Count();
            Assert.True(spellings >= Math.Min(4, moves.Count), $"{ring["group_id"]}: {spellings} spellings for {moves.Count} moves");
            // Surrenders come weeks to months after the move, not days.
            var moved = moves.GroupBy(r => r[c.Col("holder_id")]).ToDictionary(g => g.Key, g => g.Min(r => Time(r[c.Col("changed_at")]))!.Value);
            var gaps = s.Rows.Where(r => moved.ContainsKey(r[s.Col("holder_id")]) && Time(r[s.Col("requested_at")]) is not null)
                .Select(r => (Time(r[s.Col("requested_at")])!.Value - moved[r[s.Col("holder_id")]]).TotalDays).Order().ToList();
            if (gaps.Count >= 3) Assert.True(gaps[gaps.Count / 2] >= 7, $"{ring["group_id"]}: median gap {gaps[gaps.Count / 2]:0} days");
        }
        var all = c.Rows.Where(r => r[c.Col("field")] == "address").Select(r => r[c.Col("new_value")]).ToList();
        Assert.Contains(all, a => System.Text.RegularExpressions.Regex.IsMatch(a, @"\d+-\d+-\d+$"));
        Assert.Contains(all, a => a.Contains("单元") && a.Any(ch => "一二三四五六七八九十".Contains(ch)));
    }

    [Fact]
    public void Template_reuse_rings_copy_another_rings_letter_and_nothing_else()
    {
        var m = book.Read("complaints.csv");
        List<string> Letters(JObject g)
        {
            var members = Holders(g);
            return m.Rows.Where(r => members.Contains(r[m.Col("holder_id")])).Select(r => r[m.Col("text")]).ToList();
        }
        var others = book.Groups("ring").Where(g => (string)g["kind"]! != "template_reuse").Select(g => (Group: g, Letters: Letters(g))).Where(x => x.Letters.Count > 0).ToList();
        foreach (var reuse in book.Groups("ring", "template_reuse"))
        {
            var letters = Letters(reuse);
            if (letters.Count < 2) continue;
            var mine = BookChecks.Shingles(letters[0]);
            var best = others.MaxBy(o => BookChecks.Jaccard(mine, BookChecks.Shingles(o.Letters[0])));
            Assert.True(BookChecks.Jaccard(mine, BookChecks.Shingles(best.Letters[0])) > 0.4, $"{reuse["group_id"]} copies no other ring's letter");
            var theirs = best.Group["controllers"]!.Select(x => (string)x["value"]!).ToHashSet();
            Assert.DoesNotContain(reuse["controllers"]!.Select(x => (string)x["value"]!), theirs.Contains);
        }
    }

    [Fact]
    public void Representative_sharing_rings_share_one_representative_and_keep_their_own_anchor()
    {
        var rings = book.Groups("ring", "shared_representative").ToList();
        Assert.True(rings.Count >= 2);
        var reps = rings.Select(g => g["controllers"]!.Where(c => (string)c["type"]! == "representative").Select(c => (string)c["value"]!).ToHashSet()).ToList();
        int linked = 0;
        for (int i = 0; i < rings.Count; i++)
            for (int j = i + 1; j < rings.Count; j++)
                if (reps[i].Overlaps(reps[j])) linked++;
        Assert.True(linked >= rings.Count / 2, $"{linked} linked pairs among {rings.Count} rings");
    }

    [Fact]
    public void Infrastructure_look_alikes_list_honest_holders_who_passed_through_the_value()
    {
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var dir in book.Folders())
            foreach (var file in new[] { "contact_changes.csv", "surrender_requests.csv" })
            {
                var t = book.Read(file, dir);
                foreach (var r in t.Rows)
                    foreach (var col in new[] { "ip", "device_id" })
                        if (TokenNormalizer.Normalize(r[t.Col(col)]).Value is { } v)
                        {
                            if (!uses.TryGetValue(v, out var set)) uses[v] = set = [];
                            set.Add(r[t.Col("holder_id")]);
                        }
            }
        foreach (var kind in new[] { "branch_terminal", "branch_wifi", "carrier_nat", "agent_device" })
            foreach (var g in book.Groups("decoy", kind))
            {
                var value = (string)g["controllers"]!.Single()["value"]!;
                var members = Holders(g);
                Assert.True(members.Count >= 5, $"{g["group_id"]}: {members.Count} holders");
                Assert.All(members, h => Assert.Contains(h, uses[value]));
            }
        Assert.Contains(book.Groups("decoy", "branch_terminal"), g => Holders(g).Count >= 20);
    }

    [Fact]
    public void Families_and_colleagues_surrender_together_and_honest_agents_spread_over_time()
    {
        var s = book.Read("surrender_requests.csv");
        var dates = s.Rows.GroupBy(r => r[s.Col("holder_id")]).ToDictionary(g => g.Key, g => g.Select(r => Time(r[s.Col("requested_at")])).OfType<DateTime>().ToList());
        foreach (var g in book.Groups("decoy", "family_surrender"))
        {
            var days = Holders(g).Where(dates.ContainsKey).SelectMany(h => dates[h]).Order().ToList();
            Assert.True(days.Count >= 2, $"{g["group_id"]} surrendered {days.Count} times");
            // Members also live ordinary lives (a later surrender of another policy), so look at the tightest cluster.
            Assert.Contains(Enumerable.Range(1, days.Count - 1), i => (days[i] - days[i - 1]).TotalDays <= 7);
        }
        foreach (var g in book.Groups("decoy", "honest_agent"))
        {
            var days = Holders(g).Where(dates.ContainsKey).SelectMany(h => dates[h]).Order().ToList();
            if (days.Count >= 8) Assert.True((days[^1] - days[0]).TotalDays > 180, $"{g["group_id"]} surrenders in {(days[^1] - days[0]).TotalDays:0} days");
        }
        var wave = book.Groups("decoy", "mass_surrender").Single();
        var waveDays = Holders(wave).SelectMany(h => dates[h]).Order().ToList();
        int inWindow = waveDays.Count(d => (d - waveDays[0]).TotalDays <= 45);
        Assert.True(inWindow >= Holders(wave).Count * 0.9, $"{inWindow} of {Holders(wave).Count} wave surrenders within 45 days");
    }
}

/// <summary>Generation runs of the hard profile that the shared book cannot show.</summary>
public class HardProfileTests
{
    private static (Dictionary<string, string> Files, JObject Truth) Generate(int seed, int holders, GeneratorProfile profile = GeneratorProfile.Hard, int increments = 0)
    {
        var root = Path.Combine(Path.GetTempPath(), "synthetic-hard-" + Guid.NewGuid().ToString("N"));
        try
        {
            new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed, Increments = increments, Profile = profile })
                .Generate(Path.Combine(root, "out"), Path.Combine(root, "truth.json"));
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
            return (files, JObject.Parse(File.ReadAllText(Path.Combine(root, "truth.json"))));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files_and_another_seed_different_ones()
    {
        var a = Generate(5, 3_000, increments: 1).Files;
        var b = Generate(5, 3_000, increments: 1).Files;
        var c = Generate(6, 3_000, increments: 1).Files;
        Assert.Equal(14, a.Count);
        Assert.Equal(a, b);
        foreach (var k in a.Keys.Where(k => k.EndsWith(".csv", StringComparison.Ordinal) && !k.Contains("agents")))
            Assert.NotEqual(a[k], c[k]);
    }

    [Fact]
    public void Hard_and_classic_books_of_one_seed_differ()
    {
        var hard = Generate(5, 2_000).Files;
        var classic = Generate(5, 2_000, GeneratorProfile.Classic).Files;
        Assert.NotEqual(hard[Path.Combine("out", "surrender_requests.csv")], classic[Path.Combine("out", "surrender_requests.csv")]);
    }

    [Fact]
    public void Base_rates_and_ring_habits_are_drawn_per_seed_over_wide_ranges()
    {
        var parameters = Enumerable.Range(1, 8).Select(seed => (JObject)Generate(seed, 1_000).Truth["parameters"]!).ToList();
        foreach (var name in new[] { "changes_per_holder", "surrenders_per_holder", "complaints_per_holder", "ring_size_median", "carrier_nat_share" })
        {
            var values = parameters.Select(p => (double)p[name]!).ToList();
            Assert.True(values.Max() / values.Min() >= 1.5, $"{name}: {string.Join(", ", values)}");
        }
    }

    [Fact]
    public void Rings_differ_in_timing_from_days_to_months()
    {
        var root = Path.Combine(Path.GetTempPath(), "synthetic-hard-" + Guid.NewGuid().ToString("N"));
        try
        {
            new InsurerGenerator(new GeneratorOptions { Holders = 30_000, Seed = 2, Profile = GeneratorProfile.Hard }).Generate(Path.Combine(root, "out"), Path.Combine(root, "truth.json"));
            var truth = JObject.Parse(File.ReadAllText(Path.Combine(root, "truth.json")));
            var c = Table.Read(Path.Combine(root, "out", "contact_changes.csv"));
            var s = Table.Read(Path.Combine(root, "out", "surrender_requests.csv"));
            var firstChange = c.Rows.Where(r => HardBookTests.Time(r[c.Col("changed_at")]) is not null).GroupBy(r => r[c.Col("holder_id")])
                .ToDictionary(g => g.Key, g => g.Min(r => HardBookTests.Time(r[c.Col("changed_at")])!.Value));
            var firstSurrender = s.Rows.Where(r => HardBookTests.Time(r[s.Col("requested_at")]) is not null).GroupBy(r => r[s.Col("holder_id")])
                .ToDictionary(g => g.Key, g => g.Min(r => HardBookTests.Time(r[s.Col("requested_at")])!.Value));
            var medians = new List<double>();
            foreach (var g in truth["groups"]!.Where(g => (string)g["type"]! == "ring"))
            {
                var gaps = g["holders"]!.Select(h => (string)h!).Where(h => firstChange.ContainsKey(h) && firstSurrender.ContainsKey(h))
                    .Select(h => (firstSurrender[h] - firstChange[h]).TotalDays).Where(d => d > 0).Order().ToList();
                if (gaps.Count >= 4) medians.Add(gaps[gaps.Count / 2]);
            }
            Assert.True(medians.Count >= 5, $"{medians.Count} rings with gaps");
            Assert.True(medians.Min() <= 10, $"shortest median gap {medians.Min():0} days");
            Assert.True(medians.Max() >= 45, $"longest median gap {medians.Max():0} days");
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
