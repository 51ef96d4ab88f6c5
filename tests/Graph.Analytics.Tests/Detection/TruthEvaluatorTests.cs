using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

public class TruthEvaluatorTests
{
    private static Ring R(string id, bool flagged, params string[] victims) => new(id, flagged ? 90 : 10, flagged, victims.Length, 0, 0, null, null, [],
        victims.Select(v => new RingMember("holder", v, MemberRole.Victim, 1)).ToList());

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
    }
}
