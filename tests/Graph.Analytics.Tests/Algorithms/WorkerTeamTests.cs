using Graph.Analytics.Algorithms.Internal;

namespace Graph.Analytics.Tests.Algorithms;

public class WorkerTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Every_chunk_runs_exactly_once(int members)
    {
        using var team = new WorkerTeam(members);
        var runs = new int[1000];
        var seenMembers = new int[members];

        for (int repeat = 0; repeat < 20; repeat++)
            team.For(runs.Length, (chunk, member) =>
            {
                Interlocked.Increment(ref runs[chunk]);
                Interlocked.Increment(ref seenMembers[member]);
            });

        Assert.All(runs, count => Assert.Equal(20, count));
        Assert.Equal(20 * runs.Length, seenMembers.Sum());
    }

    [Fact]
    public void A_failure_in_any_member_is_rethrown_after_all_have_stopped_and_the_team_still_works()
    {
        using var team = new WorkerTeam(3);
        int finished = 0;

        var error = Assert.Throws<InvalidOperationException>(() => team.For(300, (chunk, _) =>
        {
            if (chunk == 150) throw new InvalidOperationException("chunk 150 failed");
            Interlocked.Increment(ref finished);
        }));

        Assert.Equal("chunk 150 failed", error.Message);
        Assert.True(finished < 300);
        int after = 0;
        team.For(10, (_, _) => Interlocked.Increment(ref after));
        Assert.Equal(10, after);
    }

    [Fact]
    public void Work_marked_serial_runs_on_the_calling_thread()
    {
        using var team = new WorkerTeam(2);
        int caller = Environment.CurrentManagedThreadId;
        var threads = new HashSet<int>();

        team.For(50, (_, member) => { lock (threads) threads.Add(Environment.CurrentManagedThreadId); Assert.Equal(0, member); }, parallel: false);

        Assert.Equal([caller], threads);
    }
}
