namespace Graph.Synthetic.Internal;

/// <summary>Ring kinds of the hard profile, in the order of <see cref="HardParameters.RingKinds"/>.</summary>
internal enum HardRingKind
{
    PhoneTakeover, RotatingPhones, Representative, TemplatedComplaints, TerminatedAgent, SmallRing, SlowRing, TemplateReuse, SharedRepresentative,
}

/// <summary>
/// The one value every victim of a ring carries on at least one of their rows (its callback phone, the phone or tablet
/// its members work from, its representative, or its collection account). Real groups leave such a trace; it also
/// keeps the truth honest: a planted ring is never two groups with nothing in common in the data.
/// </summary>
internal enum RingAnchor { Phone, Device, Representative, Account }

/// <summary>One planted ring of the hard profile: its values, the share of victims each signal reaches, and its timing.</summary>
internal sealed class HardRing
{
    public required HardRingKind Kind { get; init; }
    public required TruthGroup Group { get; init; }
    public required Rng Rng { get; init; }
    public required int Size { get; init; }
    public required int City { get; init; }
    /// <summary>Victims recruited in the ring's own city; the rest come from anywhere.</summary>
    public double LocalShare { get; set; }
    public RingAnchor Anchor { get; set; }

    public List<string> Phones { get; } = [];
    public bool Rotating { get; set; }
    public int RotatingLeft { get; set; }
    public string? RotatingPhone { get; set; }
    public List<(string Account, int Bank)> Accounts { get; } = [];
    public string? Office { get; set; }
    public List<Flat> Flats { get; } = [];
    public List<string> Devices { get; } = [];
    public List<string> Ips { get; } = [];
    public List<RepresentativePerson> Representatives { get; } = [];
    /// <summary>A representative another ring uses too (<see cref="HardRingKind.SharedRepresentative"/>).</summary>
    public RepresentativePerson? SharedRepresentative { get; set; }
    public double SharedRepresentativeShare { get; set; }
    public string? Template { get; set; }

    public double PhoneShare { get; set; }
    public double AddressShare { get; set; }
    public double AccountChangeShare { get; set; }
    public double PayoutShare { get; set; }
    public double DeviceShare { get; set; }
    public double IpShare { get; set; }
    public double RepresentativeShare { get; set; }
    public double ComplaintShare { get; set; }
    /// <summary>Surrenders the ring walks the victim through at a branch counter (the branch's terminal, not the ring's phone).</summary>
    public double CounterShare { get; set; }
    public double SurrenderShare { get; set; }

    public DateTime Start { get; set; }
    public int RecruitDays { get; set; }
    /// <summary>Median days from a victim's takeover to their surrender; each victim's gap varies around it.</summary>
    public double GapMedianDays { get; set; }

    public int Agent { get; set; } = -1;
    public List<int>? AgentClients { get; set; }
}
