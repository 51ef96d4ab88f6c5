using System.Globalization;
using System.Text;

namespace Graph.Synthetic.Internal;

/// <summary>Values a complaint text is filled with.</summary>
internal sealed record ComplaintFill(string Name, string PolicyId, string Product, DateTime IssuedAt, string City, long AmountCents, string Phone, string Address, string Representative);

/// <summary>
/// Complaint letters. Honest ones are composed from many independent pieces so that no two read alike;
/// ring letters come from one ring-specific template (one choice per slot) with the victim's details filled in
/// and a few characters changed, inserted or dropped, so they are near-duplicates, not copies.
/// </summary>
internal static class ComplaintTexts
{
    private static readonly string[] HonestOpenings =
    [
        "本人{name}，{year}年在贵公司购买了{product}，保单号{policy}。",
        "我是贵公司客户{name}，保单号{policy}。",
        "{year}年经朋友介绍在{city}投保了{product}。",
        "投保人：{name}\n保单号：{policy}\n",
        "你好，我想反映一个问题。",
        "我在{city}买的{product}，",
        "",
        "",
    ];

    private static readonly string[] HonestIssues =
    [
        "当初业务员说这个产品保本，每年收益{rate}%，现在看年报才知道根本达不到。",
        "上个月申请的生存金到现在还没到账，打了{n}次客服电话都说在处理。",
        "我{month}月份提交的理赔材料，已经过去{n}天了，一直没有结果。",
        "续期保费被重复扣款了{amount}元，要求退回。",
        "我从来没有同意过自动续保，卡里的钱被扣了。",
        "客服电话太难打，转人工要等半个小时。",
        "业务员已经离职，保单没人管，想了解一下现金价值是多少。",
        "退保的时候才知道只能拿回{pct}%，当时签合同没人跟我讲过。",
        "手机号换了，app上改不了，去柜台又要排队。",
        "收到的保单上名字写错了一个字，要求更正。",
        "体检报告交上去一个多月了，核保还没出结果。",
        "分红通知书上的金额和去年说的差太多，希望给个解释。",
        "住院费用{amount}元只报销了一部分，理由说不清楚。",
        "孩子的教育金什么时候能领，没有人通知我。",
        "网点搬了也没有通知，我跑了两趟。",
        "年金领取账户想换成新卡，柜台说要本人到场，我在外地。",
        "App登录总是提示\"系统繁忙\"，交不了费。",
        "保单贷款利率比说好的高，问了几次都没人解释。",
    ];

    private static readonly string[] HonestDetails =
    [
        "我今年{age}岁了，腿脚不方便，",
        "家里老人住院急需用钱。",
        "这件事已经拖了很久了。",
        "我对\"高收益\"这种说法很反感。",
        "说实话，对你们的服务很失望。",
        "麻烦尽快回电，谢谢！",
        "工作人员态度还可以, 但是问题一直没解决。",
        "之前打过电话，接线员让我等通知，结果没有下文。",
        "我不懂这些条款，希望有人能当面讲清楚。",
        "同事买的同款产品就没这个问题。",
    ];

    private static readonly string[] HonestClosings =
    [
        "希望尽快处理。", "请给个明确答复。", "要求退还多扣的保费。", "如果还不解决我只能向银保监局反映了。", "谢谢。", "", "盼复！",
    ];

    public static readonly string[] HonestDemands = ["解释说明", "尽快理赔", "退还多扣保费", "更正信息", "退保", "改善服务", "尽快处理", "赔偿损失", ""];

    public static readonly string[] RingDemands = ["全额退保", "全额退还保费", "退还全部保费及利息", "解除合同全额退款"];

