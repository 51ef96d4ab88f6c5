using System.CommandLine;
using Graph.Core;
using Graph.Evidence;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class StatsCommand
{
    public static Command Create()
    {
        var top = new Option<int>("--top") { Description = "How many of the most-shared contact points (and of the measured shared values) to list.", DefaultValueFactory = _ => 10 };
        var command = new Command("stats", "Counts of every node and link kind, the most-shared contact points, and the roles the latest analysis gave shared values (masked).") { top };
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse, readOnly: true);
            int n = parse.GetValue(top);
            Print(store.GetStatistics(n));
            PrintValueRoles(store.ReadLatestAnalysis(), n);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints statistics as stable text: the same store always prints the same lines.</summary>
    internal static void Print(StoreStatistics stats)
    {
        Console.WriteLine("Nodes");
        foreach (var (kind, count) in stats.Nodes) Console.WriteLine($"  {kind,-20} {count,12:N0}");
        Console.WriteLine("Links (holder to contact point, by evidence)");
        foreach (var (kind, count) in stats.Links) Console.WriteLine($"  {kind,-30} {count,12:N0}");
        Console.WriteLine("Most-shared contact points");
        foreach (var p in stats.MostShared)
            Console.WriteLine($"  {p.Kind,-15} {Mask.ContactValue(p.Kind, p.Value),-28} {p.Holders,8:N0} holders");
    }

    /// <summary>The roles in the order they are listed; a role word not among them follows, in the run's order.</summary>
    private static readonly string[] RoleOrder = ["controller", "infrastructure", "agent_contact", "family", "employer", "ordinary", "allowlisted"];

    /// <summary>
    /// How many shared values the latest run gave each role, and how many of those it measured; then the
    /// <paramref name="top"/> measured values named by most holders with their role and why, values masked. No run id or
    /// time: the same data analysed again prints the same lines.
    /// </summary>
    internal static void PrintValueRoles(AnalysisRun? run, int top)
    {
        if (run is null)
        {
            Console.WriteLine("Shared values by role: no analysis run yet (fraudgraph analyze)");
            return;
        }
        if (run.ValueRoles.Count == 0 && run.ValueRoleCounts.Count == 0)
        {
            Console.WriteLine("Shared values by role: none recorded by the latest analysis run");
            return;
        }
        var all = new Dictionary<string, int>(StringComparer.Ordinal);
        var roles = new List<string>(RoleOrder);
        foreach (var c in run.ValueRoleCounts)
        {
            all[c.Role] = c.Values;
            if (!roles.Contains(c.Role)) roles.Add(c.Role);
        }
        var measured = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in run.ValueRoles)
        {
            measured[v.Role] = measured.GetValueOrDefault(v.Role) + 1;
            if (!roles.Contains(v.Role)) roles.Add(v.Role);
        }
        Console.WriteLine($"{"Shared values by role (latest analysis run)",-47} {"values",12} {"measured",10}");
        foreach (var role in roles)
            Console.WriteLine($"  {role,-45} {(all.TryGetValue(role, out int n) ? $"{n:N0}" : "-"),12} {measured.GetValueOrDefault(role),10:N0}");

        var listed = run.ValueRoles.OrderByDescending(v => v.Holders).ThenBy(v => v.EntityType, StringComparer.Ordinal)
            .ThenBy(v => v.EntityId, StringComparer.Ordinal).Take(Math.Max(0, top)).ToList();
        if (listed.Count == 0) return;
        Console.WriteLine($"Measured shared values ({Measured(run)}) with most holders: role, and why");
        // The why names counts and agent ids; long digit runs are masked all the same, as everywhere else.
        var masker = RecordMasker.For(HolderRecords.Empty);
        foreach (var v in listed)
            Console.WriteLine($"  {v.EntityType,-15} {Mask.Member(v.EntityType, v.EntityId) ?? "****",-28} {v.Holders,8:N0} holders  {v.Role,-15} {masker.FreeText(v.Why)}");
    }

    /// <summary>Which values a run measures, from its parameters (<c>roles.reportHolders</c>).</summary>
    private static string Measured(AnalysisRun run)
    {
        try
        {
            if (Newtonsoft.Json.Linq.JToken.Parse(run.ParametersJson).SelectToken("roles.reportHolders") is { Type: Newtonsoft.Json.Linq.JTokenType.Integer } holders)
                return $"those named by {(long)holders} or more holders, and controllers";
        }
        catch (Newtonsoft.Json.JsonException) { }
        return "those named by many holders, and controllers";
    }
}
