using Graph.Core;

namespace Graph.Synthetic.Internal;

/// <summary>The hard profile's rings: nine kinds, sizes from 8 to a few hundred, timings from days to months.</summary>
internal sealed partial class HardScenario
{
    /// <summary>Which of a victim's rows carries the ring's <see cref="RingAnchor"/> value.</summary>
    private enum AnchorRow { PhoneChange, AddressChange, AccountChange, Complaint, Surrender }

    private void PlantRings(Rng r, CancellationToken ct)
    {
        int n = Pop.Holders;
        // Every kind once (templated complaints first: a template-reusing ring needs one to copy), then by the seed's weights.
        var first = new List<HardRingKind>
        {
            HardRingKind.PhoneTakeover, HardRingKind.RotatingPhones, HardRingKind.Representative, HardRingKind.TerminatedAgent,
            HardRingKind.SmallRing, HardRingKind.SlowRing, HardRingKind.TemplateReuse, HardRingKind.SharedRepresentative,
        };
        r.Shuffle(first);
        first.Insert(0, HardRingKind.TemplatedComplaints);
        int count = Math.Max(first.Count, (int)Math.Round(n * _p.RingsPerTenThousand / 10_000));
        int budget = n / 10;
        for (int i = 0; i < count && budget >= 8; i++)
        {
            ct.ThrowIfCancellationRequested();
            var kind = i < first.Count ? first[i] : (HardRingKind)r.PickWeighted(_p.RingKinds);
            if (kind == HardRingKind.SharedRepresentative)
            {
                // Two rings that share one representative: each is its own ring, with its own anchor.
                var a = NewRing(kind, Math.Min(budget / 2, r.Next(8, 41)), 0);
                var b = NewRing(kind, Math.Min(budget / 2, r.Next(8, 41)), 0);
                if (a is null || b is null) continue;
                var shared = NewPerson(a.Rng, ChineseData.Cities[a.City], Pop.Geography.Surname(a.Rng));
                a.SharedRepresentative = b.SharedRepresentative = shared;
                budget -= PlantVictims(a, Base, 0, Population.AsOf) + PlantVictims(b, Base, 0, Population.AsOf);
                continue;
            }
            var ring = NewRing(kind, Math.Min(budget, RingSize(kind, r)), 0);
            if (ring is null) continue;
            budget -= PlantVictims(ring, Base, 0, Population.AsOf);
        }
    }

    private int RingSize(HardRingKind kind, Rng r)
    {
        switch (kind)
        {
            case HardRingKind.SmallRing: return r.Next(8, 16);
            case HardRingKind.SlowRing: return r.Next(10, 61);
        }
        if (r.Chance(_p.BigRingChance)) return r.Next(150, 401);
        int size = (int)Math.Round(_p.RingSizeMedian * Math.Exp(r.Gaussian() * _p.RingSizeSigma));
        return Math.Clamp(size, kind == HardRingKind.RotatingPhones ? 12 : 8, 150);
    }

    private static string KindName(HardRingKind kind) => kind switch
    {
        HardRingKind.PhoneTakeover => "phone_takeover",
        HardRingKind.RotatingPhones => "rotating_phones",
        HardRingKind.Representative => "representative",
        HardRingKind.TemplatedComplaints => "templated_complaints",
        HardRingKind.TerminatedAgent => "terminated_agent",
        HardRingKind.SmallRing => "small_ring",
        HardRingKind.SlowRing => "slow_ring",
        HardRingKind.TemplateReuse => "template_reuse",
        _ => "shared_representative",
    };

    private static double Between(Rng r, double lo, double hi) => lo + r.NextDouble() * (hi - lo);

    private static double LogBetween(Rng r, double lo, double hi) => Math.Exp(Between(r, Math.Log(lo), Math.Log(hi)));

