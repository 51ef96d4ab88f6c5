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

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Many_short_phases_one_after_the_other_each_see_every_chunk_once_and_only_their_own(int members)
    {
        // Helpers join phases late or not at all; one that joins must work on the phase that is open, never on one
        // that has closed, and the caller must not return while a helper is still inside its phase.
        using var team = new WorkerTeam(members);
        var runs = new int[8];

        for (int phase = 1; phase <= 20_000; phase++)
        {
            int expected = phase;
            team.For(runs.Length, (chunk, _) =>
            {
                Assert.Equal(expected - 1, Volatile.Read(ref runs[chunk]));
                Interlocked.Increment(ref runs[chunk]);
            });
            Assert.All(runs, count => Assert.Equal(expected, count));
        }
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
