using System.Net.Http.Json;
using System.Text.Json;
using Graph.Core;
using Graph.Storage;
using Microsoft.Data.Sqlite;

namespace Graph.Web.Tests;

/// <summary>
/// The ring page shows each reason's observed, expected and chance (issue 11), written as the evidence report writes
/// them. The run is the fixture's with known figures put on one ring's reasons (every other reason without), saved
/// into a copy of the store, so the answers are known whichever scorer made the run.
/// </summary>
[Collection(ExplorerCollection.Name)]
public sealed class ReasonFiguresTests(ExplorerFixture fixture)
{
    [Fact]
    public async Task The_ring_api_gives_each_reason_its_observed_expected_and_chance_and_null_where_it_has_none()
    {
        var (copy, run, ring) = MeasuredRun.Copy(fixture.StorePath, fixture.Work, fixture.Run);
        var options = fixture.Options();
        options.Store = copy;
        using var factory = new ExplorerFactory(options, []);
        var client = await factory.ClientAsync();
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{ring.RingId}");
        Assert.Equal(run.RunId, body.GetProperty("runId").GetString());
        var reasons = body.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(ring.Reasons.Count, reasons.Count);
        for (int i = 0; i < reasons.Count; i++)
        {
            var expected = ring.Reasons[i];
            Assert.Equal(expected.Code, reasons[i].GetProperty("code").GetString());
            Assert.Equal(expected.Observed, Figure(reasons[i], "observed"));
            Assert.Equal(expected.Expected, Figure(reasons[i], "expected"));
            Assert.Equal(expected.Chance, Figure(reasons[i], "chance"));
            // Beside the numbers, the texts the page shows: the evidence report's, "—" where a figure is missing.
            var shown = reasons[i].GetProperty("shown");
            Assert.Equal(ReasonFigures.Format(expected.Observed), shown.GetProperty("observed").GetString());
            Assert.Equal(ReasonFigures.Format(expected.Expected), shown.GetProperty("expected").GetString());
            Assert.Equal(ReasonFigures.Format(expected.Chance), shown.GetProperty("chance").GetString());
        }
        Assert.Contains(reasons, r => r.GetProperty("shown").GetProperty("chance").GetString() == "2.4×10⁻²⁵");
        Assert.Contains(reasons, r => r.GetProperty("shown").GetProperty("chance").GetString() == "—" && Figure(r, "chance") is null);
    }

    [Fact]
    public async Task A_measured_value_node_says_its_role_and_why_and_an_unmeasured_one_says_nothing()
    {
        var (copy, run, ring) = MeasuredRun.Copy(fixture.StorePath, fixture.Work, fixture.Run);
        var options = fixture.Options();
        options.Store = copy;
        using var factory = new ExplorerFactory(options, []);
        var client = await factory.ClientAsync();
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/rings/{ring.RingId}");
        var roles = new List<(string Label, string? Role, string? Why, int? Households)>();
        foreach (var n in body.GetProperty("graph").GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("role").GetString() is "controller" or "victim"))
        {
            var node = await client.GetFromJsonAsync<JsonElement>($"/api/nodes/{n.GetProperty("id").GetString()}");
            var role = node.TryGetProperty("valueRole", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
            roles.Add((node.GetProperty("label").GetString()!, role?.GetProperty("role").GetString(), role?.GetProperty("why").GetString(),
                role?.GetProperty("households").GetInt32()));
        }
        // Exactly the two measured controllers carry a role, each its own, labelled with its masked value.
        var measured = roles.Where(r => r.Role is not null).OrderBy(r => r.Role, StringComparer.Ordinal).ToList();
        Assert.Equal(2, measured.Count);
        Assert.Equal(("controller", MeasuredRun.ControllerWhy, 14), (measured[0].Role, measured[0].Why, measured[0].Households));
        Assert.Equal(("infrastructure", MeasuredRun.InfrastructureWhy, 310), (measured[1].Role, measured[1].Why, measured[1].Households));
        Assert.Equal(Mask.Member(run.ValueRoles[0].EntityType, run.ValueRoles[0].EntityId), measured[0].Label);
        Assert.Equal(Mask.Member(run.ValueRoles[1].EntityType, run.ValueRoles[1].EntityId), measured[1].Label);
        Assert.Contains(roles, r => r.Role is null);
    }

