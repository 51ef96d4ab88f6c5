using Graph.Core;

namespace Graph.Synthetic.Internal;

internal enum RingKind { PhoneTakeover, RotatingPhones, Representative, TemplatedComplaints, TerminatedAgent, SlowRing }

/// <summary>What a holder already belongs to; rings and decoys never share holders.</summary>
internal enum HolderRole : byte { Free = 0, Ring, Family, Corporate, HonestAgentClient, MassSurrender, HotlineUser }

internal sealed record RepresentativePerson(string Name, string IdNumber, string Phone);

/// <summary>One planted ring: its controllers and which signals it leaves, drawn per ring so no two look alike.</summary>
internal sealed class RingPlan
{
    public required RingKind Kind { get; init; }
    public required TruthGroup Group { get; init; }
    public required Rng Rng { get; init; }
    /// <summary>How many victims the ring sets out to recruit in the folder where it starts.</summary>
    public required int Size { get; init; }
    public List<string> Phones { get; } = [];
    public bool PhoneTakeover { get; set; }
    public bool Rotating { get; set; }
    public int RotatingLeft { get; set; }
    public string? RotatingPhone { get; set; }
    public List<(string Account, int Bank)> Accounts { get; } = [];
    public double PayoutShare { get; set; }
    public bool AccountChange { get; set; }
    public string? Address { get; set; }
    public bool AddressTakeover { get; set; }
    public List<string> Devices { get; } = [];
    public List<string> Ips { get; } = [];
    public double DeviceShare { get; set; }
    public double IpShare { get; set; }
    public List<RepresentativePerson> Representatives { get; } = [];
    public double RepresentativeShare { get; set; }
    public string? Template { get; set; }
    public double ComplaintShare { get; set; }
    public int Agent { get; set; } = -1;
    public List<int>? AgentClients { get; set; }
    public DateTime Start { get; set; }
    public int DurationDays { get; set; }
    public bool Grows { get; set; }
    public int City { get; set; }
    public HashSet<int> Surnames { get; } = [];
}

/// <summary>
/// Plans every event of the synthetic insurer: honest background, decoys that look suspicious but are not,
/// and agent-refund rings of several kinds. Rows are produced in memory (events are a few percent of holders)
/// and written later, sorted by time.
/// </summary>
internal sealed class Scenario
{
    private const int StreamPlan = 100, StreamOwnDevice = 101, StreamOwnIp = 102, StreamRow = 103, StreamIncrement = 104, StreamRing = 105;
    private static readonly DateTime EventStart = new(2023, 1, 1);

    private readonly int _seed;
    private readonly Population _pop;
    private readonly HolderRole[] _roles;
    private readonly bool[] _specialAgents;
    private readonly string _centralLine;
    private readonly string[] _branchLines;
    private readonly TruthGroup _hotline;
    private readonly List<RingPlan> _rings = [];
    private int _groupCounter;
    private int _rowCounter;

    public Scenario(int seed, Population population)
    {
        _seed = seed;
        _pop = population;
        _roles = new HolderRole[population.Holders];
        _specialAgents = new bool[population.Agents.Length];
        var r = Rng.For(seed, StreamPlan, 1);
        _centralLine = Fake.Landline(r, ChineseData.Cities[1]);
        _branchLines = new string[ChineseData.Cities.Length];
        for (int c = 0; c < _branchLines.Length; c++) _branchLines[c] = Fake.Landline(r, ChineseData.Cities[c]);
        Truth = new TruthFile { Seed = seed, Holders = population.Holders };
        _hotline = NewGroup("decoy", "hotline", 0);
    }

    public TruthFile Truth { get; }

    public EventBatch Base { get; } = new();

    public int RingCount { get; private set; }

    public int DecoyCount { get; private set; }

    public bool IsSpecialAgent(int agent) => _specialAgents[agent];

    /// <summary>True when a holder's own rows may be spoiled: it belongs to no planted group.</summary>
    public bool IsBackground(int holder) => holder >= _roles.Length || _roles[holder] == HolderRole.Free;

    public void PlanBase(CancellationToken ct)
    {
        var r = Rng.For(_seed, StreamPlan, 2);
        int n = _pop.Holders;
        PlantFamilies(r, Math.Max(2, n / 300));
        ct.ThrowIfCancellationRequested();
        int corporates = Math.Max(1, n / 25_000);
        for (int i = 0; i < corporates; i++) PlantCorporate(r);
        int honestAgents = Math.Max(1, n / 40_000);
        for (int i = 0; i < honestAgents; i++) PlantHonestAgent(r);
        ct.ThrowIfCancellationRequested();
        PlantRings(r, ct);
        PlantMassSurrender(r, Math.Clamp(n / 150, 20, 600));
        ct.ThrowIfCancellationRequested();
        PlantBackground(r, Base, EventStart, Population.AsOf, n * 0.05, n * 0.05, n * 0.015, 0);
        if (_hotline.Holders.Count >= 2) DecoyCount++;
        else Truth.Groups.Remove(_hotline);
    }

