namespace Graph.Core.Tests;

public class FoldedTextTests
{
    [Fact]
    public void Plain_text_is_its_own_fold()
    {
        var f = FoldedText.Of("请回电13812345678");
        Assert.Same(f.Source, f.Text);
        Assert.Equal((3, 11), f.SourceSpan(3, 11));
    }

    [Fact]
    public void Full_width_and_mathematical_digits_fold_to_ascii_and_invisible_characters_drop()
    {
        var source = "电话１３８\u200B１２３４\u202E𝟓𝟔𝟕𝟖。";
        var f = FoldedText.Of(source);
        Assert.Equal("电话13812345678。", f.Text);
        // The eleven folded digits came from everything between 话 and 。, the invisible characters and surrogate pairs included.
        var (start, length) = f.SourceSpan(2, 11);
        Assert.Equal(source.IndexOf('１'), start);
        Assert.Equal(source.IndexOf('。') - start, length);
    }

    [Fact]
    public void Tabs_and_line_breaks_stay_other_controls_drop()
    {
        Assert.Equal("a\tb\nc\r\nd", FoldedText.Of("a\tb\nc\r\n\0d").Text);
    }
}
