using Graph.Analytics.Algorithms;

namespace Graph.Analytics.Tests.Algorithms;

public class ModularityTests
{
    [Fact]
    public void Two_triangles_split_in_two_have_modularity_five_fourteenths()
    {
        Assert.Equal(5.0 / 14.0, Modularity.Compute(TestGraphs.TwoTrianglesJoined(), [0, 0, 0, 1, 1, 1]), 12);
    }

    [Fact]
    public void One_community_has_modularity_zero_and_resolution_scales_the_penalty()
    {
        var graph = TestGraphs.TwoTrianglesJoined();

        Assert.Equal(0, Modularity.Compute(graph, [0, 0, 0, 0, 0, 0]), 12);
        // Q(γ) = Σ in_c / 2m − γ Σ K_c² / (2m)²: 12/14 − γ·98/196.
        Assert.Equal(12.0 / 14 - 0.5 * 98.0 / 196, Modularity.Compute(graph, [0, 0, 0, 1, 1, 1], resolution: 0.5), 12);
    }

    [Fact]
    public void A_self_loop_counts_twice_in_strength_and_inside_its_community()
    {
        // One edge 0–1 and a loop on 0 of weight 1: strengths 3 and 1, 2m = 4.
        var graph = TestGraphs.FromEdges(2, (0, 1, 1f), (0, 0, 1f));

        // Separate: (2 − 9/4 + 0 − 1/4) / 4 = −1/8.
        Assert.Equal(-0.125, Modularity.Compute(graph, [0, 1]), 12);
    }

    [Fact]
    public void Cpm_counts_edges_once_and_penalizes_pairs()
    {
        var graph = TestGraphs.TwoTrianglesJoined();

        Assert.Equal(6 - 0.2 * 6, Modularity.Cpm(graph, [0, 0, 0, 1, 1, 1], 0.2), 12);
        Assert.Equal(7 - 0.2 * 15, Modularity.Cpm(graph, [0, 0, 0, 0, 0, 0], 0.2), 12);
        Assert.Equal(0, Modularity.Cpm(graph, [0, 1, 2, 3, 4, 5], 0.2), 12);
    }

    [Fact]
    public void Cpm_with_node_weights_penalizes_weight_products()
    {
        var graph = TestGraphs.FromEdges(2, (0, 1));

        Assert.Equal(1 - 0.5 * 2 * 3, Modularity.Cpm(graph, [0, 0], 0.5, [2, 3]), 12);
    }

    [Fact]
    public void Community_ids_need_not_be_consecutive()
    {
        var graph = TestGraphs.TwoTrianglesJoined();

        Assert.Equal(Modularity.Compute(graph, [0, 0, 0, 1, 1, 1]), Modularity.Compute(graph, [7, 7, 7, 3, 3, 3]), 12);
    }

    [Fact]
    public void Membership_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Modularity.Compute(TestGraphs.TwoTrianglesJoined(), [0, 0]));
    }
}
