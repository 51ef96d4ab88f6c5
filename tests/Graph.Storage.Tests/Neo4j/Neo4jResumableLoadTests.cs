using Graph.Core;
using Graph.Ingest;
using Graph.Storage.Neo4j;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// Loads in resumable batches against the real server: a load stopped part-way keeps its committed batches, is not
/// recorded as loaded, stops analysis with a message that says how to finish it, and the same load run again skips
/// what was committed and ends in exactly the graph an uninterrupted load gives.
/// </summary>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jResumableLoadTests(Neo4jServerFixture server, GeneratedInsurerFixture insurer) : IClassFixture<GeneratedInsurerFixture>
{
    private Neo4jGraphStore Open(int batchSize = 250) => Neo4jGraphStore.Open(server.Options(batchSize));

    /// <summary>The store's load, cut off after <paramref name="writes"/> calls to Write, as if the process had died there.</summary>
    private static void LoadUntil(IGraphStore store, string data, int writes)
    {
        var interrupted = Assert.Throws<LoadInterrupted>(() => new FolderLoader(new InterruptingStore(store, writes), new LoaderOptions { BatchSize = 200, ParseAhead = 0 }).Load(data));
        Assert.Equal(writes, interrupted.Writes);
    }

    [Neo4jFact]
    public void A_load_stopped_three_times_and_run_again_each_time_ends_in_the_graph_of_an_uninterrupted_load()
    {
        server.Wipe();
        using (var store = Open())
            new FolderLoader(store).Load(insurer.Data);
        var expected = Neo4jGraphContent.Read(server.RequireUrl());

        server.Wipe();
        var resumedBatches = new List<int>();
        foreach (int writes in new[] { 3, 9, 20 })
        {
            using var store = Open();
            LoadUntil(store, insurer.Data, writes);
            var unfinished = Assert.Single(store.UnfinishedLoads());
            Assert.Contains("is not finished", unfinished);
        }
        using (var store = Open(batchSize: 400)) // a different batch size resumes just as well
        {
            var summary = new FolderLoader(store).Load(insurer.Data);
            Assert.False(summary.AlreadyLoaded);
            Assert.True(store.LastLoad!.ResumedBatches > 0, store.LastLoad.ToString());
            Assert.Equal(0, store.LastLoad.CreatedRecords); // the graph holds the stopped attempts' batches: a resumed load merges
            // 20 writes of 200 records were handed over before the last stop; all but a part-filled batch per kind committed.
            Assert.True(store.LastLoad.SkippedRecords >= 3_000, store.LastLoad.ToString());
            Assert.Empty(store.UnfinishedLoads());
            Assert.True(store.HasLoaded(summary.Fingerprint));
        }

        var actual = Neo4jGraphContent.Read(server.RequireUrl());
        Assert.True(expected.SameAs(actual), $"expected {expected}\\nactual   {actual}");
    }

    [Neo4jFact]
    public void An_unfinished_load_keeps_its_batches_stops_analysis_with_how_to_finish_it_and_is_loaded_once_finished()
    {
        server.Wipe();
        using var store = Open();
        LoadUntil(store, insurer.Data, 4);

        Assert.True(store.GetStatistics(0).Nodes.Single(n => n.Key == "Policyholder").Value > 0, "the committed batches stay");
        Assert.False(store.HasLoaded(JournalFingerprint()));
        var error = Assert.Throws<Neo4jException>(() => store.ReadSnapshot());
        Assert.Equal(Neo4jException.UnfinishedLoadCode, error.Code);
        Assert.Contains($"the load of {Path.GetFullPath(insurer.Data)} (fingerprint ", error.Message);
        Assert.Contains("Run the same load command again", error.Message);
        Assert.Single(store.UnfinishedLoads());

        var finished = new FolderLoader(store).Load(insurer.Data);
        Assert.False(finished.AlreadyLoaded);
        Assert.Equal(finished.Fingerprint, JournalFingerprint());
        Assert.Contains($"(fingerprint {finished.Fingerprint[..12]}", error.Message);
        Assert.NotEmpty(store.ReadSnapshot().Holders);
        var again = new FolderLoader(store).Load(insurer.Data);
        Assert.True(again.AlreadyLoaded);
    }

    private string JournalFingerprint()
    {
        using var connection = new Neo4jConnection(server.Options(), NullLogger.Instance);
        connection.Discover();
        return (string)connection.AutoCommit([new CypherStatement("test", "MATCH (l:Load) RETURN l.fingerprint")])[0].Scalar()!;
    }

    private sealed class LoadInterrupted(int writes) : Exception($"interrupted after {writes} writes")
    {
        public int Writes { get; } = writes;
    }

    /// <summary>A store whose loads stop, as a killed process would, after a number of writes.</summary>
    private sealed class InterruptingStore(IGraphLoadTarget inner, int writes) : IGraphLoadTarget
    {
        public bool HasLoaded(string fingerprint) => inner.HasLoaded(fingerprint);
        public ILoadTransaction BeginLoad(LoadInfo info) => new Interrupting(inner.BeginLoad(info), writes);

        private sealed class Interrupting(ILoadTransaction tx, int limit) : ILoadTransaction
        {
            private int _writes;

            public void Write(IReadOnlyList<InputRecord> batch)
            {
                if (_writes == limit) throw new LoadInterrupted(_writes);
                _writes++;
                tx.Write(batch);
            }

            public void Commit() => throw new LoadInterrupted(_writes);
            public string? Outcome => null;
            public void Dispose() => tx.Dispose();
        }
    }
}
