using System.Reflection;
using System.Runtime.ExceptionServices;
using Graph.Storage.Neo4j;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// The store conformance suite against a real Neo4j server (3.1.1 in CI): the same behaviour as the SQLite
/// store, through Neo4j's HTTP interface. Each store starts from an empty graph.
/// </summary>
/// <remarks>
/// xunit 2 cannot skip inherited <c>[Fact]</c>s at run time, so instead of deriving from
/// <see cref="StoreConformanceTests"/> this class runs each of its facts as one case of a
/// <see cref="Neo4jTheoryAttribute"/> theory: skipped with the reason when no server is configured (outside CI),
/// failed under CI=true.
/// </remarks>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jConformanceTests(Neo4jServerFixture server)
{
    /// <summary>The names of every conformance fact, one theory case each.</summary>
    public static TheoryData<string> Facts()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(StoreConformanceTests).GetMethods(BindingFlags.Public | BindingFlags.Instance))
            if (method.GetCustomAttribute<FactAttribute>() is not null) data.Add(method.Name);
        return data;
    }

    /// <summary>
    /// The facts that also hold for a load in resumable batches: all but the one about an abandoned load, whose
    /// committed batches stay (<see cref="Neo4jIntegrationTests"/> covers what happens to it instead).
    /// </summary>
    public static TheoryData<string> BatchedFacts()
    {
        var data = new TheoryData<string>();
        foreach (var row in (IEnumerable<object[]>)Facts())
            if ((string)row[0] != nameof(StoreConformanceTests.Disposing_a_load_without_commit_changes_nothing)) data.Add((string)row[0]);
        return data;
    }

    [Neo4jTheory]
    [MemberData(nameof(Facts))]
    public void Conforms_loading_atomically(string fact) => Run(fact, Neo4jLoadMode.Atomic);

    [Neo4jTheory]
    [MemberData(nameof(BatchedFacts))]
    public void Conforms_loading_in_batches(string fact) => Run(fact, Neo4jLoadMode.Batched);

    private void Run(string fact, Neo4jLoadMode mode)
    {
        server.RequireUrl();
        using var suite = new Suite(server, mode);
        try
        {
            typeof(StoreConformanceTests).GetMethod(fact)!.Invoke(suite, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }

    [Fact]
    public void Every_conformance_fact_is_run_here()
    {
        var names = ((IEnumerable<object[]>)Facts()).Select(row => (string)row[0]).ToList();
        Assert.True(names.Count >= 20, $"only {names.Count} conformance facts found");
        Assert.Contains("Loading_the_same_records_twice_changes_nothing", names);
    }

    /// <summary>Not public: xunit must not discover the inherited facts a second time.</summary>
    private sealed class Suite(Neo4jServerFixture server, Neo4jLoadMode mode) : StoreConformanceTests
    {
        // Small batches, so the facts' few records still make several batches (of each kind) in flight.
        protected override IGraphStore CreateStore()
        {
            server.Wipe();
            return Neo4jGraphStore.Open(server.Options(batchSize: 100, loadMode: mode));
        }

        protected override IGraphStore Reopen(IGraphStore store) => Neo4jGraphStore.Open(server.Options(batchSize: 100, loadMode: mode));
    }
}
