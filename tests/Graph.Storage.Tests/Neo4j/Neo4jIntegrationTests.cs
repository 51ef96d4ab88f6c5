using System.Text.Json;
using Graph.Core;
using Graph.Ingest;
using Graph.Storage.Neo4j;
using Graph.Storage.Neo4j.Internal;
using Graph.Storage.Sqlite;
using Graph.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>A generated insurer (2,000 holders with planted rings), written once per test run.</summary>
public sealed class GeneratedInsurerFixture : IDisposable
{
    public GeneratedInsurerFixture()
    {
        Folder = Directory.CreateTempSubdirectory("fraudgraph-neo4j-").FullName;
        Data = Path.Combine(Folder, "data");
        Result = new InsurerGenerator(new GeneratorOptions { Holders = 2_000, Seed = 7 }).Generate(Data, Path.Combine(Folder, "truth.json"));
    }

    public string Folder { get; }
    public string Data { get; }
    public GenerationResult Result { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* best effort */ }
    }
}

/// <summary>
/// The Neo4j store against a real server (Neo4j 3.1.1 in CI, started by .ci/neo4j.sh): a generated dataset
/// loaded through the real ingestion gives the same snapshot and statistics as the SQLite store, loading it
/// again changes nothing, Cypher counts agree, rings written back are one hop from their members, and a Cypher
/// error or an unreachable server gives a clear message.
/// </summary>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jIntegrationTests(Neo4jServerFixture server, GeneratedInsurerFixture insurer) : IClassFixture<GeneratedInsurerFixture>
{
    private Neo4jGraphStore OpenEmpty(Neo4jLoadMode mode = Neo4jLoadMode.Batched, int batchSize = 5_000)
    {
        server.Wipe();
        return Neo4jGraphStore.Open(server.Options(batchSize, mode));
    }

    private CypherResult Cypher(string statement, Dictionary<string, object?>? parameters = null)
    {
        using var connection = new Neo4jConnection(server.Options(), NullLogger.Instance);
        connection.Discover();
        return connection.AutoCommit([new CypherStatement("test", statement, parameters)])[0];
    }

    private long Count(string statement) => (long)Cypher(statement).Scalar()!;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { IncludeFields = true });

    [Neo4jFact]
    public void A_generated_dataset_reads_back_exactly_as_from_the_sqlite_store()
    {
        using var neo4j = OpenEmpty();
        var summary = new FolderLoader(neo4j).Load(insurer.Data);
        var sqlitePath = Path.Combine(insurer.Folder, $"compare-{Guid.NewGuid():N}.db");
        using var sqlite = new SqliteGraphStore(sqlitePath);
        var sqliteSummary = new FolderLoader(sqlite).Load(insurer.Data);

        Assert.False(summary.AlreadyLoaded);
        Assert.True(summary.Loaded > 2_000);
        Assert.Equal(sqliteSummary.Files.Select(f => (f.File, f.Read, f.Loaded, f.Quarantined)), summary.Files.Select(f => (f.File, f.Read, f.Loaded, f.Quarantined)));
        var fromNeo4j = neo4j.ReadSnapshot();
        Assert.True(fromNeo4j.Links.Count > fromNeo4j.Holders.Count);
        Assert.Equal(Json(sqlite.ReadSnapshot()), Json(fromNeo4j));
        Assert.Equal(Json(sqlite.GetStatistics(20)), Json(neo4j.GetStatistics(20)));
    }

    [Neo4jFact]
    public void Loading_in_batches_gives_the_same_graph_as_one_transaction()
    {
        using var atomic = OpenEmpty(Neo4jLoadMode.Atomic);
        new FolderLoader(atomic).Load(insurer.Data);
        var expected = (Json(atomic.ReadSnapshot()), Json(atomic.GetStatistics(20)), Neo4jGraphContent.Read(server.RequireUrl()).ToString());

        // Small batches, several in flight: every kind of record spans many batches.
        using var batched = OpenEmpty(Neo4jLoadMode.Batched, batchSize: 300);
        var summary = new FolderLoader(batched, new LoaderOptions { BatchSize = 1_000 }).Load(insurer.Data);
        Assert.False(summary.AlreadyLoaded);
        Assert.True(batched.HasLoaded(summary.Fingerprint));
        Assert.Empty(batched.UnfinishedLoads());
        Assert.True(batched.LastLoad!.Batches >= 15, batched.LastLoad.ToString());
        Assert.Equal(0, atomic.LastLoad!.CreatedRecords); // one transaction merges everything
        Assert.True(batched.LastLoad.CreatedRecords > 2_000, batched.LastLoad.ToString()); // a first load into an empty graph creates
        Assert.Equal(expected, (Json(batched.ReadSnapshot()), Json(batched.GetStatistics(20)), Neo4jGraphContent.Read(server.RequireUrl()).ToString()));
    }

    [Neo4jFact]
    public void A_first_load_whose_records_repeat_in_later_batches_merges_them_and_ends_in_the_graph_a_merging_load_gives()
    {
        // The generated insurer with its first holder and its second policy again at the end of their files, changed.
        var data = Path.Combine(insurer.Folder, $"repeated-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        foreach (var file in Directory.GetFiles(insurer.Data)) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        var holder = File.ReadLines(Path.Combine(data, "policyholders.csv")).ElementAt(1).Split(',');
        Assert.Equal(7, holder.Length); // holder_id,name,id_number,phone,address,city,created_at, no quoted commas
        File.AppendAllText(Path.Combine(data, "policyholders.csv"), $"{holder[0]},{holder[1]},{holder[2]},13900000001,北京市朝阳区建国路1号1栋1单元101室,北京,{holder[6]}\n");
        var policy = File.ReadLines(Path.Combine(data, "policies.csv")).ElementAt(2).Split(',');
        File.AppendAllText(Path.Combine(data, "policies.csv"), $"{policy[0]},{holder[0]},{string.Join(',', policy[2..])}\n");

        using var atomic = OpenEmpty(Neo4jLoadMode.Atomic);
        new FolderLoader(atomic).Load(data);
        var expected = (Json(atomic.ReadSnapshot()), Json(atomic.GetStatistics(20)), Neo4jGraphContent.Read(server.RequireUrl()).ToString());

        using var batched = OpenEmpty(Neo4jLoadMode.Batched, batchSize: 300);
        var summary = new FolderLoader(batched, new LoaderOptions { BatchSize = 1_000 }).Load(data);
        long holdersAndPolicies = summary.Files.Where(f => f.File is "policyholders.csv" or "policies.csv").Sum(f => f.Loaded);
        Assert.Equal(holdersAndPolicies - 2, batched.LastLoad!.CreatedRecords); // the two repeated rows were merged
        Assert.Equal(expected, (Json(batched.ReadSnapshot()), Json(batched.GetStatistics(20)), Neo4jGraphContent.Read(server.RequireUrl()).ToString()));
        Assert.Contains("13900000001", expected.Item1); // the repeated holder's new phone is in the graph
    }

    [Neo4jFact]
    public void Loading_the_dataset_again_changes_nothing()
    {
        using var store = OpenEmpty();
        var first = new FolderLoader(store).Load(insurer.Data);
        var before = (Json(store.ReadSnapshot()), Json(store.GetStatistics(20)), Count("MATCH (n) RETURN count(n)"), Count("MATCH ()-[r]->() RETURN count(r)"));

        var second = new FolderLoader(store).Load(insurer.Data);
        Assert.True(second.AlreadyLoaded);
        Assert.Equal(first.Fingerprint, second.Fingerprint);

        // Forget the fingerprint so every MERGE really runs again over the existing graph.
        Assert.Equal(1, Count("MATCH (l:Load) DELETE l RETURN count(*)"));
        var third = new FolderLoader(store).Load(insurer.Data);
        Assert.False(third.AlreadyLoaded);
        Assert.Equal(0, store.LastLoad!.CreatedRecords); // the graph was not empty: everything merged
        var after = (Json(store.ReadSnapshot()), Json(store.GetStatistics(20)), Count("MATCH (n) RETURN count(n)"), Count("MATCH ()-[r]->() RETURN count(r)"));
        Assert.Equal(before, after);
    }

    [Neo4jFact]
    public void Cypher_counts_agree_with_the_load_summary_and_the_statistics()
    {
        using var store = OpenEmpty();
        var summary = new FolderLoader(store).Load(insurer.Data);
        var loaded = summary.Files.ToDictionary(f => f.File, f => f.Loaded);
        var stats = store.GetStatistics(5).Nodes.ToDictionary(n => n.Key, n => n.Value);

        long realHolders = Count("MATCH (h:Policyholder) WHERE h.is_stub = false RETURN count(h)");
        Assert.True(realHolders <= loaded["policyholders.csv"]); // a holder id repeated in the file is one node
        Assert.True(realHolders >= 1_900);
        Assert.Equal(stats["Policyholder"], Count("MATCH (h:Policyholder) RETURN count(h)"));
        Assert.Equal(stats["SurrenderRequest"], Count("MATCH (s:SurrenderRequest) RETURN count(s)"));
        Assert.Equal(stats["Phone"], Count("MATCH (p:Phone) RETURN count(p)"));
        Assert.Equal(0, Count("MATCH (e) WHERE (e:ContactChange OR e:SurrenderRequest OR e:Complaint) AND e.attributed_holder_id IS NOT NULL AND NOT (e)<-[:CHANGED|REQUESTED|FILED]-(:Policyholder) RETURN count(e)"));
        Assert.Equal(0, Count("MATCH (c:ContactPoint) WHERE NOT (c)<-[:LINKED_TO]-() RETURN count(c)"));
        Assert.Equal(store.ReadSnapshot().Links.Count, Count("MATCH (:Policyholder)-[l:LINKED_TO]->(:ContactPoint) RETURN count(l)"));
        Assert.True(store.HasLoaded(summary.Fingerprint));
    }

    [Neo4jFact]
    public void Rings_written_back_are_one_hop_from_their_members_and_read_back_equal()
    {
        using var store = OpenEmpty();
        new FolderLoader(store).Load(insurer.Data);
        var snapshot = store.ReadSnapshot();
        var shared = store.GetStatistics(1).MostShared.Single();
        var victims = snapshot.Links.Where(l => snapshot.Contacts[l.Contact] == new SnapshotContact(shared.Kind, shared.Value))
            .Select(l => snapshot.Holders[l.Holder].Id).Distinct().Order(StringComparer.Ordinal).Take(5).ToList();
        var entityType = Neo4jRows.SnakeCase(shared.Kind.ToString()) switch { "ip" => "ip", var w => w };
        var members = victims.Select(v => new RingMember("holder", v, MemberRole.Victim, 1))
            .Append(new RingMember(entityType, shared.Value, MemberRole.Controller, victims.Count))
            .Append(new RingMember("template", "T-1", MemberRole.Controller, 2)).ToList();
        var run = new AnalysisRun("run-it-1", new DateTimeOffset(2024, 3, 10, 2, 0, 0, TimeSpan.FromHours(8)), "sha256:x", "{}",
            [new Ring("R-000001", 91.5, true, victims.Count, 1, 1234.5m, null, null,
                [new RingReason("shared_contact", "Shared contact point", 1, 1, 91.5, ["S1"])], members)], []);

        store.SaveAnalysis(run);

        Assert.Equal(Json(run), Json(store.ReadLatestAnalysis()));
        var written = Cypher("MATCH (m)-[r:MEMBER_OF]->(g:Ring {ring_id: 'R-000001'})-[:FOUND_IN]->(:AnalysisRun {run_id: 'run-it-1'}) " +
            "RETURN coalesce(m.holder_id, m.value) AS id, r.role AS role, g.score AS score, g.flagged AS flagged ORDER BY id");
        Assert.Equal(members.Select(m => (m.EntityId, m.Role.ToString().ToLowerInvariant())).OrderBy(m => m.EntityId, StringComparer.Ordinal),
            written.Rows.Select(r => ((string)r[0]!, (string)r[1]!)));
        Assert.All(written.Rows, r => Assert.Equal((91.5, true), ((double)r[2], (bool)r[3])));
        Assert.Throws<InvalidOperationException>(() => store.SaveAnalysis(run));
        Assert.Equal("run-it-1", store.ListRuns().Single().RunId);
    }

    [Neo4jFact]
    public void The_analyst_query_for_changes_followed_by_surrender_runs_on_the_server()
    {
        using var store = OpenEmpty();
        new FolderLoader(store).Load(insurer.Data);
        var statement = CypherLibrary.Statement("analyst/change-then-surrender.cypher");
        var result = Cypher(statement, new() { ["days"] = 30 });
        var snapshot = store.ReadSnapshot();

        // The same pairs computed from the snapshot, independently of Cypher.
        var expected = 0;
        foreach (var change in snapshot.Events.Where(e => e.Kind == RecordKind.ContactChange && e.At is not null))
            expected += snapshot.Events.Count(s => s.Kind == RecordKind.SurrenderRequest && s.Holder == change.Holder && s.At is not null
                && s.At >= change.At && s.At.Value - change.At!.Value <= TimeSpan.FromDays(30));
        Assert.True(expected > 0, "the generated rings change contacts shortly before surrendering");
        Assert.Equal(expected, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.InRange((double)r[result.Column("days_between")], 0, 30));
    }

    [Neo4jFact]
    public void A_cypher_error_names_neo4j_code_and_message()
    {
        server.RequireUrl();
        var error = Assert.Throws<Neo4jException>(() => Cypher("MATCH (n:Policyholder RETURN n"));
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("Neo.ClientError.Statement.SyntaxError", error.Message);
        Assert.Contains("Invalid input", error.Message);
        Assert.DoesNotContain("at org.neo4j", error.Message); // no Java stack trace
    }

    [Neo4jFact]
    public void An_unreachable_server_names_the_address_and_what_to_check()
    {
        server.RequireUrl();
        var url = new Uri(server.RequireUrl());
        int port = FakeNeo4jServer.FreePort();
        var error = Assert.Throws<Neo4jException>(() => Neo4jGraphStore.Open(new Neo4jOptions
        {
            Uri = new Uri($"http://{url.Host}:{port}"), MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10),
        }));
        Assert.Equal(Neo4jException.ConnectionFailedCode, error.Code);
        Assert.Contains($"Cannot reach Neo4j at http://{url.Host}:{port}", error.Message);
        Assert.Contains("Is the server running", error.Message);
    }

    [Neo4jFact]
    public void The_store_reports_the_real_server_and_protocol()
    {
        using var store = OpenEmpty();
        if (Neo4jServer.IsOptInServer)
        {
            Assert.NotEqual(Neo4jProtocol.LegacyTransactional, store.Protocol);
            Assert.True(Cypher("SHOW CONSTRAINTS YIELD name RETURN count(*)").Scalar()!.Value<long>() >= 19);
        }
        else
        {
            Assert.Equal("3.1.1", store.ServerVersion);
            Assert.Equal(Neo4jProtocol.LegacyTransactional, store.Protocol);
            Assert.False(store.HasGraphDataScience);
            Assert.Equal(19, Cypher("CALL db.constraints() YIELD description RETURN count(*)").Scalar()!.Value<long>());
        }
    }
}