    private static readonly string[][] RingSlots =
    [
        [
            "投诉人{name}，保单号{policy}，于{date}投保贵司{product}。",
            "本人{name}（保单号：{policy}）现就{insurer}销售误导问题进行投诉。",
            "尊敬的监管部门领导：我是{name}，{date}购买了{insurer}的{product}，保单号为{policy}。",
            "我叫{name}，{date}在业务员的推销下购买了{product}，保单号{policy}。",
        ],
        [
            "业务员在销售时声称该产品为银行存款类理财，保本保息，随时可以全额支取，隐瞒了保险性质。",
            "销售人员夸大收益，承诺年化收益不低于6%，并称三年后可无损退保。",
            "业务员以高息理财为名诱导本人投保，对退保损失只字未提。",
            "销售人员利用本人不懂保险，将保险产品包装成储蓄产品销售，骗取本人签字。",
        ],
        [
            "投保时未进行录音录像，投保单上的签名也并非本人亲笔所签。",
            "业务员未告知犹豫期，也未解释现金价值表，严重侵犯了本人的知情权。",
            "合同中的风险提示语句是业务员代抄的，本人从未阅读过条款。",
            "健康告知部分由业务员代填，本人毫不知情，合同存在重大瑕疵。",
        ],
        [
            "根据《保险法》第十七条，保险人对免责条款未作提示和明确说明的，该条款不产生效力。",
            "上述行为违反了《保险法》第一百三十一条及《消费者权益保护法》相关规定。",
            "贵司的行为属于典型的销售误导，严重损害了金融消费者的合法权益。",
            "依据监管部门关于规范人身保险销售行为的通知，贵司应当承担全部责任。",
        ],
        [
            "现本人要求{insurer}全额退还已缴保费{amount}元，并赔偿资金占用期间的利息损失。",
            "请监管部门责令保险公司全额退保，退还全部保费{amount}元。",
            "本人强烈要求全额退保，否则将继续向有关部门投诉并诉诸法律。",
            "要求解除保险合同，全额退还保费{amount}元，不接受按现金价值退保。",
        ],
    ];

    /// <summary>Sentences a ring's writer adds of their own; with ring-level edits they keep two rings' templates apart.</summary>
    private static readonly string[] RingFlavours =
    [
        "本人年事已高，对金融产品并不了解。", "当时业务员多次上门，反复劝说。", "业务员称这是公司内部的限时优惠产品。",
        "本人家庭经济困难，这笔钱是全家的积蓄。", "事后本人多次联系业务员，对方均推脱不管。", "直到收到年度报告才发现被骗。",
        "同批购买的其他客户也有同样遭遇。", "本人从未收到过纸质合同。", "业务员称不签字就会损失之前的收益。",
        "投保过程只用了十分钟，没有任何讲解。", "本人曾向贵司客服反映，至今未获答复。", "相关聊天记录和录音本人均已保存。",
        "本人保留进一步追究的权利。", "望贵司本着诚信原则妥善处理。", "请在十五个工作日内书面答复。", "本人对处理结果将持续关注。",
    ];

    private static readonly string[] RingContactWithRep =
    [
        "本人已委托{rep}全权处理此事，联系电话：{phone}，来函请寄{addr}。",
        "联系人：{rep}，电话{phone}，地址：{addr}。",
    ];

    private static readonly string[] RingContact =
    [
        "联系电话：{phone}。",
        "如需核实请致电{phone}，书面回复请寄至{addr}。",
        "回复请寄：{addr}，电话{phone}。",
    ];

    private static readonly (string From, string To)[] Substitutions =
    [
        ("的", "地"), ("了", "啦"), ("本人", "我"), ("贵司", "贵公司"), ("全额", "全部"), ("，", ","), ("。", "！"),
        ("要求", "请求"), ("业务员", "销售员"), ("严重", "极大"), ("保费", "保险费"),
    ];

    private static readonly string[] Insertions = ["的", "，", "已", "都", "也", "现", "并"];

    public static string Honest(Rng r, ComplaintFill f)
    {
        var sb = new StringBuilder(160);
        sb.Append(HonestOpenings[r.Next(HonestOpenings.Length)]);
        int issues = r.Chance(0.35) ? 2 : 1;
        int first = r.Next(HonestIssues.Length);
        sb.Append(HonestIssues[first]);
        if (issues == 2) sb.Append(HonestIssues[(first + 1 + r.Next(HonestIssues.Length - 1)) % HonestIssues.Length]);
        int details = r.Next(3);
        for (int i = 0; i < details; i++)
        {
            if (r.Chance(0.12)) sb.Append('\n');
            sb.Append(HonestDetails[r.Next(HonestDetails.Length)]);
        }
        sb.Append(HonestClosings[r.Next(HonestClosings.Length)]);
        var text = Fill(sb.ToString(), r, f);
        return text.Length == 0 ? "问题见附件。" : text;
    }

