using Graph.Analytics.Rings;
using Graph.Core;

namespace Graph.Analytics.Tests.Rings;

public class RingStructureTests
{
    private const MemberRole V = MemberRole.Victim;
    private const MemberRole C = MemberRole.Controller;
    private const MemberRole A = MemberRole.Agent;

    /// <summary>
    /// Two teams joined by one representative: victims 0-2 share phone 6, victims 3-5 share account 7, and
    /// representative 8 acted for victims 2 and 3.
    /// </summary>
    private static RingStructure BowTie()
    {
        var s = new RingStructure([V, V, V, V, V, V, C, C, C], [(0, 6), (1, 6), (2, 6), (3, 7), (4, 7), (5, 7), (2, 8), (8, 3)]);
        s.Run();
        return s;
    }

    [Fact]
    public void The_representative_joining_two_teams_holds_the_ring_together_and_ranks_first()
    {
        var s = BowTie();
        Assert.Equal(
            [new ControllerDependence(8, 2, 3), new ControllerDependence(6, 3, 2), new ControllerDependence(7, 3, 2)],
            s.Controllers);
        // Without the phone, victims 0 and 1 are alone; without the account, 4 and 5; without the representative, a team of three.
        Assert.Equal([8, 6, 7], s.KeyControllers.Select(c => c.Node));
    }

    [Fact]
    public void Example_path_runs_from_the_farthest_victim_to_the_top_controller()
    {
        var path = BowTie().ExamplePath;
        Assert.NotNull(path);
        Assert.Equal(new[] { 0, 6, 2, 8 }, path.Nodes);
        Assert.Equal((0, 8, 3), (path.Victim, path.Controller, path.Hops));
    }

    [Fact]
    public void Shortest_path_from_a_victim_to_a_controller_on_the_other_side()
    {
        var path = BowTie().ShortestPath(5, 6);
        Assert.NotNull(path);
        Assert.Equal(new[] { 5, 7, 3, 8, 2, 6 }, path.Nodes);
        Assert.Equal(5, path.Hops);
        Assert.Equal(new[] { 1, 6 }, BowTie().ShortestPath(1, 6)!.Nodes);
    }

    [Fact]
    public void When_every_victim_shares_two_phones_no_single_controller_holds_the_ring()
    {
        var s = new RingStructure([V, V, V, V, C, C], [(0, 4), (1, 4), (2, 4), (3, 4), (0, 5), (1, 5), (2, 5), (3, 5), (0, 5)]);
        s.Run();
        Assert.Empty(s.KeyControllers);
        Assert.Equal([new ControllerDependence(4, 4, 0), new ControllerDependence(5, 4, 0)], s.Controllers);
        Assert.Equal(new[] { 0, 4 }, s.ExamplePath!.Nodes);
        Assert.Equal(8, s.Graph.EdgeCount); // the repeated tie is one edge
    }

    [Fact]
    public void An_agent_who_sold_to_both_halves_is_ranked_with_the_controllers()
    {
        // Phone 4 ties victims 0 and 1, phone 5 ties 2 and 3, agent 6 sold policies to 1 and 2; phone 7 only to victim 3.
        var s = new RingStructure([V, V, V, V, C, C, A, C], [(0, 4), (1, 4), (2, 5), (3, 5), (1, 6), (2, 6), (3, 7)]);
        s.Run();
        Assert.Equal(new ControllerDependence(6, 2, 2), s.Controllers[0]);
        Assert.Equal(new ControllerDependence(7, 1, 0), s.Controllers[^1]);
        Assert.DoesNotContain(s.KeyControllers, c => c.Node == 7);
    }

    [Fact]
    public void Nodes_in_different_parts_have_no_path_and_an_untied_controller_cuts_nothing()
    {
        // Victims 0,1 share phone 3; victim 2 is tied to nothing; template 4 has no ties at all.
        var s = new RingStructure([V, V, V, C, C], [(0, 3), (1, 3)]);
        s.Run();
        Assert.Null(s.ShortestPath(2, 3));
        Assert.Equal([new ControllerDependence(3, 2, 1), new ControllerDependence(4, 0, 0)], s.Controllers);
        Assert.Equal(new[] { 0, 3 }, s.ExamplePath!.Nodes);
    }

    [Fact]
    public void A_ring_without_ties_has_no_example_path()
    {
        var s = new RingStructure([V, V, C], []);
        s.Run();
        Assert.Null(s.ExamplePath);
        Assert.Empty(s.KeyControllers);
    }

