using System.CommandLine;
using Graph.Core;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class StatsCommand
{
    public static Command Create()
    {
        var top = new Option<int>("--top") { Description = "How many of the most-shared contact points to list.", DefaultValueFactory = _ => 10 };
        var command = new Command("stats", "Counts of every node and link kind and the most-shared contact points (masked).") { top };
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse, readOnly: true);
            Print(store.GetStatistics(parse.GetValue(top)));
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
}
