namespace Graph.Core;

/// <summary>
/// Turns one record into the holder—contact point links it supports. The one place that decides which
/// column becomes which kind of evidence, shared by every store.
/// </summary>
public static class ContactLinkExtractor
{
    /// <summary>
    /// Links of <paramref name="record"/>, attributed to <paramref name="holderId"/> (the record's own holder, or
    /// the holder of its policy when the row names none). Yields nothing when no holder is known or the record
    /// kind carries no contact points (policies, agents).
    /// </summary>
    public static IEnumerable<ContactLink> Extract(InputRecord record, string? holderId)
    {
        if (string.IsNullOrEmpty(holderId)) yield break;
        switch (record)
        {
            case Policyholder h:
                if (h.Phone.HasValue) yield return Link(ContactKind.Phone, h.Phone, EvidenceKind.RegisteredPhone, h.CreatedAt);
                if (h.Address.HasValue) yield return Link(ContactKind.Address, h.Address, EvidenceKind.RegisteredAddress, h.CreatedAt);
                break;
            case ContactChange c:
                var kind = c.Field switch
                {
                    ContactField.Phone => ContactKind.Phone,
                    ContactField.Address => ContactKind.Address,
                    ContactField.BankAccount => ContactKind.BankAccount,
                    ContactField.Email => ContactKind.Email,
                    _ => (ContactKind)0,
                };
                if (kind != 0 && c.NewValue.HasValue) yield return Link(kind, c.NewValue, EvidenceKind.ChangedTo, c.ChangedAt);
                if (kind != 0 && c.OldValue.HasValue) yield return Link(kind, c.OldValue, EvidenceKind.ChangedFrom, c.ChangedAt);
                if (c.DeviceId.HasValue) yield return Link(ContactKind.Device, c.DeviceId, EvidenceKind.ChangeDevice, c.ChangedAt);
                if (c.Ip.HasValue) yield return Link(ContactKind.Ip, c.Ip, EvidenceKind.ChangeIp, c.ChangedAt);
                break;
            case SurrenderRequest s:
                if (s.ContactPhone.HasValue) yield return Link(ContactKind.Phone, s.ContactPhone, EvidenceKind.SurrenderContactPhone, s.RequestedAt);
                if (s.PayoutAccount.HasValue) yield return Link(ContactKind.BankAccount, s.PayoutAccount, EvidenceKind.SurrenderPayoutAccount, s.RequestedAt);
                if (s.Representative?.Key is { } rk) yield return Link(ContactKind.Representative, new Normalized(s.Representative.Name, rk), EvidenceKind.SurrenderRepresentative, s.RequestedAt);
                if (s.Representative is { Phone.HasValue: true } rp) yield return Link(ContactKind.Phone, rp.Phone, EvidenceKind.SurrenderRepresentativePhone, s.RequestedAt);
                if (s.DeviceId.HasValue) yield return Link(ContactKind.Device, s.DeviceId, EvidenceKind.SurrenderDevice, s.RequestedAt);
                if (s.Ip.HasValue) yield return Link(ContactKind.Ip, s.Ip, EvidenceKind.SurrenderIp, s.RequestedAt);
                break;
            case Complaint m:
                if (m.ContactPhone.HasValue) yield return Link(ContactKind.Phone, m.ContactPhone, EvidenceKind.ComplaintContactPhone, m.FiledAt);
                if (m.SenderAddress.HasValue) yield return Link(ContactKind.Address, m.SenderAddress, EvidenceKind.ComplaintSenderAddress, m.FiledAt);
                if (m.Representative?.Key is { } ck) yield return Link(ContactKind.Representative, new Normalized(m.Representative.Name, ck), EvidenceKind.ComplaintRepresentative, m.FiledAt);
                if (m.Representative is { Phone.HasValue: true } cp) yield return Link(ContactKind.Phone, cp.Phone, EvidenceKind.ComplaintRepresentativePhone, m.FiledAt);
                break;
        }

        ContactLink Link(ContactKind k, Normalized v, EvidenceKind e, DateTimeOffset? at) =>
            new(holderId!, k, v.Value!, v.Raw, e, record.Kind, record.Id, at);
    }
}
