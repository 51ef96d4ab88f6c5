using System.Text;
using System.Text.RegularExpressions;
using Graph.Core;
using Graph.Storage;

namespace Graph.Evidence;

/// <summary>
/// How a record's personal values are spelled wherever records leave the engine (evidence packages, the explorer's
/// pages): masked with <see cref="Mask"/> unless the output is an audited unmask. Free text (complaint letters,
/// demands, extra columns) is scrubbed too: the names, addresses and numbers of the records being shown are replaced by
/// their masked forms, and any remaining run of nine or more digits keeps only its first three and last four, so a
/// number typed inside a letter (<c>请联系138-1234-5678</c>) cannot leak. Values absent from a record stay null.
/// </summary>
public sealed partial class RecordMasker
{
    private readonly List<(string Value, string Masked)> _known = []; // values folded (FoldedText), longest first

    private RecordMasker(bool masked) => Masked = masked;

    /// <summary>False for an unmasker: every value as loaded.</summary>
    public bool Masked { get; }

    /// <summary>Shows every value as loaded (an audited unmask or unmasked export only).</summary>
    public static RecordMasker Unmasked() => new(false);

    /// <summary>A masker that knows the personal values of <paramref name="records"/> (to scrub them out of free text).</summary>
    public static RecordMasker For(HolderRecords records, IEnumerable<Agent>? moreAgents = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var m = new RecordMasker(true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? value, Func<string?, string> mask)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            var folded = FoldedText.Of(value).Text;
            if (folded.Trim().Length < 2 || !seen.Add(folded)) return;
            m._known.Add((folded, mask(folded)));
        }
        void AddN(Normalized n, Func<string?, string> mask) { Add(n.Raw, mask); Add(n.Value, mask); }
        void AddRep(Representative? r)
        {
            if (r is null) return;
            Add(r.Name, Mask.Name); AddN(r.IdNumber, Mask.IdNumber); AddN(r.Phone, Mask.Phone);
        }
        foreach (var h in records.Holders) { Add(h.Name, Mask.Name); AddN(h.IdNumber, Mask.IdNumber); AddN(h.Phone, Mask.Phone); AddN(h.Address, Mask.Address); }
        foreach (var a in records.Agents.Concat(moreAgents ?? [])) { Add(a.Name, Mask.Name); AddN(a.IdNumber, Mask.IdNumber); AddN(a.Phone, Mask.Phone); }
        foreach (var c in records.ContactChanges)
        {
            Func<string?, string> mask = c.Field switch
            {
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
        m._known.Sort(static (a, b) => b.Value.Length.CompareTo(a.Value.Length));
        return m;
    }

    /// <summary>A person's name (holder, agent, representative).</summary>
    public string? Name(string? v) => v is null ? null : Masked ? Mask.Name(v) : v;

    /// <summary>An id number (resident id, passport).</summary>
    public string? IdNumber(Normalized v) => Pick(v, Mask.IdNumber);

    /// <summary>A phone number.</summary>
    public string? Phone(Normalized v) => Pick(v, Mask.Phone);

    /// <summary>A bank account number.</summary>
    public string? Account(Normalized v) => Pick(v, Mask.Account);

    /// <summary>A postal address (kept up to the district when masked).</summary>
    public string? Address(Normalized v) => Pick(v, Mask.Address);

    /// <summary>Device ids and IP addresses, masked like phones.</summary>
    public string? Technical(Normalized v) => Pick(v, Mask.Phone);

    /// <summary>The old or new value of a contact change, masked as its field's kind.</summary>
    public string? ContactValue(ContactField field, Normalized v) => field switch
    {
        ContactField.Phone => Phone(v),
        ContactField.BankAccount => Account(v),
        ContactField.Address => Address(v),
        ContactField.Email => Pick(v, Mask.EmailAddress),
        _ => FreeText(v.Raw ?? v.Value),
    };

    /// <summary>A contact point's normalized value as shown.</summary>
    public string ContactPoint(ContactPointKey point) => Masked ? Mask.ContactValue(point.Kind, point.Value) : point.Value;

    /// <summary>
    /// Free text with the known personal values and every long digit run masked (as is when unmasked). Matching is on
    /// the text's <see cref="FoldedText"/>, so full-width digits, zero-width characters or a right-to-left override
    /// inside a number do not hide it; the characters around a match are kept as written.
    /// </summary>
    public string? FreeText(string? text)
    {
        if (string.IsNullOrEmpty(text) || !Masked) return text;
        var folded = FoldedText.Of(text);
        var found = new List<(int Start, int Length, string Masked)>();
        // A masked stretch is blanked out here with NULs (which folded text never holds), so shorter values and digit
        // runs are not looked for inside it.
        char[]? hidden = null;
        foreach (var (value, masked) in _known)
        {
            for (int from = 0; ;)
            {
                int at = hidden is null ? folded.Text.IndexOf(value, from, StringComparison.Ordinal) : IndexOf(hidden, value, from);
                if (at < 0) break;
                found.Add((at, value.Length, masked));
                hidden ??= folded.Text.ToCharArray();
                hidden.AsSpan(at, value.Length).Clear();
                from = at + value.Length;
            }
        }
        var searched = hidden is null ? folded.Text : new string(hidden);
        foreach (var run in DigitRun().EnumerateMatches(searched))
            found.Add((run.Index, run.Length, MaskDigits(folded.Text.Substring(run.Index, run.Length))));
        if (found.Count == 0) return text;

        found.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var sb = new StringBuilder(text.Length);
        int copied = 0;
        foreach (var (start, length, masked) in found)
        {
            var (sourceStart, sourceLength) = folded.SourceSpan(start, length);
            sb.Append(text, copied, sourceStart - copied).Append(masked);
            copied = sourceStart + sourceLength;
        }
        return sb.Append(text, copied, text.Length - copied).ToString();
    }

    private static int IndexOf(char[] text, string value, int from)
    {
        int at = text.AsSpan(from).IndexOf(value.AsSpan());
        return at < 0 ? -1 : from + at;
    }

    private string? Pick(Normalized v, Func<string?, string> mask)
    {
        var value = v.Value ?? v.Raw;
        if (value is null) return null;
        return Masked ? mask(value) : v.Raw ?? v.Value;
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
    /// Nine or more digits, optionally separated by up to two spaces, dashes (any kind) or dots, an id number's X last:
    /// phones with area code, mobiles, accounts, id numbers. Dates (eight digits) and record ids (a letter in front and
    /// at most ten digits, <c>P000001056</c>) are left alone; behind a letter, eleven or more digits are still a number
    /// (<c>tel13812345678</c>).
    /// </summary>
    [GeneratedRegex(@"(?<![0-9])(?:(?<![A-Za-z])[0-9](?:[ \p{Pd}.]{0,2}[0-9]){8,}|[0-9](?:[ \p{Pd}.]{0,2}[0-9]){10,})[Xx]?(?![0-9])")]
    private static partial Regex DigitRun();
}
