using Graph.Core;

namespace Graph.Core.Tests;

public class ReasonFiguresTests
{
    [Theory]
    [InlineData(null, "—")]
    [InlineData(double.NaN, "—")]
    [InlineData(0.0, "0")]
    [InlineData(12.0, "12")]
    [InlineData(3.75, "3.75")]
    [InlineData(1.0, "1")]
    [InlineData(99.994, "99.99")]
    [InlineData(1204.4, "1,204")]
    [InlineData(0.08, "0.08")]
    [InlineData(0.0312, "0.031")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.999, "1")]
    [InlineData(0.125, "0.13")]
    [InlineData(0.0995, "0.1")]
    [InlineData(0.00123, "0.0012")]
    [InlineData(0.001, "0.001")]
    [InlineData(2.4e-25, "2.4×10⁻²⁵")]
    [InlineData(0.00099996, "1×10⁻³")]
    [InlineData(1e-300, "1×10⁻³⁰⁰")]
    [InlineData(3e15, "3×10¹⁵")]
    [InlineData(-0.25, "-0.25")]
    public void Figures_are_written_in_one_readable_form(double? figure, string shown) =>
        Assert.Equal(shown, ReasonFigures.Format(figure));
}
