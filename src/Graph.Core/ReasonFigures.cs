using System.Globalization;
using System.Text;

namespace Graph.Core;

/// <summary>
/// How a reason's <see cref="RingReason.Observed"/>, <see cref="RingReason.Expected"/> and <see cref="RingReason.Chance"/>
/// are written for people: one number form for all three, in the evidence report and on the explorer's ring page (the
/// explorer's API sends these texts beside the numbers, so the two cannot drift apart).
/// </summary>
/// <remarks>
/// 100 and more: whole, with thousands separators (<c>1,204</c>); 0.1 to 100: at most two decimals (<c>12</c>,
/// <c>3.75</c>, <c>0.5</c>); 0.001 to 0.1: at most three or four decimals, about two significant digits (<c>0.08</c>,
/// <c>0.031</c>, <c>0.0012</c>); anything smaller, or 10¹⁵ and more: two significant digits times a power of ten
/// (<c>2.4×10⁻²⁵</c>), so a chance of one in ten to the 25th reads as such instead of rounding to 0. A missing
/// figure (a reason that is not a comparison with base rates) is <c>—</c>.
/// </remarks>
public static class ReasonFigures
{
    /// <summary>What a missing figure shows.</summary>
    public const string Missing = "—";

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>The figure as shown, or <see cref="Missing"/> when null or not a finite number.</summary>
    public static string Format(double? figure)
    {
        if (figure is not { } x || !double.IsFinite(x)) return Missing;
        if (x == 0) return "0";
        double a = Math.Abs(x);
        if (a >= 1e15 || a < 1e-3) return Scientific(x);
        if (a >= 100) return x.ToString("#,0", Ci);
        if (a >= 0.1) return x.ToString("0.##", Ci);
        if (a >= 0.01) return x.ToString("0.###", Ci);
        return x.ToString("0.####", Ci);
    }

    /// <summary><c>2.4×10⁻²⁵</c>; a mantissa of exactly one digit drops its <c>.0</c> (<c>1×10⁻⁴</c>).</summary>
    private static string Scientific(double x)
    {
        var text = x.ToString("0.0E+0", Ci); // "2.4E-25", "-1.0E+20"
        int e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = text[..e];
        if (mantissa.EndsWith(".0", StringComparison.Ordinal)) mantissa = mantissa[..^2];
        int exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Ci);
        var sb = new StringBuilder(mantissa).Append("×10");
        foreach (char c in exponent.ToString(Ci)) sb.Append(c == '-' ? '⁻' : Superscript[c - '0']);
        return sb.ToString();
    }

    private const string Superscript = "⁰¹²³⁴⁵⁶⁷⁸⁹";
}
