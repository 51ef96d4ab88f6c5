using System.Text.Json;
using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Evaluation;
using Graph.Synthetic;

namespace Graph.Analytics.Tests.Detection;

public class TruthEvaluatorTests
{
    private static Ring R(string id, bool flagged, params string[] victims) => R(id, flagged ? 90 : 10, flagged, victims);

    private static Ring R(string id, double score, bool flagged, params string[] victims) => new(id, score, flagged, victims.Length, 0, 0, null, null, [],
        victims.Select(v => new RingMember("holder", v, MemberRole.Victim, 1)).ToList());

    private static string Group(string id, string type, string kind, params string[] holders) =>
        $$"""{"group_id":"{{id}}","type":"{{type}}","kind":"{{kind}}","holders":[{{string.Join(",", holders.Select(h => $"\"{h}\""))}}],"controllers":[]}""";

    private static TruthFile Truth(params string[] groups) => TruthFile.Parse($$"""{"seed":1,"holders":100,"groups":[{{string.Join(",", groups)}}]}""");

    private static string[] Range(string prefix, int n) => Enumerable.Range(1, n).Select(i => prefix + i).ToArray();

    [Fact]
    public void Recall_precision_and_decoys_follow_the_jaccard_rule()
    {
        var truth = TruthFile.Parse("""
        {"seed":1,"holders":100,"groups":[
          {"group_id":"T-1","type":"ring","kind":"phone_takeover","holders":["a","b","c","d"],"controllers":[{"type":"phone","value":"1"}]},
          {"group_id":"T-2","type":"ring","kind":"representative","holders":["e","f","g","h"],"controllers":[]},
          {"group_id":"T-3","type":"decoy","kind":"family","holders":["x","y","z"],"controllers":[]},
          {"group_id":"T-4","type":"decoy","kind":"hotline","holders":["p","q","r","s","t","u"],"controllers":[]}
        ]}
        """);
        var rings = new[]
        {
            R("R1", true, "a", "b", "c"),          // J 0.75 with T-1: found
            R("R2", true, "e", "f", "m", "n", "o"), // J 2/7 with T-2: not found, a false positive
            R("R3", true, "x", "y", "k"),          // J 0.5 with the family: decoy flagged
            R("R4", false, "e", "f", "g", "h"),    // not flagged: does not count
        };
        var e = new TruthEvaluator(truth, rings);
        e.Run();
        Assert.Equal(2, e.TrueRings);
        Assert.Equal(1, e.FoundRings);
        Assert.Equal(3, e.FlaggedRings);
        Assert.Equal(1, e.FlaggedMatchingTruth);
        Assert.Equal(["T-2"], e.Missed);
        Assert.Equal(["R2", "R3"], e.FalsePositives);
        Assert.Equal(["T-3"], e.FlaggedDecoys);
        Assert.Equal(1, e.PerKind.Single(k => k.Kind == "phone_takeover").Hits);
        Assert.Equal(0, e.PerKind.Single(k => k.Kind == "hotline").Hits);
        // R4 is a candidate that matches T-2 exactly: candidate generation found it, the flag did not.
        Assert.Equal(2, e.TrueRingsAmongCandidates);
        Assert.Equal(1, e.PerKind.Single(k => k.Kind == "representative").AmongCandidates);
    }

    /// <summary>
    /// Four true rings, one look-alike, six rings of the run. Ranked by score: R1 (T-1), R2 (a piece of the branch
    /// terminal), R3 (T-2), R4 (T-1 again: no second credit), R5 (T-3, not flagged), R6 (nothing). T-4 is never ranked.
    /// </summary>
    private static TruthEvaluator Ranked(params int[] cutoffs)
    {
        var truth = Truth(
            Group("T-1", "ring", "phone_takeover", "a1", "a2", "a3", "a4"),
            Group("T-2", "ring", "phone_takeover", "b1", "b2", "b3"),
            Group("T-3", "ring", "slow_ring", "c1", "c2", "c3"),
            Group("T-4", "ring", "small_ring", "e1", "e2", "e3"),
            Group("T-5", "decoy", "branch_terminal", Range("d", 20)));
        var rings = new[]
        {
            R("R4", 80, true, "a1", "a2", "a3"),
            R("R6", 40, false, "z1", "z2"),
            R("R2", 90, true, "d1", "d2", "d3"),
            R("R5", 40, false, "c1", "c2", "c3"),
            R("R1", 95, true, "a1", "a2", "a3", "a4"),
            R("R3", 85, true, "b1", "b2", "b3"),
        };
        var e = new TruthEvaluator(truth, rings, cutoffs: cutoffs.Length == 0 ? null : cutoffs);
        e.Run();
        return e;
    }

