using Graph.Core;
using Graph.Storage.Neo4j;
using Newtonsoft.Json.Linq;
using static Graph.Storage.Tests.TestRecords;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// The HTTP conversation with Neo4j, against a loopback fake: protocol choice from discovery, the Query API's
/// requests and results, explicit transactions, errors in a 200 answer, 401, 5xx with and without retry, an
/// unreachable server, and credentials that never leak into messages.
/// </summary>
public sealed class Neo4jWireTests
{
    private const string Secret = "s3cr3t-Pa55";

    private static Neo4jOptions Options(FakeNeo4jServer server, int maxRetries = 2, Neo4jLoadMode loadMode = Neo4jLoadMode.Batched) => new()
    {
        Uri = new Uri(server.Url),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(1),
        Timeout = TimeSpan.FromSeconds(10),
        BatchSize = 1_000,
        LoadMode = loadMode,
    };

    /// <summary>Answers discovery for <paramref name="root"/> and every schema statement; the rest goes to <paramref name="work"/>.</summary>
    private static Func<FakeRequest, FakeResponse> Neo4j5(Func<int, object> root, Func<FakeRequest, FakeResponse> work, Func<int> port) => request =>
    {
        if (request.Method == "GET" && request.Path == "/") return FakeResponse.Json(root(port()));
        if (request.Method == "GET" && request.Path == "/db/data/") return FakeResponse.Json(new { neo4j_version = "3.5.35", transaction = "x" });
        if (request.Statement?.StartsWith("CREATE CONSTRAINT", StringComparison.Ordinal) == true)
            return request.Path.EndsWith("/query/v2", StringComparison.Ordinal) ? FakeNeo4jServer.QueryResult([]) : FakeNeo4jServer.TxResult(request);
        return work(request);
    };

    private static FakeNeo4jServer Server(Func<int, object> root, Func<FakeRequest, FakeResponse> work)
    {
        FakeNeo4jServer? server = null;
        server = new FakeNeo4jServer(Neo4j5(root, work, () => server!.Port));
        return server;
    }

    [Fact]
    public void A_server_advertising_the_query_api_is_spoken_to_through_it_with_neo4j_5_schema()
    {
        using var server = Server(FakeNeo4jServer.Root5, _ => FakeNeo4jServer.QueryResult(["loads"], [1]));
        using var store = Neo4jGraphStore.Open(Options(server));

        Assert.Equal(Neo4jProtocol.QueryApi, store.Protocol);
        Assert.Equal("5.26.0", store.ServerVersion);
        var schema = server.Requests.Where(r => r.Statement?.StartsWith("CREATE CONSTRAINT", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(19, schema.Count);
        Assert.All(schema, r => Assert.Equal("/db/neo4j/query/v2", r.Path));
        Assert.All(schema, r => Assert.Contains(" IF NOT EXISTS FOR (n:", r.Statement));

        Assert.True(store.HasLoaded("sha256:abc"));
        var query = server.WorkRequests().Single();
        Assert.Equal("/db/neo4j/query/v2", query.Path);
        Assert.Equal("sha256:abc", query.Body!["parameters"]!["fingerprint"]!.Value<string>());
        Assert.StartsWith("MATCH (l:Load {fingerprint: $fingerprint})", query.Statement);
    }

    [Fact]
    public void A_4_4_server_without_the_query_api_gets_the_transactional_endpoint_of_its_database()
    {
        using var server = Server(FakeNeo4jServer.Root44, r => FakeNeo4jServer.TxResult(r, (["loads"], [[0]])));
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), Database = "fraud", RetryDelay = TimeSpan.FromMilliseconds(1) });

