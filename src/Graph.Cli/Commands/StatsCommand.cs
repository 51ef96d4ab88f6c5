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

    /// <summary>The roles in the order they are listed; a role word not among them follows, alphabetically.</summary>
    private static readonly string[] RoleOrder = ["controller", "infrastructure", "agent_contact", "family", "employer", "ordinary"];

    /// <summary>
    /// Counts per role of the shared values the latest run measured, then the <paramref name="top"/> named by most holders
    /// with their role and why, values masked. No run id or time: the same data analysed again prints the same lines.
    /// </summary>
    internal static void PrintValueRoles(AnalysisRun? run, int top)
    {
        if (run is null)
        {
            Console.WriteLine("Shared values by role: no analysis run yet (fraudgraph analyze)");
            return;
        }
        if (run.ValueRoles.Count == 0)
        {
            Console.WriteLine("Shared values by role: none measured by the latest analysis run");
            return;
        }
        Console.WriteLine("Shared values by role (latest analysis run: values named by many holders, and every controller)");
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in run.ValueRoles) counts[v.Role] = counts.GetValueOrDefault(v.Role) + 1;
        foreach (var role in RoleOrder) Console.WriteLine($"  {role,-20} {counts.GetValueOrDefault(role),12:N0}");
        foreach (var (role, count) in counts) if (Array.IndexOf(RoleOrder, role) < 0) Console.WriteLine($"  {role,-20} {count,12:N0}");

        var listed = run.ValueRoles.OrderByDescending(v => v.Holders).ThenBy(v => v.EntityType, StringComparer.Ordinal)
            .ThenBy(v => v.EntityId, StringComparer.Ordinal).Take(Math.Max(0, top)).ToList();
        if (listed.Count == 0) return;
        Console.WriteLine("Measured shared values with most holders: role, and why");
        // The why names counts and agent ids; long digit runs are masked all the same, as everywhere else.
        var masker = RecordMasker.For(HolderRecords.Empty);
        foreach (var v in listed)
            Console.WriteLine($"  {v.EntityType,-15} {Mask.Member(v.EntityType, v.EntityId) ?? "****",-28} {v.Holders,8:N0} holders  {v.Role,-15} {masker.FreeText(v.Why)}");
    }
}
