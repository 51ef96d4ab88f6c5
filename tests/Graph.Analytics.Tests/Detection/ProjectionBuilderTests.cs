using Graph.Analytics.Detection;
using Graph.Core;

namespace Graph.Analytics.Tests.Detection;

public class ProjectionBuilderTests
{
    private static Projection Build(SnapshotBuilder b, DetectionOptions? options = null)
    {
        var snapshot = b.Build();
        return new ProjectionBuilder(snapshot, options ?? new DetectionOptions(), [], []).Run();
    }

    [Fact]
    public void Graph_is_bipartite_and_a_value_shared_by_k_holders_is_k_edges()
    {
        var b = new SnapshotBuilder();
        for (int i = 0; i < 6; i++) b.Holder("H" + i, "王" + i, "北京", phone: "1380000000" + i);
        for (int i = 0; i < 6; i++) b.ChangePhone("H" + i, "13999999999", 10 + i);
        var p = Build(b);
        var g = p.Graph;
        Assert.Equal(6 + 1, g.NodeCount); // six holders and the one shared phone; own phones link nobody
        for (int v = 0; v < g.NodeCount; v++)
            foreach (int u in g.Neighbors(v))
                Assert.NotEqual(p.IsHolderNode(v), p.IsHolderNode(u));
        Assert.Equal(6 * 2, g.ArcCount);
    }

    [Fact]
    public void Values_named_by_one_holder_and_allowlisted_values_are_not_in_the_graph()
    {
        var b = new SnapshotBuilder();
        b.Holder("H1", "王一", "北京", phone: "13800000001").Holder("H2", "李二", "上海", phone: "13800000002");
        b.Surrender("H1", 5, contactPhone: "4008123456");
        b.Surrender("H2", 6, contactPhone: "4008123456");
        var options = new DetectionOptions();
        var p = Build(b, options);
        Assert.Equal(2, p.Graph.NodeCount);
        Assert.Contains(ValueRole.Allowlisted, p.Roles);
        Assert.Equal(2, p.Roles.Count(s => s == ValueRole.Lonely));
    }

    [Fact]
    public void A_value_switched_to_weighs_more_than_a_shared_registered_phone()
    {
        var b = new SnapshotBuilder();
        b.Holder("H1", "王一", "北京", phone: "13800000001").Holder("H2", "王二", "北京", phone: "13800000001");
        b.Holder("H3", "李三", "上海", phone: "13800000003").Holder("H4", "赵四", "广州", phone: "13800000004");
        b.ChangePhone("H3", "13911112222", 100);
        b.ChangePhone("H4", "13911112222", 101);
        var p = Build(b);
        float registered = p.Graph.NeighborWeights(0)[0];
        float changed = p.Graph.NeighborWeights(2)[0];
        Assert.True(changed > 2 * registered, $"changed {changed}, registered {registered}");
    }

    [Fact]
    public void A_change_followed_by_a_surrender_weighs_more_than_one_without()
    {
        var b = new SnapshotBuilder();
        b.Holder("H1", "王一", "北京").Holder("H2", "李二", "上海").Holder("H3", "赵三", "广州");
        b.ChangePhone("H1", "13911112222", 100);
        b.Surrender("H1", 120);
        b.ChangePhone("H2", "13911112222", 100);
        b.ChangePhone("H3", "13911112222", 100);
        var p = Build(b);
        Assert.True(p.Graph.NeighborWeights(0)[0] > p.Graph.NeighborWeights(1)[0]);
    }
}
