using Graph.Analytics.Detection.Internal;
using System.Globalization;
using Graph.Core;

namespace Graph.Analytics.Detection.Scoring.Reasons;

/// <summary>
/// Households of the ring meet on the ring's values through one channel (switched to them, paid out to them,
/// represented by them, ...). At this insurer a household shares a value of that channel with another household
/// with probability ρ (<see cref="Baseline.Collision"/>); the chance that k of the ring's n households do is the
/// binomial tail. Families and colleagues count once (households), so they cannot make a ring of themselves.
/// </summary>
internal abstract class SharedValueReason(ReasonCode code, EvidenceGroup channel, ReasonFamily family = ReasonFamily.Control) : IRingReason
{
    public ReasonCode Code => code;

    public ReasonFamily Family => family;

    public ReasonFinding? Measure(RingFacts ring)
    {
        var facts = ring.Channels[(int)channel];
        int k = facts.Households.Count, n = ring.Households;
        if (k < 2) return null;
        double rate = ring.Baseline.Collision[(int)channel];
        double decades = -Chance.BinomialTailLog10(n, k, rate);
        string what = Describe(k, facts.Controllers.Count, facts.Records.Count, ring.KindOf(facts));
        return new ReasonFinding(what, k, n * rate, decades, facts.Records);
    }

    /// <summary>The sentence: <paramref name="households"/> households, <paramref name="values"/> values, <paramref name="records"/> records.</summary>
    protected abstract string Describe(int households, int values, int records, ContactKind? kind);

    protected static string Count(int n, string one, string many) =>
        n == 1 ? one : n.ToString(CultureInfo.InvariantCulture) + " " + many;

    protected static (string Field, string Values) FieldAndValues(int values, ContactKind? kind) => kind switch
    {
        ContactKind.Phone => ("phone", Count(values, "one number", "numbers")),
        ContactKind.BankAccount => ("bank account", Count(values, "one account", "accounts")),
        ContactKind.Address => ("address", Count(values, "one address", "addresses")),
        ContactKind.Email => ("e-mail", Count(values, "one e-mail address", "e-mail addresses")),
        _ => ("contact details", Count(values, "one shared value", "shared values")),
    };
}

/// <summary><c>CONVERGENCE</c>: households switched to the ring's values by contact changes.</summary>
internal sealed class SwitchedToSharedValues() : SharedValueReason(ReasonCode.Convergence, EvidenceGroup.ContactChange)
{
    protected override string Describe(int households, int values, int records, ContactKind? kind)
    {
        var (field, what) = FieldAndValues(values, kind);
        return string.Create(CultureInfo.InvariantCulture, $"{households} unrelated households changed their {field} to {what}");
    }
}

/// <summary><c>SHARED_PAYOUT_ACCOUNT</c>: surrender payouts of several households to the ring's accounts.</summary>
internal sealed class PaidToSharedAccounts() : SharedValueReason(ReasonCode.SharedPayoutAccount, EvidenceGroup.Payout, ReasonFamily.Both)
{
    protected override string Describe(int households, int values, int records, ContactKind? kind) =>
        string.Create(CultureInfo.InvariantCulture, $"payouts of {households} households to {Count(values, "one account", "accounts")}");
}

/// <summary><c>SHARED_REPRESENTATIVE</c>: one representative (or their phone) acting for several households.</summary>
internal sealed class SharedRepresentatives() : SharedValueReason(ReasonCode.SharedRepresentative, EvidenceGroup.Representative, ReasonFamily.Both)
{
    protected override string Describe(int households, int values, int records, ContactKind? kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{Count(values, "one representative", "representatives or their phones")} on {records} surrender requests and complaints of {households} households");
}

/// <summary><c>SHARED_DEVICE_OR_IP</c>: changes or surrenders of several households from the ring's devices or IPs.</summary>
internal sealed class SharedDevices() : SharedValueReason(ReasonCode.SharedDeviceOrIp, EvidenceGroup.DeviceOrIp)
{
    protected override string Describe(int households, int values, int records, ContactKind? kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{households} households acted from {Count(values, "one device or IP address", "devices or IP addresses")} ({records} records)");
}

/// <summary><c>SHARED_CONTACT</c>: the ring's phone or address written as contact on several households' surrenders and complaints.</summary>
internal sealed class SharedContactOnForms() : SharedValueReason(ReasonCode.SharedContact, EvidenceGroup.ContactOnRequest)
{
    protected override string Describe(int households, int values, int records, ContactKind? kind)
    {
        var (_, what) = FieldAndValues(values, kind);
        return string.Create(CultureInfo.InvariantCulture, $"{households} households gave {what} as contact on {records} surrender requests and complaints");
    }
}

/// <summary><c>TEMPLATED_COMPLAINTS</c>: near-identical complaint letters from several households.</summary>
internal sealed class TemplatedComplaints() : SharedValueReason(ReasonCode.TemplatedComplaints, EvidenceGroup.Template, ReasonFamily.Both)
{
    protected override string Describe(int households, int values, int records, ContactKind? kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{records} near-identical complaints from {households} households ({Count(values, "one template", "templates")})");
}
