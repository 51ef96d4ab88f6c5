using Graph.Core;

namespace Graph.Synthetic.Internal;

/// <summary>A third party acting for policyholders: a ring's front man, a relative, an employer's clerk.</summary>
internal sealed record RepresentativePerson(string Name, string IdNumber, string Phone);

/// <summary>What a holder already belongs to; a planted group takes free holders only.</summary>
internal enum HolderRole : byte { Free = 0, Ring, Family, Corporate, HonestAgentClient, MassSurrender, HotlineUser, Employer, Lookalike }

/// <summary>
/// Plans every event of a synthetic insurer (a profile): honest background, look-alikes that are innocent, and
/// rings. Rows are produced in memory (events are a fraction of holders) and written later, sorted by time, by
/// <see cref="InsurerGenerator"/>. This base holds what every profile shares: the truth file, group and row
/// numbering, a holder's own device and IP, the service lines clerks type in, and row shapes.
/// </summary>
internal abstract class Scenario
{
    protected const int StreamPlan = 100, StreamOwnDevice = 101, StreamOwnIp = 102, StreamRow = 103;
    protected static readonly DateTime EventStart = new(2023, 1, 1);

    protected readonly int Seed;
    protected readonly Population Pop;
    protected readonly HolderRole[] Roles;
    /// <summary>Agents a planted group names: their rows are never spoiled.</summary>
    protected readonly bool[] SpecialAgents;
    private readonly string _centralLine;
    private readonly string[] _branchLines;
    private readonly TruthGroup _hotline;
    private int _groupCounter;
    private int _rowCounter;
    private Dictionary<int, List<int>>? _terminatedClients; // agent -> former clients still free, built on first use

    protected Scenario(int seed, Population population)
    {
        Seed = seed;
        Pop = population;
        Roles = new HolderRole[population.Holders];
        SpecialAgents = new bool[population.Agents.Length];
        var r = Rng.For(seed, StreamPlan, 1);
        _centralLine = Fake.Landline(r, ChineseData.Cities[1]);
        _branchLines = new string[population.Geography.CityCount];
        for (int c = 0; c < _branchLines.Length; c++) _branchLines[c] = Fake.Landline(r, ChineseData.Cities[c]);
        Truth = new TruthFile { Seed = seed, Holders = population.Holders };
        _hotline = NewGroup("decoy", "hotline", 0);
    }

    public TruthFile Truth { get; }

    public EventBatch Base { get; } = new();

    public int RingCount { get; protected set; }

    public int DecoyCount { get; protected set; }

    /// <summary>True for agents whose rows must stay clean because a planted group names them.</summary>
    public bool IsSpecialAgent(int agent) => SpecialAgents[agent];

    /// <summary>True when a holder's own rows may be spoiled: it belongs to no planted group.</summary>
    public bool IsBackground(int holder) => holder >= Roles.Length || Roles[holder] == HolderRole.Free;

    /// <summary>
    /// True when a holder's registered phone and address must be written (not left blank, as 1% of rows are),
    /// because a planted group names them as its controller.
    /// </summary>
    public virtual bool KeepsRegisteredContacts(int holder) => false;

    public abstract void PlanBase(CancellationToken ct);

    /// <summary>The next period (increment <paramref name="k"/>); holders registered in it are added to <paramref name="newHolders"/>.</summary>
    public abstract EventBatch PlanIncrement(int k, List<int> newHolders);

    /// <summary>Called once after every period is planned and before anything is written.</summary>
    public virtual void Finish()
    {
    }

    /// <summary>Keeps the hotline group when at least two holders named a service line, else drops it.</summary>
    protected void CloseHotlineGroup()
    {
        if (_hotline.Holders.Count >= 2) DecoyCount++;
        else Truth.Groups.Remove(_hotline);
    }

    protected TruthGroup NewGroup(string type, string kind, int increment)
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