    [Fact]
    public void Precision_at_k_counts_each_true_ring_once_down_the_list_by_score()
    {
        var e = Ranked(1, 2, 4, 10);
        Assert.Equal(6, e.Candidates);
        Assert.Equal([1, 2, 4, 10], e.TopPrecisions.Select(t => t.K));
        Assert.Equal([1, 2, 4, 6], e.TopPrecisions.Select(t => t.Examined));
        Assert.Equal([1, 1, 2, 3], e.TopPrecisions.Select(t => t.Hits));
        Assert.Equal([1.0, 0.5, 0.5, 0.5], e.TopPrecisions.Select(t => t.Precision));
        // Four true rings: any ranking could fill the first four places with them, not six.
        Assert.Equal([1.0, 1.0, 1.0, 4 / 6.0], e.TopPrecisions.Select(t => t.Ceiling));
    }

    [Fact]
    public void Average_precision_averages_the_precision_at_each_hit_over_all_true_rings()
    {
        var e = Ranked();
        // Hits at ranks 1, 3 and 5; T-4 is never found and counts as 0.
        Assert.Equal((1.0 + 2 / 3.0 + 3 / 5.0) / 4, e.AveragePrecision, 12);
        Assert.Equal([25, 50, 100], e.TopPrecisions.Select(t => t.K));
        Assert.All(e.TopPrecisions, t => Assert.Equal(0.5, t.Precision));
    }

    [Fact]
    public void Equal_scores_are_ranked_by_ring_id()
    {
        var truth = Truth(Group("T-1", "ring", "small_ring", "a", "b"));
        var hitFirst = new TruthEvaluator(truth, [R("R-2", 50, true, "x", "y"), R("R-1", 50, true, "a", "b")], cutoffs: [1]);
        hitFirst.Run();
        Assert.Equal(1.0, hitFirst.AveragePrecision);
        Assert.Equal(1.0, hitFirst.TopPrecisions.Single().Precision);
        var hitSecond = new TruthEvaluator(truth, [R("R-1", 50, true, "x", "y"), R("R-2", 50, true, "a", "b")], cutoffs: [1]);
        hitSecond.Run();
        Assert.Equal(0.5, hitSecond.AveragePrecision);
        Assert.Equal(0.0, hitSecond.TopPrecisions.Single().Precision);
    }

    [Fact]
    public void Recall_is_given_per_ring_kind_for_flagged_rings_and_for_all_candidates()
    {
        var e = Ranked();
        var takeover = e.PerKind.Single(k => k.Kind == "phone_takeover");
        Assert.Equal((2, 2, 2), (takeover.Groups, takeover.Hits, takeover.AmongCandidates));
        var slow = e.PerKind.Single(k => k.Kind == "slow_ring");
        Assert.Equal((1, 0, 1), (slow.Groups, slow.Hits, slow.AmongCandidates));
        var small = e.PerKind.Single(k => k.Kind == "small_ring");
        Assert.Equal((1, 0, 0), (small.Groups, small.Hits, small.AmongCandidates));
        Assert.Equal(0.5, e.Recall);
        Assert.Equal(3, e.TrueRingsAmongCandidates);
        Assert.Equal(["T-3", "T-4"], e.Missed);
        Assert.Equal(3 / 4.0, e.Precision); // R1, R3 and R4 match a true ring; R2 does not
    }

    [Fact]
    public void A_flagged_piece_of_shared_infrastructure_is_a_look_alike_ring_of_its_kind()
    {
        var e = Ranked();
        var terminal = e.PerKind.Single(k => k.Kind == "branch_terminal");
        Assert.False(terminal.IsRing);
        Assert.Equal((1, 1, 1), (terminal.Groups, terminal.Hits, terminal.LookalikeRings));
        Assert.Equal(1, e.LookalikeRings);
        Assert.Equal(["T-5"], e.FlaggedDecoys);
        Assert.Equal(["R2"], e.FalsePositives);
    }