    /// <summary>The next period: honest activity, some rings recruiting more victims, one new ring, a few new holders.</summary>
    public EventBatch PlanIncrement(int k, List<int> newHolders)
    {
        var batch = new EventBatch();
        var r = Rng.For(_seed, StreamIncrement, k);
        var from = Population.AsOf.AddMonths(k - 1);
        var to = Population.AsOf.AddMonths(k);
        int n = _pop.Holders;
        int late = Math.Max(3, n / 1000);
        for (int i = 0; i < late; i++)
            newHolders.Add(_pop.AddLateHolder(Fake.At(from.AddDays(r.Next((to - from).Days)), r)));
        foreach (var ring in _rings)
        {
            if (!ring.Grows || !r.Chance(0.75)) continue;
            int more = r.Next(2, 13);
            for (int v = 0; v < more; v++)
            {
                int h = PickVictim(ring);
                if (h < 0) break;
                PlantVictim(ring, h, from.AddDays(r.NextDouble() * (to - from).TotalDays * 0.6), to, batch, k);
            }
        }
        var kinds = new[] { RingKind.PhoneTakeover, RingKind.RotatingPhones, RingKind.Representative, RingKind.TemplatedComplaints };
        var fresh = NewRing(kinds[r.Next(kinds.Length)], r.Next(8, 40), r, k);
        if (fresh is not null)
        {
            fresh.Start = from.AddDays(r.Next(0, 7));
            fresh.DurationDays = 14;
            for (int v = 0; v < fresh.Size; v++)
            {
                int h = PickVictim(fresh);
                if (h < 0) break;
                PlantVictim(fresh, h, fresh.Start.AddDays(fresh.Rng.NextDouble() * fresh.DurationDays), to, batch, k);
            }
        }
        double months = 24;
        PlantBackground(r, batch, from, to, n * 0.05 / months, n * 0.05 / months, n * 0.015 / months, k);
        return batch;
    }

    // ---------------------------------------------------------------- decoys

    private TruthGroup NewGroup(string type, string kind, int increment)
    {
        var g = new TruthGroup
        {
            GroupId = "T-" + (++_groupCounter).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
            Type = type,
            Kind = kind,
            Increment = increment == 0 ? null : increment,
        };
        Truth.Groups.Add(g);
        return g;
    }

