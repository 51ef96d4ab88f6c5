namespace Graph.Synthetic.Internal;

/// <summary>
/// The hard profile's insurer, drawn once per seed over wide ranges so that no two seeds share base rates, channel
/// mix, look-alike sizes or ring habits: a detector tuned on some seeds meets a different insurer on the others.
/// Rates are per holder over the two-year base period; shares are probabilities per row or per member.
/// </summary>
internal sealed class HardParameters
{
    private const int StreamParameters = 300;

    public HardParameters(int seed)
    {
        var r = Rng.For(seed, StreamParameters);
        ChangesPerHolder = LogUniform(r, 0.03, 0.18);
        SurrendersPerHolder = LogUniform(r, 0.02, 0.12);
        ComplaintsPerHolder = LogUniform(r, 0.004, 0.03);
        ChangeFields = Rng.Cumulative([Uniform(r, 30, 60), Uniform(r, 10, 30), Uniform(r, 15, 35), Uniform(r, 3, 15)]);
        ChangeChannels = Rng.Cumulative([Uniform(r, 10, 50), Uniform(r, 15, 45), Uniform(r, 5, 20), Uniform(r, 5, 25), Uniform(r, 3, 10), Uniform(r, 0, 15)]);
        SurrenderChannels = Rng.Cumulative([Uniform(r, 15, 55), Uniform(r, 15, 40), Uniform(r, 5, 20), Uniform(r, 5, 25), Uniform(r, 2, 8)]);
        TerminalLogged = Uniform(r, 0.6, 1.0);
        CounterIpLogged = Uniform(r, 0.3, 1.0);
        HallShare = Uniform(r, 0.03, 0.2);
        NatShare = Uniform(r, 0.1, 0.5);
        HoldersPerBranch = (int)LogUniform(r, 4_000, 40_000);
        AgentTabletShare = Uniform(r, 0.3, 0.9);
        OwnChangeBeforeSurrender = Uniform(r, 0.05, 0.3);
        SurrenderSeasonPeak = Uniform(r, 1.0, 2.5);
        FamiliesPerThousand = Uniform(r, 1, 5);
        FamilyOneAccount = Uniform(r, 0.2, 0.6);
        FamilyRelativeRepresentative = Uniform(r, 0.2, 0.6);
        EmployersPerHundredThousand = Uniform(r, 3, 12);
        EmployerSurrenders = Uniform(r, 0.4, 0.9);
        EmployerClerkRepresentative = Uniform(r, 0.3, 0.9);
        HonestAgentsPerHundredThousand = Uniform(r, 4, 15);
        HonestAgentOwnPhone = Uniform(r, 0.3, 0.9);
        WaveShare = LogUniform(r, 0.003, 0.012);
        RateCut = new DateTime(2023, 6, 1).AddDays(r.Next(0, 460));
        RingsPerTenThousand = Uniform(r, 1.5, 4);
        RingSizeMedian = Uniform(r, 10, 35);
        RingSizeSigma = Uniform(r, 0.4, 0.9);
        BigRingChance = Uniform(r, 0.005, 0.03);
        RingKinds = Rng.Cumulative([Uniform(r, 5, 25), Uniform(r, 2, 12), Uniform(r, 5, 20), Uniform(r, 3, 15), Uniform(r, 2, 10),
            Uniform(r, 10, 30), Uniform(r, 3, 12), Uniform(r, 2, 8), Uniform(r, 2, 8)]);
    }

