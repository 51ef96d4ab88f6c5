using System.Text;
using Graph.Core;
using static Graph.Ingest.Internal.InputFiles;

namespace Graph.Ingest.Internal;

/// <summary>
/// Turns the rows of one file into typed records, or says why a row cannot be used (the quarantine reason).
/// Built from the file's header, which fixes where each contract column is.
/// </summary>
/// <remarks>
/// Row rules: a missing key, an id holding a control character, an unparseable date or amount, an unknown enum value
/// (status, field, channel of a complaint) or a field count different from the header's quarantines the row. Phone, id number, account, e-mail,
/// device and IP values that do not normalize are kept raw with a null value: they are data-quality warnings,
/// not rejections. A reference to an unknown holder, policy or agent is fine (the store makes a stub).
/// </remarks>
internal sealed class RowMapper
{
    private readonly InputFileSpec _spec;
    private readonly Utf8CsvReader _reader;
    /// <summary>Contract column index → field index in the file, -1 when the header lacks the column.</summary>
    private readonly int[] _map;
    private readonly int[] _extraFields;
    private readonly string[] _extraNames;
    /// <summary>One past the last named header column: a row may stop there (trailing unnamed columns are optional).</summary>
    private readonly int _namedWidth;

    private RowMapper(InputFileSpec spec, Utf8CsvReader reader, string[] header, int[] map, int[] extraFields, string[] extraNames)
    {
        _spec = spec;
        _reader = reader;
        Header = header;
        _map = map;
        _extraFields = extraFields;
        _extraNames = extraNames;
        _namedWidth = header.Length;
        while (_namedWidth > 0 && header[_namedWidth - 1].Length == 0) _namedWidth--;
    }

    private bool EmptyFrom(int field)
    {
        for (int i = field; i < _reader.FieldCount; i++)
            if (!Trim(_reader.Field(i)).IsEmpty) return false;
        return true;
    }

    /// <summary>The header as written (trimmed), for the quarantine file.</summary>
    public string[] Header { get; }

    /// <summary>Header names the contract does not know (kept in <see cref="InputRecord.Extra"/>), in file order.</summary>
    public IReadOnlyList<string> UnknownColumns => _extraNames;

    /// <summary>Columns without a name (e.g. a trailing comma in the header); their values are ignored.</summary>
    public int UnnamedColumns { get; private init; }

    public long InvalidPhones { get; private set; }
    public long InvalidIdNumbers { get; private set; }
    public long InvalidAccounts { get; private set; }
    public long LuhnFailures { get; private set; }

    /// <summary>Reads the header record (the reader must be at the start) and maps it. Null when the file has no header.</summary>
    /// <exception cref="MalformedInputException">A required column is missing or a contract column appears twice.</exception>
    public static RowMapper? Create(InputFileSpec spec, Utf8CsvReader reader)
    {
        if (!reader.Read()) return null;
        int n = reader.FieldCount;
        var header = new string[n];
        var map = new int[spec.Columns.Length];
        Array.Fill(map, -1);
        var extraFields = new List<int>();
        var extraNames = new List<string>();
        int unnamed = 0;
        for (int i = 0; i < n; i++)
        {
            string name = reader.FieldString(i).Trim().Trim('\uFEFF');
            header[i] = name;
            if (name.Length == 0) { unnamed++; continue; }
            int c = IndexOf(spec.Columns, name);
            if (c >= 0)
            {
                if (map[c] >= 0) throw new MalformedInputException(reader.FileName, reader.RecordLine, $"column '{spec.Columns[c]}' appears twice in the header");
                map[c] = i;
            }
            else if (!ContainsIgnoreCase(extraNames, name))
            {
                extraFields.Add(i);
                extraNames.Add(name);
            }
        }
        foreach (var required in spec.RequiredColumns)
        {
            if (map[IndexOf(spec.Columns, required)] < 0)
                throw new MalformedInputException(reader.FileName, reader.RecordLine, $"required column '{required}' is missing from the header{SeparatorHint(header)}");
        }
        if (spec.OneOfColumns is { } oneOf)
        {
            bool any = false;
            foreach (var c in oneOf) any |= map[IndexOf(spec.Columns, c)] >= 0;
            if (!any)
                throw new MalformedInputException(reader.FileName, reader.RecordLine, $"the header needs at least one of the columns {string.Join(", ", oneOf)}");
        }
        return new RowMapper(spec, reader, header, map, [.. extraFields], [.. extraNames]) { UnnamedColumns = unnamed };
    }