    /// <summary>A run of consecutive free holder indices (people registered together get adjacent ids).</summary>
    private int FindFreeRun(Rng r, int length)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int start = r.Next(Math.Max(1, _pop.Holders - length));
            bool ok = start + length <= _pop.Holders;
            for (int i = 0; ok && i < length; i++) ok = _roles[start + i] == HolderRole.Free;
            if (ok) return start;
        }
        return -1;
    }

    private void PlantFamilies(Rng r, int count)
    {
        for (int f = 0; f < count; f++)
        {
            int size = r.Next(100) switch { < 30 => 2, < 60 => 3, < 85 => 4, < 95 => 5, _ => 6 };
            int start = FindFreeRun(r, size);
            if (start < 0) continue;
            var head = _pop.Holder(start);
            var city = ChineseData.Cities[head.City];
            string phone = r.Chance(0.5) ? Fake.Landline(r, city) : head.Phone;
            var g = NewGroup("decoy", "family", 0);
            for (int i = 0; i < size; i++)
            {
                int h = start + i;
                _roles[h] = HolderRole.Family;
                _pop.Override(h, new HolderOverride
                {
                    Surname = head.Surname,
                    City = head.City,
                    Phone = phone,
                    Address = head.Address,
                    CreatedAt = head.CreatedAt.AddDays(r.Next(0, 4)).AddMinutes(r.Next(0, 600)),
                });
                g.AddHolder(Population.HolderId(h));
            }
            g.AddController("phone", phone);
            g.AddController("address", AddressNormalizer.Normalize(head.Address).Value);
            DecoyCount++;
        }
    }

    private int PickActiveAgent(Rng r, int city)
    {
        var list = _pop.AgentsInCity(city);
        for (int t = 0; t < 50; t++)
        {
            int a = list[r.Next(list.Count)];
            if (_pop.Agents[a].TerminatedAt is null && !_specialAgents[a]) return a;
        }
        for (int t = 0; t < 200; t++)
        {
            int a = r.Next(_pop.Agents.Length);
            if (_pop.Agents[a].TerminatedAt is null && !_specialAgents[a]) return a;
        }
        return -1;
    }

    private void PlantCorporate(Rng r)
    {
        int size = Math.Min(r.Next(20, 201), Math.Max(20, _pop.Holders / 40));
        int start = FindFreeRun(r, size);
        if (start < 0) return;
        int cityIndex = Fake.CityIndex(r);
        var city = ChineseData.Cities[cityIndex];
        int agent = PickActiveAgent(r, cityIndex);
        if (agent < 0) return;
        _specialAgents[agent] = true;
        string address = Fake.OfficeAddress(r, city);
        string phone = Fake.Landline(r, city);
        var day = _pop.CreatedAtOf(start).Date;
        var g = NewGroup("decoy", "corporate", 0);
        for (int i = 0; i < size; i++)
        {
            int h = start + i;
            _roles[h] = HolderRole.Corporate;
            _pop.Override(h, new HolderOverride { City = cityIndex, Phone = phone, Address = address, Agent = agent, CreatedAt = Fake.At(day.AddDays(r.Next(0, 3)), r) });
            g.AddHolder(Population.HolderId(h));
        }
        g.AddController("phone", phone);
        g.AddController("address", AddressNormalizer.Normalize(address).Value);
        DecoyCount++;
    }

    private void PlantHonestAgent(Rng r)
    {
        int cityIndex = Fake.CityIndex(r);
        int agent = PickActiveAgent(r, cityIndex);
        if (agent < 0) return;
        _specialAgents[agent] = true;
        int size = r.Next(20, 61);
        var g = NewGroup("decoy", "honest_agent", 0);
        var phone = _pop.Agents[agent].Phone;
        for (int i = 0; i < size; i++)
        {
            int h = -1;
            for (int t = 0; t < 50 && h < 0; t++)
            {
                int c = r.Next(_pop.Holders);
                if (_roles[c] == HolderRole.Free && _pop.CreatedAtOf(c) > _pop.Agents[agent].HiredAt) h = c;
            }
            if (h < 0) break;
            _roles[h] = HolderRole.HonestAgentClient;
            _pop.Override(h, new HolderOverride { City = _pop.Agents[agent].City, Phone = phone, Agent = agent });
            g.AddHolder(Population.HolderId(h));
        }
        g.AddController("phone", phone);
        g.AddController("agent", _pop.Agents[agent].Id);
        DecoyCount++;
    }

    private void PlantMassSurrender(Rng r, int count)
    {
        // A crediting-rate cut announced in late April: policyholders leave in the following two weeks,
        // each on their own, through whatever channel they use.
        var g = NewGroup("decoy", "mass_surrender", 0);
        var from = new DateTime(2024, 5, 6);
        const int universalLife = 2; // 金瑞人生两全保险(万能型): the product whose rate was cut
        for (int i = 0; i < count; i++)
        {
            int h = -1;
            for (int t = 0; t < 30 && h < 0; t++)
            {
                int c = PickFree(r);
                if (c >= 0 && (_pop.Policy(c, 0).Product == universalLife || t == 29)) h = c;
            }
            if (h < 0) break;
            _roles[h] = HolderRole.MassSurrender;
            var f = _pop.Holder(h);
            var rr = RowRng();
            var p = _pop.Policy(h, 0, f);
            var at = Fake.At(from.AddDays(rr.Next(0, 14)), rr);
            string channel = rr.Next(10) switch { < 5 => "counter", < 8 => "app", _ => "agent" };
            HonestSurrender(Base, f, p, at, channel, rr, allowHotline: false, maySpoil: false);
            g.AddHolder(f.Id);
        }
        DecoyCount++;
    }

    // ---------------------------------------------------------------- rings

    private void PlantRings(Rng r, CancellationToken ct)
    {
        int n = _pop.Holders;
        int count = Math.Max(6, n / 4000);
        int budget = n / 8;
        var kinds = new List<RingKind> { RingKind.PhoneTakeover, RingKind.RotatingPhones, RingKind.Representative, RingKind.TemplatedComplaints, RingKind.TerminatedAgent, RingKind.SlowRing };
        r.Shuffle(kinds);
        double[] kindWeights = Rng.Cumulative([25, 15, 20, 15, 10, 15]);
        for (int i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var kind = i < kinds.Count ? kinds[i] : (RingKind)r.PickWeighted(kindWeights);
            int size = (int)Math.Round(Math.Exp(Math.Log(22) + r.Gaussian() * 0.75));
            size = Math.Clamp(size, kind == RingKind.RotatingPhones ? 12 : 8, 150);
            if (kind == RingKind.SlowRing) size = Math.Min(size, 60);
            if (budget < 8) break;
            size = Math.Min(size, budget);
            var ring = NewRing(kind, size, r, 0);
            if (ring is null) continue;
            ring.Grows = r.Chance(0.4);
            int planted = 0;
            for (int v = 0; v < size; v++)
            {
                int h = PickVictim(ring);
                if (h < 0) break;
                var t0 = ring.Start.AddDays(ring.Rng.NextDouble() * ring.DurationDays);
                PlantVictim(ring, h, t0, Population.AsOf, Base, 0);
                planted++;
            }
            budget -= planted;
        }
    }

    private RingPlan? NewRing(RingKind kind, int size, Rng r, int increment)
    {
        var rr = Rng.For(_seed, StreamRing, ((long)increment << 20) + _rings.Count);
        int agent = -1;
        List<int>? clients = null;
        var mechanics = kind;
        if (kind == RingKind.TerminatedAgent)
        {
            (agent, clients) = FindTerminatedAgent(rr, size);
            if (agent < 0) mechanics = kind = RingKind.PhoneTakeover;
            else
            {
                _specialAgents[agent] = true;
                mechanics = rr.Chance(0.6) ? RingKind.PhoneTakeover : RingKind.Representative;
            }
        }
        else if (kind == RingKind.SlowRing)
        {
            var options = new[] { RingKind.PhoneTakeover, RingKind.Representative, RingKind.TemplatedComplaints };
            mechanics = options[rr.Next(options.Length)];
        }
        var group = NewGroup("ring", KindName(kind), increment);
        var ring = new RingPlan { Kind = kind, Group = group, Rng = rr, Size = size, Agent = agent, AgentClients = clients };
        ring.City = agent >= 0 ? _pop.Agents[agent].City : Fake.CityIndex(rr);
        var city = ChineseData.Cities[ring.City];
        int phones = rr.Next(1, 4);
        for (int i = 0; i < phones; i++) ring.Phones.Add(Fake.Mobile(rr));
        int accounts = rr.Next(2, 5);
        for (int i = 0; i < accounts; i++) ring.Accounts.Add((Fake.BankAccount(rr, out int bank), bank));
        ring.Address = Fake.OfficeAddress(rr, city);
        int devices = rr.Next(1, 4);
        for (int i = 0; i < devices; i++) ring.Devices.Add(Fake.Device(rr));
        int ips = rr.Next(1, 3);
        for (int i = 0; i < ips; i++) ring.Ips.Add(Fake.Ip(rr));
        int reps = rr.Chance(0.7) ? 1 : 2;
        for (int i = 0; i < reps; i++)
        {
            bool male = rr.Chance(0.6);
            var birth = new DateTime(1970, 1, 1).AddDays(rr.Next(0, 365 * 25));
            var name = Fake.Name(rr, Fake.Surname(rr), male);
            var idNumber = Fake.IdNumber18(rr, city, birth, male);
            var phone = Fake.Mobile(rr);
            // A group's representatives give the group's one callback number: two people, one organisation.
            ring.Representatives.Add(new RepresentativePerson(name, idNumber, i == 0 ? phone : ring.Representatives[0].Phone));
        }

        switch (mechanics)
        {
            case RingKind.PhoneTakeover:
                ring.PhoneTakeover = true;
                ring.PayoutShare = rr.Chance(0.75) ? 0.5 + rr.NextDouble() * 0.45 : 0;
                break;
            case RingKind.RotatingPhones:
                ring.PhoneTakeover = true;
                ring.Rotating = true;
                ring.Phones.Clear();
                ring.PayoutShare = 0.7 + rr.NextDouble() * 0.3;
                ring.DeviceShare = 0.5 + rr.NextDouble() * 0.4;
                ring.IpShare = 0.4 + rr.NextDouble() * 0.5;
                break;
            case RingKind.Representative:
                ring.RepresentativeShare = 0.7 + rr.NextDouble() * 0.3;
                ring.PayoutShare = rr.Chance(0.5) ? 0.3 + rr.NextDouble() * 0.6 : 0;
                ring.PhoneTakeover = rr.Chance(0.3);
                if (ring.PhoneTakeover) { ring.Phones.Clear(); ring.Phones.Add(ring.Representatives[0].Phone); }
                break;
            case RingKind.TemplatedComplaints:
                ring.ComplaintShare = 0.7 + rr.NextDouble() * 0.3;
                ring.PayoutShare = rr.Chance(0.5) ? 0.4 + rr.NextDouble() * 0.5 : 0;
                ring.AddressTakeover = rr.Chance(0.4);
                break;
        }
        // Extra signals, drawn independently: real rings leave two or three kinds of trace, not always the same.
        if (ring.DeviceShare == 0 && rr.Chance(0.4)) ring.DeviceShare = 0.3 + rr.NextDouble() * 0.6;
        if (ring.IpShare == 0 && rr.Chance(0.35)) ring.IpShare = 0.3 + rr.NextDouble() * 0.6;
        if (ring.ComplaintShare == 0 && rr.Chance(0.2)) ring.ComplaintShare = 0.3 + rr.NextDouble() * 0.5;
        if (ring.RepresentativeShare == 0 && rr.Chance(0.15)) ring.RepresentativeShare = 0.3 + rr.NextDouble() * 0.6;
        if (ring.PayoutShare > 0 && rr.Chance(0.2)) ring.AccountChange = true;
        if (!ring.AddressTakeover && rr.Chance(0.15)) ring.AddressTakeover = true;
        int signals = (ring.PhoneTakeover ? 1 : 0) + (ring.PayoutShare > 0 ? 1 : 0) + (ring.RepresentativeShare > 0 ? 1 : 0)
            + (ring.ComplaintShare > 0 ? 1 : 0) + (ring.DeviceShare > 0 || ring.IpShare > 0 ? 1 : 0);
        if (signals < 2) ring.PayoutShare = ring.PayoutShare > 0 ? ring.PayoutShare : 0.5 + rr.NextDouble() * 0.5;
        if (ring.ComplaintShare > 0) ring.Template = ComplaintTexts.RingTemplate(rr, ring.RepresentativeShare > 0);

        ring.DurationDays = kind == RingKind.SlowRing ? rr.Next(180, 541) : rr.Next(14, 85);
        var earliest = EventStart;
        if (agent >= 0) earliest = _pop.Agents[agent].TerminatedAt!.Value.AddDays(30);
        if (earliest < EventStart) earliest = EventStart;
        var latest = Population.AsOf.AddDays(-ring.DurationDays - 75);
        ring.Start = latest > earliest ? earliest.AddDays(rr.Next((int)(latest - earliest).TotalDays)) : earliest;
        if (agent >= 0) group.AddController("agent", _pop.Agents[agent].Id);
        _rings.Add(ring);
        RingCount++;
        return ring;
    }

    private static string KindName(RingKind k) => k switch
    {
        RingKind.PhoneTakeover => "phone_takeover",
        RingKind.RotatingPhones => "rotating_phones",
        RingKind.Representative => "representative",
        RingKind.TemplatedComplaints => "templated_complaints",
        RingKind.TerminatedAgent => "terminated_agent",
        _ => "slow_ring",
    };

    private Dictionary<int, List<int>>? _terminatedClients;

    /// <summary>A terminated agent with enough former clients still free to be recruited.</summary>
    private (int Agent, List<int>? Clients) FindTerminatedAgent(Rng r, int size)
    {
        if (_terminatedClients is null)
        {
            _terminatedClients = [];
            var cutoff = Population.AsOf.AddDays(-300);
            foreach (var a in _pop.Agents)
                if (a.TerminatedAt is DateTime t && t < cutoff) _terminatedClients[a.Index] = [];
            for (int h = 0; h < _pop.Holders; h++)
            {
                if (_roles[h] != HolderRole.Free) continue;
                if (_terminatedClients.TryGetValue(_pop.PrimaryAgentOf(h), out var list)) list.Add(h);
            }
        }
        var candidates = new List<int>();
        foreach (var (agent, clients) in _terminatedClients)
            if (!_specialAgents[agent] && clients.Count >= Math.Max(8, size)) candidates.Add(agent);
        if (candidates.Count == 0)
            foreach (var (agent, clients) in _terminatedClients)
                if (!_specialAgents[agent] && clients.Count >= 8) candidates.Add(agent);
        if (candidates.Count == 0) return (-1, null);
        candidates.Sort();
        int chosen = candidates[r.Next(candidates.Count)];
        return (chosen, _terminatedClients[chosen]);
    }

    private int PickFree(Rng r)
    {
        for (int t = 0; t < 100; t++)
        {
            int h = r.Next(_pop.Holders);
            if (_roles[h] == HolderRole.Free) return h;
        }
        return -1;
    }

    /// <summary>A victim for the ring, preferring a surname the ring has not recruited yet: victims are strangers.</summary>
    private int PickVictim(RingPlan ring)
    {
        var r = ring.Rng;
        for (int t = 0; t < 30; t++)
        {
            int h;
            if (ring.AgentClients is { } clients)
            {
                if (clients.Count == 0) return -1;
                int at = r.Next(clients.Count);
                h = clients[at];
                clients[at] = clients[^1];
                clients.RemoveAt(clients.Count - 1);
            }
            else h = r.Next(_pop.Holders);
            if (_roles[h] != HolderRole.Free) continue;
            var f = _pop.Holder(h);
            if (t < 20 && ring.Surnames.Contains(f.Surname))
            {
                if (ring.AgentClients is not null) ring.AgentClients.Add(h);
                continue;
            }
            ring.Surnames.Add(f.Surname);
            _roles[h] = HolderRole.Ring;
            return h;
        }
        return -1;
    }

    private Rng RowRng() => Rng.For(_seed, StreamRow, _rowCounter++);

    private string OwnDevice(int h) => Fake.Device(Rng.For(_seed, StreamOwnDevice, h));

    private string OwnIp(int h) => Fake.Ip(Rng.For(_seed, StreamOwnIp, h));

    /// <summary>
    /// One victim's path through the ring: phone (and perhaps address or account) taken over, perhaps a templated
    /// complaint, then surrender of their policies a few days to weeks later, paid where the ring says.
    /// </summary>
    private void PlantVictim(RingPlan ring, int h, DateTime t0, DateTime periodEnd, EventBatch batch, int increment)
    {
        var r = RowRng();
        var f = _pop.Holder(h);
        var g = ring.Group;
        g.AddHolder(f.Id, increment);
        var p0 = _pop.Policy(h, 0, f);
        t0 = Fake.At(t0, r);
        var last = t0;
        string? takenPhone = null;

        string? SharedDevice(Rng rr)
        {
            if (ring.DeviceShare > 0 && rr.Chance(ring.DeviceShare))
            {
                var d = ring.Devices[rr.Next(ring.Devices.Count)];
                g.AddController("device", d);
                return Fake.FormatToken(d, rr);
            }
            return rr.Chance(0.7) ? OwnDevice(h) : null;
        }
        string? SharedIp(Rng rr)
        {
            if (ring.IpShare > 0 && rr.Chance(ring.IpShare))
            {
                var ip = ring.Ips[rr.Next(ring.Ips.Count)];
                g.AddController("ip", ip);
                return ip;
            }
            return rr.Chance(0.7) ? OwnIp(h) : null;
        }

        if (ring.PhoneTakeover)
        {
            if (ring.Rotating)
            {
                if (ring.RotatingLeft <= 0 || ring.RotatingPhone is null)
                {
                    ring.RotatingPhone = Fake.Mobile(ring.Rng);
                    ring.Phones.Add(ring.RotatingPhone);
                    ring.RotatingLeft = ring.Rng.Next(2, 5);
                }
                takenPhone = ring.RotatingPhone;
                ring.RotatingLeft--;
            }
            else takenPhone = ring.Phones[r.Next(ring.Phones.Count)];
            g.AddController("phone", takenPhone);
            string channel = r.Next(10) switch { < 4 => "app", < 7 => "online", < 9 => "hotline", _ => "counter" };
            bool remote = channel is "app" or "online";
            batch.Add(batch.Changes, t0, ChangeRow(f, p0.Id, "phone", r.Chance(0.85) ? Fake.FormatPhone(f.Phone, r) : null,
                Fake.FormatPhone(takenPhone, r), t0, channel, remote ? SharedIp(r) : null, remote ? SharedDevice(r) : null, r), false);
        }
        if (ring.AddressTakeover && ring.Address is not null && r.Chance(0.8))
        {
            var at = Fake.At(t0.AddDays(r.Next(0, 4)), r);
            g.AddController("address", AddressNormalizer.Normalize(ring.Address).Value);
            batch.Add(batch.Changes, at, ChangeRow(f, p0.Id, "address", r.Chance(0.8) ? Fake.FormatAddress(f.Address, r) : null,
                Fake.FormatAddress(ring.Address, r), at, r.Chance(0.6) ? "app" : "online", SharedIp(r), SharedDevice(r), r), false);
            if (at > last) last = at;
        }
        bool payToRing = ring.PayoutShare > 0 && r.Chance(ring.PayoutShare);
        var account = ring.Accounts[r.Next(ring.Accounts.Count)];
        if (payToRing && ring.AccountChange)
        {
            var at = Fake.At(t0.AddDays(r.Next(0, 6)), r);
            g.AddController("bank_account", account.Account);
            batch.Add(batch.Changes, at, ChangeRow(f, p0.Id, "bank_account", r.Chance(0.7) ? Fake.FormatAccount(f.Account, r) : null,
                Fake.FormatAccount(account.Account, r), at, "app", SharedIp(r), SharedDevice(r), r), false);
            if (at > last) last = at;
        }
        RepresentativePerson? rep = ring.RepresentativeShare > 0 && r.Chance(ring.RepresentativeShare)
            ? ring.Representatives[r.Next(ring.Representatives.Count)]
            : null;
        string?[] RepFields(Rng rr)
        {
            if (rep is null) return [null, null, null];
            bool withId = rr.Chance(0.9);
            var key = RepresentativeKey.Of(rep.Name, withId ? IdNumberNormalizer.Normalize(rep.IdNumber) : Normalized.Missing, PhoneNormalizer.Normalize(rep.Phone));
            g.AddController("representative", key);
            g.AddController("phone", rep.Phone);
            return [rep.Name, withId ? Fake.FormatIdNumber(rep.IdNumber, rr, false) : null, Fake.FormatPhone(rep.Phone, rr)];
        }
        // Every victim's requests give the group's one callback number (its first phone, or its representative's):
        // the group, not the victim, takes the insurer's calls, whichever of its phones a victim was switched to and
        // whether or not a representative came along. Without it a ring's halves could share no recorded trace.
        string contactPhone = (ring.PhoneTakeover ? ring.Phones[0] : null) ?? rep?.Phone
            ?? (ring.RepresentativeShare > 0 ? ring.Representatives[0].Phone
            : ring.Phones.Count > 0 && ring.ComplaintShare > 0 ? ring.Phones[0] : f.Phone);

        if (ring.Template is not null && r.Chance(ring.ComplaintShare))
        {
            var at = Fake.At(last.AddDays(r.Next(1, 26)), r);
            if (at >= periodEnd) at = periodEnd.AddHours(-r.Next(1, 72));
            if (contactPhone != f.Phone) g.AddController("phone", contactPhone);
            g.AddController("address", AddressNormalizer.Normalize(ring.Address!).Value);
            long refund = p0.PremiumCents * Math.Max(1, (at - p0.IssuedAt).Days / 365);
            var text = ComplaintTexts.RingLetter(ring.Template, r, new ComplaintFill(f.Name, p0.Id, ChineseData.Products[p0.Product], p0.IssuedAt,
                ChineseData.Cities[f.City].Name, refund, Fake.FormatPhone(contactPhone, r), ring.Address!, rep?.Name ?? ring.Representatives[0].Name));
            var repFields = RepFields(r);
            string channel = r.Next(10) < 8 ? "regulator" : "letter";
            batch.Add(batch.Complaints, at, [null, p0.Id, f.Id, Fake.FormatTime(at, r), channel, Fake.FormatPhone(contactPhone, r),
                Fake.FormatAddress(ring.Address!, r), repFields[0], repFields[1], repFields[2], ComplaintTexts.RingDemands[r.Next(ComplaintTexts.RingDemands.Length)], text], false);
            if (at > last) last = at;
        }

        var ts = Fake.At(last.AddDays(r.Next(3, 41)), r);
        if (ts >= periodEnd) ts = periodEnd.AddHours(-r.Next(1, 240));
        if (ts < last) ts = last.AddHours(1);
        int policies = _pop.PolicyCountOf(h);
        int surrendering = r.Chance(0.7) ? policies : 1;
        for (int k = 0; k < surrendering; k++)
        {
            var p = k == 0 ? p0 : _pop.Policy(h, k, f);
            var at = ts.AddMinutes(k * r.Next(1, 30));
            string channel = rep is not null ? (r.Chance(0.6) ? "counter" : "mail") : r.Chance(0.6) ? "app" : "online";
            bool remote = channel is "app" or "online";
            string acct, bankName;
            if (payToRing) { acct = account.Account; bankName = ChineseData.Banks[account.Bank].Name; g.AddController("bank_account", acct); }
            else { acct = f.Account; bankName = ChineseData.Banks[f.Bank].Name; }
            if (contactPhone != f.Phone) g.AddController("phone", contactPhone);
            var repFields = RepFields(r);
            string status = (periodEnd - at).TotalDays < 10 ? "pending" : r.Next(100) switch { < 85 => "paid", < 95 => "pending", _ => "rejected" };
            if (status == "paid") batch.SurrenderedPolicies.Add(p.Index);
            batch.Add(batch.Surrenders, at, [null, p.Id, f.Id, Fake.FormatTime(at, r), Fake.Money(Population.SurrenderValueCents(p, at, r), r),
                Fake.FormatPhone(contactPhone, r), Fake.FormatAccount(acct, r), bankName, repFields[0], repFields[1], repFields[2], channel,
                remote ? SharedIp(r) : null, remote ? SharedDevice(r) : null, status], false);
        }
    }

    // ---------------------------------------------------------------- honest background

    private int PickHonest(Rng r)
    {
        for (int t = 0; t < 100; t++)
        {
            int h = r.Next(_pop.Holders);
            // Decoy members live ordinary lives too (their own new phones, surrenders to their own accounts);
            // only ring victims and the mass-surrender holders are left to their planted story.
            if (_roles[h] is not (HolderRole.Ring or HolderRole.MassSurrender)) return h;
        }
        return r.Next(_pop.Holders);
    }

    /// <summary>An id of a holder (or policy) the book does not hold: such references create stubs, they are not errors.</summary>
    private static string UnknownHolderId(Rng r) => "H" + (90_000_000 + r.Next(9_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string UnknownPolicyId(Rng r) => "P" + (900_000_000 + r.Next(90_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void PlantBackground(Rng r, EventBatch batch, DateTime from, DateTime to, double changes, double surrenders, double complaints, int increment)
    {
        double days = (to - from).TotalDays;
        int nc = (int)Math.Round(changes), ns = (int)Math.Round(surrenders), nm = (int)Math.Round(complaints);
        for (int i = 0; i < nc; i++)
        {
            var rr = RowRng();
            var f = _pop.Holder(PickHonest(r));
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            var p = _pop.Policy(f.Index, 0, f);
            string channel = ChineseData.ChangeChannels[rr.Next(ChineseData.ChangeChannels.Length)];
            bool remote = channel is "app" or "online" or "wechat";
            string field; string? oldValue; string newValue;
            int k = rr.Next(100);
            if (k < 45) { field = "phone"; oldValue = rr.Chance(0.85) ? Fake.FormatPhone(f.Phone, rr) : null; newValue = Fake.FormatPhone(Fake.Mobile(rr), rr); }
            else if (k < 65) { field = "address"; oldValue = rr.Chance(0.8) ? Fake.FormatAddress(f.Address, rr) : null; newValue = Fake.FormatAddress(Fake.HomeAddress(rr, ChineseData.Cities[f.City]), rr); }
            else if (k < 90) { field = "bank_account"; oldValue = rr.Chance(0.7) ? Fake.FormatAccount(f.Account, rr) : null; newValue = Fake.FormatAccount(Fake.BankAccount(rr, out _), rr); }
            else { field = "email"; oldValue = null; newValue = Fake.Email(rr, f.Surname); }
            var row = ChangeRow(f, rr.Chance(0.8) ? p.Id : null, field, oldValue, newValue, at, channel,
                remote ? OwnIp(f.Index) : null, remote && rr.Chance(0.8) ? OwnDevice(f.Index) : null, rr);
            if (rr.Chance(0.003)) row[1] = UnknownHolderId(rr);
            batch.Add(batch.Changes, at, row, true);
        }
        for (int i = 0; i < ns; i++)
        {
            var rr = RowRng();
            var f = _pop.Holder(PickHonest(r));
            var p = _pop.Policy(f.Index, rr.Next(_pop.PolicyCountOf(f.Index)), f);
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            if (at < p.IssuedAt) at = p.IssuedAt.AddDays(rr.Next(30, 400));
            if (at >= to) at = to.AddHours(-rr.Next(1, 100));
            HonestSurrender(batch, f, p, at, ChineseData.SurrenderChannels[rr.Next(ChineseData.SurrenderChannels.Length)], rr, allowHotline: true, maySpoil: true, increment);
        }
        for (int i = 0; i < nm; i++)
        {
            var rr = RowRng();
            var f = _pop.Holder(PickHonest(r));
            var p = _pop.Policy(f.Index, rr.Next(_pop.PolicyCountOf(f.Index)), f);
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            string channel = rr.Next(100) switch { < 40 => "hotline", < 65 => "online", < 80 => "letter", _ => "regulator" };
            string? contact = rr.Next(100) switch { < 78 => Fake.FormatPhone(f.Phone, rr), < 90 => Hotline(f, rr, increment), _ => null };
            string? sender = channel is "letter" || (channel == "regulator" && rr.Chance(0.5)) ? Fake.FormatAddress(f.Address, rr) : null;
            string?[] rep = [null, null, null];
            if (rr.Chance(0.03)) rep = FamilyRepresentative(f, rr);
            var text = ComplaintTexts.Honest(rr, new ComplaintFill(f.Name, p.Id, ChineseData.Products[p.Product], p.IssuedAt, ChineseData.Cities[f.City].Name,
                p.PremiumCents, f.Phone, f.Address, rep[0] ?? ""));
            string?[] row = [null, p.Id, f.Id, Fake.FormatTime(at, rr), channel, contact, sender, rep[0], rep[1], rep[2],
                ComplaintTexts.HonestDemands[rr.Next(ComplaintTexts.HonestDemands.Length)], text];
            if (rr.Chance(0.003)) { row[2] = UnknownHolderId(rr); row[1] = UnknownPolicyId(rr); }
            batch.Add(batch.Complaints, at, row, true);
        }
    }

    /// <summary>A relative acting for an elderly holder: same surname, their own id and phone, used once.</summary>
    private static string?[] FamilyRepresentative(HolderFacts f, Rng r)
    {
        bool male = r.Chance(0.5);
        var birth = f.CreatedAt.AddYears(-r.Next(25, 45));
        var city = ChineseData.Cities[f.City];
        return [Fake.Name(r, f.Surname, male), Fake.IdNumber18(r, city, birth, male), Fake.FormatPhone(Fake.Mobile(r), r)];
    }

    /// <summary>The service line or the holder's branch, as a clerk typed it in: a hub with no ring behind it.</summary>
    private string Hotline(HolderFacts f, Rng r, int increment)
    {
        int k = r.Next(10);
        if (k == 0) return r.Chance(0.5) ? "95519" : "9551 9";
        string line = k < 5 ? _centralLine : _branchLines[f.City];
        _hotline.AddController("phone", line);
        _hotline.AddHolder(f.Id, increment);
        if (f.Index < _roles.Length && _roles[f.Index] == HolderRole.Free) _roles[f.Index] = HolderRole.HotlineUser;
        return Fake.FormatPhone(line, r);
    }

    private void HonestSurrender(EventBatch batch, HolderFacts f, PolicyFacts p, DateTime at, string channel, Rng rr, bool allowHotline, bool maySpoil, int increment = 0)
    {
        bool remote = channel is "app" or "online";
        string? contact = rr.Next(100) switch
        {
            < 80 => Fake.FormatPhone(f.Phone, rr),
            < 91 when allowHotline => Hotline(f, rr, increment),
            _ => rr.Chance(0.5) ? null : Fake.FormatPhone(f.Phone, rr),
        };
        string?[] rep = [null, null, null];
        if (rr.Chance(0.03) && f.Age > 60) rep = FamilyRepresentative(f, rr);
        string status = rr.Next(100) switch { < 82 => "paid", < 94 => "pending", _ => "rejected" };
        if (status == "paid") batch.SurrenderedPolicies.Add(p.Index);
        string?[] row = [null, p.Id, f.Id, Fake.FormatTime(at, rr), Fake.Money(Population.SurrenderValueCents(p, at, rr), rr), contact,
            Fake.FormatAccount(f.Account, rr), ChineseData.Banks[f.Bank].Name, rep[0], rep[1], rep[2], channel,
            remote ? OwnIp(f.Index) : null, remote && rr.Chance(0.8) ? OwnDevice(f.Index) : null, status];
        if (maySpoil && rr.Chance(0.003)) row[2] = UnknownHolderId(rr);
        batch.Add(batch.Surrenders, at, row, maySpoil);
    }

    private static string?[] ChangeRow(HolderFacts f, string? policyId, string field, string? oldValue, string newValue, DateTime at, string channel, string? ip, string? device, Rng r) =>
        [null, f.Id, policyId, field, oldValue, newValue, Fake.FormatTime(at, r), channel, ip, device];
}
