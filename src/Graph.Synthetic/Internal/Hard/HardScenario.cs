using Graph.Core;

namespace Graph.Synthetic.Internal;

/// <summary>
/// The hard profile (<see cref="GeneratorProfile.Hard"/>): an insurer whose base rates and habits are drawn per seed
/// (<see cref="HardParameters"/>), whose honest holders pass through shared infrastructure (<see cref="Infrastructure"/>),
/// with look-alikes that behave like rings in one respect or another (this file's partner
/// <c>HardScenario.Lookalikes.cs</c>) and rings of nine kinds (<c>HardScenario.Rings.cs</c>). Every look-alike is a
/// decoy group in the truth file, listing the holders a flag on it would wrongly accuse.
/// </summary>
internal sealed partial class HardScenario : Scenario
{
    private const int StreamHardPlan = 320, StreamHardRing = 321, StreamHardIncrement = 322;

    private readonly HardParameters _p;
    private readonly Infrastructure _infra;
    private readonly List<HardRing> _rings = [];

    public HardScenario(int seed, Population population) : base(seed, population)
    {
        _p = new HardParameters(seed);
        _infra = new Infrastructure(seed, population, _p);
        Truth.Profile = "hard";
        Truth.Parameters = _p.Describe();
    }

    public override bool KeepsRegisteredContacts(int holder) => !IsBackground(holder);

    public override void PlanBase(CancellationToken ct)
    {
        var r = Rng.For(Seed, StreamHardPlan, 1);
        int n = Pop.Holders;
        PlantFamilies(r, Math.Max(2, (int)Math.Round(n * _p.FamiliesPerThousand / 1000)));
        PlantEmployers(r, Math.Max(1, (int)Math.Round(n * _p.EmployersPerHundredThousand / 100_000)));
        PlantHonestAgents(r, Math.Max(1, (int)Math.Round(n * _p.HonestAgentsPerHundredThousand / 100_000)));
        ct.ThrowIfCancellationRequested();
        PlantRings(r, ct);
        PlantSurrenderWave(r, Math.Max(20, (int)Math.Round(n * _p.WaveShare)));
        ct.ThrowIfCancellationRequested();
        PlantBackground(r, Base, EventStart, Population.AsOf, 1.0, 0, ct);
        CloseHotlineGroup();
    }

    /// <summary>One month: a few new holders, honest activity at the seed's rates, and one new ring.</summary>
    public override EventBatch PlanIncrement(int k, List<int> newHolders)
    {
        var batch = new EventBatch();
        var r = Rng.For(Seed, StreamHardIncrement, k);
        var from = Population.AsOf.AddMonths(k - 1);
        var to = Population.AsOf.AddMonths(k);
        int late = Math.Max(3, Pop.Holders / 1000);
        for (int i = 0; i < late; i++)
            newHolders.Add(Pop.AddLateHolder(Fake.At(from.AddDays(r.Next((to - from).Days)), r)));
        HardRingKind[] kinds = [HardRingKind.PhoneTakeover, HardRingKind.Representative, HardRingKind.SmallRing];
        var kind = kinds[r.Next(kinds.Length)];
        var ring = NewRing(kind, kind == HardRingKind.SmallRing ? r.Next(8, 16) : r.Next(8, 30), k);
        if (ring is not null)
        {
            ring.Start = from.AddDays(r.Next(0, 7));
            ring.RecruitDays = 10;
            ring.GapMedianDays = Math.Min(ring.GapMedianDays, 6);
            PlantVictims(ring, batch, k, to);
        }
        PlantBackground(r, batch, from, to, 1.0 / 24, k, CancellationToken.None);
        return batch;
    }

    /// <summary>Turns every piece of infrastructure with enough honest users into a decoy group, then counts the groups.</summary>
    public override void Finish()
    {
        foreach (var (kind, controllerType, value, users) in _infra.Decoys())
        {
            var g = NewGroup("decoy", Infrastructure.KindName(kind), 0);
            foreach (var (holder, increment) in users)
            {
                // A holder a ring recruited later (an increment) is not a look-alike any more.
                if (holder < Roles.Length && Roles[holder] == HolderRole.Ring) continue;
                g.AddHolder(Population.HolderId(holder), increment);
                if (holder < Roles.Length && Roles[holder] == HolderRole.Free) Roles[holder] = HolderRole.Lookalike;
            }
            g.AddController(controllerType, value);
        }
        RingCount = Truth.Groups.Count(g => g.Type == "ring");
        DecoyCount = Truth.Groups.Count - RingCount;
    }

