using System.Globalization;
using Graph.Core;
using Newtonsoft.Json.Linq;

namespace Graph.Synthetic.Tests;

/// <summary>Checks every profile's book must pass, whatever it plants.</summary>
public static class BookChecks
{
    public static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:sszzz"];

    public static void TruthGroupsNameHoldersThatHaveGoodRows(BookFixture book)
    {
        var known = new HashSet<string>();
        foreach (var dir in book.Folders())
        {
            var t = book.Read("policyholders.csv", dir);
            int id = t.Col("holder_id"), created = t.Col("created_at");
            foreach (var r in t.Rows)
                if (r[id].Length > 0 && DateTimeOffset.TryParseExact(r[created], IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    known.Add(r[id]);
        }
        int groups = 0;
        foreach (var g in book.Truth["groups"]!)
        {
            groups++;
            var holders = AllHolders((JObject)g);
            Assert.True(holders.Count >= 2, $"{g["group_id"]} has {holders.Count} holders");
            foreach (var h in holders) Assert.Contains(h, known);
        }
        Assert.True(groups >= 10);
        Assert.Equal(book.Result.Rings + book.Result.Decoys, groups);
    }

    public static List<string> AllHolders(JObject g)
    {
        var list = g["holders"]!.Select(h => (string)h!).ToList();
        if (g["grown"] is JArray grown) foreach (var x in grown) list.AddRange(x["holders"]!.Select(h => (string)h!));
        return list;
    }

    public static void ControllersAreNormalizedValuesFoundInTheRowsOfTheirGroup(BookFixture book, string? skipKind)
    {
        var values = new Dictionary<string, HashSet<string>>(); // holder id -> normalized values in its event rows
        void Add(string holder, string? v) { if (v is null) return; if (!values.TryGetValue(holder, out var s)) values[holder] = s = []; s.Add(v); }
        foreach (var dir in book.Folders())
        {
            var ph = book.Read("policyholders.csv", dir);
            foreach (var r in ph.Rows) { Add(r[0], PhoneNormalizer.Normalize(r[3]).Value); Add(r[0], AddressNormalizer.Normalize(r[4]).Value); }
            var c = book.Read("contact_changes.csv", dir);
            foreach (var r in c.Rows)
            {
                var h = r[c.Col("holder_id")];
                var nv = r[c.Col("new_value")];
                Add(h, r[c.Col("field")] switch { "phone" => PhoneNormalizer.Normalize(nv).Value, "bank_account" => BankAccountNormalizer.Normalize(nv).Value, "address" => AddressNormalizer.Normalize(nv).Value, _ => nv });
                Add(h, TokenNormalizer.Normalize(r[c.Col("ip")]).Value);
                Add(h, TokenNormalizer.Normalize(r[c.Col("device_id")]).Value);
            }
            var s = book.Read("surrender_requests.csv", dir);
            foreach (var r in s.Rows)
            {
                var h = r[s.Col("holder_id")];
                Add(h, PhoneNormalizer.Normalize(r[s.Col("contact_phone")]).Value);
                Add(h, BankAccountNormalizer.Normalize(r[s.Col("payout_account")]).Value);
                Add(h, PhoneNormalizer.Normalize(r[s.Col("representative_phone")]).Value);
                Add(h, RepresentativeKey.Of(r[s.Col("representative_name")], IdNumberNormalizer.Normalize(r[s.Col("representative_id_number")]), PhoneNormalizer.Normalize(r[s.Col("representative_phone")])));
                Add(h, TokenNormalizer.Normalize(r[s.Col("ip")]).Value);
                Add(h, TokenNormalizer.Normalize(r[s.Col("device_id")]).Value);
            }
            var m = book.Read("complaints.csv", dir);
            foreach (var r in m.Rows)
            {
                var h = r[m.Col("holder_id")];
                Add(h, PhoneNormalizer.Normalize(r[m.Col("contact_phone")]).Value);
                Add(h, AddressNormalizer.Normalize(r[m.Col("sender_address")]).Value);
                Add(h, PhoneNormalizer.Normalize(r[m.Col("representative_phone")]).Value);
                Add(h, RepresentativeKey.Of(r[m.Col("representative_name")], IdNumberNormalizer.Normalize(r[m.Col("representative_id_number")]), PhoneNormalizer.Normalize(r[m.Col("representative_phone")])));
            }
        }
        foreach (var g in book.Truth["groups"]!.Cast<JObject>().Where(g => (string)g["kind"]! != skipKind))
        {
            var holders = AllHolders(g);
            foreach (var c in g["controllers"]!)
            {
                string type = (string)c["type"]!, value = (string)c["value"]!;
                if (type == "agent") continue;
                if (type == "phone") Assert.Equal(value, PhoneNormalizer.Normalize(value).Value);
                if (type == "bank_account") Assert.Equal(value, BankAccountNormalizer.Normalize(value).Value);
                int users = holders.Count(h => values.TryGetValue(h, out var s) && s.Contains(value));
                Assert.True(users >= 1, $"{g["group_id"]} {type} controller not found in its holders' rows");
            }
        }
    }

    /// <summary>Mean Jaccard similarity of character 3-grams over all pairs of texts.</summary>
    public static double MeanPairwise(List<string> texts)
    {
        var sets = texts.Select(Shingles).ToList();
        double sum = 0; int n = 0;
        for (int i = 0; i < sets.Count; i++)
            for (int j = i + 1; j < sets.Count; j++) { sum += Jaccard(sets[i], sets[j]); n++; }
        return n == 0 ? 0 : sum / n;
    }

    public static HashSet<string> Shingles(string s)
    {
        var set = new HashSet<string>();
        for (int i = 0; i + 3 <= s.Length; i++) set.Add(s.Substring(i, 3));
        return set;
    }

    public static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : a.Intersect(b).Count() / (double)a.Union(b).Count();
}
