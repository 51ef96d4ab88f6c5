using Graph.Storage.Neo4j;
using Graph.Storage.Neo4j.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>The audit log on the real server under concurrent writers: every entry kept once, numbered without gaps.</summary>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jAuditTests(Neo4jServerFixture server)
{
    [Neo4jFact]
    public void Concurrent_audit_writers_each_append_every_entry_once_with_its_own_number()
    {
        server.Wipe();
        using var store = Neo4jGraphStore.Open(server.Options());
        const int writers = 6, each = 4;
        var start = new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero);
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
        {
            // One store per writer, as separate processes (CLI, explorer) would have.
            using var own = Neo4jGraphStore.Open(server.Options());
            for (int i = 0; i < each; i++)
                own.WriteAudit(new AuditRecord(start.AddMinutes(w * each + i), $"writer-{w}", "export-unmasked", $"R-{w:D6}", $"entry {i}", null));
        });

        var log = store.ReadAudit();

        Assert.Equal(writers * each, log.Count);
        Assert.Equal(writers * each, log.Select(e => (e.Operator, e.Reason)).Distinct().Count());
        using var connection = new Neo4jConnection(server.Options(), NullLogger.Instance);
        connection.Discover();
        var seq = connection.AutoCommit([new CypherStatement("test", "MATCH (a:AuditEntry) RETURN count(DISTINCT a.seq), min(a.seq), max(a.seq)")])[0].Rows.Single();
        Assert.Equal(((long)(writers * each), 1L, (long)(writers * each)), ((long)seq[0], (long)seq[1], (long)seq[2]));
        // Each writer's own entries keep their order.
        for (int w = 0; w < writers; w++)
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"entry {i}"), log.Where(e => e.Operator == $"writer-{w}").Select(e => e.Reason));
    }
}