    /// <summary>A ring's template: one sentence per slot, in the ring's order, with its contact line.</summary>
    public static string RingTemplate(Rng r, bool hasRepresentative)
    {
        var sb = new StringBuilder(300);
        int[] order = r.Chance(0.5) ? [0, 1, 2, 3, 4] : [0, 2, 1, 3, 4];
        foreach (int slot in order)
        {
            if (slot == 3 && r.Chance(0.25)) continue;
            sb.Append(RingSlots[slot][r.Next(RingSlots[slot].Length)]);
            if (slot == 2 && r.Chance(0.3)) sb.Append('\n');
        }
        int flavours = r.Next(1, 4);
        for (int i = 0; i < flavours; i++)
        {
            // Insert at a sentence boundary so the placeholders stay intact.
            var text = sb.ToString();
            int at = text.IndexOf('。', r.Next(text.Length));
            sb.Insert(at < 0 ? sb.Length : at + 1, RingFlavours[r.Next(RingFlavours.Length)]);
        }
        var contact = hasRepresentative && r.Chance(0.7) ? RingContactWithRep : RingContact;
        sb.Append(contact[r.Next(contact.Length)]);
        return Edit(sb, r, r.Next(5, 11));
    }

    /// <summary>One victim's copy of the ring template: details filled in, then 1–4 small edits.</summary>
    public static string RingLetter(string template, Rng r, ComplaintFill f)
    {
        return Edit(new StringBuilder(Fill(template, r, f)), r, r.Next(1, 5));
    }

    /// <summary>Small copy-typing changes: a synonym swapped, a character inserted or dropped. Placeholders and digits survive.</summary>
    private static string Edit(StringBuilder sb, Rng r, int edits)
    {
        for (int e = 0; e < edits; e++)
        {
            int k = r.Next(3);
            if (k == 0)
            {
                var (from, to) = Substitutions[r.Next(Substitutions.Length)];
                int at = sb.ToString().IndexOf(from, r.Next(Math.Max(1, sb.Length / 2)), StringComparison.Ordinal);
                if (at >= 0) sb.Remove(at, from.Length).Insert(at, to);
            }
            else if (k == 1)
            {
                int at = r.Next(sb.Length);
                if (!InsideToken(sb, at)) sb.Insert(at, Insertions[r.Next(Insertions.Length)]);
            }
            else if (sb.Length > 20)
            {
                int at = r.Next(sb.Length);
                if (!char.IsAsciiDigit(sb[at]) && !char.IsAsciiLetter(sb[at]) && sb[at] is not ('{' or '}')) sb.Remove(at, 1);
            }
        }
        return sb.ToString();
    }

    /// <summary>True when <paramref name="at"/> falls inside a placeholder or between two letters/digits (a number or id).</summary>
    private static bool InsideToken(StringBuilder sb, int at)
    {
        if (at > 0 && at < sb.Length && char.IsAsciiLetterOrDigit(sb[at - 1]) && char.IsAsciiLetterOrDigit(sb[at])) return true;
        for (int i = at - 1; i >= 0; i--)
        {
            if (sb[i] == '}') return false;
            if (sb[i] == '{') return true;
        }
        return false;
    }

    private static string Fill(string text, Rng r, ComplaintFill f)
    {
        if (text.IndexOf('{') < 0) return text;
        var ci = CultureInfo.InvariantCulture;
        return text
            .Replace("{name}", f.Name)
            .Replace("{policy}", f.PolicyId)
            .Replace("{product}", f.Product)
            .Replace("{year}", f.IssuedAt.Year.ToString(ci))
            .Replace("{date}", f.IssuedAt.ToString(r.Chance(0.5) ? "yyyy年M月d日" : "yyyy-MM-dd", ci))
            .Replace("{city}", f.City)
            .Replace("{amount}", (f.AmountCents / 100).ToString(ci))
            .Replace("{phone}", f.Phone)
            .Replace("{addr}", f.Address)
            .Replace("{rep}", f.Representative)
            .Replace("{insurer}", ChineseData.InsurerName)
            .Replace("{rate}", r.Next(4, 9).ToString(ci))
            .Replace("{pct}", r.Next(20, 70).ToString(ci))
            .Replace("{n}", r.Next(3, 40).ToString(ci))
            .Replace("{month}", r.Next(1, 13).ToString(ci))
            .Replace("{age}", r.Next(55, 80).ToString(ci));
    }
}
