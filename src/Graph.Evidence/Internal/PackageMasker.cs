using System.Text;
using System.Text.RegularExpressions;
using Graph.Core;

namespace Graph.Evidence.Internal;

/// <summary>
/// Decides how every personal value is spelled in a package: masked with <see cref="Mask"/> by default, as loaded
/// when the export is unmasked. Free text (complaint letters, demands, extra columns) is scrubbed too: the names,
/// addresses and phone numbers of the ring's own records are replaced by their masked forms, and any remaining run
/// of nine or more digits keeps only its first three and last four digits, so a number typed inside a letter
/// (<c>请联系138-1234-5678</c>) cannot leak.
/// </summary>
internal sealed partial class PackageMasker
{
    private readonly bool _masked;
    private readonly List<(string Value, string Masked)> _known = [];

    public PackageMasker(bool masked) => _masked = masked;

    public bool Masked => _masked;

    /// <summary>Registers the names, addresses and phones of the ring's records for scrubbing free text.</summary>
    public void Learn(Storage.HolderRecords records)
    {
        if (!_masked) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? value, Func<string?, string> mask)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length < 2 || !seen.Add(value)) return;
            _known.Add((value, mask(value)));
        }
        void AddN(Normalized n, Func<string?, string> mask) { Add(n.Raw, mask); Add(n.Value, mask); }
        void AddRep(Representative? r)
        {
            if (r is null) return;
            Add(r.Name, Mask.Name); AddN(r.IdNumber, Mask.IdNumber); AddN(r.Phone, Mask.Phone);
        }
        foreach (var h in records.Holders) { Add(h.Name, Mask.Name); AddN(h.IdNumber, Mask.IdNumber); AddN(h.Phone, Mask.Phone); AddN(h.Address, Mask.Address); }
        foreach (var a in records.Agents) { Add(a.Name, Mask.Name); AddN(a.IdNumber, Mask.IdNumber); AddN(a.Phone, Mask.Phone); }
        foreach (var c in records.ContactChanges)
        {
            Func<string?, string> mask = c.Field switch
            {
                ContactField.Phone => Mask.Phone,
                ContactField.BankAccount => Mask.Account,
                ContactField.Address => Mask.Address,
                ContactField.Email => Mask.EmailAddress,
                _ => Mask.Phone,
            };
            AddN(c.OldValue, mask); AddN(c.NewValue, mask);
        }
        foreach (var s in records.SurrenderRequests) { AddN(s.ContactPhone, Mask.Phone); AddN(s.PayoutAccount, Mask.Account); AddRep(s.Representative); }
        foreach (var c in records.Complaints) { AddN(c.ContactPhone, Mask.Phone); AddN(c.SenderAddress, Mask.Address); AddRep(c.Representative); }
        // Longest first, so an address is replaced before a name it contains.
        _known.Sort(static (a, b) => b.Value.Length.CompareTo(a.Value.Length));
    }

    public string Name(string? v) => _masked ? Mask.Name(v) : v ?? "";

    public string IdNumber(Normalized v) => _masked ? Mask.IdNumber(v.Value ?? v.Raw) : v.Raw ?? v.Value ?? "";

    public string Phone(Normalized v) => _masked ? Mask.Phone(v.Value ?? v.Raw) : v.Raw ?? v.Value ?? "";

    public string Account(Normalized v) => _masked ? Mask.Account(v.Value ?? v.Raw) : v.Raw ?? v.Value ?? "";

    public string Address(Normalized v) => _masked ? Mask.Address(v.Value ?? v.Raw) : v.Raw ?? v.Value ?? "";

    /// <summary>Device ids and IP addresses: masked like phones (first three and last four characters kept).</summary>
    public string Technical(Normalized v) => _masked ? Mask.Phone(v.Value ?? v.Raw) : v.Raw ?? v.Value ?? "";

    public string ContactValue(ContactField field, Normalized v) => field switch
    {
        ContactField.Phone => Phone(v),
        ContactField.BankAccount => Account(v),
        ContactField.Address => Address(v),
        ContactField.Email => _masked ? Mask.EmailAddress(v.Value ?? v.Raw) : v.Raw ?? v.Value ?? "",
        _ => FreeText(v.Raw ?? v.Value),
    };

    /// <summary>A ring member's entity id as the package shows it (holders and agents are record ids, kept).</summary>
    public string MemberId(RingMember m)
    {
        if (!_masked) return m.EntityId;
        return m.EntityType == "template" ? FreeText(m.EntityId) : Mask.Member(m.EntityType, m.EntityId) ?? FreeText(m.EntityId);
    }

    /// <summary>Free text with the ring's known personal values and every long digit run masked.</summary>
    public string FreeText(string? text)
    {
        if (string.IsNullOrEmpty(text) || !_masked) return text ?? "";
        var s = text;
        foreach (var (value, masked) in _known)
            if (s.Contains(value, StringComparison.Ordinal)) s = s.Replace(value, masked, StringComparison.Ordinal);
        return DigitRun().Replace(s, static m => MaskDigits(m.Value));
    }

    /// <summary>Keeps the first three and last four digits of a run, separators included, and stars the rest.</summary>
    private static string MaskDigits(string run)
    {
        int digits = 0;
        foreach (char c in run) if (char.IsAsciiDigit(c) || c is 'X' or 'x') digits++;
        var sb = new StringBuilder(run.Length);
        int i = 0;
        foreach (char c in run)
        {
            bool digit = char.IsAsciiDigit(c) || c is 'X' or 'x';
            if (!digit) { sb.Append(c); continue; }
            sb.Append(i < 3 || i >= digits - 4 ? c : '*');
            i++;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Nine or more digits, optionally separated by single spaces, dashes or dots, an id number's X last: phones
    /// with area code, mobiles, accounts, id numbers. Dates (eight digits) and record ids (a letter in front,
    /// <c>P000001056</c>) are left alone.
    /// </summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9](?:[ \-.]?[0-9]){8,}[Xx]?(?![0-9])")]
    private static partial Regex DigitRun();
}
