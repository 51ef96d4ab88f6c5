using System.Runtime;
using Graph.Storage.Sqlite.Internal;

namespace Graph.Storage.Tests;

/// <summary>The snapshot read's no-GC region. Alone in its collection: a region is process-wide, so another test's
/// allocations would end it early.</summary>
[Collection(LongLivedAllocationCollection.Name)]
public sealed class LongLivedAllocationTests
{
    [Fact]
    public void What_a_large_read_allocates_is_collected_by_nothing_until_it_settles_in_the_oldest_generation()
    {
        var before = GCSettings.LatencyMode;
        var objects = new List<byte[]>();
        int collections, fullCollections;
        using (var allocation = LongLivedAllocation.Start(LongLivedAllocation.MinimumBytes * 2))
        {
            Assert.True(allocation.Started);
            collections = GC.CollectionCount(0);
            fullCollections = GC.CollectionCount(2);
            // 64 MB in small objects: many times the youngest generation's usual budget on this machine.
            for (int i = 0; i < 64 * 1024; i++) objects.Add(new byte[1000]);
            Assert.Equal(collections, GC.CollectionCount(0));
            Assert.Equal(0, GC.GetGeneration(objects[^1]));

            allocation.Settle();
        }
        Assert.Equal(fullCollections + 2, GC.CollectionCount(2));
        Assert.All(objects, o => Assert.Equal(GC.MaxGeneration, GC.GetGeneration(o)));
        Assert.Equal(before, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_small_read_or_a_failed_one_leaves_the_collector_as_it_was()
    {
        var before = GCSettings.LatencyMode;
        using (var small = LongLivedAllocation.Start(LongLivedAllocation.MinimumBytes - 1))
        {
            Assert.False(small.Started);
            Assert.Equal(before, GCSettings.LatencyMode);
        }
        using (var failed = LongLivedAllocation.Start(LongLivedAllocation.MinimumBytes * 2))
        {
            Assert.True(failed.Started);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            // A second read while the first holds the region reads without one.
            using (var second = LongLivedAllocation.Start(LongLivedAllocation.MinimumBytes * 2)) Assert.False(second.Started);
        }
        Assert.Equal(before, GCSettings.LatencyMode);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LongLivedAllocationCollection
{
    public const string Name = "Long-lived allocation";
}