        Assert.Equal(Neo4jProtocol.Transactional, store.Protocol);
        Assert.False(store.HasLoaded("f"));
        Assert.Equal("/db/fraud/tx/commit", server.WorkRequests().Single().Path);
        Assert.All(server.Requests.Where(r => r.Statement?.StartsWith("CREATE CONSTRAINT", StringComparison.Ordinal) == true),
            r => Assert.Contains(" REQUIRE ", r.Statement));
    }

    [Fact]
    public void A_3_x_server_is_recognised_by_its_data_entry_and_gets_3_x_schema_syntax()
    {
        using var server = Server(FakeNeo4jServer.Root3, r => FakeNeo4jServer.TxResult(r, (["loads"], [[0]])));
        using var store = Neo4jGraphStore.Open(Options(server));

        Assert.Equal(Neo4jProtocol.LegacyTransactional, store.Protocol);
        Assert.Equal("3.5.35", store.ServerVersion);
        Assert.Contains(server.Requests, r => r.Method == "GET" && r.Path == "/db/data/");
        var schema = server.Requests.Where(r => r.Statement?.StartsWith("CREATE CONSTRAINT", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(19, schema.Count);
        Assert.All(schema, r => Assert.Equal("/db/data/transaction/commit", r.Path));
        Assert.All(schema, r => Assert.Matches(@"^CREATE CONSTRAINT ON \(n:\w+\) ASSERT", r.Statement!));
    }

    [Fact]
    public void Query_api_rows_become_typed_results()
    {
        using var server = Server(FakeNeo4jServer.Root5, r => r.Statement!.Contains("AnalysisRun", StringComparison.Ordinal)
            ? FakeNeo4jServer.QueryResult(["run_id", "started_at", "input_fingerprint", "rings", "flagged"],
                ["run-2", "2024-03-11T02:00:00.0000000+08:00", "sha256:b", 5, 2],
                ["run-1", "2024-03-10T02:00:00.0000000+08:00", "sha256:a", 3, 0])
            : FakeNeo4jServer.QueryResult([]));
        using var store = Neo4jGraphStore.Open(Options(server));

        var runs = store.ListRuns();

        Assert.Equal(
            [("run-2", new DateTimeOffset(2024, 3, 11, 2, 0, 0, China), "sha256:b", 5, 2), ("run-1", new DateTimeOffset(2024, 3, 10, 2, 0, 0, China), "sha256:a", 3, 0)],
            runs.Select(r => (r.RunId, r.StartedAt, r.InputFingerprint, r.Rings, r.Flagged)));
    }

    [Fact]
    public void An_atomic_load_over_the_query_api_runs_in_one_explicit_transaction_with_cluster_affinity()
    {
        using var server = Server(FakeNeo4jServer.Root5, r => r.Path switch
        {
            "/db/neo4j/query/v2/tx" => FakeResponse.Json(new { data = new { fields = Array.Empty<string>(), values = Array.Empty<object>() },
                transaction = new { id = "tx-42", expires = "2030-01-01T00:00:00Z" } }, 202, new Dictionary<string, string> { ["neo4j-cluster-affinity"] = "server-7" }),
            _ => FakeNeo4jServer.QueryResult(["unlinked"], [0]),
        });
        using var store = Neo4jGraphStore.Open(Options(server, loadMode: Neo4jLoadMode.Atomic));

        using (var load = store.BeginLoad(TestRecords.Load("f1")))
        {
            load.Write([Holder("H1", phone: "13800000001"), Holder("H2", phone: "13800000001")]);
            load.Commit();
        }

        var work = server.WorkRequests();
        Assert.Equal("/db/neo4j/query/v2/tx", work[0].Path);
        Assert.All(work.Skip(1), r => Assert.StartsWith("/db/neo4j/query/v2/tx/tx-42", r.Path));
        Assert.All(work.Skip(1), r => Assert.Equal("server-7", r.Affinity));
        Assert.Equal("/db/neo4j/query/v2/tx/tx-42/commit", work[^1].Path);
        var holders = work.Single(r => r.Statement?.Contains("MERGE (h:Policyholder {holder_id: row.id})", StringComparison.Ordinal) == true);
        Assert.Equal(["H1", "H2"], holders.Body!["parameters"]!["rows"]!.Select(row => row["id"]!.Value<string>()));
        // Each holder's registered phone travels in its own row (one statement, no second lookup of the holder).
        Assert.Contains("MERGE (c:Phone {value: k.value})", holders.Statement);
        Assert.All(holders.Body!["parameters"]!["rows"]!, row => Assert.Equal(("13800000001", "registered_phone"),
            (row["phone"]!.Single()["value"]!.Value<string>(), row["phone"]!.Single()["evidence"]!.Value<string>())));
        Assert.DoesNotContain(work, r => r.Statement?.Contains("MERGE (c:Phone {value: row.value})", StringComparison.Ordinal) == true);
        Assert.Contains(work, r => r.Statement?.Contains("MERGE (l:Load {fingerprint: $fingerprint})", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public void A_failed_statement_rolls_an_atomic_load_back_and_names_the_batch_and_the_statement_file()
    {
        using var server = Server(FakeNeo4jServer.Root44, r => r.Path switch
        {
            "/db/neo4j/tx" => FakeResponse.Json(new { results = Array.Empty<object>(), errors = Array.Empty<object>() }, 201,
                new Dictionary<string, string> { ["Location"] = $"http://127.0.0.1/db/neo4j/tx/9" }),
            _ when r.Method == "DELETE" => FakeResponse.Json(new { results = Array.Empty<object>(), errors = Array.Empty<object>() }),
            _ => FakeNeo4jServer.Error(200, "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(12) already exists with label `Policy`"),
        });
        using var store = Neo4jGraphStore.Open(Options(server, loadMode: Neo4jLoadMode.Atomic));

        var load = store.BeginLoad(TestRecords.Load("f1"));
        load.Write([Policy("P1", "H1")]); // a batch is sent once full, or at the end
        var error = Assert.Throws<Neo4jException>(() => load.Commit());
        load.Dispose();

        Assert.Equal("Neo.ClientError.Schema.ConstraintValidationFailed", error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("load/policies.cypher", error.Message);
        Assert.Contains("already exists", error.Message);
        Assert.Contains("batch 1 (policies.csv, records 1–1 of the load)", error.Message);
        Assert.Contains("Nothing of this load was committed", error.Message);
        Assert.Contains(server.Requests, r => r.Method == "DELETE" && r.Path == "/db/neo4j/tx/9");
        Assert.Throws<InvalidOperationException>(() => load.Commit());
        Assert.DoesNotContain(server.Requests, r => r.Path.EndsWith("/commit", StringComparison.Ordinal) && r.Path != "/db/neo4j/tx/commit");
    }

    /// <summary>A transactional-endpoint answer to cypher/load/begin-load.cypher: a journal listing these committed ranges, in a graph that holds more (or, <paramref name="graphEmpty"/>, nothing else).</summary>
    private static FakeResponse Journal(FakeRequest r, long[] from, long[] to, bool graphEmpty = false) =>
        FakeNeo4jServer.TxResult(r, (["done_from", "done_to", "batch_size", "attempts", "graph_empty"], [[from, to, 1_000, from.Length == 0 ? 1 : 2, graphEmpty]]));

    private static bool IsJournal(string? statement) => statement!.Contains("MERGE (l:Load {fingerprint: $fingerprint})\nON CREATE", StringComparison.Ordinal);

    /// <summary>The ids of the rows of the statement of <paramref name="request"/> whose text contains <paramref name="marker"/>, or null when none does.</summary>
    private static List<string>? RowIds(FakeRequest request, string marker) =>
        ((JArray)request.Body!["statements"]!).FirstOrDefault(st => st["statement"]!.Value<string>()!.Contains(marker, StringComparison.Ordinal))?["parameters"]!["rows"]!
            .Select(row => row["id"]!.Value<string>()!).ToList();

    [Fact]
    public void A_first_load_into_an_empty_graph_creates_the_records_it_has_not_met_and_merges_the_ones_that_repeat()
    {
        using var server = Server(FakeNeo4jServer.Root44, r => IsJournal(r.Statement) ? Journal(r, [], [], graphEmpty: true) : FakeNeo4jServer.TxResult(r));
        // One batch in flight: with two, a policy batch may reach the server before the second holder batch, and the
        // batches below are read in the order they were sent.
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 100, BatchesInFlight = 1 });

        using (var load = store.BeginLoad(TestRecords.Load("f1")))
        {
            var holders = Enumerable.Range(0, 150).Select(i => (InputRecord)Holder($"H{i:D3}", phone: $"1380000{i:D4}")).ToList();
            holders.Insert(120, Holder("H005", phone: "13900000005")); // H005 again, changed, in the second batch
            load.Write(holders);
            // P1 twice in one batch: its last version only. P2 names an unknown holder (a stub), then comes again in the next batch.
            load.Write([Policy("P1", "H001"), Policy("P2", "H999"), Policy("P1", "H002"), .. Enumerable.Range(0, 100).Select(i => Policy($"Q{i:D3}", "H003"))]);
            load.Write([Policy("P2", "H004")]);
            load.Commit();
        }

        var batches = server.WorkRequests().Where(r => r.Body?["statements"] is JArray { Count: > 1 }).ToList();
        Assert.Equal(4, batches.Count); // 100 + 51 holders, 100 + 3 policies
        const string newHolders = "CREATE (h:Policyholder)", mergedHolders = "MERGE (h:Policyholder {holder_id: row.id})";
        const string newPolicies = "CREATE (p:Policy)", mergedPolicies = "MERGE (p:Policy {policy_id: row.id})";
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"H{i:D3}"), RowIds(batches[0], newHolders));
        Assert.Null(RowIds(batches[0], mergedHolders));
        Assert.Equal(Enumerable.Range(100, 50).Select(i => $"H{i:D3}"), RowIds(batches[1], newHolders));
        Assert.Equal(["H005"], RowIds(batches[1], mergedHolders));
        // A holder's links travel in its own row; a policy's unknown holder becomes a stub the later rows merge.
        var h005 = ((JArray)batches[1].Body!["statements"]![1]!["parameters"]!["rows"]!).Single();
        Assert.Equal("13900000005", h005["phone"]![0]!["value"]!.Value<string>());
        Assert.Equal(["P2", "P1", .. Enumerable.Range(0, 97).Select(i => $"Q{i:D3}")], RowIds(batches[2], newPolicies));
        Assert.Null(RowIds(batches[2], mergedPolicies));
        Assert.Equal(["Q097", "Q098", "Q099"], RowIds(batches[3], newPolicies));
        Assert.Equal(["P2"], RowIds(batches[3], mergedPolicies));
        Assert.Equal(150 + 99 + 3, store.LastLoad!.CreatedRecords);
        Assert.Contains("a first load into an empty graph: 252 records created rather than merged", store.LastLoad.ToString());
    }

    [Fact]
    public void A_first_load_batch_whose_answer_was_lost_counts_as_committed_when_its_retry_meets_its_own_records_and_the_journal_lists_it()
    {
        int tries = 0;
        using var server = Server(FakeNeo4jServer.Root44, r => r.Statement switch
        {
            var t when IsJournal(t) => Journal(r, [], [], graphEmpty: true),
            // The server committed the first try but the answer never arrived (503 here); the retry meets the holders it created.
            var t when t!.Contains("CREATE (h:Policyholder)", StringComparison.Ordinal) => Interlocked.Increment(ref tries) == 1
                ? new FakeResponse(503, "lost")
                : FakeNeo4jServer.Error(200, "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(7) already exists with label `Policyholder` and property `holder_id` = 'H1'"),
            var t when t!.Contains("RETURN $from IN l.done_from AS listed", StringComparison.Ordinal) => FakeNeo4jServer.TxResult(r, (["listed"], [[true]])),
            _ => FakeNeo4jServer.TxResult(r),
        });
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 100, RetryDelay = TimeSpan.FromMilliseconds(1) });

        using (var load = store.BeginLoad(TestRecords.Load("f1")))
        {
            load.Write([Holder("H1", phone: "13800000001"), Holder("H2")]);
            load.Commit();
        }

        Assert.Equal(2, tries);
        var asked = Assert.Single(server.WorkRequests(), r => r.Statement!.Contains("AS listed", StringComparison.Ordinal));
        Assert.Equal(0, asked.Body!["statements"]![0]!["parameters"]!["from"]!.Value<long>());
        Assert.Equal((1, 2L, 1L), (store.LastLoad!.CommittedBatches, store.LastLoad.Records, store.LastLoad.TransientRetries));
        // What the lost answer said about unlinked contact points is unknown, so the load looks for orphans.
        Assert.Contains("DELETE c", server.WorkRequests()[^1].Statement);
        Assert.Contains("l.committed_at = $committed_at", ((JArray)server.WorkRequests()[^1].Body!["statements"]!).Last!["statement"]!.Value<string>());
    }

    [Fact]
    public void A_first_load_that_meets_records_another_writer_added_stops_and_says_running_it_again_merges()
    {
        using var server = Server(FakeNeo4jServer.Root44, r => r.Statement switch
        {
            var t when IsJournal(t) => Journal(r, [], [], graphEmpty: true),
            var t when t!.Contains("CREATE (h:Policyholder)", StringComparison.Ordinal) =>
                FakeNeo4jServer.Error(200, "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(7) already exists with label `Policyholder` and property `holder_id` = 'H1'"),
            var t when t!.Contains("AS listed", StringComparison.Ordinal) => FakeNeo4jServer.TxResult(r, (["listed"], [[false]])),
            _ => FakeNeo4jServer.TxResult(r),
        });
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 100 });

        var error = FailedLoad(store);

        Assert.Equal("Neo.ClientError.Schema.ConstraintValidationFailed", error.Code);
        Assert.Contains("Neo4j rejected load/new-policyholders.cypher", error.Message);
        Assert.Contains("batch 1 (policyholders.csv, records 1–1 of the load)", error.Message);
        Assert.Contains("another writer has added some of them since. Run the same command again: it resumes, and merges.", error.Message);
        Assert.DoesNotContain(server.WorkRequests(), r => r.Statement!.Contains("l.committed_at = $committed_at", StringComparison.Ordinal));
    }

    [Fact]
    public void A_batched_load_opens_its_journal_commits_each_batch_with_its_entry_and_retries_a_transient_failure()
    {
        int holderRequests = 0;
        using var server = Server(FakeNeo4jServer.Root44, r => r.Statement switch
        {
            var t when t!.Contains("MERGE (l:Load {fingerprint: $fingerprint})\nON CREATE", StringComparison.Ordinal) => Journal(r, [], []),
            var t when t!.Contains("MERGE (h:Policyholder", StringComparison.Ordinal) && Interlocked.Increment(ref holderRequests) == 1 => new FakeResponse(503, "busy"),
            _ => FakeNeo4jServer.TxResult(r, (["unlinked"], [[0]])),
        });
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 1_000, RetryDelay = TimeSpan.FromMilliseconds(1) });

        using (var load = store.BeginLoad(TestRecords.Load("f1")))
        {
            // One shared phone: the batches share a contact point, so they commit one after the other.
            load.Write(Enumerable.Range(0, 1_500).Select(i => (InputRecord)Holder($"H{i:D4}", phone: "13800000001")).ToList());
            load.Commit();
        }

        var work = server.WorkRequests();
        Assert.All(work, r => Assert.Equal("/db/neo4j/tx/commit", r.Path)); // no explicit transaction
        Assert.Equal(5, work.Count); // the journal, 503 + retry of batch 1, batch 2, completion
        Assert.Equal(work[1].Body!.ToString(), work[2].Body!.ToString());
        Assert.Equal([1_000, 500], work.Skip(2).Take(2).Select(r => r.Body!["statements"]![0]!["parameters"]!["rows"]!.Count()));
        // Each batch's last statement records it in the journal, in the batch's own transaction.
        var entries = work.Skip(2).Take(2).Select(r => ((JArray)r.Body!["statements"]!).Last!).ToList();
        Assert.All(entries, e => Assert.StartsWith("MATCH (l:Load {fingerprint: $fingerprint})", e["statement"]!.Value<string>()));
        Assert.Equal([(0L, 1_000L), (1_000L, 1_500L)], entries.Select(e => (e["parameters"]!["from"]!.Value<long>(), e["parameters"]!["to"]!.Value<long>())));
        Assert.Equal("policyholders.csv", entries[0]["parameters"]!["file"]!.Value<string>());
        Assert.Contains("l.committed_at = $committed_at", work[4].Statement);
        Assert.Equal(1_500, work[4].Body!["statements"]![0]!["parameters"]!["records"]!.Value<long>());
        Assert.Equal(new Neo4jLoadReport(Neo4jLoadMode.Batched, 1_000, 2, 2, 0, 0, 1_500, 0, 1_500, 1, store.LastLoad!.Elapsed), store.LastLoad);
        Assert.Contains("1 transient errors retried", store.LastLoad!.ToString());
    }

    [Fact]
    public void A_load_whose_journal_lists_committed_batches_skips_their_records_and_looks_for_orphans()
    {
        using var server = Server(FakeNeo4jServer.Root44, r => r.Statement switch
        {
            var t when t!.Contains("MERGE (l:Load {fingerprint: $fingerprint})\nON CREATE", StringComparison.Ordinal) => Journal(r, [0, 1_000], [1_000, 1_200]),
            _ => FakeNeo4jServer.TxResult(r, (["unlinked"], [[0]])),
        });
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 500 });

        using (var load = store.BeginLoad(TestRecords.Load("f1")))
        {
            load.Write(Enumerable.Range(0, 1_500).Select(i => (InputRecord)Holder($"H{i:D4}", phone: "13800000001")).ToList());
            load.Commit();
        }

        var batches = server.WorkRequests().Where(r => r.Statement!.Contains("MERGE (h:Policyholder", StringComparison.Ordinal)).ToList();
        var batch = Assert.Single(batches);
        var rows = batch.Body!["statements"]![0]!["parameters"]!["rows"]!.Select(row => row["id"]!.Value<string>()).ToList();
        Assert.Equal(Enumerable.Range(1_200, 300).Select(i => $"H{i:D4}"), rows);
        var complete = server.WorkRequests()[^1];
        Assert.Contains("DELETE c", complete.Statement); // orphan contact points: earlier attempts may have unlinked some
        Assert.Equal((2, 1_200L, 1, 300L), (store.LastLoad!.ResumedBatches, store.LastLoad.SkippedRecords, store.LastLoad.Batches, store.LastLoad.Records));
        Assert.Contains("resumed an interrupted load: 2 batches (1,200 records) were already committed and were skipped", store.LastLoad.ToString());
    }

    [Fact]
    public void A_batch_that_keeps_failing_names_the_batch_the_remedy_and_how_to_resume()
    {
        using var server = Server(FakeNeo4jServer.Root44, r => r.Statement switch
        {
            var t when t!.Contains("MERGE (l:Load {fingerprint: $fingerprint})\nON CREATE", StringComparison.Ordinal) => Journal(r, [], []),
            var t when t!.Contains("MERGE (p:Policy {policy_id: row.id})", StringComparison.Ordinal) =>
                FakeNeo4jServer.Error(200, "Neo.TransientError.Transaction.DeadlockDetected", "ForsetiClient[3] can't acquire ExclusiveLock{owner=ForsetiClient[7]}"),
            _ => FakeNeo4jServer.TxResult(r, (["unlinked"], [[0]])),
        });
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 1_000, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var load = store.BeginLoad(TestRecords.Load("f1"));
        load.Write([Holder("H1"), Holder("H2"), Policy("P1", "H1")]);
        var error = Assert.Throws<Neo4jException>(() => load.Commit());
        load.Dispose();

        Assert.Equal("Neo.TransientError.Transaction.DeadlockDetected", error.Code);
        Assert.True(error.IsTransient);
        Assert.Equal(3, server.WorkRequests().Count(r => r.Statement!.Contains("MERGE (p:Policy", StringComparison.Ordinal))); // tried, retried twice
        Assert.Contains($"Neo4j rejected load/policies.cypher", error.Message);
        Assert.Contains("batch 2 (policies.csv, records 3–3 of the load)", error.Message);
        Assert.Contains("persisted through 2 retries with backoff", error.Message);
        Assert.Contains("1 batches are committed and listed in the load journal: run the same command again to resume", error.Message);
        Assert.DoesNotContain(server.WorkRequests(), r => r.Statement!.Contains("l.committed_at = $committed_at", StringComparison.Ordinal)); // never completed
    }

    /// <summary>A 4.4 server that opens journals and answers every batch with <paramref name="batch"/>.</summary>
    private static FakeNeo4jServer FailingBatches(Func<FakeRequest, FakeResponse> batch) => Server(FakeNeo4jServer.Root44, r => r.Statement switch
    {
        var t when t!.Contains("MERGE (l:Load {fingerprint: $fingerprint})\nON CREATE", StringComparison.Ordinal) => Journal(r, [], []),
        var t when t!.Contains("MERGE (h:Policyholder", StringComparison.Ordinal) => batch(r),
        _ => FakeNeo4jServer.TxResult(r, (["unlinked"], [[0]])),
    });

    private static Neo4jException FailedLoad(Neo4jGraphStore store)
    {
        var load = store.BeginLoad(TestRecords.Load("f1"));
        load.Write([Holder("H1", phone: "13800000001")]);
        var error = Assert.Throws<Neo4jException>(() => load.Commit());
        load.Dispose();
        return error;
    }

    [Fact]
    public void Memory_exhaustion_on_the_server_says_to_lower_the_batch_size_or_raise_the_heap()
    {
        using var server = FailingBatches(_ => FakeNeo4jServer.Error(200, "Neo.TransientError.General.OutOfMemoryError",
            "There is not enough memory to perform the current task. Please try increasing 'dbms.memory.heap.max_size'."));
        using var store = Neo4jGraphStore.Open(Options(server, maxRetries: 1));

        var error = FailedLoad(store);

        Assert.Equal("Neo.TransientError.General.OutOfMemoryError", error.Code);
        Assert.StartsWith($"Neo4j rejected load/policyholders.cypher", error.Message);
        Assert.Contains("batch 1 (policyholders.csv, records 1–1 of the load)", error.Message);
        Assert.Contains("The server ran out of memory holding one batch: lower the batch size, e.g. --batch-size 250 (this load used 1,000), or give the server a larger heap (dbms.memory.heap.max_size", error.Message);
        Assert.Contains("0 batches are committed and listed in the load journal: run the same command again to resume", error.Message);
    }

    [Fact]
    public void A_bare_internal_server_error_points_at_the_server_log_and_memory()
    {
        using var server = FailingBatches(_ => new FakeResponse(500, ""));
        using var store = Neo4jGraphStore.Open(Options(server, maxRetries: 1));

        var error = FailedLoad(store);

        Assert.Equal((500, false), (error.HttpStatus, error.IsTransient));
        Assert.Contains($"Neo4j at {server.Url} failed load/policyholders.cypher, load/batch-done.cypher with HTTP 500", error.Message);
        Assert.Contains("its log (logs/debug.log, logs/neo4j.log) has the cause; a java.lang.OutOfMemoryError there means lowering --batch-size or raising the server's heap", error.Message);
    }

    [Fact]
    public void A_batch_that_times_out_is_retried_then_named_with_the_time_limit_and_what_to_do()
    {
        // The answer would come long after the client's limit, so a timer that fires late cannot let it through, and the
        // limit leaves a busy test host time to send each try.
        using var server = FailingBatches(r => FakeNeo4jServer.TxResult(r) with { Delay = TimeSpan.FromSeconds(30) });
        using var store = Neo4jGraphStore.Open(new Neo4jOptions
        {
            Uri = new Uri(server.Url), BatchSize = 1_000, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(2),
        });

        var error = FailedLoad(store);

        Assert.Equal(Neo4jException.TimeoutCode, error.Code);
        Assert.Contains($"Neo4j at {server.Url} did not answer load/policyholders.cypher, load/batch-done.cypher within 2 s", error.Message);
        Assert.Contains("batch 1 (policyholders.csv", error.Message);
        Assert.Contains("lower the batch size, e.g. --batch-size 250", error.Message);
        Assert.Contains("run the same command again to resume", error.Message);
        Assert.Equal(2, server.WorkRequests().Count(r => r.Statement!.Contains("MERGE (h:Policyholder", StringComparison.Ordinal))); // tried and retried
    }

    [Fact]
    public void A_server_that_goes_away_during_a_load_is_named_with_what_to_check()
    {
        var server = FailingBatches(r => FakeNeo4jServer.TxResult(r));
        using var store = Neo4jGraphStore.Open(new Neo4jOptions { Uri = new Uri(server.Url), BatchSize = 1_000, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var load = store.BeginLoad(TestRecords.Load("f1"));
        server.Dispose(); // connection refused from here on

        load.Write([Holder("H1", phone: "13800000001")]);
        var error = Assert.Throws<Neo4jException>(() => load.Commit());
        load.Dispose();

        Assert.Equal(Neo4jException.ConnectionFailedCode, error.Code);
        Assert.Contains($"Cannot reach Neo4j at {server.Url}", error.Message);
        Assert.Contains("batch 1 (policyholders.csv", error.Message);
        Assert.Contains("Check that the server is running and that --store names its HTTP address", error.Message);
        Assert.Contains("run the same command again to resume", error.Message);
    }

    [Theory]
    [InlineData("gds.leiden.write", "CALL gds.leiden.write(")]
    [InlineData("gds.beta.leiden.write", "CALL gds.beta.leiden.write(")]
    public void Pushdown_runs_components_and_the_leiden_procedure_the_server_has_then_drops_the_projection(string procedure, string expectedCall)
    {
        using var server = Server(FakeNeo4jServer.Root5, r => r.Statement switch
        {
            var t when t!.StartsWith("SHOW PROCEDURES", StringComparison.Ordinal) =>
                FakeNeo4jServer.QueryResult(["name"], ["gds.graph.project"], ["gds.wcc.write"], [procedure], ["gds.graph.drop"]),
            var t when t!.Contains("h.community", StringComparison.Ordinal) =>
                FakeNeo4jServer.QueryResult(["community", "holders", "contact_points"], [7, new[] { "H1", "H2", "H3" }, new[] { "phone:13800000001" }]),
            _ => FakeNeo4jServer.QueryResult([]),
        });
        using var store = Neo4jGraphStore.Open(Options(server));

        var communities = store.DetectCommunitiesOnServer(gamma: 0.05, seed: 42);

        var community = Assert.Single(communities);
        Assert.Equal(7L, community.Community);
        Assert.Equal(["H1", "H2", "H3"], community.Holders);
        Assert.Equal(["phone:13800000001"], community.ContactPoints);
        Assert.Equal([new SnapshotContact(Graph.Core.ContactKind.Phone, "13800000001")], community.ContactKeys());
        Assert.Null(store.PushdownUnavailable());
        var calls = server.WorkRequests().Select(r => r.Statement!).Where(t => t.StartsWith("CALL gds.", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, calls.Count);
        Assert.StartsWith("CALL gds.graph.project(", calls[0]);
        Assert.StartsWith("CALL gds.wcc.write(", calls[1]);
        Assert.StartsWith(expectedCall, calls[2]);
        Assert.StartsWith("CALL gds.graph.drop(", calls[3]);
        var names = server.WorkRequests().Where(r => r.Statement!.StartsWith("CALL gds.", StringComparison.Ordinal))
            .Select(r => r.Body!["parameters"]!["graphName"]!.Value<string>()).Distinct();
        Assert.Single(names);
        var leiden = server.WorkRequests().Single(r => r.Statement!.StartsWith(expectedCall, StringComparison.Ordinal));
        Assert.Equal((0.05, 42L), (leiden.Body!["parameters"]!["gamma"]!.Value<double>(), leiden.Body!["parameters"]!["seed"]!.Value<long>()));
    }

    [Fact]
    public void Pushdown_without_graph_data_science_says_to_analyse_in_process()
    {
        using var server = Server(FakeNeo4jServer.Root5, _ => FakeNeo4jServer.QueryResult(["name"]));
        using var store = Neo4jGraphStore.Open(Options(server));
        Assert.False(store.HasGraphDataScience);
        var error = Assert.Throws<InvalidOperationException>(() => store.DetectCommunitiesOnServer(1.0, 1));
        Assert.Contains("in-process", error.Message);
        Assert.DoesNotContain(server.Requests, r => r.Statement?.StartsWith("CALL gds.", StringComparison.Ordinal) == true);
        Assert.Equal($"Neo4j 5.26.0 at {store.Location} has no Graph Data Science library (its procedure list has no gds.* procedure)", store.PushdownUnavailable());
    }

    [Fact]
    public void Pushdown_with_graph_data_science_but_no_leiden_says_what_is_missing()
    {
        using var server = Server(FakeNeo4jServer.Root5, r => r.Statement!.StartsWith("SHOW PROCEDURES", StringComparison.Ordinal)
            ? FakeNeo4jServer.QueryResult(["name"], ["gds.graph.project"], ["gds.wcc.write"])
            : FakeNeo4jServer.QueryResult([]));
        using var store = Neo4jGraphStore.Open(Options(server));
        Assert.True(store.HasGraphDataScience);
        Assert.Contains("without Leiden", store.PushdownUnavailable());
        Assert.Throws<InvalidOperationException>(() => store.DetectCommunitiesOnServer(1.0, 1));
    }

    [Fact]
    public void An_audit_entry_that_lost_the_race_for_its_sequence_number_is_appended_again_through_the_query_api()
    {
        int appends = 0;
        using var server = Server(FakeNeo4jServer.Root5, r =>
        {
            if (!r.Statement!.Contains("CREATE (a:AuditEntry)", StringComparison.Ordinal)) return FakeNeo4jServer.QueryResult([]);
            return ++appends < 3
                ? FakeNeo4jServer.Error(400, "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(7) already exists with label `AuditEntry` and property `seq` = 4")
                : FakeNeo4jServer.QueryResult(["seq"], [5]);
        });
        using var store = Neo4jGraphStore.Open(Options(server));

        store.WriteAudit(new AuditRecord(new DateTimeOffset(2024, 3, 5, 14, 22, 10, TimeSpan.FromHours(8)), "li.wei", "export-unmasked", null, "police request", "ab"));

        var sent = server.WorkRequests().Where(r => r.Statement!.Contains("AuditEntry", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal("/db/neo4j/query/v2", r.Path));
        var entry = sent[^1].Body!["parameters"]!["entry"]!;
        // (The fake's JSON reader turns the ISO "at" into a date; its epoch twin shows the instant.)
        Assert.Equal(("li.wei", new DateTimeOffset(2024, 3, 5, 6, 22, 10, TimeSpan.Zero).ToUnixTimeMilliseconds(), "ab"),
            (entry["operator"]!.Value<string>(), entry["at_ms"]!.Value<long>(), entry["package_sha256"]!.Value<string>()));
        Assert.Null(entry["ring_id"]); // nulls are left out, never written as properties
    }

    [Fact]
    public void An_audit_entry_that_keeps_losing_the_race_fails_with_neo4js_error()
    {
        using var server = Server(FakeNeo4jServer.Root5, r => r.Statement!.Contains("CREATE (a:AuditEntry)", StringComparison.Ordinal)
            ? FakeNeo4jServer.Error(400, "Neo.ClientError.Schema.ConstraintValidationFailed", "already exists")
            : FakeNeo4jServer.QueryResult([]));
        using var store = Neo4jGraphStore.Open(Options(server));
        var error = Assert.Throws<Neo4jException>(() => store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, "me", "export-unmasked", "R-000001", "why", null)));
        Assert.Equal("Neo.ClientError.Schema.ConstraintValidationFailed", error.Code);
        Assert.Equal(5, server.WorkRequests().Count(r => r.Statement!.Contains("CREATE (a:AuditEntry)", StringComparison.Ordinal)));
    }

    [Fact]
    public void Holder_records_come_back_from_the_query_api_as_typed_records_sorted_by_id()
    {
        using var server = Server(FakeNeo4jServer.Root5, r => r.Statement switch
        {
            var t when t!.Contains("RETURN h.holder_id AS id, properties(h)", StringComparison.Ordinal) => FakeNeo4jServer.QueryResult(["id", "props"],
                ["H2", new { holder_id = "H2", name = "李 二", phone = "13800000002", phone_raw = "138 0000 0002", created_at = "2024-03-01T10:00:00.0000000+08:00", extra_json = "{\"vip\":\"3\"}", vip = "3" }],
                ["H1", new { holder_id = "H1", is_stub = true }]),
            var t when t!.Contains("RETURN type(r) AS kind", StringComparison.Ordinal) => FakeNeo4jServer.QueryResult(["kind", "id", "props"],
                ["REQUESTED", "S1", new { request_id = "S1", policy_id = "P2", amount = "10234.56", status = "paid", representative_name = "王 五", representative_phone = "13700000042" }],
                ["FILED", "M1", new { complaint_id = "M1", channel = "regulator", text = "误导销售" }]),
            _ => FakeNeo4jServer.QueryResult(["id", "props"]),
        });
        using var store = Neo4jGraphStore.Open(Options(server));

        var records = store.ReadHolderRecords(["H2", "H1"]);

        Assert.Equal(["H1", "H2"], records.Holders.Select(h => h.Id));
        Assert.Null(records.Holders[0].Name);
        var h2 = records.Holders[1];
        Assert.Equal(("李 二", new Normalized("138 0000 0002", "13800000002"), new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.FromHours(8))), (h2.Name, h2.Phone, h2.CreatedAt!.Value));
        Assert.Equal(new Dictionary<string, string> { ["vip"] = "3" }, h2.Extra);
        var s1 = records.SurrenderRequests.Single();
        Assert.Equal((10234.56m, SurrenderStatus.Paid, "王 五", "13700000042"), (s1.Amount!.Value, s1.Status, s1.Representative!.Name, s1.Representative.Phone.Value));
        Assert.Equal((ComplaintChannel.Regulator, (Representative?)null), (records.Complaints.Single().Channel, records.Complaints.Single().Representative));
        var asked = server.WorkRequests().Where(r => r.Statement!.Contains("UNWIND $ids", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, asked.Count);
        Assert.All(asked, r => Assert.Equal(["H1", "H2"], r.Body!["parameters"]!["ids"]!.Values<string>()));
    }

    [Fact]
    public void Contact_keys_split_at_the_first_colon_and_skip_unknown_kinds()
    {
        var community = new ServerCommunity(1, ["H1"], ["ip:fe80::1", "address:Room 3: east", "ring:R-1", "nocolon"]);
        Assert.Equal([new SnapshotContact(Graph.Core.ContactKind.Ip, "fe80::1"), new SnapshotContact(Graph.Core.ContactKind.Address, "Room 3: east")],
            community.ContactKeys());
    }

    [Fact]
    public void An_errors_array_in_a_200_answer_is_a_failure()
    {
        using var server = Server(FakeNeo4jServer.Root3, _ =>
            FakeNeo4jServer.Error(200, "Neo.ClientError.Statement.SyntaxError", "Invalid input 'X'"));
        using var store = Neo4jGraphStore.Open(Options(server));

        var error = Assert.Throws<Neo4jException>(() => store.HasLoaded("f"));
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.Equal(200, error.HttpStatus);
        Assert.Contains("Invalid input 'X'", error.Message);
        Assert.Single(server.WorkRequests()); // not transient: not retried
    }

    [Fact]
    public void A_query_api_error_status_carries_neo4j_code_and_message()
    {
        using var server = Server(FakeNeo4jServer.Root5, _ =>
            FakeNeo4jServer.Error(400, "Neo.ClientError.Statement.ParameterMissing", "Expected parameter(s): top"));
        using var store = Neo4jGraphStore.Open(Options(server));

        var error = Assert.Throws<Neo4jException>(() => store.GetStatistics());
        Assert.Equal(("Neo.ClientError.Statement.ParameterMissing", 400, false), (error.Code, error.HttpStatus, error.IsTransient));
        Assert.Contains("Expected parameter(s): top", error.Message);
    }

    [Fact]
    public void Unauthorized_says_which_credentials_to_set_and_never_shows_them()
    {
        using var server = new FakeNeo4jServer(r => FakeNeo4jServer.Error(401, "Neo.ClientError.Security.Unauthorized", "The client is unauthorized due to authentication failure."));
        var options = Neo4jOptions.FromUri($"http://neo4j:{Secret}@127.0.0.1:{server.Port}");

        var error = Assert.Throws<Neo4jException>(() => Neo4jGraphStore.Open(new Neo4jOptions
        {
            Uri = options.Uri, User = options.User, Password = options.Password, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(1),
        }));

        Assert.Equal(401, error.HttpStatus);
        Assert.False(error.IsTransient);
        Assert.Contains("NEO4J_USER", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.DoesNotContain(Secret, options.Uri.ToString());
        Assert.Single(server.Requests); // a refused password is not retried
        var sent = server.Requests.Single().Authorization!;
        Assert.Equal("Basic " + Convert.ToBase64String("neo4j:s3cr3t-Pa55"u8.ToArray()), sent);
    }

    [Fact]
    public void Service_unavailable_is_retried_with_backoff_until_it_answers()
    {
        int calls = 0;
        using var server = Server(FakeNeo4jServer.Root5, r => Interlocked.Increment(ref calls) <= 2
            ? new FakeResponse(503, "<html>Service Unavailable</html>")
            : FakeNeo4jServer.QueryResult(["loads"], [1]));
        using var store = Neo4jGraphStore.Open(Options(server, maxRetries: 3));

        Assert.True(store.HasLoaded("f"));
        Assert.Equal(3, server.WorkRequests().Count);
    }

    [Fact]
    public void A_transient_neo4j_error_is_retried_and_a_lasting_one_reports_that_a_retry_can_help()
    {
        using var server = Server(FakeNeo4jServer.Root3, _ =>
            FakeNeo4jServer.Error(200, "Neo.TransientError.Transaction.DeadlockDetected", "ForsetiClient can't acquire ExclusiveLock"));
        using var store = Neo4jGraphStore.Open(Options(server, maxRetries: 2));

        var error = Assert.Throws<Neo4jException>(() => store.HasLoaded("f"));
        Assert.True(error.IsTransient);
        Assert.Equal("Neo.TransientError.Transaction.DeadlockDetected", error.Code);
        Assert.Equal(3, server.WorkRequests().Count); // first try and two retries
    }

    [Fact]
    public void An_internal_server_error_is_not_retried()
    {
        using var server = Server(FakeNeo4jServer.Root5, _ => new FakeResponse(500, "oops"));
        using var store = Neo4jGraphStore.Open(Options(server, maxRetries: 3));

        var error = Assert.Throws<Neo4jException>(() => store.ListRuns());
        Assert.Equal((500, false), (error.HttpStatus, error.IsTransient));
        Assert.Contains("HTTP 500", error.Message);
        Assert.Single(server.WorkRequests());
    }

    [Fact]
    public void An_unreachable_server_gives_a_clear_transient_error_without_credentials()
    {
        int port = FakeNeo4jServer.FreePort(); // nothing listens there
        var options = new Neo4jOptions
        {
            Uri = new Uri($"http://127.0.0.1:{port}"), User = "neo4j", Password = Secret, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1),
        };

        var error = Assert.Throws<Neo4jException>(() => Neo4jGraphStore.Open(options));

        Assert.Equal(Neo4jException.ConnectionFailedCode, error.Code);
        Assert.True(error.IsTransient);
        Assert.Null(error.HttpStatus);
        Assert.Contains($"Cannot reach Neo4j at http://127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
    }

    [Fact]
    public void Something_that_is_not_neo4j_is_named_as_such()
    {
        using var server = new FakeNeo4jServer(_ => FakeResponse.Json(new { hello = "world" }));
        var error = Assert.Throws<Neo4jException>(() => Neo4jGraphStore.Open(Options(server)));
        Assert.Equal(Neo4jException.ProtocolCode, error.Code);
        Assert.Contains("discovery document", error.Message);
    }

    [Fact]
    public void Options_report_every_problem_at_once()
    {
        var options = new Neo4jOptions { Uri = new Uri("ftp://x"), Database = "", BatchSize = 50, BatchesInFlight = 0, Timeout = TimeSpan.Zero, User = "neo4j" };
        var problems = options.Problems();
        Assert.Equal(6, problems.Count);
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("BatchSize must be between 100 and 50,000", error.Message);
        Assert.Contains("BatchesInFlight must be between 1 and 8", error.Message);
        Assert.Contains("Password is missing", error.Message);
        Assert.Empty(new Neo4jOptions { Uri = new Uri("https://abc.databases.neo4j.io") }.Problems());
    }

    [Fact]
    public void Credentials_come_from_the_address_or_the_environment_and_never_stay_in_it()
    {
        var fromUri = Neo4jOptions.FromUri("https://alice:p%40ss@graph.example:7473", "fraud");
        Assert.Equal(("alice", "p@ss", "fraud"), (fromUri.User, fromUri.Password, fromUri.Database));
        Assert.Equal("https://graph.example:7473/", fromUri.Uri.ToString());
        Assert.Throws<ArgumentException>(() => Neo4jOptions.FromUri("bolt://graph.example:7687"));
    }
}
