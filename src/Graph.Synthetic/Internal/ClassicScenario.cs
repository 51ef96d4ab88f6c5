using Graph.Core;

namespace Graph.Synthetic.Internal;

internal enum RingKind { PhoneTakeover, RotatingPhones, Representative, TemplatedComplaints, TerminatedAgent, SlowRing }

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
/// The classic profile: honest background, decoys that look suspicious but are not (families, a corporate client,
/// an honest agent, a surrender wave, the hotline), and agent-refund rings of six kinds. Every quality figure
/// before the hard profile was measured on it; its files must not change.
/// </summary>
internal sealed class ClassicScenario : Scenario
{
    private const int StreamIncrement = 104, StreamRing = 105;

    private readonly List<RingPlan> _rings = [];

    public ClassicScenario(int seed, Population population) : base(seed, population)
    {
    }

    public override void PlanBase(CancellationToken ct)
    {
        var r = Rng.For(Seed, StreamPlan, 2);
        int n = Pop.Holders;
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
        CloseHotlineGroup();
    }

    /// <summary>The next period: honest activity, some rings recruiting more victims, one new ring, a few new holders.</summary>
    public override EventBatch PlanIncrement(int k, List<int> newHolders)
    {
        var batch = new EventBatch();
        var r = Rng.For(Seed, StreamIncrement, k);
        var from = Population.AsOf.AddMonths(k - 1);
        var to = Population.AsOf.AddMonths(k);
        int n = Pop.Holders;
        int late = Math.Max(3, n / 1000);
        for (int i = 0; i < late; i++)
            newHolders.Add(Pop.AddLateHolder(Fake.At(from.AddDays(r.Next((to - from).Days)), r)));
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

    private void PlantFamilies(Rng r, int count)
    {
        for (int f = 0; f < count; f++)
        {
            int size = r.Next(100) switch { < 30 => 2, < 60 => 3, < 85 => 4, < 95 => 5, _ => 6 };
            int start = FindFreeRun(r, size);
            if (start < 0) continue;
            var head = Pop.Holder(start);
            var city = ChineseData.Cities[head.City];
            string phone = r.Chance(0.5) ? Fake.Landline(r, city) : head.Phone;
            var g = NewGroup("decoy", "family", 0);
            for (int i = 0; i < size; i++)
            {
                int h = start + i;
                Roles[h] = HolderRole.Family;
                Pop.Override(h, new HolderOverride
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

    private void PlantCorporate(Rng r)
    {
        int size = Math.Min(r.Next(20, 201), Math.Max(20, Pop.Holders / 40));
        int start = FindFreeRun(r, size);
        if (start < 0) return;
        int cityIndex = Fake.CityIndex(r);
        var city = ChineseData.Cities[cityIndex];
        int agent = PickActiveAgent(r, cityIndex);
        if (agent < 0) return;
        SpecialAgents[agent] = true;
        string address = Fake.OfficeAddress(r, city);
        string phone = Fake.Landline(r, city);
        var day = Pop.CreatedAtOf(start).Date;
        var g = NewGroup("decoy", "corporate", 0);
        for (int i = 0; i < size; i++)
        {
            int h = start + i;
            Roles[h] = HolderRole.Corporate;
            Pop.Override(h, new HolderOverride { City = cityIndex, Phone = phone, Address = address, Agent = agent, CreatedAt = Fake.At(day.AddDays(r.Next(0, 3)), r) });
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
        SpecialAgents[agent] = true;
        int size = r.Next(20, 61);
        var g = NewGroup("decoy", "honest_agent", 0);
        var phone = Pop.Agents[agent].Phone;
        for (int i = 0; i < size; i++)
        {
            int h = -1;
            for (int t = 0; t < 50 && h < 0; t++)
            {
                int c = r.Next(Pop.Holders);
                if (Roles[c] == HolderRole.Free && Pop.CreatedAtOf(c) > Pop.Agents[agent].HiredAt) h = c;
            }
            if (h < 0) break;
            Roles[h] = HolderRole.HonestAgentClient;
            Pop.Override(h, new HolderOverride { City = Pop.Agents[agent].City, Phone = phone, Agent = agent });
            g.AddHolder(Population.HolderId(h));
        }
        g.AddController("phone", phone);
        g.AddController("agent", Pop.Agents[agent].Id);
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
                if (c >= 0 && (Pop.Policy(c, 0).Product == universalLife || t == 29)) h = c;
            }
            if (h < 0) break;
            Roles[h] = HolderRole.MassSurrender;
            var f = Pop.Holder(h);
            var rr = RowRng();
            var p = Pop.Policy(h, 0, f);
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
        int n = Pop.Holders;
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
        var rr = Rng.For(Seed, StreamRing, ((long)increment << 20) + _rings.Count);
        int agent = -1;
        List<int>? clients = null;
        var mechanics = kind;
        if (kind == RingKind.TerminatedAgent)
        {
            (agent, clients) = FindTerminatedAgent(rr, size);
            if (agent < 0) mechanics = kind = RingKind.PhoneTakeover;
            else
            {
                SpecialAgents[agent] = true;
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
        ring.City = agent >= 0 ? Pop.Agents[agent].City : Fake.CityIndex(rr);
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
        if (agent >= 0) earliest = Pop.Agents[agent].TerminatedAt!.Value.AddDays(30);
        if (earliest < EventStart) earliest = EventStart;
        var latest = Population.AsOf.AddDays(-ring.DurationDays - 75);
        ring.Start = latest > earliest ? earliest.AddDays(rr.Next((int)(latest - earliest).TotalDays)) : earliest;
        if (agent >= 0) group.AddController("agent", Pop.Agents[agent].Id);
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
            else h = r.Next(Pop.Holders);
            if (Roles[h] != HolderRole.Free) continue;
            var f = Pop.Holder(h);
            if (t < 20 && ring.Surnames.Contains(f.Surname))
            {
                if (ring.AgentClients is not null) ring.AgentClients.Add(h);
                continue;
            }
            ring.Surnames.Add(f.Surname);
            Roles[h] = HolderRole.Ring;
            return h;
        }
        return -1;
    }

    /// <summary>
    /// One victim's path through the ring: phone (and perhaps address or account) taken over, perhaps a templated
    /// complaint, then surrender of their policies a few days to weeks later, paid where the ring says.
    /// </summary>
    private void PlantVictim(RingPlan ring, int h, DateTime t0, DateTime periodEnd, EventBatch batch, int increment)
    {
        var r = RowRng();
        var f = Pop.Holder(h);
        var g = ring.Group;
        g.AddHolder(f.Id, increment);
        var p0 = Pop.Policy(h, 0, f);
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
        int policies = Pop.PolicyCountOf(h);
        int surrendering = r.Chance(0.7) ? policies : 1;
        for (int k = 0; k < surrendering; k++)
        {
            var p = k == 0 ? p0 : Pop.Policy(h, k, f);
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
            int h = r.Next(Pop.Holders);
            // Decoy members live ordinary lives too (their own new phones, surrenders to their own accounts);
            // only ring victims and the mass-surrender holders are left to their planted story.
            if (Roles[h] is not (HolderRole.Ring or HolderRole.MassSurrender)) return h;
        }
        return r.Next(Pop.Holders);
    }

    private void PlantBackground(Rng r, EventBatch batch, DateTime from, DateTime to, double changes, double surrenders, double complaints, int increment)
    {
        double days = (to - from).TotalDays;
        int nc = (int)Math.Round(changes), ns = (int)Math.Round(surrenders), nm = (int)Math.Round(complaints);
        for (int i = 0; i < nc; i++)
        {
            var rr = RowRng();
            var f = Pop.Holder(PickHonest(r));
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            var p = Pop.Policy(f.Index, 0, f);
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
            var f = Pop.Holder(PickHonest(r));
            var p = Pop.Policy(f.Index, rr.Next(Pop.PolicyCountOf(f.Index)), f);
            var at = Fake.At(from.AddDays(rr.NextDouble() * days), rr);
            if (at < p.IssuedAt) at = p.IssuedAt.AddDays(rr.Next(30, 400));
            if (at >= to) at = to.AddHours(-rr.Next(1, 100));
            HonestSurrender(batch, f, p, at, ChineseData.SurrenderChannels[rr.Next(ChineseData.SurrenderChannels.Length)], rr, allowHotline: true, maySpoil: true, increment);
        }
        for (int i = 0; i < nm; i++)
        {
            var rr = RowRng();
            var f = Pop.Holder(PickHonest(r));
            var p = Pop.Policy(f.Index, rr.Next(Pop.PolicyCountOf(f.Index)), f);
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

}
