namespace Graph.Synthetic.Internal;

/// <summary>Everything about one policyholder the files need, recomputed on demand from the seed.</summary>
internal sealed class HolderFacts
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required int Surname { get; init; }
    public required string Name { get; init; }
    public required int City { get; init; }
    public required string IdNumber { get; init; }
    public required string IdNumberAsWritten { get; init; }
    /// <summary>Normalized registered phone.</summary>
    public required string Phone { get; init; }
    /// <summary>Canonical registered address.</summary>
    public required string Address { get; init; }
    public required DateTime CreatedAt { get; init; }
    /// <summary>The holder's own bank account (digits), used for honest payouts.</summary>
    public required string Account { get; init; }
    public required int Bank { get; init; }
    public required int Agent { get; init; }
    public required int Age { get; init; }
}

/// <summary>Registration details imposed on a holder by a planted group (family, corporate, honest agent).</summary>
internal sealed class HolderOverride
{
    public int? Surname { get; init; }
    public int? City { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public int? Agent { get; init; }
    public DateTime? CreatedAt { get; init; }
}

internal sealed class AgentFacts
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Phone { get; init; }
    public required string IdNumber { get; init; }
    public required int City { get; init; }
    public required string Org { get; init; }
    public required DateTime HiredAt { get; init; }
    public DateTime? TerminatedAt { get; set; }
}

internal sealed class PolicyFacts
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required int Holder { get; init; }
    public required int Agent { get; init; }
    public required int Product { get; init; }
    public required long PremiumCents { get; init; }
    public required DateTime IssuedAt { get; init; }
    public required bool Lapsed { get; init; }
}

/// <summary>
/// The insurer's book: holders, agents and policies. Holder and policy facts are pure functions of
/// (seed, index) plus a small override table, so a million holders stream to disk without being kept.
/// </summary>
internal sealed class Population
{
    public static readonly DateTime RegistrationStart = new(2015, 1, 1);
    public static readonly DateTime RegistrationEnd = new(2024, 6, 30);
    public static readonly DateTime AsOf = new(2025, 1, 1);

    private const int StreamHolder = 1, StreamHolderCity = 2, StreamPolicyCount = 3, StreamPolicy = 4, StreamAgent = 5, StreamAgentPick = 6;

    private readonly int _seed;
    private readonly Geography _geography;
    private readonly int[] _policyStart;
    private readonly List<int>[] _agentsByCity;
    private readonly Dictionary<int, HolderOverride> _overrides = [];
    private readonly List<(int Holder, DateTime CreatedAt)> _lateHolders = [];
    private readonly List<int> _lateHolderPolicyStart = [];

    public Population(int seed, int holders, Geography geography)
    {
        _seed = seed;
        _geography = geography;
        Holders = holders;
        _policyStart = new int[holders + 1];
        for (int i = 0; i < holders; i++) _policyStart[i + 1] = _policyStart[i] + PolicyCount(i);
        int agentCount = Math.Max(geography.CityCount + 6, holders / 200);
        Agents = new AgentFacts[agentCount];
        _agentsByCity = new List<int>[geography.CityCount];
        for (int c = 0; c < _agentsByCity.Length; c++) _agentsByCity[c] = [];
        for (int j = 0; j < agentCount; j++)
        {
            Agents[j] = MakeAgent(j);
            _agentsByCity[Agents[j].City].Add(j);
        }
    }

    /// <summary>Holders of the base book; holders added by increments have indices from here on.</summary>
    public int Holders { get; }

    public int TotalHolders => Holders + _lateHolders.Count;

    public int BasePolicies => _policyStart[Holders];

    public int TotalPolicies => _lateHolderPolicyStart.Count == 0 ? BasePolicies : _lateHolderPolicyStart[^1];

    public AgentFacts[] Agents { get; }

    public Geography Geography => _geography;

    public IReadOnlyList<int> AgentsInCity(int city) => _agentsByCity[city];

    public void Override(int holder, HolderOverride o) => _overrides[holder] = o;

    public bool HasOverride(int holder) => _overrides.ContainsKey(holder);