    /// <summary>A ring's values, signal shares and timing; null when a terminated agent was wanted and none is left.</summary>
    private HardRing? NewRing(HardRingKind kind, int size, int increment)
    {
        var rr = Rng.For(Seed, StreamHardRing, ((long)increment << 20) + _rings.Count);
        int agent = -1;
        List<int>? clients = null;
        var mechanics = kind;
        switch (kind)
        {
            case HardRingKind.TerminatedAgent:
                (agent, clients) = FindTerminatedAgent(rr, size);
                if (agent < 0) return null;
                SpecialAgents[agent] = true;
                mechanics = rr.Chance(0.6) ? HardRingKind.PhoneTakeover : HardRingKind.Representative;
                break;
            case HardRingKind.SmallRing:
                HardRingKind[] small = [HardRingKind.PhoneTakeover, HardRingKind.Representative, HardRingKind.TemplatedComplaints, HardRingKind.RotatingPhones];
                mechanics = small[rr.Next(small.Length)];
                break;
            case HardRingKind.TemplateReuse:
                mechanics = HardRingKind.TemplatedComplaints;
                break;
            case HardRingKind.SharedRepresentative:
                mechanics = HardRingKind.PhoneTakeover;
                break;
        }
        int cityIndex = agent >= 0 ? Pop.Agents[agent].City : Pop.Geography.City(rr);
        var city = ChineseData.Cities[cityIndex];
        var group = NewGroup("ring", KindName(kind), increment);
        var ring = new HardRing { Kind = kind, Group = group, Rng = rr, Size = size, City = cityIndex, Agent = agent, AgentClients = clients };
        ring.LocalShare = rr.Chance(0.4) ? Between(rr, 0.5, 0.9) : 0;
        for (int i = rr.Next(1, 4); i > 0; i--) ring.Phones.Add(Fake.Mobile(rr));
        for (int i = rr.Next(1, 4); i > 0; i--) ring.Accounts.Add((Fake.BankAccount(rr, out int bank), bank));
        ring.Office = Fake.OfficeAddress(rr, city);
        for (int i = rr.Next(1, 3); i > 0; i--) ring.Devices.Add(Fake.Device(rr));
        for (int i = rr.Next(1, 3); i > 0; i--) ring.Ips.Add(Fake.Ip(rr));
        var front = NewPerson(rr, city, Pop.Geography.Surname(rr));
        ring.Representatives.Add(front);
        // A second representative gives the same callback number: two people, one organisation.
        if (rr.Chance(0.3)) ring.Representatives.Add(NewPerson(rr, city, Pop.Geography.Surname(rr)) with { Phone = front.Phone });

        switch (mechanics)
        {
            case HardRingKind.PhoneTakeover:
                ring.PhoneShare = Between(rr, 0.7, 1);
                ring.Anchor = rr.Chance(0.7) ? RingAnchor.Phone : RingAnchor.Device;
                ring.PayoutShare = rr.Chance(0.6) ? Between(rr, 0.4, 0.95) : 0;
                break;
            case HardRingKind.RotatingPhones:
                ring.Rotating = true;
                ring.Phones.Clear();
                ring.PhoneShare = 1;
                ring.Anchor = rr.Chance(0.7) ? RingAnchor.Device : RingAnchor.Account;
                ring.DeviceShare = Between(rr, 0.5, 0.9);
                ring.PayoutShare = Between(rr, 0.6, 1);
                break;
            case HardRingKind.Representative:
                ring.Anchor = RingAnchor.Representative;
                ring.RepresentativeShare = Between(rr, 0.7, 1);
                ring.PayoutShare = rr.Chance(0.5) ? Between(rr, 0.3, 0.9) : 0;
                if (rr.Chance(0.3)) { ring.Phones.Clear(); ring.Phones.Add(front.Phone); ring.PhoneShare = Between(rr, 0.3, 0.8); }
                break;
            case HardRingKind.SlowRing:
                // Victims' addresses moved to one to three flats over a year or more, keyed from the ring's own phone,
                // or together with the victim's phone number.
                for (int i = rr.Next(1, 4); i > 0; i--) ring.Flats.Add(new Flat(rr, city));
                ring.AddressShare = 1;
                ring.Anchor = rr.Chance(0.6) ? RingAnchor.Device : RingAnchor.Phone;
                ring.PhoneShare = ring.Anchor == RingAnchor.Phone ? Between(rr, 0.6, 1) : rr.Chance(0.3) ? Between(rr, 0.2, 0.6) : 0;
                ring.PayoutShare = rr.Chance(0.5) ? Between(rr, 0.3, 0.8) : 0;
                ring.ComplaintShare = rr.Chance(0.3) ? Between(rr, 0.2, 0.5) : 0;
                break;
            default: // templated complaints
                ring.ComplaintShare = Between(rr, 0.6, 1);
                ring.Anchor = rr.Chance(0.6) ? RingAnchor.Phone : RingAnchor.Representative;
                if (ring.Anchor == RingAnchor.Representative) ring.RepresentativeShare = Between(rr, 0.5, 1);
                ring.PayoutShare = rr.Chance(0.5) ? Between(rr, 0.4, 0.9) : 0;
                ring.AddressShare = rr.Chance(0.4) ? Between(rr, 0.3, 0.9) : 0;
                break;
        }
        if (kind == HardRingKind.SharedRepresentative) ring.SharedRepresentativeShare = Between(rr, 0.3, 0.8);
        // Extra signals, each drawn on its own: rings leave different mixes of traces.
        if (ring.DeviceShare == 0 && rr.Chance(0.35)) ring.DeviceShare = Between(rr, 0.2, 0.8);
        if (ring.IpShare == 0 && rr.Chance(0.3)) ring.IpShare = Between(rr, 0.2, 0.8);
        if (ring.ComplaintShare == 0 && rr.Chance(0.2)) ring.ComplaintShare = Between(rr, 0.2, 0.6);
        if (ring.RepresentativeShare == 0 && kind != HardRingKind.SharedRepresentative && rr.Chance(0.15)) ring.RepresentativeShare = Between(rr, 0.2, 0.6);
        if (ring.PayoutShare > 0 && rr.Chance(0.25)) ring.AccountChangeShare = Between(rr, 0.2, 0.7);
        if (ring.AddressShare == 0 && rr.Chance(0.15)) ring.AddressShare = Between(rr, 0.2, 0.6);
        ring.CounterShare = rr.Chance(0.5) ? Between(rr, 0.05, 0.5) : 0;
        ring.SurrenderShare = kind == HardRingKind.SlowRing ? Between(rr, 0.5, 0.9) : Between(rr, 0.55, 1);
        if (ring.ComplaintShare > 0)
        {
            var source = kind == HardRingKind.TemplateReuse ? _rings.LastOrDefault(x => x.Template is not null && x.Kind != HardRingKind.TemplateReuse) : null;
            ring.Template = source?.Template ?? ComplaintTexts.RingTemplate(rr, ring.RepresentativeShare > 0 || ring.Anchor == RingAnchor.Representative);
        }

        ring.RecruitDays = kind == HardRingKind.SlowRing ? rr.Next(365, 541) : (int)LogBetween(rr, 7, 120);
        ring.GapMedianDays = kind == HardRingKind.SlowRing ? LogBetween(rr, 14, 150) : LogBetween(rr, 2, 120);
        var earliest = EventStart;
        if (agent >= 0 && Pop.Agents[agent].TerminatedAt!.Value.AddDays(30) > earliest) earliest = Pop.Agents[agent].TerminatedAt!.Value.AddDays(30);
        var latest = Population.AsOf.AddDays(-ring.RecruitDays - 30);
        ring.Start = latest > earliest ? earliest.AddDays(rr.Next((int)(latest - earliest).TotalDays)) : earliest;
        if (agent >= 0) group.AddController("agent", Pop.Agents[agent].Id);
        _rings.Add(ring);
        return ring;
    }