    public double ChangesPerHolder { get; }
    public double SurrendersPerHolder { get; }
    public double ComplaintsPerHolder { get; }
    /// <summary>Cumulative weights of phone, address, bank_account, email.</summary>
    public double[] ChangeFields { get; }
    /// <summary>Cumulative weights of <see cref="HardChannels.Change"/>.</summary>
    public double[] ChangeChannels { get; }
    /// <summary>Cumulative weights of <see cref="HardChannels.Surrender"/>.</summary>
    public double[] SurrenderChannels { get; }
    /// <summary>Counter rows that carry the branch terminal's device id.</summary>
    public double TerminalLogged { get; }
    /// <summary>Counter rows that carry the branch's IP address.</summary>
    public double CounterIpLogged { get; }
    /// <summary>App and web rows made on a branch's Wi-Fi, a clerk helping.</summary>
    public double HallShare { get; }
    /// <summary>App and web rows that come through the province's carrier NAT (mobile data).</summary>
    public double NatShare { get; }
    public int HoldersPerBranch { get; }
    /// <summary>Agents who key their clients' requests on their own tablet.</summary>
    public double AgentTabletShare { get; }
    /// <summary>Honest surrenders preceded by the holder's own contact change (a new card for the payout, a new phone).</summary>
    public double OwnChangeBeforeSurrender { get; }
    /// <summary>How much likelier a surrender is in January and February (cash before the Spring Festival).</summary>
    public double SurrenderSeasonPeak { get; }
    public double FamiliesPerThousand { get; }
    public double FamilyOneAccount { get; }
    public double FamilyRelativeRepresentative { get; }
    public double EmployersPerHundredThousand { get; }
    public double EmployerSurrenders { get; }
    public double EmployerClerkRepresentative { get; }
    public double HonestAgentsPerHundredThousand { get; }
    public double HonestAgentOwnPhone { get; }
    /// <summary>Share of holders who leave in the surrender wave after the rate cut.</summary>
    public double WaveShare { get; }
    public DateTime RateCut { get; }
    public double RingsPerTenThousand { get; }
    public double RingSizeMedian { get; }
    public double RingSizeSigma { get; }
    public double BigRingChance { get; }
    /// <summary>Cumulative weights of the ring kinds drawn after each kind has been planted once (<see cref="HardRingKind"/> order).</summary>
    public double[] RingKinds { get; }

    /// <summary>The drawn values by name, for the truth file: a reader can see what insurer a seed made.</summary>
    public SortedDictionary<string, double> Describe() => new(StringComparer.Ordinal)
    {
        ["changes_per_holder"] = Round(ChangesPerHolder),
        ["surrenders_per_holder"] = Round(SurrendersPerHolder),
        ["complaints_per_holder"] = Round(ComplaintsPerHolder),
        ["counter_terminal_logged"] = Round(TerminalLogged),
        ["counter_ip_logged"] = Round(CounterIpLogged),
        ["branch_wifi_share"] = Round(HallShare),
        ["carrier_nat_share"] = Round(NatShare),
        ["holders_per_branch"] = HoldersPerBranch,
        ["agent_tablet_share"] = Round(AgentTabletShare),
        ["own_change_before_surrender"] = Round(OwnChangeBeforeSurrender),
        ["surrender_season_peak"] = Round(SurrenderSeasonPeak),
        ["families_per_thousand"] = Round(FamiliesPerThousand),
        ["employers_per_100k"] = Round(EmployersPerHundredThousand),
        ["honest_agents_per_100k"] = Round(HonestAgentsPerHundredThousand),
        ["honest_agent_own_phone"] = Round(HonestAgentOwnPhone),
        ["wave_share"] = Round(WaveShare),
        ["rings_per_10k"] = Round(RingsPerTenThousand),
        ["ring_size_median"] = Round(RingSizeMedian),
        ["ring_size_sigma"] = Round(RingSizeSigma),
        ["big_ring_chance"] = Round(BigRingChance),
    };

    private static double Round(double x) => Math.Round(x, 4);

    private static double Uniform(Rng r, double lo, double hi) => lo + r.NextDouble() * (hi - lo);

    private static double LogUniform(Rng r, double lo, double hi) => Math.Exp(Uniform(r, Math.Log(lo), Math.Log(hi)));
}

/// <summary>Channel names of the hard profile's rows, in the order of <see cref="HardParameters"/>' weights.</summary>
internal static class HardChannels
{
    public static readonly string[] Change = ["counter", "app", "online", "agent", "hotline", "wechat"];
    public static readonly string[] Surrender = ["counter", "app", "online", "agent", "mail"];

    public static bool IsRemote(string channel) => channel is "app" or "online" or "wechat";
}