    /// <summary>Adds a holder registered after the base period (an increment); returns its index.</summary>
    public int AddLateHolder(DateTime createdAt)
    {
        int index = Holders + _lateHolders.Count;
        if (_lateHolderPolicyStart.Count == 0) _lateHolderPolicyStart.Add(BasePolicies);
        _lateHolders.Add((index, createdAt));
        _lateHolderPolicyStart.Add(_lateHolderPolicyStart[^1] + PolicyCount(index));
        return index;
    }

    public static string HolderId(int index) => "H" + (index + 1).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static string PolicyId(int index) => "P" + (index + 1).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

    public static string AgentId(int index) => "A" + (index + 1).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private int PolicyCount(int holder)
    {
        ulong h = Rng.Mix((ulong)(uint)_seed, StreamPolicyCount, (ulong)holder) % 100;
        return h < 75 ? 1 : h < 95 ? 2 : 3;
    }

    public int FirstPolicy(int holder) => holder < Holders ? _policyStart[holder] : _lateHolderPolicyStart[holder - Holders];

    public int PolicyCountOf(int holder) => holder < Holders
        ? _policyStart[holder + 1] - _policyStart[holder]
        : _lateHolderPolicyStart[holder - Holders + 1] - _lateHolderPolicyStart[holder - Holders];

    /// <summary>City of residence, cheap: used when scanning all holders (e.g. for an agent's clients).</summary>
    public int CityOf(int holder) =>
        _overrides.TryGetValue(holder, out var o) && o.City is int c ? c : _geography.City(Rng.For(_seed, StreamHolderCity, holder));

    public DateTime CreatedAtOf(int holder)
    {
        if (_overrides.TryGetValue(holder, out var o) && o.CreatedAt is DateTime t) return t;
        if (holder >= Holders) return _lateHolders[holder - Holders].CreatedAt;
        // Ids follow registration order, with some jitter: batches are keyed in late, branches catch up.
        var r = Rng.For(_seed, StreamHolderCity, holder + 0x40000000L);
        double span = (RegistrationEnd - RegistrationStart).TotalDays;
        double day = span * holder / Math.Max(1, Holders) + r.Next(-20, 20);
        day = Math.Clamp(day, 0, span);
        return Fake.At(RegistrationStart.AddDays(Math.Floor(day)), r);
    }

    /// <summary>The agent who sold the holder's first policy: one of the city's agents, active at the time.</summary>
    public int PrimaryAgentOf(int holder)
    {
        if (_overrides.TryGetValue(holder, out var o) && o.Agent is int a) return a;
        var list = _agentsByCity[CityOf(holder)];
        var created = CreatedAtOf(holder);
        int start = (int)(Rng.Mix((ulong)(uint)_seed, StreamAgentPick, (ulong)holder) % (ulong)list.Count);
        for (int k = 0; k < list.Count; k++)
        {
            var agent = Agents[list[(start + k) % list.Count]];
            if (agent.HiredAt <= created && (agent.TerminatedAt is null || agent.TerminatedAt > created.AddDays(60))) return agent.Index;
        }
        return list[start];
    }

    public HolderFacts Holder(int i)
    {
        var r = Rng.For(_seed, StreamHolder, i);
        _overrides.TryGetValue(i, out var o);
        int city = CityOf(i);
        int surname = o?.Surname ?? _geography.Surname(r);
        bool male = r.Chance(0.5);
        int age = Math.Clamp(26 + (int)Math.Abs(r.Gaussian() * 14) + r.Next(0, 10), 20, 85);
        var created = CreatedAtOf(i);
        var birth = created.Date.AddYears(-age).AddDays(-r.Next(0, 365));
        string idNumber = Fake.IdNumber18(r, ChineseData.Cities[city], birth, male);
        string written = Fake.FormatIdNumber(idNumber, r, allowLegacy: birth.Year < 1980);
        if (r.Chance(0.003)) written = written[..^1] + (written[^1] == '0' ? '1' : '0'); // a typo: fails the check digit
        string name = Fake.Name(r, surname, male);
        string phone = r.Chance(0.06) ? Fake.Landline(r, ChineseData.Cities[city]) : Fake.Mobile(r);
        string address = Fake.HomeAddress(r, ChineseData.Cities[city]);
        string account = Fake.BankAccount(r, out int bank, luhnValid: !r.Chance(0.02));
        return new HolderFacts
        {
            Index = i,
            Id = HolderId(i),
            Surname = surname,
            Name = name,
            City = city,
            IdNumber = idNumber,
            IdNumberAsWritten = written,
            Phone = o?.Phone ?? phone,
            Address = o?.Address ?? address,
            CreatedAt = created,
            Account = account,
            Bank = bank,
            Agent = PrimaryAgentOf(i),
            Age = age,
        };
    }

