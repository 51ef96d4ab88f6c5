using Graph.Storage.Neo4j;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// The store conformance suite against a real Neo4j server (3.1.1 in CI): the same behaviour as the SQLite
/// store, through Neo4j's HTTP interface. Each store starts from an empty graph.
/// </summary>
[Collection(Neo4jServerCollection.Name)]
public sealed class Neo4jConformanceTests(Neo4jServerFixture server) : StoreConformanceTests
{
    protected override IGraphStore CreateStore()
    {
        server.Wipe();
        return Neo4jGraphStore.Open(server.Options(batchSize: 1_000));
    }

    protected override IGraphStore Reopen(IGraphStore store) =>
        Neo4jGraphStore.Open(server.Options());
}
