using Graph.Core;

namespace Graph.Synthetic.Internal;

/// <summary>The hard profile's look-alikes: honest groups that share a value and act together, each a decoy group.</summary>
internal sealed partial class HardScenario
{
    /// <summary>
    /// Families (2–6 people registered together at one home address, often one home phone) who surrender together
    /// within days: sometimes all paid to one member's account, sometimes with a relative as representative.
    /// </summary>
    private void PlantFamilies(Rng r, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int size = r.Next(100) switch { < 35 => 2, < 65 => 3, < 85 => 4, < 95 => 5, _ => 6 };
            int start = FindFreeRun(r, size);
            if (start < 0) continue;
            var head = Pop.Holder(start);
            var city = ChineseData.Cities[head.City];
            string? homePhone = r.Chance(0.6) ? (r.Chance(0.5) ? Fake.Landline(r, city) : head.Phone) : null;
            var g = NewGroup("decoy", "family_surrender", 0);
            for (int k = 0; k < size; k++)
            {
                int h = start + k;
                Roles[h] = HolderRole.Family;
                Pop.Override(h, new HolderOverride
                {
                    Surname = k == 1 ? null : head.Surname, // the spouse keeps their own surname
                    City = head.City,
                    Phone = homePhone,
                    Address = head.Address,
                    CreatedAt = head.CreatedAt.AddDays(r.Next(0, 4)).AddMinutes(r.Next(0, 600)),
                });
                g.AddHolder(Population.HolderId(h));
            }
            g.AddController("address", AddressNormalizer.Normalize(head.Address).Value);
            if (homePhone is not null) g.AddController("phone", homePhone);

            // Some day after every member's policy was issued, within the event period.
            var earliest = EventStart;
            for (int k = 0; k < size; k++)
                if (Pop.Policy(start + k, 0).IssuedAt.AddDays(60) > earliest) earliest = Pop.Policy(start + k, 0).IssuedAt.AddDays(60);
            var day = earliest.Date.AddDays(r.Next(Math.Max(1, (int)(Population.AsOf.AddDays(-10) - earliest).TotalDays)));
            string channel = r.Next(10) switch { < 5 => "counter", < 8 => "app", _ => "agent" };
            string? oneAccount = r.Chance(_p.FamilyOneAccount) ? head.Account : null;
            var relative = r.Chance(_p.FamilyRelativeRepresentative) ? NewPerson(r, city, head.Surname) : null;
            if (oneAccount is not null) g.AddController("bank_account", oneAccount);
            if (relative is not null) AddRepresentative(g, relative, withId: true);
            int surrendered = 0;
            for (int k = 0; k < size; k++)
            {
                if (surrendered >= 2 && r.Chance(0.15)) continue;
                surrendered++;
                var f = Pop.Holder(start + k);
                var rr = RowRng();
                var at = Fake.At(day.AddDays(rr.Next(0, 6)), rr);
                var p = Pop.Policy(f.Index, 0, f);
                HonestSurrender(Base, f, p, at, channel, rr, 0, new SurrenderDetails(homePhone, oneAccount, relative), maySpoil: false);
            }
        }
    }

    /// <summary>
    /// Colleagues sold group policies at their workplace: company phone and address registered at purchase, issued
    /// together through one agent; often they later surrender together, an HR clerk acting as their representative.
    /// </summary>
    private void PlantEmployers(Rng r, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int size = Math.Min(r.Next(15, 201), Math.Max(15, Pop.Holders / 40));
            int start = FindFreeRun(r, size);
            if (start < 0) continue;
            int cityIndex = Pop.Geography.City(r);
            var city = ChineseData.Cities[cityIndex];
            int agent = PickActiveAgent(r, cityIndex);
            if (agent < 0) continue;
            SpecialAgents[agent] = true;
            string office = Fake.OfficeAddress(r, city);
            string companyPhone = Fake.Landline(r, city);
            var day = Pop.CreatedAtOf(start).Date;
            var g = NewGroup("decoy", "employer_group", 0);
            for (int k = 0; k < size; k++)
            {
                int h = start + k;
                Roles[h] = HolderRole.Employer;
                Pop.Override(h, new HolderOverride
                {
                    City = cityIndex,
                    Phone = r.Chance(0.7) ? companyPhone : null,
                    Address = r.Chance(0.85) ? office : null,
                    Agent = agent,
                    CreatedAt = Fake.At(day.AddDays(r.Next(0, 3)), r),
                });
                g.AddHolder(Population.HolderId(h));
            }
            g.AddController("phone", companyPhone);
            g.AddController("address", AddressNormalizer.Normalize(office).Value);
            g.AddController("agent", Pop.Agents[agent].Id);
            if (!r.Chance(_p.EmployerSurrenders)) continue;

            // The employer changes insurer: most colleagues cash out within three weeks, the clerk doing the paperwork.
            var clerk = new RepresentativePerson(Fake.Name(r, Pop.Geography.Surname(r), r.Chance(0.3)),
                Fake.IdNumber18(r, city, new DateTime(1975, 1, 1).AddDays(r.Next(0, 365 * 25)), r.Chance(0.3)),
                r.Chance(0.5) ? companyPhone : Fake.Mobile(r));
            bool clerkActs = r.Chance(_p.EmployerClerkRepresentative);
            if (clerkActs) AddRepresentative(g, clerk, withId: true);
            double share = 0.5 + r.NextDouble() * 0.5;
            var wave = day.AddDays(400 + r.Next(0, 300));
            if (wave < EventStart) wave = EventStart.AddDays(r.Next(0, 500));
            if (wave > Population.AsOf.AddDays(-30)) wave = Population.AsOf.AddDays(-30 - r.Next(0, 200));
            for (int k = 0; k < size; k++)
            {
                if (!r.Chance(share)) continue;
                var f = Pop.Holder(start + k);
                var rr = RowRng();
                var at = Fake.At(wave.AddDays(rr.Next(0, 21)), rr);
                var p = Pop.Policy(f.Index, 0, f);
                if (at < p.IssuedAt) at = p.IssuedAt.AddDays(rr.Next(30, 200));
                if (at >= Population.AsOf) at = Population.AsOf.AddHours(-rr.Next(1, 200));
                string channel = rr.Next(10) switch { < 4 => "counter", < 7 => "mail", _ => "agent" };
                var details = new SurrenderDetails(rr.Chance(0.6) ? companyPhone : null, null, clerkActs && rr.Chance(0.85) ? clerk : null);
                HonestSurrender(Base, f, p, at, channel, rr, 0, details, maySpoil: false);
            }
        }
    }

    /// <summary>
    /// An honest agent who types their own mobile as the contact phone on clients' surrender forms (the client
    /// "has no phone handy"): one phone on many unrelated holders' requests, spread over the whole period.
    /// </summary>
    private void PlantHonestAgents(Rng r, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int cityIndex = Pop.Geography.City(r);
            int agent = PickActiveAgent(r, cityIndex);
            if (agent < 0) continue;
            SpecialAgents[agent] = true;
            var facts = Pop.Agents[agent];
            var g = NewGroup("decoy", "honest_agent", 0);
            int clients = r.Next(15, 61);
            for (int c = 0; c < clients; c++)
            {
                int h = -1;
                for (int t = 0; t < 50 && h < 0; t++)
                {
                    int x = r.Next(Pop.Holders);
                    if (Roles[x] == HolderRole.Free && Pop.CreatedAtOf(x) > facts.HiredAt.AddDays(30)) h = x;
                }
                if (h < 0) break;
                Roles[h] = HolderRole.HonestAgentClient;
                Pop.Override(h, new HolderOverride { City = facts.City, Agent = agent });
                var f = Pop.Holder(h);
                var rr = RowRng();
                var p = Pop.Policy(h, 0, f);
                var at = SurrenderTime(rr, EventStart, (Population.AsOf - EventStart).TotalDays);
                if (at < p.IssuedAt) at = p.IssuedAt.AddDays(rr.Next(30, 400));
                if (at >= Population.AsOf) at = Population.AsOf.AddHours(-rr.Next(1, 200));
                bool ownPhone = rr.Chance(_p.HonestAgentOwnPhone);
                HonestSurrender(Base, f, p, at, "agent", rr, 0, new SurrenderDetails(ownPhone ? facts.Phone : null), maySpoil: false);
                if (ownPhone) g.AddHolder(f.Id);
            }
            g.AddController("phone", facts.Phone);
            g.AddController("agent", facts.Id);
            if (g.Holders.Count < 2) Truth.Groups.Remove(g);
        }
    }

    /// <summary>
    /// A crediting-rate cut on one savings product: its holders leave over the next weeks, each on their own, through
    /// whatever channel they use, counters included.
    /// </summary>
    private void PlantSurrenderWave(Rng r, int count)
    {
        int[] savings = [0, 2, 5, 7, 8];
        int product = savings[r.Next(savings.Length)];
        var g = NewGroup("decoy", "mass_surrender", 0);
        for (int i = 0; i < count; i++)
        {
            int h = -1, policy = 0;
            for (int t = 0; t < 30 && h < 0; t++)
            {
                int c = PickFree(r);
                if (c < 0) continue;
                for (int k = 0; k < Pop.PolicyCountOf(c) && h < 0; k++)
                    if (Pop.Policy(c, k).Product == product) { h = c; policy = k; }
            }
            if (h < 0) continue;
            var f = Pop.Holder(h);
            var rr = RowRng();
            var p = Pop.Policy(h, policy, f);
            var at = Fake.At(_p.RateCut.AddDays(2 + Math.Min(40, -Math.Log(1 - rr.NextDouble()) * 8)), rr);
            if (at < p.IssuedAt) continue;
            Roles[h] = HolderRole.MassSurrender;
            string channel = HardChannels.Surrender[rr.PickWeighted(_p.SurrenderChannels)];
            HonestSurrender(Base, f, p, at, channel, rr, 0, default, maySpoil: false);
            g.AddHolder(f.Id);
        }
    }
}