    // ---------------------------------------------------------------- how a row reaches the insurer

    /// <summary>
    /// The IP and device a row made through <paramref name="channel"/> carries: a counter row the branch's terminal and
    /// IP, an agent's row the agent's tablet, an app or web row the branch Wi-Fi, the province's carrier NAT or the
    /// holder's own line. Honest rows are recorded as uses of the infrastructure; <paramref name="shared"/> says
    /// whether the row went through any.
    /// </summary>
    private (string? Ip, string? Device) Access(HolderFacts f, string channel, Rng r, int increment, bool honest, out bool shared)
    {
        shared = false;
        if (channel == "counter")
        {
            int b = _infra.BranchOf(f.Index, f.City);
            string? device = r.Chance(_p.TerminalLogged) ? _infra.Terminal(b) : null;
            string? ip = r.Chance(_p.CounterIpLogged) ? _infra.Wifi(b) : null;
            if (honest && device is not null) _infra.Use(InfrastructureKind.BranchTerminal, b, f.Index, increment);
            if (honest && ip is not null) _infra.Use(InfrastructureKind.BranchWifi, b, f.Index, increment);
            shared = device is not null || ip is not null;
            return (ip, device is null ? null : Fake.FormatToken(device, r));
        }
        if (channel == "agent")
        {
            if (_infra.Tablet(f.Agent) is not { } tablet) return (null, null);
            if (honest) _infra.Use(InfrastructureKind.AgentDevice, f.Agent, f.Index, increment);
            shared = true;
            return (null, Fake.FormatToken(tablet, r));
        }
        if (!HardChannels.IsRemote(channel)) return (null, null);
        string? own = r.Chance(0.8) ? OwnDevice(f.Index) : null;
        if (r.Chance(_p.HallShare))
        {
            int b = _infra.BranchOf(f.Index, f.City);
            if (honest) _infra.Use(InfrastructureKind.BranchWifi, b, f.Index, increment);
            shared = true;
            return (_infra.Wifi(b), own);
        }
        if (r.Chance(_p.NatShare) && _infra.Nat(f.City, r, out int item) is { } nat)
        {
            if (honest) _infra.Use(InfrastructureKind.CarrierNat, item, f.Index, increment);
            shared = true;
            return (nat, own);
        }
        return (OwnIp(f.Index), own);
    }

    // ---------------------------------------------------------------- honest background

    private int PickHonest(Rng r)
    {
        for (int t = 0; t < 100; t++)
        {
            int h = r.Next(Pop.Holders);
            // Look-alike members live ordinary lives too; ring victims and the wave's holders are left to their story.
            if (Roles[h] is not (HolderRole.Ring or HolderRole.MassSurrender)) return h;
        }
        return r.Next(Pop.Holders);
    }

    /// <summary>A moment in [from, from + days): surrenders cluster in January and February by the seed's peak.</summary>
    private DateTime SurrenderTime(Rng r, DateTime from, double days)
    {
        for (int t = 0; t < 8; t++)
        {
            var d = from.AddDays(r.NextDouble() * days);
            if (d.Month <= 2 || r.Chance(1 / _p.SurrenderSeasonPeak)) return Fake.At(d, r);
        }
        return Fake.At(from.AddDays(r.NextDouble() * days), r);
    }

