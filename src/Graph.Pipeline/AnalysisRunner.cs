using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Graph.Analytics.Detection;
using Graph.Analytics.Detection.Internal;
using Graph.Core;
using Graph.Storage;

namespace Graph.Pipeline;

/// <summary>What an analysis run produced.</summary>
public sealed record AnalysisResult(AnalysisRun Run, RunReport Report, string? OutputDirectory);

/// <summary>
/// The whole <c>fraudgraph analyze</c>: read the store's snapshot, detect rings, match their identities with
/// the previous run, keep the run in the store and write the output files (CONTRACT.md section 2).
/// </summary>
public sealed class AnalysisRunner
{
    private readonly IAnalysisStore _store;
    private readonly DetectionOptions _options;

    public AnalysisRunner(IAnalysisStore store, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid detection options: " + string.Join(" ", errors), nameof(options));
        _store = store;
        _options = options;
    }

    /// <summary>Receives a line as each stage starts.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>Rows per input file of the load that preceded this run (from the load summary), for <c>run.json</c>.</summary>
    public IReadOnlyDictionary<string, long>? FileCounts { get; init; }

    /// <summary>
    /// Communities found elsewhere (the Neo4j server's Graph Data Science, <c>--pushdown</c>) in place of the
    /// in-process components and Leiden; templates, projection, scoring, identity and outputs stay in-process and
    /// the same (see <see cref="RingDetector.ExternalCommunities"/>). Null (the default): everything in-process.
    /// </summary>
    public ExternalCommunitySource? Communities { get; init; }