    private int PlantVictims(HardRing ring, EventBatch batch, int increment, DateTime periodEnd)
    {
        int planted = 0;
        for (int v = 0; v < ring.Size; v++)
        {
            int h = PickVictim(ring);
            if (h < 0) break;
            PlantVictim(ring, h, ring.Start.AddDays(ring.Rng.NextDouble() * ring.RecruitDays), periodEnd, batch, increment);
            planted++;
        }
        if (planted < 2) Truth.Groups.Remove(ring.Group);
        return planted;
    }

    /// <summary>A free holder: a terminated agent's former client, one from the ring's city, or anyone; surnames fall as they fall.</summary>
    private int PickVictim(HardRing ring)
    {
        var r = ring.Rng;
        for (int t = 0; t < 50; t++)
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
            else if (ring.LocalShare > 0 && r.Chance(ring.LocalShare))
            {
                h = -1;
                for (int k = 0; k < 400 && h < 0; k++)
                {
                    int x = r.Next(Pop.Holders);
                    if (Roles[x] == HolderRole.Free && Pop.CityOf(x) == ring.City) h = x;
                }
                if (h < 0) continue;
            }
            else h = r.Next(Pop.Holders);
            if (Roles[h] != HolderRole.Free) continue;
            Roles[h] = HolderRole.Ring;
            return h;
        }
        return -1;
    }

    /// <summary>
    /// One victim's path: some of the ring's takeovers (phone, address, payout account) at recruitment, perhaps a
    /// templated complaint, then perhaps a surrender days to months later. One row always carries the ring's anchor.
    /// </summary>
    private void PlantVictim(HardRing ring, int h, DateTime t0, DateTime periodEnd, EventBatch batch, int increment)
    {
        var r = RowRng();
        var f = Pop.Holder(h);
        var g = ring.Group;
        g.AddHolder(f.Id, increment);
        var p0 = Pop.Policy(h, 0, f);
        t0 = Fake.At(t0, r);
        if (t0 >= periodEnd) t0 = periodEnd.AddDays(-3);

        bool phone = ring.PhoneShare > 0 && r.Chance(ring.PhoneShare);
        bool address = ring.AddressShare > 0 && r.Chance(ring.AddressShare);
        bool account = ring.AccountChangeShare > 0 && r.Chance(ring.AccountChangeShare);
        bool complaint = ring.Template is not null && r.Chance(ring.ComplaintShare);
        var ts = Fake.At(t0.AddDays(Math.Max(1, ring.GapMedianDays * Math.Exp(r.Gaussian() * 0.5))), r);
        bool surrender = r.Chance(ring.SurrenderShare) && ts < periodEnd;
        var anchorRow = ring.Anchor switch
        {
            RingAnchor.Phone => phone && !ring.Rotating ? AnchorRow.PhoneChange : complaint ? AnchorRow.Complaint : AnchorRow.Surrender,
            RingAnchor.Device => phone ? AnchorRow.PhoneChange : address ? AnchorRow.AddressChange : account ? AnchorRow.AccountChange : AnchorRow.Surrender,
            RingAnchor.Representative => complaint ? AnchorRow.Complaint : AnchorRow.Surrender,
            _ => account ? AnchorRow.AccountChange : AnchorRow.Surrender,
        };
        if (anchorRow == AnchorRow.Surrender) surrender = true;
        if (ts >= periodEnd) ts = periodEnd.AddHours(-r.Next(1, 72));
        var last = t0;
        string? takenPhone = null;

        if (phone)
        {
            string value;
            if (ring.Rotating)
            {
                if (ring.RotatingLeft <= 0 || ring.RotatingPhone is null)
                {
                    ring.RotatingPhone = Fake.Mobile(ring.Rng);
                    ring.Phones.Add(ring.RotatingPhone);
                    ring.RotatingLeft = ring.Rng.Next(2, 5);
                }
                value = ring.RotatingPhone;
                ring.RotatingLeft--;
            }
            else value = anchorRow == AnchorRow.PhoneChange ? ring.Phones[0] : ring.Phones[r.Next(ring.Phones.Count)];
            takenPhone = value;
            g.AddController("phone", value);
            var (channel, ip, device) = RingAccess(ring, f, r, anchorRow == AnchorRow.PhoneChange);
            batch.Add(batch.Changes, t0, ChangeRow(f, p0.Id, "phone", r.Chance(0.85) ? Fake.FormatPhone(f.Phone, r) : null,
                Fake.FormatPhone(value, r), t0, channel, ip, device, r), false);
        }
        if (address)
        {
            var at = ring.Flats.Count > 0 ? t0 : Fake.At(t0.AddDays(r.Next(0, 4)), r);
            string written = ring.Flats.Count > 0 ? ring.Flats[r.Next(ring.Flats.Count)].Spell(r) : Fake.FormatAddress(ring.Office!, r);
            g.AddController("address", AddressNormalizer.Normalize(written).Value);
            var (channel, ip, device) = RingAccess(ring, f, r, anchorRow == AnchorRow.AddressChange);
            batch.Add(batch.Changes, at, ChangeRow(f, p0.Id, "address", r.Chance(0.8) ? Fake.FormatAddress(f.Address, r) : null,
                written, at, channel, ip, device, r), false);
            if (at > last) last = at;
        }
        string? ringAccount = null;
        if (account)
        {
            var at = Fake.At(t0.AddDays(r.Next(0, 6)), r);
            ringAccount = anchorRow == AnchorRow.AccountChange ? ring.Accounts[0].Account : ring.Accounts[r.Next(ring.Accounts.Count)].Account;
            g.AddController("bank_account", ringAccount);
            var (channel, ip, device) = RingAccess(ring, f, r, anchorRow == AnchorRow.AccountChange);
            batch.Add(batch.Changes, at, ChangeRow(f, p0.Id, "bank_account", r.Chance(0.7) ? Fake.FormatAccount(f.Account, r) : null,
                Fake.FormatAccount(ringAccount, r), at, channel, ip, device, r), false);
            if (at > last) last = at;
        }
        if (ts <= last) ts = last.AddHours(1 + r.Next(48));

        // The number the insurer calls back: the ring's for a phone-anchored ring, else the phone the victim was switched
        // to, else often the ring's first phone.
        string contactPhone = ring.Anchor == RingAnchor.Phone ? ring.Phones[0]
            : takenPhone ?? (ring.Phones.Count > 0 && r.Chance(0.5) ? ring.Phones[0] : f.Phone);
        RepresentativePerson? Representative(bool anchor)
        {
            if (anchor && ring.Anchor == RingAnchor.Representative) return ring.Representatives[0];
            if (ring.RepresentativeShare > 0 && r.Chance(ring.RepresentativeShare)) return ring.Representatives[r.Next(ring.Representatives.Count)];
            if (ring.SharedRepresentative is { } shared && r.Chance(ring.SharedRepresentativeShare)) return shared;
            return null;
        }
        string?[] RepFields(RepresentativePerson? rep, bool anchor)
        {
            if (rep is null) return [null, null, null];
            bool withId = anchor || r.Chance(0.9);
            AddRepresentative(g, rep, withId);
            return [rep.Name, withId ? Fake.FormatIdNumber(rep.IdNumber, r, false) : null, Fake.FormatPhone(rep.Phone, r)];
        }

        if (complaint)
        {
            var at = Fake.At(last.AddDays(Math.Max(1, (ts - last).TotalDays * Between(r, 0.2, 0.8))), r);
            if (at >= periodEnd) at = periodEnd.AddHours(-r.Next(1, 72));
            if (contactPhone != f.Phone) g.AddController("phone", contactPhone);
            string sender = ring.Flats.Count > 0 ? ring.Flats[r.Next(ring.Flats.Count)].Spell(r) : Fake.FormatAddress(ring.Office!, r);
            g.AddController("address", AddressNormalizer.Normalize(sender).Value);
            var rep = Representative(anchorRow == AnchorRow.Complaint);
            long refund = p0.PremiumCents * Math.Max(1, (at - p0.IssuedAt).Days / 365);
            var text = ComplaintTexts.RingLetter(ring.Template!, r, new ComplaintFill(f.Name, p0.Id, ChineseData.Products[p0.Product], p0.IssuedAt,
                ChineseData.Cities[f.City].Name, refund, Fake.FormatPhone(contactPhone, r), sender, (rep ?? ring.Representatives[0]).Name));
            var repFields = RepFields(rep, anchorRow == AnchorRow.Complaint);
            batch.Add(batch.Complaints, at, [null, p0.Id, f.Id, Fake.FormatTime(at, r), r.Next(10) < 8 ? "regulator" : "letter", Fake.FormatPhone(contactPhone, r),
                sender, repFields[0], repFields[1], repFields[2], ComplaintTexts.RingDemands[r.Next(ComplaintTexts.RingDemands.Length)], text], false);
        }

        if (!surrender) return;
        bool anchored = anchorRow == AnchorRow.Surrender;
        bool payToRing = (anchored && ring.Anchor == RingAnchor.Account) || ringAccount is not null || (ring.PayoutShare > 0 && r.Chance(ring.PayoutShare));
        string payout = !payToRing ? f.Account
            : anchored && ring.Anchor == RingAnchor.Account ? ring.Accounts[0].Account
            : ringAccount ?? ring.Accounts[r.Next(ring.Accounts.Count)].Account;
        var surrenderRep = Representative(anchored);
        int policies = r.Chance(0.7) ? Pop.PolicyCountOf(h) : 1;
        for (int k = 0; k < policies; k++)
        {
            var p = k == 0 ? p0 : Pop.Policy(h, k, f);
            var at = ts.AddMinutes(k * r.Next(1, 30));
            string channel;
            string? ip, device;
            if (anchored && ring.Anchor == RingAnchor.Device) (channel, ip, device) = RingAccess(ring, f, r, anchor: true);
            else if (surrenderRep is not null) { channel = r.Chance(0.6) ? "counter" : "mail"; (ip, device) = channel == "counter" ? Access(f, channel, r, increment, honest: false, out _) : (null, null); }
            else if (r.Chance(ring.CounterShare)) { channel = "counter"; (ip, device) = Access(f, channel, r, increment, honest: false, out _); }
            else (channel, ip, device) = RingAccess(ring, f, r, anchor: false);
            if (payToRing) g.AddController("bank_account", payout);
            if (contactPhone != f.Phone) g.AddController("phone", contactPhone);
            var repFields = RepFields(surrenderRep, anchored);
            string status = (periodEnd - at).TotalDays < 10 ? "pending" : r.Next(100) switch { < 85 => "paid", < 95 => "pending", _ => "rejected" };
            if (status == "paid") batch.SurrenderedPolicies.Add(p.Index);
            batch.Add(batch.Surrenders, at, [null, p.Id, f.Id, Fake.FormatTime(at, r), Fake.Money(Population.SurrenderValueCents(p, at, r), r),
                Fake.FormatPhone(contactPhone, r), Fake.FormatAccount(payout, r), ChineseData.Banks[BankOf(payout, f)].Name, repFields[0], repFields[1], repFields[2],
                channel, ip, device, status], false);
        }
    }

    /// <summary>
    /// How a ring keys a victim's request: from its own phone or tablet (the anchor row always), from the victim's
    /// phone on mobile data, or over the hotline.
    /// </summary>
    private (string Channel, string? Ip, string? Device) RingAccess(HardRing ring, HolderFacts f, Rng r, bool anchor)
    {
        bool ringDevice = anchor && ring.Anchor == RingAnchor.Device;
        if (!ringDevice && r.Chance(0.1)) return ("hotline", null, null);
        string channel = r.Chance(0.6) ? "app" : "online";
        string? device = ringDevice ? ring.Devices[0]
            : ring.DeviceShare > 0 && r.Chance(ring.DeviceShare) ? ring.Devices[r.Next(ring.Devices.Count)]
            : null;
        if (device is not null) ring.Group.AddController("device", device);
        else if (r.Chance(0.7)) device = OwnDevice(f.Index);
        string? ip;
        if (ring.IpShare > 0 && r.Chance(ring.IpShare))
        {
            ip = ring.Ips[r.Next(ring.Ips.Count)];
            ring.Group.AddController("ip", ip);
        }
        else ip = r.Chance(_p.NatShare) ? _infra.Nat(ring.City, r, out _) ?? OwnIp(f.Index) : OwnIp(f.Index);
        return (channel, ip, device is null ? null : Fake.FormatToken(device, r));
    }
}
