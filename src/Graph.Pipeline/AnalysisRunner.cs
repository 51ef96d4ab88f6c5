using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
    /// snapshot order. Two stores with the same data give the same fingerprint.
    /// </summary>
    public static string Fingerprint(GraphSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var w = new FingerprintWriter();
        foreach (var h in snapshot.Holders) { w.Field(h.Id); w.Field(h.Name); w.Field(h.City); w.At(h.CreatedAt); w.Num(h.IsStub ? 1 : 0); }
        w.Field("#contacts");
        foreach (var c in snapshot.Contacts) { w.Num((int)c.Kind); w.Field(c.Value); }
        w.Field("#links");
        var links = Lists.AsSpan(snapshot.Links);
        for (int i = 0; i < links.Length; i++)
        {
            if ((i & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            ref readonly var l = ref links[i];
            w.Num(l.Holder); w.Num(l.Contact); w.Num((int)l.Evidence); w.Field(l.SourceId); w.At(l.At);
        }
        w.Field("#policies");
        foreach (var p in snapshot.Policies) { w.Field(p.Id); w.Num(p.Holder); w.Field(p.AgentId); w.Num((int)p.Status); w.Money(p.Premium); w.At(p.IssuedAt); }
        w.Field("#agents");
        foreach (var a in snapshot.Agents) { w.Field(a.Id); w.Field(a.Name); w.Num((int)a.Status); w.At(a.TerminatedAt); }
        w.Field("#events");
        foreach (var e in snapshot.Events)
        {
            w.Num((int)e.Kind); w.Field(e.Id); w.Num(e.Holder); w.Field(e.PolicyId); w.At(e.At);
            w.Money(e.Amount); w.Num((int)e.Field); w.Field(e.Channel); w.Field(e.Text);
        }
        return w.Finish();
    }

    /// <summary>
    /// The fingerprint's byte stream: each field as UTF-8 (numbers in invariant decimal, a missing value as nothing)
    /// followed by U+001F, hashed in 64 KiB blocks. Fields are written straight into the block: at 10,000,000 holders
    /// the snapshot has about 200 million of them, and a string per number cost most of the stage's 11 s.
    /// </summary>
    private sealed class FingerprintWriter : IDisposable
    {
        private const byte Separator = 0x1F;
        /// <summary>Room for any number with its separator: a long takes at most 20 bytes, a decimal 31.</summary>
        private const int NumberRoom = 40;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _block = new byte[1 << 16];
        private int _used;

        public void Field(string? s)
        {
            if (s is not null)
            {
                int most = Encoding.UTF8.GetMaxByteCount(s.Length);
                if (most >= _block.Length - _used) Flush();
                if (most < _block.Length) _used += Encoding.UTF8.GetBytes(s, _block.AsSpan(_used));
                else _hash.AppendData(Encoding.UTF8.GetBytes(s));
            }
            End();
        }

        public void Num(long v)
        {
            Room();
            v.TryFormat(_block.AsSpan(_used), out int written, default, CultureInfo.InvariantCulture);
            _used += written;
            End();
        }

        public void At(DateTimeOffset? t) => Num(t?.UtcTicks ?? -1);

        public void Money(decimal? v)
        {
            if (v is { } value)
            {
                Room();
                value.TryFormat(_block.AsSpan(_used), out int written, default, CultureInfo.InvariantCulture);
                _used += written;
            }
            End();
        }

        public string Finish()
        {
            Flush();
            return Convert.ToHexStringLower(_hash.GetHashAndReset());
        }

        public void Dispose() => _hash.Dispose();

        private void End()
        {
            if (_used == _block.Length) Flush();
            _block[_used++] = Separator;
        }

        private void Room()
        {
            if (_block.Length - _used < NumberRoom) Flush();
        }

        private void Flush()
        {
            _hash.AppendData(_block, 0, _used);
            _used = 0;
        }
    }
}
