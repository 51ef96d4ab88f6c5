using Graph.Core;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace Graph.Nightly.Internal;

/// <summary>
/// The journal of a cycle that may have written to the store: created before the cycle's first load can commit,
/// updated after each load, deleted once the run's outputs are complete. Finding it at start means the previous
/// cycle was interrupted after it might have changed the store, so the analysis must still be run, and measured
/// against the baseline recorded here (the run that was latest before the day's loads).
/// </summary>
internal sealed class CycleState
{
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The latest run before this cycle loaded anything (null when there was none).</summary>
    public RunOutline? Baseline { get; set; }

    /// <summary>Increments this cycle committed (or found committed by the interrupted attempt), in load order.</summary>
    public List<IncrementOutcome> Loaded { get; set; } = [];

    private static readonly JsonSerializerSettings Json = new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new SnakeCaseNamingStrategy() },
        Converters = { new StringEnumConverter(new SnakeCaseNamingStrategy()) },
        DateParseHandling = DateParseHandling.None,
    };

    public static CycleState? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonConvert.DeserializeObject<CycleState>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // Written by rename, so a torn file cannot happen; one edited by hand is treated as "interrupted,
            // baseline unknown" rather than blocking every future cycle.
            return new CycleState { StartedAt = File.GetLastWriteTimeUtc(path) };
        }
    }

    /// <summary>Writes by rename so a reader sees the old journal or the new one, never half of one.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(JsonOutput.Serialize(this, Json));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
