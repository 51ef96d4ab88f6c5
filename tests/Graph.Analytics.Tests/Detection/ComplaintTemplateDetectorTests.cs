using System.Diagnostics;
using Graph.Analytics.Detection;

namespace Graph.Analytics.Tests.Detection;

public class ComplaintTemplateDetectorTests
{
    private const string Letter = "本人于二零一九年经业务员推销购买了贵公司的分红型保险，业务员承诺保本高收益随时可以全额退保，现发现严重误导销售，要求全额退还所交保费并赔偿利息损失，否则将向银保监会投诉。";

    private static string Random(Random rng, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = (char)(0x4E00 + rng.Next(5000));
        return new string(chars);
    }

    [Fact]
    public void Near_duplicate_letters_form_one_template_and_unrelated_texts_none()
    {
        var rng = new Random(1);
        var complaints = new List<ComplaintText>();
        // Five copies of one letter with names, dates and a few characters changed, punctuation and spaces varied.
        complaints.Add(new ComplaintText("C1", 0, Letter));
        complaints.Add(new ComplaintText("C2", 1, "我叫张伟，" + Letter.Replace("二零一九", "二零二零")));
        complaints.Add(new ComplaintText("C3", 2, Letter.Replace("，", " ").Replace("分红型", "万能型")));
        complaints.Add(new ComplaintText("C4", 3, Letter + "联系电话见附件。"));
        complaints.Add(new ComplaintText("C5", 4, Letter.Replace("银保监会", "金融监管总局")));
        for (int i = 0; i < 200; i++) complaints.Add(new ComplaintText("U" + i, 10 + i, Random(rng, 80)));
        var detector = new ComplaintTemplateDetector(complaints, new TemplateOptions(), seed: 7);
        detector.Run();

        var template = Assert.Single(detector.Templates);
        Assert.Equal([0, 1, 2, 3, 4], template.Complaints);
    }

    [Fact]
    public void Different_letters_on_the_same_subject_are_not_one_template()
    {
        var complaints = new List<ComplaintText>
        {
            new("C1", 0, Letter),
            new("C2", 1, "我母亲年纪大了，当年买保险时根本不知道是什么产品，现在家里急需用钱，希望公司能够按照合同退还现金价值，谢谢。"),
            new("C3", 2, "贵公司客服电话一直打不通，理赔申请提交三个月没有任何回复，我对服务非常不满意，请尽快处理我的理赔。"),
        };
        var detector = new ComplaintTemplateDetector(complaints, new TemplateOptions(), seed: 7);
        detector.Run();
        Assert.Empty(detector.Templates);
    }

    [Fact]
    public void Short_stock_phrases_are_not_templates()
    {
        var complaints = Enumerable.Range(0, 50).Select(i => new ComplaintText("C" + i, i, "要求全额退保！")).ToList();
        var detector = new ComplaintTemplateDetector(complaints, new TemplateOptions(), seed: 7);
        detector.Run();
        Assert.Empty(detector.Templates);
        Assert.Equal(0, detector.ComparedTexts);
    }

    [Fact]
    public void Same_seed_same_templates()
    {
        var rng = new Random(3);
        var complaints = new List<ComplaintText>();
        for (int i = 0; i < 300; i++)
            complaints.Add(new ComplaintText("C" + i, i, i % 3 == 0 ? Letter.Replace("二零一九", i.ToString()) : Random(rng, 100)));
        var a = new ComplaintTemplateDetector(complaints, new TemplateOptions(), 5);
        var b = new ComplaintTemplateDetector(complaints, new TemplateOptions(), 5);
        a.Run();
        b.Run();
        Assert.Equal(a.Templates.Select(t => string.Join(",", t.Complaints)), b.Templates.Select(t => string.Join(",", t.Complaints)));
        Assert.Equal(100, a.Templates.Sum(t => t.Complaints.Count));
    }

    [Fact]
    public void Thirty_thousand_complaints_take_seconds_not_minutes()
    {
        var rng = new Random(11);
        var complaints = new List<ComplaintText>(30_000);
        for (int i = 0; i < 30_000; i++)
            complaints.Add(new ComplaintText("C" + i, i, i % 50 == 0 ? Letter + i : Random(rng, 60 + rng.Next(120))));
        var sw = Stopwatch.StartNew();
        var detector = new ComplaintTemplateDetector(complaints, new TemplateOptions(), 1);
        detector.Run();
        sw.Stop();
        Assert.Equal(600, detector.Templates.Sum(t => t.Complaints.Count));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
    }
}