    public PolicyFacts Policy(int holder, int k, HolderFacts? facts = null)
    {
        int index = FirstPolicy(holder) + k;
        var r = Rng.For(_seed, StreamPolicy, index);
        var created = facts?.CreatedAt ?? CreatedAtOf(holder);
        int primary = facts?.Agent ?? PrimaryAgentOf(holder);
        int agent = primary;
        if (k > 0 && r.Chance(0.15))
        {
            var list = _agentsByCity[Agents[primary].City];
            agent = list[r.Next(list.Count)];
        }
        DateTime issued = k == 0
            ? created.AddDays(r.Next(0, 30)).AddMinutes(r.Next(-300, 300))
            : created.AddDays(r.Next(30, Math.Max(31, (int)(AsOf.AddDays(-60) - created).TotalDays)));
        if (holder >= Holders) issued = created.AddDays(r.Next(0, 3));
        if (Agents[agent].TerminatedAt is DateTime term && issued > term) agent = primary;
        int product = r.PickWeighted(ChineseData.ProductCumulative);
        long premium = (long)(Math.Exp(8.3 + r.Gaussian() * 0.8)) * 100;
        if (r.Chance(0.3)) premium += r.Next(100);
        premium = Math.Clamp(premium, 30000, 50_000_000);
        return new PolicyFacts
        {
            Index = index,
            Id = PolicyId(index),
            Holder = holder,
            Agent = agent,
            Product = product,
            PremiumCents = premium,
            IssuedAt = issued,
            Lapsed = r.Chance(0.04),
        };
    }

    private AgentFacts MakeAgent(int j)
    {
        var r = Rng.For(_seed, StreamAgent, j);
        int cities = _geography.CityCount;
        int city = j < cities ? j : _geography.City(r);
        bool male = r.Chance(0.5);
        int surname = _geography.Surname(r);
        var hired = new DateTime(2008, 1, 1).AddDays(r.Next(0, 365 * 7));
        var birth = hired.AddYears(-r.Next(22, 45)).AddDays(-r.Next(365));
        // One agent past the per-city ones is always terminated, so even a small book has former clients to recruit.
        DateTime? terminated = j >= cities && (r.Chance(0.09) || j == cities + 1)
            ? new DateTime(2019, 1, 1).AddDays(r.Next(0, 365 * 5))
            : null;
        return new AgentFacts
        {
            Index = j,
            Id = AgentId(j),
            Name = Fake.Name(r, surname, male),
            Phone = Fake.Mobile(r),
            IdNumber = Fake.IdNumber18(r, ChineseData.Cities[city], birth, male),
            City = city,
            Org = $"{ChineseData.InsurerName}{ChineseData.Cities[city].Name}分公司第{r.Next(1, 9)}营业部",
            HiredAt = hired,
            TerminatedAt = terminated,
        };
    }

    /// <summary>Amount paid out when a policy is surrendered on <paramref name="at"/>: premiums paid times a cash-value ratio.</summary>
    public static long SurrenderValueCents(PolicyFacts p, DateTime at, Rng r)
    {
        double years = Math.Max(1, Math.Ceiling((at - p.IssuedAt).TotalDays / 365.25));
        double ratio = Math.Min(0.95, 0.35 + 0.06 * years) * (0.85 + r.NextDouble() * 0.2);
        return (long)(p.PremiumCents * years * ratio);
    }
}