    [Fact]
    public void The_order_of_the_ties_does_not_change_the_paths_found()
    {
        (int, int)[] ties = [(0, 6), (1, 6), (2, 6), (3, 7), (4, 7), (5, 7), (2, 8), (8, 3), (0, 9), (5, 9)];
        MemberRole[] roles = [V, V, V, V, V, V, C, C, C, C];
        var first = new RingStructure(roles, ties);
        first.Run();
        var random = new Random(7);
        for (int round = 0; round < 20; round++)
        {
            var shuffled = new RingStructure(roles, ties.OrderBy(_ => random.Next()).Select(t => random.Next(2) == 0 ? t : (t.Item2, t.Item1)));
            shuffled.Run();
            Assert.Equal(first.ExamplePath!.Nodes, shuffled.ExamplePath!.Nodes);
            Assert.Equal(first.Controllers, shuffled.Controllers);
            for (int v = 0; v < 6; v++)
                for (int c = 6; c < 10; c++)
                    Assert.Equal(first.ShortestPath(v, c)!.Nodes, shuffled.ShortestPath(v, c)!.Nodes);
        }
    }

    [Fact]
    public void A_tie_to_a_missing_node_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingStructure([V, C], [(0, 2)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingStructure([V, C], [(0, 1)]).ShortestPath(0, 5));
    }

    /// <summary>
    /// Checked against a plain breadth-first search on seeded random rings: a controller holds the ring together
    /// exactly when removing it leaves more parts than before, and the victims it cuts off are those outside the
    /// largest remaining part; every path is a chain of real ties no longer than the BFS distance.
    /// </summary>
    [Fact]
    public void Agrees_with_a_plain_breadth_first_search_on_random_rings()
    {
        var random = new Random(1234);
        for (int round = 0; round < 60; round++)
        {
            int victims = random.Next(2, 25), controllers = random.Next(1, 8), n = victims + controllers;
            var roles = Enumerable.Range(0, n).Select(i => i < victims ? V : C).ToArray();
            var ties = new List<(int, int)>();
            for (int v = 0; v < victims; v++)
                for (int k = random.Next(0, 3); k > 0; k--) ties.Add((v, victims + random.Next(controllers)));
            var adjacency = Enumerable.Range(0, n).Select(_ => new HashSet<int>()).ToArray();
            foreach (var (a, b) in ties) { adjacency[a].Add(b); adjacency[b].Add(a); }

            var s = new RingStructure(roles, ties);
            s.Run();
            foreach (var c in s.Controllers)
            {
                var before = Parts(adjacency, n, -1);
                var after = Parts(adjacency, n, c.Node);
                int component = before[c.Node];
                var victimParts = Enumerable.Range(0, victims).Where(v => before[v] == component).GroupBy(v => after[v]).Select(g => g.Count()).ToList();
                int expected = victimParts.Count == 0 ? 0 : victimParts.Sum() - victimParts.Max();
                Assert.Equal(expected, c.CutOffVictims);
                Assert.Equal(adjacency[c.Node].Count, c.DirectVictims);
            }
            for (int v = 0; v < victims; v++)
                for (int c = victims; c < n; c++)
                {
                    var path = s.ShortestPath(v, c);
                    int distance = Distance(adjacency, v, c);
                    if (distance < 0) { Assert.Null(path); continue; }
                    Assert.NotNull(path);
                    Assert.Equal(distance, path.Hops);
                    Assert.Equal(v, path.Nodes[0]);
                    Assert.Equal(c, path.Nodes[^1]);
                    for (int i = 1; i < path.Nodes.Count; i++) Assert.Contains(path.Nodes[i], adjacency[path.Nodes[i - 1]]);
                }
        }
    }

    private static int[] Parts(HashSet<int>[] adjacency, int n, int removed)
    {
        var part = Enumerable.Repeat(-1, n).ToArray();
        int next = 0;
        for (int start = 0; start < n; start++)
        {
            if (start == removed || part[start] >= 0) continue;
            var queue = new Queue<int>([start]);
            part[start] = next;
            while (queue.TryDequeue(out int at))
                foreach (int to in adjacency[at])
                    if (to != removed && part[to] < 0) { part[to] = next; queue.Enqueue(to); }
            next++;
        }
        return part;
    }

    private static int Distance(HashSet<int>[] adjacency, int from, int to)
    {
        var distance = new Dictionary<int, int> { [from] = 0 };
        var queue = new Queue<int>([from]);
        while (queue.TryDequeue(out int at))
        {
            if (at == to) return distance[at];
            foreach (int next in adjacency[at])
                if (distance.TryAdd(next, distance[at] + 1)) queue.Enqueue(next);
        }
        return -1;
    }
}
