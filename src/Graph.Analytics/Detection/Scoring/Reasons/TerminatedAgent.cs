using System.Globalization;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>TERMINATED_AGENT</c>: many victims' households were first sold their policy by one agent who has since been
/// terminated (a leaked client list). Against that agent's share of the book in the households' own cities
/// (<see cref="Baseline.TerminatedAgentShareIn"/>; an agent sells where he lives): the binomial tail of k of n
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
        var (agent, k, n, share, decades) = Strongest(ring.Victims, v => ring.VictimHousehold[v], ring.Baseline, ring.Snapshot);
        if (agent < 0) return null;
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
            $"{k} of {n} households are former clients of terminated agent {ring.Snapshot.Agents[agent].Id}, who sold to {share * 100:0.###}% of the book where they live");
        return new ReasonFinding(what, k, n * share, decades, policies);
    }

    /// <summary>
    /// The terminated agent the most of <paramref name="victims"/>' households were first sold to by (k of n; ties by
    /// id), the agent's share of the book where they live, and how unlikely that many are at the share (binomial tail, times the
    /// number of terminated agents among them); agent −1 when fewer than two households or no excess.
    /// </summary>
    /// <param name="householdOf">The household of the victim at each position of <paramref name="victims"/>.</param>
    public static (int Agent, int Clients, int Households, double Share, double Decades) Strongest(IReadOnlyList<int> victims, Func<int, int> householdOf,
        Baseline baseline, GraphSnapshot snapshot)
    {
        var perAgent = new Dictionary<int, HashSet<int>>();
        var cityOf = new Dictionary<int, int>(); // household → city of its first victim
        for (int v = 0; v < victims.Count; v++)
        {
            cityOf.TryAdd(householdOf(v), baseline.Index.HolderCity[victims[v]]);
            int a = baseline.PrimaryAgent[victims[v]];
            if (a < 0 || snapshot.Agents[a].Status != AgentStatus.Terminated) continue;
            if (!perAgent.TryGetValue(a, out var clients)) perAgent[a] = clients = [];
            clients.Add(householdOf(v));
        }
        if (perAgent.Count == 0) return (-1, 0, cityOf.Count, 0, 0);
        var (agent, of) = perAgent.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => snapshot.Agents[kv.Key].Id, StringComparer.Ordinal).First();
        int k = of.Count, n = cityOf.Count;
        // The agent's share where each household lives, averaged over the households.
        double share = cityOf.Values.Sum(city => baseline.TerminatedAgentShareIn(agent, city)) / n;
        double decades = -Chance.BinomialTailLog10(n, k, share) - Math.Log10(perAgent.Count);
        return k < 2 || decades <= 0 ? (-1, k, n, share, 0) : (agent, k, n, share, decades);
    }
}
