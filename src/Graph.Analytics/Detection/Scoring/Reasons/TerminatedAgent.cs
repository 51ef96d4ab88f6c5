using System.Globalization;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>TERMINATED_AGENT</c>: many victims' households were first sold their policy by one agent who has since been
/// terminated (a leaked client list). Against that agent's share of the whole book: the binomial tail of k of n
/// households, times the number of terminated agents among the victims (the one with most households is reported).
/// Households, not victims: colleagues one agent sold an employer's group policies to on one day are one household
/// (<see cref="Baseline"/>), one sale, not twelve draws from the book.
/// </summary>
internal sealed class TerminatedAgent : IRingReason
{
    public ReasonCode Code => ReasonCode.TerminatedAgent;

    public ReasonFamily Family => ReasonFamily.Harm;

    /// <summary>Set by <see cref="Measure"/>: the agent named, for the ring's member list.</summary>
    public int Agent { get; private set; } = -1;

    public ReasonFinding? Measure(RingFacts ring)
    {
        Agent = -1;
        var perAgent = new Dictionary<int, HashSet<int>>();
        for (int v = 0; v < ring.Victims.Length; v++)
        {
            int a = ring.Baseline.PrimaryAgent[ring.Victims[v]];
            if (a < 0 || ring.Snapshot.Agents[a].Status != AgentStatus.Terminated) continue;
            if (!perAgent.TryGetValue(a, out var households)) perAgent[a] = households = [];
            households.Add(ring.VictimHousehold[v]);
        }
        if (perAgent.Count == 0) return null;
        var (agent, clients) = perAgent.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => ring.Snapshot.Agents[kv.Key].Id, StringComparer.Ordinal).First();
        int k = clients.Count, n = ring.Households;
        double share = ring.Baseline.AgentShare(agent);
        double decades = -Chance.BinomialTailLog10(n, k, share) - Math.Log10(perAgent.Count);
        if (k < 2 || decades <= 0) return null;
        Agent = agent;
        var policies = new List<string>();
        var snapshotPolicies = ring.Snapshot.Policies;
        foreach (int h in ring.Victims)
            for (int p = ring.Index.PolicyOffsets[h]; p < ring.Index.PolicyOffsets[h + 1]; p++)
            {
                int pi = ring.Index.PolicyOrder[p];
                if (ring.Index.PolicyAgent[pi] == agent) policies.Add(snapshotPolicies[pi].Id);
            }
        string what = string.Create(CultureInfo.InvariantCulture,
            $"{k} of {n} households are former clients of terminated agent {ring.Snapshot.Agents[agent].Id}, who sold to {share * 100:0.###}% of the book");
        return new ReasonFinding(what, k, n * share, decades, policies);
    }
}