    /// <summary>
    /// Threads for community detection (0, the default: one per logical core). Not a detection setting: the rings are
    /// the same on any number of threads, so it is not recorded with the run's parameters.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>The clock, replaceable in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The engine version written to <c>run.json</c>.</summary>
    public static string EngineVersion =>
        typeof(AnalysisRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Runs the analysis; writes the output files into <paramref name="outputDirectory"/> when given.</summary>
    public AnalysisResult Run(string? outputDirectory, CancellationToken cancellationToken = default)
    {
        ProcessMemory.ReturnFree();
        var started = Clock.GetUtcNow();
        var timings = new List<StageTiming>();
        var watch = Stopwatch.StartNew();
        void Stage(string name)
        {
            timings.Add(new StageTiming(name, Math.Round(watch.Elapsed.TotalSeconds, 3)));
            watch.Restart();
        }

        var detection = Detect(Stage, timings, cancellationToken);
        var (fingerprint, rings) = (detection.Fingerprint, detection.Rings);
        // The snapshot, the projection and detection's working data are unreachable now: their memory goes back before
        // identity and the outputs allocate theirs, so run's peak is not the sum of both (issue 13: 10M holders in 8 GB).
        watch.Restart();
        ProcessMemory.ReturnFree();
        Stage("release_memory");

        Progress?.Report("ring identity");
        var previous = _store.ReadLatestAnalysis();
        var identity = new RingIdentity(rings, previous, _options.IdentityJaccard);
        identity.Run(cancellationToken);
        Stage("identity");

        string runId = "run-" + started.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + fingerprint[..8];
        var parameters = JsonNode.Parse(_options.ToJson())!.AsObject();
        parameters["highestRingId"] = identity.HighestId;
        parameters["previousRunId"] = previous?.RunId;
        if (Communities is not null) parameters["communities"] = Communities.Name;
        var parametersJson = parameters.ToJsonString();
        var run = new AnalysisRun(runId, started, fingerprint, parametersJson, identity.Rings, identity.Changes)
        {
            ValueRoles = [.. detection.ValueMeasurements.Select(AnalysisOutputWriter.Stored)],
            ValueRoleCounts = detection.RoleCounts,
        };

        var snapshotCounts = detection.SnapshotCounts;
        var resultCounts = new List<KeyValuePair<string, long>>
        {
            new("rings", identity.Rings.Count),
            new("flagged", identity.Rings.Count(r => r.Flagged)),
        };
        resultCounts.AddRange(detection.Counts);
        resultCounts.AddRange(new List<KeyValuePair<string, long>>
        {
            new("new", identity.Changes.Count(c => c.Lineage == RingLineage.New)),
            new("continued", identity.Changes.Count(c => c.Lineage == RingLineage.Continued)),
            new("merged", identity.Changes.Count(c => c.Lineage == RingLineage.Merged)),
            new("split", identity.Changes.Count(c => c.Lineage == RingLineage.Split)),
        });
        var report = new RunReport
        {
            RunId = runId,
            StartedAt = started,
            FinishedAt = Clock.GetUtcNow(),
            InputFingerprint = fingerprint,
            EngineVersion = EngineVersion,
            FileCounts = FileCounts,
            SnapshotCounts = snapshotCounts,
            Timings = timings,
            ParametersJson = parametersJson,
            ResultCounts = resultCounts,
            ValueRoles = detection.ValueMeasurements,
            Flagging = detection.Flagging,
        };
        // The run is kept in the store only once its outputs are complete on disk (under temporary names), and they
        // are put in place after that: a full disk leaves neither truncated files nor a run that looks finished.
        // run.json's timings therefore end with write_outputs; the save that follows is in the returned report.
        StagedFiles? staged = null;
        try
        {
            if (outputDirectory is not null)
            {
                Progress?.Report("write outputs");
                staged = AnalysisOutputWriter.Stage(outputDirectory, identity.Rings, identity.Changes, report, _options.TopReasons);
                Stage("write_outputs");
                report = report with { Timings = timings, FinishedAt = Clock.GetUtcNow() };
                // run.json again so it includes the output stage itself.
                staged.Add("run.json", AnalysisOutputWriter.RunJson(report));
            }
            Progress?.Report("save analysis");
            _store.SaveAnalysis(run);
            Stage("save");
            staged?.Commit();
        }
        finally
        {
            staged?.Dispose();
        }
        return new AnalysisResult(run, report, outputDirectory);
    }

    /// <summary>What a run keeps of its snapshot and detection; the snapshot and the projection themselves are let go.</summary>
    private sealed record Detection(
        string Fingerprint,
        IReadOnlyList<Ring> Rings,
        IReadOnlyList<ValueMeasurement> ValueMeasurements,
        List<ValueRoleCount> RoleCounts,
        List<KeyValuePair<string, long>> SnapshotCounts,
        List<KeyValuePair<string, long>> Counts,
        FlagDecision? Flagging);

    /// <summary>
    /// Reads the snapshot, takes its fingerprint and detects the rings. In a method of its own so that no local of
    /// <see cref="Run"/> holds the snapshot or the projection once it returns (unoptimised code keeps a method's
    /// locals alive to its end).
    /// </summary>
    private Detection Detect(Action<string> stage, List<StageTiming> timings, CancellationToken cancellationToken)
    {
        Progress?.Report("read snapshot");
        var snapshot = _store.ReadSnapshot(cancellationToken);
        stage("read_snapshot");
        var fingerprint = Fingerprint(snapshot, cancellationToken);
        stage("fingerprint");

        IReadOnlyList<ExternalCommunity>? external = null;
        if (Communities is not null)
        {
            Progress?.Report("communities (" + Communities.Name + ")");
            external = Communities.Find(_options, cancellationToken);
            stage("communities");
        }
        // The snapshot was read for this run alone (the stores read a fresh one per call) and its fingerprint is taken:
        // detection may resolve addresses inside it rather than hold a second copy of every link.
        var detector = new RingDetector(snapshot, _options) { Progress = Progress, ExternalCommunities = external, Threads = Threads, MayChangeSnapshot = true };
        var rings = detector.Run(cancellationToken);
        timings.AddRange(detector.Timings);
        // With external communities, components were bounded on the server: none are examined here.
        var projection = detector.Projection!;
        return new Detection(
            fingerprint,
            rings,
            projection.ValueMeasurements,
            AnalysisOutputWriter.RoleCounts(projection.Roles),
            [
                new("holders", snapshot.Holders.Count),
                new("contact_points", snapshot.Contacts.Count),
                new("links", snapshot.Links.Count),
                new("policies", snapshot.Policies.Count),
                new("agents", snapshot.Agents.Count),
                new("events", snapshot.Events.Count),
                new("projection_nodes", projection.Graph.NodeCount),
                new("projection_edges", projection.Graph.ArcCount / 2),
            ],
            [
                new("complaint_templates", detector.TemplateCount),
                new("controller_values", projection.Roles.Count(r => r == ValueRole.Controller)),
                new("infrastructure_values", projection.Roles.Count(r => r == ValueRole.Infrastructure)),
                new("agent_contact_values", projection.Roles.Count(r => r == ValueRole.AgentContact)),
                new("allowlisted_values", projection.Roles.Count(r => r == ValueRole.Allowlisted)),
                new("components_examined", detector.ComponentsExamined),
                new("communities_scored", detector.CommunitiesScored),
            ],
            detector.Flagging);
    }

    /// <summary>
    /// SHA-256 (hex) over the snapshot's content: holders, contact points, links, policies, agents and events in
    /// snapshot order. Two stores with the same data give the same fingerprint (see <see cref="SnapshotFingerprint"/>).
    /// </summary>
    public static string Fingerprint(GraphSnapshot snapshot, CancellationToken cancellationToken = default) =>
        SnapshotFingerprint.Compute(snapshot, cancellationToken);
}