    private void PlantBackground(Rng r, EventBatch batch, DateTime from, DateTime to, double periodShare, int increment, CancellationToken ct)
    {
        double days = (to - from).TotalDays;
        int n = Pop.Holders;
        int changes = (int)Math.Round(n * _p.ChangesPerHolder * periodShare);
        int surrenders = (int)Math.Round(n * _p.SurrendersPerHolder * periodShare);
        int complaints = (int)Math.Round(n * _p.ComplaintsPerHolder * periodShare);
        for (int i = 0; i < changes; i++)
        {
            if ((i & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            var rr = RowRng();
            var f = Pop.Holder(PickHonest(r));
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            string channel = HardChannels.Change[rr.PickWeighted(_p.ChangeChannels)];
            HonestChange(batch, f, at, ChangeField(rr), channel, rr, increment, maySpoil: true);
        }
        for (int i = 0; i < surrenders; i++)
        {
            if ((i & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            var rr = RowRng();
            var f = Pop.Holder(PickHonest(r));
            var p = Pop.Policy(f.Index, rr.Next(Pop.PolicyCountOf(f.Index)), f);
            var at = SurrenderTime(rr, from, days);
            if (at < p.IssuedAt) at = p.IssuedAt.AddDays(rr.Next(30, 400));
            if (at >= to) at = to.AddHours(-rr.Next(1, 100));
            var details = new SurrenderDetails();
            // People update their card or phone before cashing out, honestly: the base rate a ring's "change shortly
            // before surrender" has to stand out against.
            if (rr.Chance(_p.OwnChangeBeforeSurrender))
            {
                var changedAt = Fake.At(at.AddDays(-(1 + rr.Next(120))), rr);
                if (changedAt > from)
                {
                    string field = rr.Chance(0.6) ? "bank_account" : "phone";
                    string channel = HardChannels.Change[rr.PickWeighted(_p.ChangeChannels)];
                    var value = HonestChange(batch, f, changedAt, field, channel, rr, increment, maySpoil: true);
                    if (field == "bank_account") details = details with { Account = value };
                    else details = details with { Contact = value };
                }
            }
            string surrenderChannel = HardChannels.Surrender[rr.PickWeighted(_p.SurrenderChannels)];
            HonestSurrender(batch, f, p, at, surrenderChannel, rr, increment, details, maySpoil: true);
        }
        for (int i = 0; i < complaints; i++)
        {
            var rr = RowRng();
            var f = Pop.Holder(PickHonest(r));
            var p = Pop.Policy(f.Index, rr.Next(Pop.PolicyCountOf(f.Index)), f);
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            string channel = rr.Next(100) switch { < 40 => "hotline", < 65 => "online", < 80 => "letter", _ => "regulator" };
            string? contact = rr.Next(100) switch { < 78 => Fake.FormatPhone(f.Phone, rr), < 90 => Hotline(f, rr, increment), _ => null };
            string? sender = channel is "letter" || (channel == "regulator" && rr.Chance(0.5)) ? Fake.FormatAddress(f.Address, rr) : null;
            string?[] rep = rr.Chance(0.03) ? FamilyRepresentative(f, rr) : [null, null, null];
            var text = ComplaintTexts.Honest(rr, new ComplaintFill(f.Name, p.Id, ChineseData.Products[p.Product], p.IssuedAt, ChineseData.Cities[f.City].Name,
                p.PremiumCents, f.Phone, f.Address, rep[0] ?? ""));
            string?[] row = [null, p.Id, f.Id, Fake.FormatTime(at, rr), channel, contact, sender, rep[0], rep[1], rep[2],
                ComplaintTexts.HonestDemands[rr.Next(ComplaintTexts.HonestDemands.Length)], text];
            if (rr.Chance(0.003)) { row[2] = UnknownHolderId(rr); row[1] = UnknownPolicyId(rr); }
            batch.Add(batch.Complaints, at, row, true);
        }
    }

    private string ChangeField(Rng r) => r.PickWeighted(_p.ChangeFields) switch { 0 => "phone", 1 => "address", 2 => "bank_account", _ => "email" };

    /// <summary>A holder's own change of a contact value; returns the new value (normalized where it is a phone or account).</summary>
    private string HonestChange(EventBatch batch, HolderFacts f, DateTime at, string field, string channel, Rng rr, int increment, bool maySpoil)
    {
        string? oldValue;
        string newValue, written;
        switch (field)
        {
            case "phone":
                oldValue = rr.Chance(0.85) ? Fake.FormatPhone(f.Phone, rr) : null;
                newValue = Fake.Mobile(rr);
                written = Fake.FormatPhone(newValue, rr);
                break;
            case "address":
                oldValue = rr.Chance(0.8) ? Fake.FormatAddress(f.Address, rr) : null;
                newValue = Fake.HomeAddress(rr, ChineseData.Cities[f.City]);
                written = Fake.FormatAddress(newValue, rr);
                break;
            case "bank_account":
                oldValue = rr.Chance(0.7) ? Fake.FormatAccount(f.Account, rr) : null;
                newValue = Fake.BankAccount(rr, out _);
                written = Fake.FormatAccount(newValue, rr);
                break;
            default:
                oldValue = null;
                newValue = written = Fake.Email(rr, f.Surname);
                break;
        }
        var (ip, device) = Access(f, channel, rr, increment, honest: true, out bool shared);
        var row = ChangeRow(f, rr.Chance(0.8) ? Pop.Policy(f.Index, 0, f).Id : null, field, oldValue, written, at, channel, ip, device, rr);
        bool spoilable = maySpoil && !shared; // rows that make a look-alike stay loadable
        if (spoilable && rr.Chance(0.003)) row[1] = UnknownHolderId(rr);
        batch.Add(batch.Changes, at, row, spoilable);
        return newValue;
    }

    /// <summary>What a look-alike's surrender request says instead of the holder's own details.</summary>
    private readonly record struct SurrenderDetails(string? Contact = null, string? Account = null, RepresentativePerson? Representative = null);

    private void HonestSurrender(EventBatch batch, HolderFacts f, PolicyFacts p, DateTime at, string channel, Rng rr, int increment,
        SurrenderDetails details, bool maySpoil)
    {
        string phone = details.Contact ?? f.Phone;
        string? contact = details.Contact is not null ? Fake.FormatPhone(details.Contact, rr) : rr.Next(100) switch
        {
            < 80 => Fake.FormatPhone(phone, rr),
            < 91 => Hotline(f, rr, increment),
            _ => rr.Chance(0.5) ? null : Fake.FormatPhone(phone, rr),
        };
        string?[] rep = details.Representative is { } person
            ? [person.Name, Fake.FormatIdNumber(person.IdNumber, rr, false), Fake.FormatPhone(person.Phone, rr)]
            : rr.Chance(0.03) && f.Age > 60 ? FamilyRepresentative(f, rr) : [null, null, null];
        string account = details.Account ?? f.Account;
        string status = rr.Next(100) switch { < 82 => "paid", < 94 => "pending", _ => "rejected" };
        if (status == "paid") batch.SurrenderedPolicies.Add(p.Index);
        var (ip, device) = Access(f, channel, rr, increment, honest: true, out bool shared);
        string?[] row = [null, p.Id, f.Id, Fake.FormatTime(at, rr), Fake.Money(Population.SurrenderValueCents(p, at, rr), rr), contact,
            Fake.FormatAccount(account, rr), ChineseData.Banks[BankOf(account, f)].Name, rep[0], rep[1], rep[2], channel, ip, device, status];
        bool spoilable = maySpoil && !shared;
        if (spoilable && rr.Chance(0.003)) row[2] = UnknownHolderId(rr);
        batch.Add(batch.Surrenders, at, row, spoilable);
    }

    /// <summary>The bank of an account: the holder's own bank for their own account, else the bank its BIN belongs to.</summary>
    private static int BankOf(string account, HolderFacts f)
    {
        if (account == f.Account) return f.Bank;
        for (int b = 0; b < ChineseData.Banks.Length; b++)
            foreach (var bin in ChineseData.Banks[b].Bins)
                if (account.StartsWith(bin, StringComparison.Ordinal)) return b;
        return 0;
    }

    /// <summary>The representative's key and phone as truth controllers.</summary>
    private static void AddRepresentative(TruthGroup g, RepresentativePerson person, bool withId)
    {
        g.AddController("representative", RepresentativeValue(person.Name, withId ? person.IdNumber : null, person.Phone));
        g.AddController("phone", PhoneNormalizer.Normalize(person.Phone).Value);
    }

    private static RepresentativePerson NewPerson(Rng r, City city, int surname)
    {
        bool male = r.Chance(0.5);
        var birth = new DateTime(1965, 1, 1).AddDays(r.Next(0, 365 * 30));
        return new RepresentativePerson(Fake.Name(r, surname, male), Fake.IdNumber18(r, city, birth, male), Fake.Mobile(r));
    }
}