    /// <summary>
    /// What the header suggests when it lacks a required column: names joined by tabs or semicolons in one column mean
    /// the file uses another separator (a spreadsheet's "text" export, or CSV where the decimal mark is a comma).
    /// </summary>
    private static string SeparatorHint(string[] header)
    {
        foreach (var (separator, name) in new[] { ('\t', "tab"), (';', "semicolon") })
            foreach (var field in header)
                if (field.Contains(separator) && field.Split(separator).Length > 2)
                    return $"; the header is {(header.Length == 1 ? "one column" : "a column")} of names joined by {name}s: the file looks " +
                           $"{name}-separated. Save it as CSV with commas between fields (UTF-8)";
        return "";
    }

    private static int IndexOf(string[] columns, string name)
    {
        for (int i = 0; i < columns.Length; i++)
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static bool ContainsIgnoreCase(List<string> names, string name)
    {
        foreach (var n in names) if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// Maps the reader's current row. Returns null and sets <paramref name="reason"/> when the row goes to quarantine.
    /// </summary>
    public InputRecord? Map(out string? reason)
    {
        reason = null;
        int count = _reader.FieldCount;
        if (count != Header.Length && (count < _namedWidth || (count > Header.Length && !EmptyFrom(Header.Length))))
        {
            // A shifted row (an unquoted comma, a line break outside quotes) would put values in the wrong columns.
            // Only what cannot shift anything is let through: missing trailing unnamed columns, extra empty fields.
            reason = $"row has {count} fields but the header has {Header.Length}";
            return null;
        }
        InputRecord? record = _spec.Kind switch
        {
            RecordKind.Policyholder => MapHolder(ref reason),
            RecordKind.Agent => MapAgent(ref reason),
            RecordKind.Policy => MapPolicy(ref reason),
            RecordKind.ContactChange => MapChange(ref reason),
            RecordKind.SurrenderRequest => MapSurrender(ref reason),
            RecordKind.Complaint => MapComplaint(ref reason),
            _ => throw new InvalidOperationException($"unknown record kind {_spec.Kind}"),
        };
        return record;
    }

    private Policyholder? MapHolder(ref string? reason)
    {
        var id = Key(Holder.Id, ref reason);
        if (id is null) return null;
        if (!Time(Holder.CreatedAt, out var createdAt, ref reason)) return null;
        var city = Text(Holder.City);
        return new Policyholder
        {
            Id = id,
            SourceLine = Line,
            Extra = Extra(),
            Name = Text(Holder.Name),
            IdNumber = IdNumber(Holder.IdNumber),
            Phone = Phone(Holder.Phone),
            // The holder's own city column may fill in the city the registered address leaves out (ChineseAddress).
            Address = AddressNormalizer.Normalize(Text(Holder.Address), city),
            City = city,
            CreatedAt = createdAt,
        };
    }

    private Agent? MapAgent(ref string? reason)
    {
        var id = Key(AgentCols.Id, ref reason);
        if (id is null) return null;
        if (!Time(AgentCols.HiredAt, out var hired, ref reason) || !Time(AgentCols.TerminatedAt, out var terminated, ref reason)) return null;
        var statusBytes = Field(AgentCols.Status);
        AgentStatus status;
        if (statusBytes.IsEmpty) status = AgentStatus.Unknown;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "active"u8)) status = AgentStatus.Active;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "terminated"u8)) status = AgentStatus.Terminated;
        else { reason = UnknownValue(AgentCols.Status, "active/terminated"); return null; }
        return new Agent
        {
            Id = id,
            SourceLine = Line,
            Extra = Extra(),
            Name = Text(AgentCols.Name),
            Phone = Phone(AgentCols.Phone),
            IdNumber = IdNumber(AgentCols.IdNumber),
            Org = Text(AgentCols.Org),
            Status = status,
            HiredAt = hired,
            TerminatedAt = terminated,
        };
    }

    private Policy? MapPolicy(ref string? reason)
    {
        var id = Key(PolicyCols.Id, ref reason);
        if (id is null) return null;
        // A policy that names no holder cannot be attributed to anyone.
        var holder = Key(PolicyCols.HolderId, ref reason);
        if (holder is null) return null;
        var agent = Reference(PolicyCols.AgentId, ref reason);
        if (reason is not null) return null;
        if (!Money(PolicyCols.Premium, out var premium, ref reason) || !Time(PolicyCols.IssuedAt, out var issued, ref reason)) return null;
        var statusBytes = Field(PolicyCols.Status);
        PolicyStatus status;
        if (statusBytes.IsEmpty) status = PolicyStatus.Unknown;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "in_force"u8)) status = PolicyStatus.InForce;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "surrendered"u8)) status = PolicyStatus.Surrendered;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "lapsed"u8)) status = PolicyStatus.Lapsed;
        else { reason = UnknownValue(PolicyCols.Status, "in_force/surrendered/lapsed"); return null; }
        return new Policy
        {
            Id = id,
            SourceLine = Line,
            Extra = Extra(),
            HolderId = holder,
            AgentId = agent,
            Product = Text(PolicyCols.Product),
            Premium = premium,
            IssuedAt = issued,
            Status = status,
        };
    }

    private ContactChange? MapChange(ref string? reason)
    {
        var id = Key(ChangeCols.Id, ref reason);
        if (id is null) return null;
        var holder = Reference(ChangeCols.HolderId, ref reason);
        var policy = Reference(ChangeCols.PolicyId, ref reason);
        if (reason is not null) return null;
        if (holder is null && policy is null) { reason = "names neither holder_id nor policy_id"; return null; }
        var fieldBytes = Field(ChangeCols.Field);
        ContactField field;
        if (fieldBytes.IsEmpty) { reason = "missing field"; return null; }
        else if (Ascii.EqualsIgnoreCase(fieldBytes, "phone"u8)) field = ContactField.Phone;
        else if (Ascii.EqualsIgnoreCase(fieldBytes, "address"u8)) field = ContactField.Address;
        else if (Ascii.EqualsIgnoreCase(fieldBytes, "bank_account"u8)) field = ContactField.BankAccount;
        else if (Ascii.EqualsIgnoreCase(fieldBytes, "email"u8)) field = ContactField.Email;
        else { reason = UnknownValue(ChangeCols.Field, "phone/address/bank_account/email"); return null; }
        if (!Time(ChangeCols.ChangedAt, out var changedAt, ref reason)) return null;
        return new ContactChange
        {
            Id = id,
            SourceLine = Line,
            Extra = Extra(),
            HolderId = holder,
            PolicyId = policy,
            Field = field,
            OldValue = ContactValue(field, ChangeCols.OldValue),
            NewValue = ContactValue(field, ChangeCols.NewValue),
            ChangedAt = changedAt,
            Channel = Text(ChangeCols.Channel),
            Ip = TokenNormalizer.Normalize(Text(ChangeCols.Ip)),
            DeviceId = TokenNormalizer.Normalize(Text(ChangeCols.DeviceId)),
        };
    }

    private SurrenderRequest? MapSurrender(ref string? reason)
    {
        var id = Key(SurrenderCols.Id, ref reason);
        if (id is null) return null;
        var holder = Reference(SurrenderCols.HolderId, ref reason);
        var policy = Reference(SurrenderCols.PolicyId, ref reason);
        if (reason is not null) return null;
        if (holder is null && policy is null) { reason = "names neither holder_id nor policy_id"; return null; }
        if (!Time(SurrenderCols.RequestedAt, out var requestedAt, ref reason) || !Money(SurrenderCols.Amount, out var amount, ref reason)) return null;
        var statusBytes = Field(SurrenderCols.Status);
        SurrenderStatus status;
        if (statusBytes.IsEmpty) status = SurrenderStatus.Unknown;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "pending"u8)) status = SurrenderStatus.Pending;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "paid"u8)) status = SurrenderStatus.Paid;
        else if (Ascii.EqualsIgnoreCase(statusBytes, "rejected"u8)) status = SurrenderStatus.Rejected;
        else { reason = UnknownValue(SurrenderCols.Status, "pending/paid/rejected"); return null; }
        return new SurrenderRequest
        {
            Id = id,
            SourceLine = Line,
            Extra = Extra(),
            PolicyId = policy,
            HolderId = holder,
            RequestedAt = requestedAt,
            Amount = amount,
            ContactPhone = Phone(SurrenderCols.ContactPhone),
            PayoutAccount = Account(SurrenderCols.PayoutAccount),
            PayoutBank = Text(SurrenderCols.PayoutBank),
            Representative = Representative(SurrenderCols.RepName, SurrenderCols.RepIdNumber, SurrenderCols.RepPhone),
            Channel = Text(SurrenderCols.Channel),
            Ip = TokenNormalizer.Normalize(Text(SurrenderCols.Ip)),
            DeviceId = TokenNormalizer.Normalize(Text(SurrenderCols.DeviceId)),
            Status = status,
        };
    }

    private Complaint? MapComplaint(ref string? reason)
    {
        var id = Key(ComplaintCols.Id, ref reason);
        if (id is null) return null;
        var holder = Reference(ComplaintCols.HolderId, ref reason);
        var policy = Reference(ComplaintCols.PolicyId, ref reason);
        if (reason is not null) return null;
        if (holder is null && policy is null) { reason = "names neither holder_id nor policy_id"; return null; }
        if (!Time(ComplaintCols.FiledAt, out var filedAt, ref reason)) return null;
        var channelBytes = Field(ComplaintCols.Channel);
        ComplaintChannel channel;
        if (channelBytes.IsEmpty) channel = ComplaintChannel.Unknown;
        else if (Ascii.EqualsIgnoreCase(channelBytes, "regulator"u8)) channel = ComplaintChannel.Regulator;
        else if (Ascii.EqualsIgnoreCase(channelBytes, "hotline"u8)) channel = ComplaintChannel.Hotline;
        else if (Ascii.EqualsIgnoreCase(channelBytes, "letter"u8)) channel = ComplaintChannel.Letter;
        else if (Ascii.EqualsIgnoreCase(channelBytes, "online"u8)) channel = ComplaintChannel.Online;
        else { reason = UnknownValue(ComplaintCols.Channel, "regulator/hotline/letter/online"); return null; }
        return new Complaint
        {
            Id = id,
            SourceLine = Line,
            Extra = Extra(),
            PolicyId = policy,
            HolderId = holder,
            FiledAt = filedAt,
            Channel = channel,
            ContactPhone = Phone(ComplaintCols.ContactPhone),
            SenderAddress = AddressNormalizer.Normalize(Text(ComplaintCols.SenderAddress)),
            Representative = Representative(ComplaintCols.RepName, ComplaintCols.RepIdNumber, ComplaintCols.RepPhone),
            Demand = Text(ComplaintCols.Demand),
            Text = UntrimmedText(ComplaintCols.Text),
        };
    }

    private int Line => (int)_reader.RecordLine;

    /// <summary>The field's bytes with ASCII spaces and tabs trimmed; empty when the header lacks the column.</summary>
    private ReadOnlySpan<byte> Field(int column)
    {
        int f = _map[column];
        return f < 0 ? default : Trim(_reader.Field(f));
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && (s[a] == (byte)' ' || s[a] == (byte)'\t')) a++;
        while (b > a && (s[b - 1] == (byte)' ' || s[b - 1] == (byte)'\t')) b--;
        return s[a..b];
    }

    /// <summary>Trimmed text, null when empty (empty field = missing value).</summary>
    private string? Text(int column)
    {
        var s = Field(column);
        return s.IsEmpty ? null : Encoding.UTF8.GetString(s);
    }

    /// <summary>Free text (a complaint letter) as written, null when only whitespace.</summary>
    private string? UntrimmedText(int column)
    {
        int f = _map[column];
        if (f < 0) return null;
        var s = _reader.Field(f);
        if (Trim(s).IsEmpty) return null;
        var text = Encoding.UTF8.GetString(s);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private string? Key(int column, ref string? reason)
    {
        var text = Reference(column, ref reason);
        if (text is null) reason ??= "missing " + _spec.Columns[column];
        return text;
    }

    /// <summary>
    /// An id (this record's or one it names), null when empty. An id holding a control character (a NUL, a line break, a
    /// direction override) is null with a reason: it would become a record of its own that looks like another.
    /// </summary>
    private string? Reference(int column, ref string? reason)
    {
        var text = Text(column);
        if (text is not null && ControlCharacters.FirstNamed(text) is { } what)
        {
            reason = $"{_spec.Columns[column]} holds {what}; ids may not hold control characters";
            return null;
        }
        return text;
    }

    private bool Time(int column, out DateTimeOffset? value, ref string? reason)
    {
        value = null;
        var s = Field(column);
        if (s.IsEmpty) return true;
        if (ValueParsers.TryParseTimestamp(s, out var t)) { value = t; return true; }
        reason = $"{_spec.Columns[column]} is not an ISO 8601 date or timestamp";
        return false;
    }

    private bool Money(int column, out decimal? value, ref string? reason)
    {
        value = null;
        var s = Field(column);
        if (s.IsEmpty) return true;
        if (ValueParsers.TryParseMoney(s, out var m)) { value = m; return true; }
        reason = $"{_spec.Columns[column]} is not an amount in yuan (digits with at most two decimals; not negative)";
        return false;
    }

    private string UnknownValue(int column, string expected) => $"{_spec.Columns[column]} has an unknown value (expected {expected})";

    private Normalized Phone(int column)
    {
        var text = Text(column);
        if (text is null) return Normalized.Missing;
        var n = PhoneNormalizer.Normalize(text);
        if (!n.HasValue) InvalidPhones++;
        return n;
    }

    private Normalized IdNumber(int column)
    {
        var text = Text(column);
        if (text is null) return Normalized.Missing;
        var n = IdNumberNormalizer.Normalize(text);
        if (!n.HasValue) InvalidIdNumbers++;
        return n;
    }

    private Normalized Account(int column)
    {
        var text = Text(column);
        if (text is null) return Normalized.Missing;
        var n = BankAccountNormalizer.Normalize(text, out bool luhn);
        if (!n.HasValue) InvalidAccounts++;
        else if (!luhn) LuhnFailures++;
        return n;
    }

    private Normalized ContactValue(ContactField field, int column) => field switch
    {
        ContactField.Phone => Phone(column),
        ContactField.BankAccount => Account(column),
        ContactField.Address => AddressNormalizer.Normalize(Text(column)),
        _ => TokenNormalizer.Normalize(Text(column)),
    };

    private Representative? Representative(int nameColumn, int idColumn, int phoneColumn)
    {
        var name = Text(nameColumn);
        var id = IdNumber(idColumn);
        var phone = Phone(phoneColumn);
        if (name is null && id.Raw is null && phone.Raw is null) return null;
        return new Representative(name, id, phone);
    }

    private Dictionary<string, string>? Extra()
    {
        Dictionary<string, string>? extra = null;
        for (int i = 0; i < _extraFields.Length; i++)
        {
            var s = Trim(_reader.Field(_extraFields[i]));
            if (s.IsEmpty) continue;
            extra ??= new Dictionary<string, string>(_extraFields.Length - i, StringComparer.Ordinal);
            extra[_extraNames[i]] = Encoding.UTF8.GetString(s);
        }
        return extra;
    }

    /// <summary>Every field of the current row as written, for the quarantine file.</summary>
    public string[] RawFields()
    {
        var fields = new string[_reader.FieldCount];
        for (int i = 0; i < fields.Length; i++) fields[i] = _reader.FieldString(i);
        return fields;
    }
}
