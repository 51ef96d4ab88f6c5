using System.Globalization;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// <c>TERMINATED_AGENT</c>: many victims were first sold their policy by one agent who has since been terminated
/// (a leaked client list). Against that agent's share of the whole book: the binomial tail of k of n victims,
/// times the number of terminated agents among the victims (the one with most victims is reported).
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
        var perAgent = new Dictionary<int, int>();
        foreach (int h in ring.Victims)
        {
            int a = ring.Baseline.PrimaryAgent[h];
            if (a >= 0 && ring.Snapshot.Agents[a].Status == AgentStatus.Terminated) perAgent[a] = perAgent.GetValueOrDefault(a) + 1;
        }
        if (perAgent.Count == 0) return null;
        var (agent, k) = perAgent.OrderByDescending(kv => kv.Value).ThenBy(kv => ring.Snapshot.Agents[kv.Key].Id, StringComparer.Ordinal).First();
        int n = ring.Victims.Length;
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
            $"{k} of {n} victims are former clients of terminated agent {ring.Snapshot.Agents[agent].Id}, who sold to {share * 100:0.###}% of the book");
        return new ReasonFinding(what, k, n * share, decades, policies);
    }
}