    /// <summary>A run of consecutive free holder indices (people registered together get adjacent ids), or -1.</summary>
    protected int FindFreeRun(Rng r, int length)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int start = r.Next(Math.Max(1, Pop.Holders - length));
            bool ok = start + length <= Pop.Holders;
            for (int i = 0; ok && i < length; i++) ok = Roles[start + i] == HolderRole.Free;
            if (ok) return start;
        }
        return -1;
    }

    protected int PickFree(Rng r)
    {
        for (int t = 0; t < 100; t++)
        {
            int h = r.Next(Pop.Holders);
            if (Roles[h] == HolderRole.Free) return h;
        }
        return -1;
    }

    protected int PickActiveAgent(Rng r, int city)
    {
        var list = Pop.AgentsInCity(city);
        for (int t = 0; t < 50; t++)
        {
            int a = list[r.Next(list.Count)];
            if (Pop.Agents[a].TerminatedAt is null && !SpecialAgents[a]) return a;
        }
        for (int t = 0; t < 200; t++)
        {
            int a = r.Next(Pop.Agents.Length);
            if (Pop.Agents[a].TerminatedAt is null && !SpecialAgents[a]) return a;
        }
        return -1;
    }

    /// <summary>A terminated agent with enough former clients still free to be recruited.</summary>
    protected (int Agent, List<int>? Clients) FindTerminatedAgent(Rng r, int size)
    {
        if (_terminatedClients is null)
        {
            _terminatedClients = [];
            var cutoff = Population.AsOf.AddDays(-300);
            foreach (var a in Pop.Agents)
                if (a.TerminatedAt is DateTime t && t < cutoff) _terminatedClients[a.Index] = [];
            for (int h = 0; h < Pop.Holders; h++)
            {
                if (Roles[h] != HolderRole.Free) continue;
                if (_terminatedClients.TryGetValue(Pop.PrimaryAgentOf(h), out var list)) list.Add(h);
            }
        }
        var candidates = new List<int>();
        foreach (var (agent, clients) in _terminatedClients)
            if (!SpecialAgents[agent] && clients.Count >= Math.Max(8, size)) candidates.Add(agent);
        if (candidates.Count == 0)
            foreach (var (agent, clients) in _terminatedClients)
                if (!SpecialAgents[agent] && clients.Count >= 8) candidates.Add(agent);
        if (candidates.Count == 0) return (-1, null);
        candidates.Sort();
        int chosen = candidates[r.Next(candidates.Count)];
        return (chosen, _terminatedClients[chosen]);
    }

    /// <summary>The stream of the next event row: rows draw from their own stream, numbered in planning order.</summary>
    protected Rng RowRng() => Rng.For(Seed, StreamRow, _rowCounter++);

    protected string OwnDevice(int h) => Fake.Device(Rng.For(Seed, StreamOwnDevice, h));

    protected string OwnIp(int h) => Fake.Ip(Rng.For(Seed, StreamOwnIp, h));

    /// <summary>The service line or the holder's branch, as a clerk typed it in: a hub with no ring behind it.</summary>
    protected string Hotline(HolderFacts f, Rng r, int increment)
    {
        int k = r.Next(10);
        if (k == 0) return r.Chance(0.5) ? "95519" : "9551 9";
        string line = k < 5 ? _centralLine : _branchLines[f.City];
        _hotline.AddController("phone", line);
        _hotline.AddHolder(f.Id, increment);
        if (f.Index < Roles.Length && Roles[f.Index] == HolderRole.Free) Roles[f.Index] = HolderRole.HotlineUser;
        return Fake.FormatPhone(line, r);
    }

    /// <summary>A relative acting for an elderly holder: same surname, their own id and phone, used once.</summary>
    protected static string?[] FamilyRepresentative(HolderFacts f, Rng r)
    {
        bool male = r.Chance(0.5);
        var birth = f.CreatedAt.AddYears(-r.Next(25, 45));
        var city = ChineseData.Cities[f.City];
        return [Fake.Name(r, f.Surname, male), Fake.IdNumber18(r, city, birth, male), Fake.FormatPhone(Fake.Mobile(r), r)];
    }

    /// <summary>An id of a holder (or policy) the book does not hold: such references create stubs, they are not errors.</summary>
    protected static string UnknownHolderId(Rng r) => "H" + (90_000_000 + r.Next(9_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static string UnknownPolicyId(Rng r) => "P" + (900_000_000 + r.Next(90_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static string?[] ChangeRow(HolderFacts f, string? policyId, string field, string? oldValue, string newValue, DateTime at, string channel, string? ip, string? device, Rng r) =>
        [null, f.Id, policyId, field, oldValue, newValue, Fake.FormatTime(at, r), channel, ip, device];

    /// <summary>The key a loader gives a representative (id number when valid, else name and phone), as truth files name it.</summary>
    protected static string? RepresentativeValue(string name, string? idNumber, string phone) =>
        RepresentativeKey.Of(name, idNumber is null ? Normalized.Missing : IdNumberNormalizer.Normalize(idNumber), PhoneNormalizer.Normalize(phone));
}