    private static double? Figure(JsonElement reason, string name) =>
        reason.GetProperty(name).ValueKind == JsonValueKind.Null ? null : reason.GetProperty(name).GetDouble();
}

/// <summary>
/// A copy of an analysed store whose newest run puts known observed, expected and chance on one ring's reasons, and known
/// roles on two of its controllers.
/// </summary>
internal static class MeasuredRun
{
    public const string ControllerWhy = "12 of 14 households surrendered within 30 days of the records naming it (0.4 expected)";
    public const string InfrastructureWhy = "310 households in 9 cities behave like the insurer's others (4 surrendered within 30 days, 3.8 expected)";

    /// <summary>
    /// Copies <paramref name="storePath"/> into <paramref name="folder"/> and saves there a newer run than
    /// <paramref name="run"/> in which the first flagged ring with at least two reasons and two controllers has, on its
    /// even-numbered reasons (index i) observed 12 + i, expected 0.08 (i + 1) and chance 2.4×10⁻²⁵ × 10^5i (at most 1), and
    /// on the others none; its first controller is measured as a <c>controller</c> and its second as <c>infrastructure</c>
    /// (<see cref="ControllerWhy"/>, <see cref="InfrastructureWhy"/>), and no other value is measured. Every other ring's
    /// reasons lose their figures.
    /// </summary>
    public static (string Copy, AnalysisRun Run, Ring Ring) Copy(string storePath, string folder, AnalysisRun run)
    {
        var copy = Path.Combine(folder, "measured-" + Guid.NewGuid().ToString("N")[..6] + ".db");
        using (var source = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False"))
        using (var target = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
        }
        var chosen = run.Rings.Where(r => r.Flagged && r.Reasons.Count >= 2 && r.Members.Count(m => m.Role == MemberRole.Controller) >= 2)
            .OrderBy(r => r.RingId, StringComparer.Ordinal).First();
        Ring ring = null!;
        var rings = run.Rings.Select(r =>
        {
            var measured = r.RingId == chosen.RingId;
            var changed = r with { Reasons = [.. r.Reasons.Select((reason, i) => Figures(reason, measured && i % 2 == 0 ? i : null))] };
            if (measured) ring = changed;
            return changed;
        }).ToList();
        var controllers = chosen.Members.Where(m => m.Role == MemberRole.Controller).Take(2).ToList();
        var newer = run with { RunId = "run-measured-" + Guid.NewGuid().ToString("N")[..6], StartedAt = run.StartedAt.AddDays(1), Rings = rings, Changes = [] };
        newer = newer with
        {
            ValueRoles =
            [
                new SharedValueRole(controllers[0].EntityType, controllers[0].EntityId, "controller", ControllerWhy, 14, 14, 14, 12, 0, 3, 0.2, 12, 0.4, 30, 17.3),
                new SharedValueRole(controllers[1].EntityType, controllers[1].EntityId, "infrastructure", InfrastructureWhy, 320, 310, 310, 0, 10, 9, 0.05, 4, 3.8, 30, 0),
            ],
        };
        using (var store = GraphStores.Open(copy)) store.SaveAnalysis(newer);
        return (copy, newer, ring);
    }

    private static RingReason Figures(RingReason reason, int? i) => i is { } k
        ? reason with { Observed = 12 + k, Expected = 0.08 * (k + 1), Chance = Math.Min(1, 2.4e-25 * Math.Pow(10, 5 * k)) }
        : reason with { Observed = null, Expected = null, Chance = null };
}