    [Fact]
    public void A_look_alike_ring_needs_two_victims_and_half_of_them_from_one_group()
    {
        var truth = Truth(
            Group("T-1", "ring", "phone_takeover", "a1", "a2", "a3", "a4", "a5", "a6"),
            Group("T-2", "decoy", "carrier_nat", Range("n", 50)),
            Group("T-3", "decoy", "branch_wifi", Range("w", 50)),
            Group("T-4", "decoy", "family_surrender", "f1", "f2"));
        var rings = new[]
        {
            R("R1", true, "n1", "x1", "x2"),             // 1 of 3 from the NAT: not a look-alike
            R("R2", true, "w1", "w2", "x3", "x4"),       // 2 of 4 from the Wi-Fi: a look-alike
            R("R3", true, "n2", "n3", "n4", "w3", "w4"), // the NAT holds most of it: a NAT look-alike
            R("R4", true, "f1", "x5", "x6"),             // 1 of a family: no
            R("R5", true, "a1", "a2", "x7", "x8", "x9"), // a fragment of T-1 (Jaccard 2/9): a fragment, not a look-alike
        };
        var e = new TruthEvaluator(truth, rings);
        e.Run();
        Assert.Equal(2, e.LookalikeRings);
        Assert.Equal(1, e.PerKind.Single(k => k.Kind == "carrier_nat").LookalikeRings);
        Assert.Equal(1, e.PerKind.Single(k => k.Kind == "branch_wifi").LookalikeRings);
        Assert.Equal(0, e.PerKind.Single(k => k.Kind == "family_surrender").Hits);
        Assert.Equal(["T-2", "T-3"], e.FlaggedDecoys);
        Assert.Equal(5, e.FalsePositives.Count);
    }

    [Fact]
    public void An_empty_run_finds_nothing_and_ranks_nothing()
    {
        var e = new TruthEvaluator(Truth(Group("T-1", "ring", "small_ring", "a", "b")), []);
        e.Run();
        Assert.Equal(0, e.Recall);
        Assert.Equal(0, e.AveragePrecision);
        Assert.Equal(0, e.Candidates);
        Assert.All(e.TopPrecisions, t => Assert.Equal(0, t.Examined));
    }

    [Fact]
    public void Json_report_carries_the_same_figures()
    {
        var e = Ranked();
        using var doc = JsonDocument.Parse(e.FormatJson("RUN-1"));
        var root = doc.RootElement;
        Assert.Equal("RUN-1", root.GetProperty("run_id").GetString());
        Assert.Equal(e.Recall, root.GetProperty("recall").GetDouble());
        Assert.Equal(e.Precision, root.GetProperty("precision").GetDouble());
        Assert.Equal(Math.Round(e.AveragePrecision, 4), root.GetProperty("average_precision").GetDouble());
        Assert.Equal(e.LookalikeRings, root.GetProperty("lookalike_rings_flagged").GetInt32());
        var top = root.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(e.TopPrecisions.Select(t => t.K), top.Select(t => t.GetProperty("k").GetInt32()));
        Assert.Equal(e.TopPrecisions.Select(t => t.Hits), top.Select(t => t.GetProperty("hits").GetInt32()));
        var kinds = root.GetProperty("ring_kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, k => k.GetProperty("found").GetInt32());
        Assert.Equal(e.PerKind.Where(k => k.IsRing).ToDictionary(k => k.Kind, k => k.Hits), kinds);
        var decoys = root.GetProperty("decoy_kinds").EnumerateArray().Single();
        Assert.Equal("branch_terminal", decoys.GetProperty("kind").GetString());
        Assert.Equal(1, decoys.GetProperty("lookalike_rings_flagged").GetInt32());
        Assert.Equal(e.Missed, root.GetProperty("missed").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public void Cut_offs_and_threshold_are_checked()
    {
        var truth = Truth(Group("T-1", "ring", "small_ring", "a", "b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TruthEvaluator(truth, [], cutoffs: [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TruthEvaluator(truth, [], jaccardThreshold: 0));
    }
}
