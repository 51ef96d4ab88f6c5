using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Graph.Core;
using Graph.Storage;

namespace Graph.Nightly;

/// <summary>A past analysis run with, when its nightly folder is found, the change counts of its <c>changes.json</c>.</summary>
/// <param name="Directory"><c>OUTPUT/runs/RUN_ID</c> when it exists, else null (a run of <c>fraudgraph analyze</c>, or another output folder).</param>
/// <param name="ChangeCounts">Rows per change kind (<c>new</c>, <c>grown</c>, ...) in file order, or null without a <c>changes.json</c>.</param>
public sealed record RunHistoryEntry(AnalysisRunSummary Run, string? Directory, IReadOnlyList<KeyValuePair<string, int>>? ChangeCounts);

/// <summary>The store's runs (newest first) joined with the nightly run folders of an output folder.</summary>
public static class RunHistory
{
    public static IReadOnlyList<RunHistoryEntry> Read(IAnalysisRunStore store, string? outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = new List<RunHistoryEntry>();
        foreach (var run in store.ListRuns())
        {
            string? dir = outputDirectory is null ? null : Path.Combine(outputDirectory, "runs", run.RunId);
            if (dir is not null && !System.IO.Directory.Exists(dir)) dir = null;
            entries.Add(new RunHistoryEntry(run, dir, dir is null ? null : ReadCounts(Path.Combine(dir, "changes.json"))));
        }
        return entries;
    }

    /// <summary>The <c>counts</c> object of a <c>changes.json</c>; null when the file is missing or not one.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>>? ReadCounts(string changesJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changesJson);
        if (!File.Exists(changesJson)) return null;
        try
        {
            if (JToken.Parse(File.ReadAllText(changesJson)) is not JObject { } doc || doc["counts"] is not JObject counts) return null;
            var list = new List<KeyValuePair<string, int>>();
            foreach (var p in counts.Properties())
                if (p.Value.Type == JTokenType.Integer && (long)p.Value is >= int.MinValue and <= int.MaxValue) list.Add(new(p.Name, (int)p.Value));
            return list;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
