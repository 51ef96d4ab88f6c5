using Graph.Analytics.Detection;
using Graph.Core;
using Graph.Evaluation;
using Graph.Storage;
using Graph.Synthetic;

namespace Graph.Analytics.Tests.Detection;

/// <summary>
/// A small random insurer for detection tests: background holders with their own phones and addresses,
/// random surrenders, complaints and contact changes; families; a hotline; and whatever rings a test plants.
/// </summary>
internal sealed class TestWorld
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红";
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "成都", "重庆", "武汉", "西安", "南京", "杭州", "天津", "苏州", "郑州", "长沙", "沈阳", "青岛", "济南", "合肥", "福州", "昆明"];

    public SnapshotBuilder Builder { get; } = new();
    public Random Rng { get; }
    public List<string> HolderIds { get; } = [];
    public Dictionary<string, (char Surname, string City)> Info { get; } = new();
    public List<TruthGroup> Truth { get; } = [];
    private int _phone;
    private int _next;

    public TestWorld(int holders, int seed, double families = 0.05)
    {
        Rng = new Random(seed);
        for (int a = 0; a < 200; a++) Builder.Agent(AgentId(a), a % 20 == 0 ? AgentStatus.Terminated : AgentStatus.Active);
        for (int i = 0; i < holders; i++)
        {
            var id = NewHolder();
            if (Rng.NextDouble() < families)
            {
                // A family: same surname, city, home phone and address; nobody switches to anything.
                var (surname, city) = Info[id];
                string phone = NextPhone(), address = city + "家庭住址" + (++_next);
                int size = 1 + Rng.Next(3);
                var members = new List<string> { id };
                Builder.Link(id, ContactKind.Phone, phone, EvidenceKind.RegisteredPhone, RecordKind.Policyholder, id, 1);
                Builder.Link(id, ContactKind.Address, address, EvidenceKind.RegisteredAddress, RecordKind.Policyholder, id, 1);
                for (int m = 0; m < size; m++)
                {
                    var fid = NewHolder(surname, city, phone, address);
                    members.Add(fid);
                    i++;
                }
                if (Rng.NextDouble() < 0.5)
                    foreach (var m in members) Builder.Surrender(m, 400 + Rng.Next(10), contactPhone: phone);
                Truth.Add(Group("F" + _next, false, "family", members, ("phone", phone)));
            }
        }
        foreach (var id in HolderIds.ToList())
        {
            double r = Rng.NextDouble();
            if (r < 0.08) Builder.Surrender(id, Rng.Next(1000));
            else if (r < 0.12) Builder.ChangePhone(id, NextPhone(), Rng.Next(1000));
            else if (r < 0.14) Builder.Complain(id, Rng.Next(1000), RandomText(60));
        }
    }

    public static string AgentId(int a) => "A-" + a.ToString("D4");

    public string NextPhone() => "139" + (++_phone).ToString("D8");

    public string NewHolder(char? surname = null, string? city = null, string? phone = null, string? address = null)
    {
        string id = "H" + (HolderIds.Count + 1).ToString("D7");
        char s = surname ?? Surnames[Rng.Next(Surnames.Length)];
        string c = city ?? Cities[Rng.Next(Cities.Length)];
        string name = s.ToString() + Given[Rng.Next(Given.Length)] + Given[Rng.Next(Given.Length)];
        Builder.Holder(id, name, c, Rng.Next(1000), phone ?? NextPhone(), address ?? c + "路" + Rng.Next(100000) + "号", AgentId(Rng.Next(200)));
        HolderIds.Add(id);
        Info[id] = (s, c);
        return id;
    }

    public string RandomText(int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = (char)(0x4E00 + Rng.Next(3000));
        return new string(chars);
    }

    /// <summary>Random distinct background holders (not already in a planted group).</summary>
    public List<string> Pick(int count)
    {
        var used = Truth.SelectMany(t => t.Holders).ToHashSet();
        var result = new List<string>();
        while (result.Count < count)
        {
            var id = HolderIds[Rng.Next(HolderIds.Count)];
            if (!used.Contains(id) && !result.Contains(id)) result.Add(id);
        }
        return result;
    }

    /// <summary>A phone-takeover ring: victims' phones changed to a few ring phones from one device, then surrenders paid to one account.</summary>
    public TruthGroup PhoneTakeoverRing(int victims, double startDay, int phones = 2)
    {
        var members = Pick(victims);
        var ringPhones = Enumerable.Range(0, phones).Select(_ => NextPhone()).ToList();
        string device = "dev-" + (++_next), account = "62220000" + (++_next).ToString("D8");
        int k = 0;
        foreach (var h in members)
        {
            double day = startDay + Rng.Next(20);
            Builder.ChangePhone(h, ringPhones[k++ % phones], day, device);
            Builder.Surrender(h, day + 5 + Rng.Next(30), payout: account);
        }
        var g = Group("T-" + (Truth.Count + 1).ToString("D4"), true, "phone_takeover", members, [.. ringPhones.Select(p => ("phone", p))]);
        Truth.Add(g);
        return g;
    }

    /// <summary>A representative ring: one representative files everyone's surrender, no contact changes.</summary>
    public TruthGroup RepresentativeRing(int victims, double startDay)
    {
        var members = Pick(victims);
        string rep = "11010519800101" + (++_next).ToString("D4");
        foreach (var h in members) Builder.Surrender(h, startDay + Rng.Next(30), representative: rep);
        var g = Group("T-" + (Truth.Count + 1).ToString("D4"), true, "representative", members, ("representative", rep));
        Truth.Add(g);
        return g;
    }

    /// <summary>The hotline typed in as surrender contact phone by clerks, at random dates for random holders.</summary>
    public string Hotline(int holders, IEnumerable<string>? alsoFor = null)
    {
        const string hotline = "02188886666";
        var who = Pick(holders);
        if (alsoFor is not null) who.AddRange(alsoFor);
        foreach (var h in who) Builder.Surrender(h, Rng.Next(1000), contactPhone: hotline);
        return hotline;
    }

    public GraphSnapshot Build() => Builder.Build();

    public TruthFile TruthFile()
    {
        var file = new TruthFile { Seed = 0, Holders = HolderIds.Count };
        file.Groups.AddRange(Truth);
        return file;
    }

    /// <summary>A planted group in the generator's truth schema.</summary>
    private static TruthGroup Group(string id, bool ring, string kind, List<string> holders, params (string Type, string Value)[] controllers)
    {
        var g = new TruthGroup { GroupId = id, Type = ring ? "ring" : "decoy", Kind = kind };
        g.Holders.AddRange(holders);
        foreach (var (type, value) in controllers) g.Controllers.Add(new TruthController { Type = type, Value = value });
        return g;
    }
}
