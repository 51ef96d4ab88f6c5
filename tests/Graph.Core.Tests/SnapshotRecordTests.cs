using System.Runtime.CompilerServices;

namespace Graph.Core.Tests;

/// <summary>The snapshot's records are stored packed (issue 13): they must give back exactly what they were given.</summary>
public class SnapshotRecordTests
{
    private static readonly DateTimeOffset Beijing = new(2023, 1, 1, 0, 17, 9, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Kolkata = new DateTimeOffset(2019, 7, 31, 23, 59, 59, TimeSpan.FromMinutes(330)).AddTicks(1234567);
    private static readonly DateTimeOffset West = new(1999, 12, 31, 12, 0, 0, TimeSpan.FromHours(-12));

    public static TheoryData<DateTimeOffset?> Times => new() { null, Beijing, Kolkata, West, DateTimeOffset.MinValue, DateTimeOffset.MaxValue };

    [Theory]
    [MemberData(nameof(Times))]
    public void Times_read_back_exactly_with_their_offset(DateTimeOffset? at)
    {
        var link = new SnapshotLink(3, 7, EvidenceKind.SurrenderPayoutAccount, RecordKind.SurrenderRequest, "S1", at);
        var policy = new SnapshotPolicy("P1", 3, "A1", PolicyStatus.Surrendered, 2404.45m, at);
        var holder = new SnapshotHolder("H1", "何梅婷", "西安", at, IsStub: false);
        foreach (var read in new[] { link.At, policy.IssuedAt, holder.CreatedAt })
        {
            Assert.Equal(at.HasValue, read.HasValue);
            if (at is null) continue;
            Assert.Equal(at.Value.Ticks, read!.Value.Ticks);
            Assert.Equal(at.Value.Offset, read.Value.Offset);
        }
    }

    [Fact]
    public void Every_field_reads_back_and_with_changes_only_its_own()
    {
        var link = new SnapshotLink(3, 7, EvidenceKind.ComplaintTemplate, RecordKind.Complaint, "C9", Beijing);
        Assert.Equal((3, 7, EvidenceKind.ComplaintTemplate, RecordKind.Complaint, "C9"), (link.Holder, link.Contact, link.Evidence, link.SourceKind, link.SourceId));
        var moved = link with { Contact = 8 };
        Assert.Equal(8, moved.Contact);
        Assert.Equal(link with { Contact = 8 }, moved);
        Assert.NotEqual(link, moved);
        Assert.Equal(link, moved with { Contact = 7 });
        Assert.Null((link with { At = null }).At);

        var policy = new SnapshotPolicy("P1", 3, null, PolicyStatus.Lapsed, null, null);
        Assert.Equal(("P1", 3, (string?)null, PolicyStatus.Lapsed), (policy.Id, policy.Holder, policy.AgentId, policy.Status));
        Assert.Null(policy.Premium);
        Assert.Null(policy.IssuedAt);
        var priced = policy with { Premium = 0.10m };
        Assert.Equal(0.10m, priced.Premium);
        Assert.Equal("0.10", priced.Premium!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(priced.IssuedAt);
        var issued = priced with { IssuedAt = West };
        Assert.Equal(0.10m, issued.Premium);
        Assert.Equal(West, issued.IssuedAt);
        Assert.Null((issued with { Premium = null }).Premium);
        Assert.Equal(West, (issued with { Premium = null }).IssuedAt);

        var stub = new SnapshotHolder("H2", null, null, null, IsStub: true);
        Assert.True(stub.IsStub);
        Assert.Null(stub.CreatedAt);
        Assert.Equal(new SnapshotHolder("H2", null, null, null, true), stub);
    }

    [Fact]
    public void Default_records_have_no_times()
    {
        Assert.Null(default(SnapshotLink).At);
        Assert.Null(default(SnapshotPolicy).IssuedAt);
        Assert.Null(default(SnapshotPolicy).Premium);
        Assert.Null(default(SnapshotHolder).CreatedAt);
    }

    [Fact]
    public void Records_are_smaller_than_with_nullable_fields()
    {
        // The reason they are packed: 48, 72 and 56 bytes each before.
        Assert.True(Unsafe.SizeOf<SnapshotLink>() <= 32, $"SnapshotLink is {Unsafe.SizeOf<SnapshotLink>()} bytes");
        Assert.True(Unsafe.SizeOf<SnapshotPolicy>() <= 48, $"SnapshotPolicy is {Unsafe.SizeOf<SnapshotPolicy>()} bytes");
        Assert.True(Unsafe.SizeOf<SnapshotHolder>() <= 40, $"SnapshotHolder is {Unsafe.SizeOf<SnapshotHolder>()} bytes");
    }
}
