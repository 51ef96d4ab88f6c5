using System.Net.Http.Json;
using System.Text.Json;
using Graph.Storage;
using Microsoft.Data.Sqlite;

namespace Graph.Web.Tests;

[Collection(ExplorerCollection.Name)]
public sealed class RunReloadTests(ExplorerFixture fixture)
{
    [Fact]
    public async Task A_newer_run_saved_while_the_explorer_runs_replaces_the_cached_ring_list()
    {
        // A copy of the fixture's store, so the new run does not change what the other tests see.
        var copy = Path.Combine(fixture.Work, "reload-" + Guid.NewGuid().ToString("N")[..6] + ".db");
        using (var source = new SqliteConnection($"Data Source={fixture.StorePath};Mode=ReadOnly;Pooling=False"))
        using (var target = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
        }
        var options = fixture.Options();
        options.Store = copy;
        using var factory = new ExplorerFactory(options, []);
        var client = await factory.ClientAsync();
        var before = await client.GetFromJsonAsync<JsonElement>("/api/rings");
        Assert.Equal(fixture.Run.RunId, before.GetProperty("runId").GetString());

        var newer = fixture.Run with
        {
            RunId = "run-newer-" + Guid.NewGuid().ToString("N")[..6],
            StartedAt = fixture.Run.StartedAt.AddDays(1),
            Rings = [.. fixture.Run.Rings.Take(3)],
            Changes = [],
        };
        using (var store = GraphStores.Open(copy)) store.SaveAnalysis(newer);

        var after = await client.GetFromJsonAsync<JsonElement>("/api/rings");
        Assert.Equal(newer.RunId, after.GetProperty("runId").GetString());
        Assert.Equal(3, after.GetProperty("total").GetInt32());
        var session = await client.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.Equal(newer.RunId, session.GetProperty("runId").GetString());
    }
}
