namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// What one reason found on a ring: a sentence for the analyst, what was observed and what this insurer's base
/// rates lead one to expect (in the same unit), and <paramref name="Decades"/> = −log10 of the chance of seeing at
/// least that much when the expectation is right. The records are what an analyst (or a court) can check.
/// </summary>
internal sealed record ReasonFinding(string Description, double Observed, double Expected, double Decades, IEnumerable<string> Records);

/// <summary>
/// A ring is strangers under one control (<see cref="Control"/>) who act for money (<see cref="Harm"/>): the flag
/// rule asks for evidence of both.
/// </summary>
internal enum ReasonFamily { Control, Harm, Both, Against }

/// <summary>
/// One reason a candidate ring may be a ring (or, with a negative weight, may not be): measures one thing on the
/// ring against the insurer's base rates. Adding or removing a reason is one class and one line in
/// <see cref="RingScorer"/>. The one reason that weighs what the others found (<see cref="GradualMembership"/>, which
/// takes back weak harm) is measured after them, in <c>RingScorer.Build</c>.
/// </summary>
internal interface IRingReason
{
    ReasonCode Code { get; }

    /// <summary>What the reason speaks to: someone controlling strangers, the harm done, both, or against a ring.</summary>
    ReasonFamily Family { get; }

    /// <summary>The finding, or null when the ring shows nothing of this kind.</summary>
    ReasonFinding? Measure(RingFacts ring);
}
