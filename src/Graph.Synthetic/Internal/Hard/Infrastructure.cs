namespace Graph.Synthetic.Internal;

/// <summary>The kinds of shared infrastructure honest holders pass through, each a decoy kind of its own.</summary>
internal enum InfrastructureKind { BranchTerminal, BranchWifi, CarrierNat, AgentDevice }

/// <summary>
/// What the insurer's honest holders share without knowing each other: each branch's counter terminal and Wi-Fi,
/// the carriers' NAT addresses of a province, agents' own tablets. Every use by an honest holder is recorded so
/// that each item becomes a decoy group listing the holders a flag on it would wrongly accuse.
/// </summary>
internal sealed class Infrastructure
{
    private const int StreamBranches = 310, StreamBranchOf = 311, StreamNat = 312, StreamTablet = 313;

    /// <summary>Fewer honest users than this and an item cannot pass for a ring; it is not listed as a decoy.</summary>
    public const int MinimumUsers = 5;

    private readonly int _seed;
    private readonly int[] _firstBranch;      // per city: index of its first branch; branches of city c are [first[c], first[c+1])
    private readonly string[] _terminals;
    private readonly string[] _wifi;
    private readonly List<string> _nat = [];   // every province's carrier NAT addresses, province by province
    private readonly Dictionary<string, (int First, int Count)> _natOfProvince = new(StringComparer.Ordinal);
    private readonly string?[] _tablets;      // per agent: the tablet, or null
    private readonly Dictionary<(InfrastructureKind, int), List<(int Holder, int Increment)>> _users = [];

    public Infrastructure(int seed, Population pop, HardParameters p)
    {
        _seed = seed;
        var geography = pop.Geography;
        var r = Rng.For(seed, StreamBranches);
        double totalWeight = 0;
        for (int c = 0; c < geography.CityCount; c++) totalWeight += ChineseData.Cities[c].Weight;
        _firstBranch = new int[geography.CityCount + 1];
        for (int c = 0; c < geography.CityCount; c++)
        {
            double cityHolders = pop.Holders * ChineseData.Cities[c].Weight / totalWeight;
            _firstBranch[c + 1] = _firstBranch[c] + Math.Clamp((int)Math.Round(cityHolders / p.HoldersPerBranch), 1, 12);
        }
        int branches = _firstBranch[^1];
        _terminals = new string[branches];
        _wifi = new string[branches];
        for (int b = 0; b < branches; b++)
        {
            _terminals[b] = Fake.Device(r);
            _wifi[b] = Fake.Ip(r);
        }
        var provinces = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < geography.CityCount; c++)
        {
            var province = ChineseData.Cities[c].Province;
            if (province.Length > 0) provinces[province] = provinces.GetValueOrDefault(province) + 1;
        }
        var nr = Rng.For(seed, StreamNat);
        foreach (var (province, cities) in provinces)
        {
            if (cities < 2) continue; // a carrier NAT spans the cities of a province
            int count = nr.Next(1, 5);
            _natOfProvince[province] = (_nat.Count, count);
            for (int i = 0; i < count; i++) _nat.Add(Fake.Ip(nr));
        }
        _tablets = new string?[pop.Agents.Length];
        for (int a = 0; a < _tablets.Length; a++)
        {
            var tr = Rng.For(seed, StreamTablet, a);
            if (tr.Chance(p.AgentTabletShare)) _tablets[a] = Fake.Device(tr);
        }
    }

    /// <summary>The branch a holder of <paramref name="city"/> goes to: fixed per holder.</summary>
    public int BranchOf(int holder, int city)
    {
        int count = _firstBranch[city + 1] - _firstBranch[city];
        return _firstBranch[city] + (int)(Rng.Mix((ulong)(uint)_seed, StreamBranchOf, (ulong)holder) % (ulong)count);
    }

    public string Terminal(int branch) => _terminals[branch];

    public string Wifi(int branch) => _wifi[branch];

    /// <summary>One of the province's carrier NAT addresses, or null where the city's province has none.</summary>
    public string? Nat(int city, Rng r, out int item)
    {
        item = -1;
        if (!_natOfProvince.TryGetValue(ChineseData.Cities[city].Province, out var range)) return null;
        item = range.First + r.Next(range.Count);
        return _nat[item];
    }

    public string? Tablet(int agent) => _tablets[agent];

    /// <summary>Notes that an honest holder's row went through an item.</summary>
    public void Use(InfrastructureKind kind, int item, int holder, int increment)
    {
        if (!_users.TryGetValue((kind, item), out var list)) _users[(kind, item)] = list = [];
        list.Add((holder, increment));
    }

    /// <summary>
    /// Every item with at least <see cref="MinimumUsers"/> honest users, as (kind, item, controller type, value,
    /// users), in a fixed order: kind, then item.
    /// </summary>
    public IEnumerable<(InfrastructureKind Kind, string ControllerType, string Value, List<(int Holder, int Increment)> Users)> Decoys()
    {
        foreach (var ((kind, item), users) in _users.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2))
        {
            if (users.Select(u => u.Holder).Distinct().Take(MinimumUsers).Count() < MinimumUsers) continue;
            yield return kind switch
            {
                InfrastructureKind.BranchTerminal => (kind, "device", _terminals[item], users),
                InfrastructureKind.BranchWifi => (kind, "ip", _wifi[item], users),
                InfrastructureKind.CarrierNat => (kind, "ip", _nat[item], users),
                _ => (kind, "device", _tablets[item]!, users),
            };
        }
    }

    public static string KindName(InfrastructureKind kind) => kind switch
    {
        InfrastructureKind.BranchTerminal => "branch_terminal",
        InfrastructureKind.BranchWifi => "branch_wifi",
        InfrastructureKind.CarrierNat => "carrier_nat",
        _ => "agent_device",
    };
}
