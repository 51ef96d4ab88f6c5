using Graph.Core;

namespace Graph.Evidence.Internal;

/// <summary>
/// Decides how every personal value is spelled in a package: the shared <see cref="RecordMasker"/> (masked with
/// <see cref="Mask"/> by default, as loaded when the export is unmasked; free text scrubbed of the ring's own values
/// and of long digit runs), with an absent value written as an empty string, as the package's files want it.
/// </summary>
internal sealed class PackageMasker(bool masked)
{
    private RecordMasker _masker = masked ? RecordMasker.For(Storage.HolderRecords.Empty) : RecordMasker.Unmasked();

    public bool Masked => masked;

    /// <summary>Registers the names, addresses and phones of the ring's records for scrubbing free text.</summary>
    public void Learn(Storage.HolderRecords records)
    {
        if (masked) _masker = RecordMasker.For(records);
    }

    public string Name(string? v) => _masker.Name(v) ?? "";

    public string IdNumber(Normalized v) => _masker.IdNumber(v) ?? "";

    public string Phone(Normalized v) => _masker.Phone(v) ?? "";

    public string Account(Normalized v) => _masker.Account(v) ?? "";

    public string Address(Normalized v) => _masker.Address(v) ?? "";

    /// <summary>Device ids and IP addresses: masked like phones (first three and last four characters kept).</summary>
    public string Technical(Normalized v) => _masker.Technical(v) ?? "";

    public string ContactValue(ContactField field, Normalized v) => _masker.ContactValue(field, v) ?? "";

    /// <summary>A ring member's entity id as the package shows it (holders and agents are record ids, kept).</summary>
    public string MemberId(RingMember m)
    {
        if (!masked) return m.EntityId;
        return m.EntityType == "template" ? FreeText(m.EntityId) : Mask.Member(m.EntityType, m.EntityId) ?? FreeText(m.EntityId);
    }

    /// <summary>Free text with the ring's known personal values and every long digit run masked.</summary>
    public string FreeText(string? text) => _masker.FreeText(text) ?? "";
}
