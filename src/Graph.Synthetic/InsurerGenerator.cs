using Graph.Synthetic.Internal;
using Newtonsoft.Json;

namespace Graph.Synthetic;

/// <summary>
/// Writes a synthetic life insurer in the input format of CONTRACT.md: policyholders, agents, policies, contact
/// changes, surrender requests and complaints, with planted agent-refund rings, decoys that look suspicious but
/// are innocent, honest background activity and a share of spoiled rows. A truth file lists what was planted.
/// </summary>
/// <remarks>
/// <para>Deterministic: every value comes from a seeded SplitMix64 stream keyed by (seed, purpose, index), no
/// hash-order or parallelism is involved, and all formatting is invariant. Holders and policies are recomputed
/// from their index while streaming to disk, so memory stays small; events (a few percent of holders) are kept,
/// sorted by time, and numbered in that order.</para>
/// <para>Truth file shape: <c>{"seed","holders","increments","groups":[{"group_id","type":"ring"|"decoy","kind",
/// "increment"?,"holders":[...],"controllers":[{"type","value"}],"grown"?:[{"increment","holders"}]}]}</c>.
/// Controller values are normalized as Graph.Core normalizes them (phones to digits, representatives by
/// <c>RepresentativeKey</c>, agents by id). <c>holders</c> are the victims in the folder where the group first
/// appears; <c>grown</c> lists victims recruited in later increments.</para>
/// </remarks>
public sealed class InsurerGenerator
{
    private const int StreamHolderRow = 200, StreamPolicyRow = 201, StreamAgentRow = 202, StreamSpoil = 203;

    private readonly GeneratorOptions _options;
    private long _changeIds, _requestIds, _complaintIds;
    private int _spoiled;

    public InsurerGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Holders, 500, nameof(options.Holders));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Holders, 50_000_000, nameof(options.Holders));
        ArgumentOutOfRangeException.ThrowIfNegative(options.BadRowRate, nameof(options.BadRowRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BadRowRate, 0.5, nameof(options.BadRowRate));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Increments, nameof(options.Increments));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Increments, 99, nameof(options.Increments));
        if (!Enum.IsDefined(options.Profile)) throw new ArgumentOutOfRangeException(nameof(options), options.Profile, "Unknown generator profile.");
        _options = options;
    }

    /// <summary>The folder of increment <paramref name="k"/> (1-based) beside <paramref name="outDir"/>.</summary>
    public static string IncrementDirectory(string outDir, int k) =>
        Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + "-increment-" + k.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the six CSV files into <paramref name="outDir"/> (created if needed), the increments into sibling
    /// folders each closed by a <c>_READY</c> marker, and the truth JSON to <paramref name="truthFile"/> when given.
    /// </summary>
    /// <exception cref="ArgumentException">The truth file would land inside a generated folder, where a loader would read it.</exception>
    public GenerationResult Generate(string outDir, string? truthFile, IProgress<GenerationProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        var baseDir = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var dirs = new List<string> { baseDir };
        for (int k = 1; k <= _options.Increments; k++) dirs.Add(IncrementDirectory(baseDir, k));
        if (truthFile is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(truthFile);
            var truthPath = Path.GetFullPath(truthFile);
            foreach (var d in dirs)
                if (truthPath.StartsWith(d + Path.DirectorySeparatorChar, StringComparison.Ordinal) || truthPath == d)
                    throw new ArgumentException($"The truth file must not be inside the generated folder '{d}' (a loader would read it); put it beside the folder instead.", nameof(truthFile));
        }
        _changeIds = _requestIds = _complaintIds = 0;
        _spoiled = 0;

        progress?.Report(new GenerationProgress("plan", 0, 1));
        Population population;
        Scenario scenario;
        if (_options.Profile == GeneratorProfile.Hard)
        {
            population = new Population(_options.Seed, _options.Holders, Geography.Census);
            scenario = new HardScenario(_options.Seed, population);
        }
        else
        {
            population = new Population(_options.Seed, _options.Holders, Geography.Classic);
            scenario = new ClassicScenario(_options.Seed, population);
        }
        scenario.PlanBase(ct);
        // Increments are planned before the base is written: they recruit base holders, and a recruited
        // holder's base row must not be one of the spoiled ones.
        var increments = new List<(EventBatch Batch, List<int> NewHolders)>();
        for (int k = 1; k <= _options.Increments; k++)
        {
            ct.ThrowIfCancellationRequested();
            var newHolders = new List<int>();
            increments.Add((scenario.PlanIncrement(k, newHolders), newHolders));
        }
        scenario.Finish();
        progress?.Report(new GenerationProgress("plan", 1, 1));

        var files = new List<GeneratedFile>();
        Directory.CreateDirectory(baseDir);
        WriteAgents(baseDir, population, scenario, all: true, files, "");
        WriteBook(baseDir, population, scenario, scenario.Base.SurrenderedPolicies, files, progress, ct);
        WriteEvents(baseDir, scenario.Base, files, "", progress, ct);

        for (int k = 1; k <= increments.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var dir = dirs[k];
            var prefix = Path.GetFileName(dir) + "/";
            Directory.CreateDirectory(dir);
            var marker = Path.Combine(dir, "_READY");
            if (File.Exists(marker)) File.Delete(marker);
            var (batch, newHolders) = increments[k - 1];
            WriteAgents(dir, population, scenario, all: false, files, prefix);
            WriteIncrementBook(dir, population, newHolders, batch.SurrenderedPolicies, files, prefix);
            WriteEvents(dir, batch, files, prefix, progress, ct);
            File.WriteAllText(marker, "");
        }

        if (truthFile is not null)
        {
            var truth = new TruthFile
            {
                Seed = scenario.Truth.Seed, Holders = scenario.Truth.Holders, Increments = _options.Increments,
                Profile = scenario.Truth.Profile, Parameters = scenario.Truth.Parameters,
            };
            truth.Groups.AddRange(scenario.Truth.Groups);
            foreach (var g in truth.Groups) g.SortHolders();
            var full = Path.GetFullPath(truthFile);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var json = JsonConvert.SerializeObject(truth, Formatting.Indented).Replace("\r\n", "\n");
            File.WriteAllText(full, json + "\n", new System.Text.UTF8Encoding(false));
        }
        return new GenerationResult(files, scenario.RingCount, scenario.DecoyCount, _spoiled);
    }

    private bool Spoil(long stream, long index, double rate) =>
        rate > 0 && Rng.For(_options.Seed, StreamSpoil + stream * 16, index).Chance(rate);

    private void WriteAgents(string dir, Population pop, Scenario scenario, bool all, List<GeneratedFile> files, string prefix)
    {
        using var w = new CsvFileWriter(Path.Combine(dir, "agents.csv"), Columns.Agents);
        if (all)
        {
            foreach (var a in pop.Agents)
            {
                var r = Rng.For(_options.Seed, StreamAgentRow, a.Index);
                string? id = a.Id;
                string hired = Fake.FormatTime(a.HiredAt, r, 0.7);
                if (!scenario.IsSpecialAgent(a.Index) && Spoil(1, a.Index, _options.BadRowRate))
                {
                    _spoiled++;
                    if (r.Chance(0.5)) id = null; else hired = Fake.BadDates[r.Next(Fake.BadDates.Length)];
                }
                w.Row([id, a.Name, Fake.FormatPhone(a.Phone, r), a.IdNumber, a.Org, a.TerminatedAt is null ? "active" : "terminated", hired,
                    a.TerminatedAt is DateTime t ? Fake.FormatTime(t, r, 0.7) : null]);
            }
        }
        files.Add(new GeneratedFile(prefix + "agents.csv", w.Rows));
    }

    private void WriteBook(string dir, Population pop, Scenario scenario, HashSet<int> surrendered, List<GeneratedFile> files,
        IProgress<GenerationProgress>? progress, CancellationToken ct)
    {
        using var holders = new CsvFileWriter(Path.Combine(dir, "policyholders.csv"), Columns.Policyholders);
        using var policies = new CsvFileWriter(Path.Combine(dir, "policies.csv"), Columns.Policies);
        int n = pop.Holders;
        for (int i = 0; i < n; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                if ((i & 0xFFFF) == 0) progress?.Report(new GenerationProgress("policyholders", i, n));
            }
            var f = pop.Holder(i);
            bool background = scenario.IsBackground(i);
            WriteHolder(holders, f, background, scenario.KeepsRegisteredContacts(i));
            int count = pop.PolicyCountOf(i);
            for (int k = 0; k < count; k++)
            {
                var p = pop.Policy(i, k, f);
                WritePolicy(policies, p, surrendered.Contains(p.Index), background);
            }
        }
        progress?.Report(new GenerationProgress("policyholders", n, n));
        files.Add(new GeneratedFile("policyholders.csv", holders.Rows));
        files.Add(new GeneratedFile("policies.csv", policies.Rows));
    }

    private void WriteIncrementBook(string dir, Population pop, List<int> newHolders, HashSet<int> surrendered, List<GeneratedFile> files, string prefix)
    {
        using (var holders = new CsvFileWriter(Path.Combine(dir, "policyholders.csv"), Columns.Policyholders))
        {
            foreach (int h in newHolders) WriteHolder(holders, pop.Holder(h), background: false);
            files.Add(new GeneratedFile(prefix + "policyholders.csv", holders.Rows));
        }
        using var policies = new CsvFileWriter(Path.Combine(dir, "policies.csv"), Columns.Policies);
        // Policies paid out this period are written again with their new status: last write wins.
        var ids = new List<int>(surrendered);
        ids.Sort();
        int hIndex = 0;
        foreach (int policy in ids)
        {
            while (hIndex < pop.TotalHolders - 1 && pop.FirstPolicy(hIndex + 1) <= policy) hIndex = NextHolderStart(pop, hIndex, policy);
            var p = pop.Policy(hIndex, policy - pop.FirstPolicy(hIndex));
            WritePolicy(policies, p, surrendered: true, background: false);
        }
        foreach (int h in newHolders)
        {
            var f = pop.Holder(h);
            for (int k = 0; k < pop.PolicyCountOf(h); k++) WritePolicy(policies, pop.Policy(h, k, f), surrendered: false, background: false);
        }
        files.Add(new GeneratedFile(prefix + "policies.csv", policies.Rows));
    }

    /// <summary>The holder owning <paramref name="policy"/>, by binary search over first-policy indices.</summary>
    private static int NextHolderStart(Population pop, int from, int policy)
    {
        int lo = from, hi = pop.TotalHolders - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (pop.FirstPolicy(mid) <= policy) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    private void WriteHolder(CsvFileWriter w, HolderFacts f, bool background, bool keepContacts = false)
    {
        var r = Rng.For(_options.Seed, StreamHolderRow, f.Index);
        string? id = f.Id;
        string created = Fake.FormatTime(f.CreatedAt, r, 0.3);
        if (background && Spoil(2, f.Index, _options.BadRowRate))
        {
            _spoiled++;
            if (r.Chance(0.4)) id = null; else created = Fake.BadDates[r.Next(Fake.BadDates.Length)];
        }
        var city = ChineseData.Cities[f.City].Name;
        w.Field(id);
        w.Field(f.Name);
        w.Field(f.IdNumberAsWritten);
        w.Field(r.Chance(0.01) && !keepContacts ? null : Fake.FormatPhone(f.Phone, r));
        w.Field(r.Chance(0.01) && !keepContacts ? null : Fake.FormatAddress(f.Address, r));
        w.Field(r.Chance(0.25) ? city + "市" : city);
        w.Field(created);
        w.EndRow();
    }

    private void WritePolicy(CsvFileWriter w, PolicyFacts p, bool surrendered, bool background)
    {
        var r = Rng.For(_options.Seed, StreamPolicyRow, p.Index);
        string? id = p.Id;
        string premium = Fake.Money(p.PremiumCents, r);
        string issued = Fake.FormatTime(p.IssuedAt, r, 0.2);
        if (background && Spoil(3, p.Index, _options.BadRowRate))
        {
            _spoiled++;
            int k = r.Next(3);
            if (k == 0) id = null;
            else if (k == 1) issued = Fake.BadDates[r.Next(Fake.BadDates.Length)];
            else premium = Fake.BadAmounts[r.Next(Fake.BadAmounts.Length)];
        }
        w.Field(id);
        w.Field(Population.HolderId(p.Holder));
        w.Field(Population.AgentId(p.Agent));
        w.Field(ChineseData.Products[p.Product]);
        w.Field(premium);
        w.Field(issued);
        w.Field(surrendered ? "surrendered" : p.Lapsed ? "lapsed" : "in_force");
        w.EndRow();
    }

    private void WriteEvents(string dir, EventBatch batch, List<GeneratedFile> files, string prefix, IProgress<GenerationProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        progress?.Report(new GenerationProgress(prefix + "events", 0, 3));
        WriteEventFile(dir, "contact_changes.csv", Columns.ContactChanges, batch.Changes, 'C', ref _changeIds, Columns.ChangeAt, -1, 4, files, prefix);
        WriteEventFile(dir, "surrender_requests.csv", Columns.SurrenderRequests, batch.Surrenders, 'S', ref _requestIds, Columns.SurrenderAt, Columns.SurrenderAmount, 5, files, prefix);
        WriteEventFile(dir, "complaints.csv", Columns.Complaints, batch.Complaints, 'M', ref _complaintIds, Columns.ComplaintAt, -1, 6, files, prefix);
        progress?.Report(new GenerationProgress(prefix + "events", 3, 3));
    }

    private void WriteEventFile(string dir, string name, string[] header, List<PendingRow> rows, char idPrefix, ref long counter,
        int dateColumn, int amountColumn, long spoilStream, List<GeneratedFile> files, string prefix)
    {
        rows.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Sequence.CompareTo(b.Sequence));
        int eligible = 0;
        foreach (var row in rows) if (row.MaySpoil) eligible++;
        double rate = eligible == 0 ? 0 : Math.Min(1, _options.BadRowRate * rows.Count / eligible);
        using var w = new CsvFileWriter(Path.Combine(dir, name), header);
        foreach (var row in rows)
        {
            var fields = row.Fields;
            counter++;
            fields[0] = idPrefix + counter.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            if (row.MaySpoil && Spoil(spoilStream, counter, rate))
            {
                _spoiled++;
                var r = Rng.For(_options.Seed, StreamSpoil + 1, counter * 8 + spoilStream);
                int k = r.Next(amountColumn >= 0 ? 3 : 2);
                if (k == 0) fields[0] = null;
                else if (k == 1) fields[dateColumn] = Fake.BadDates[r.Next(Fake.BadDates.Length)];
                else fields[amountColumn] = Fake.BadAmounts[r.Next(Fake.BadAmounts.Length)];
            }
            w.Row(fields);
        }
        files.Add(new GeneratedFile(prefix + name, w.Rows));
    }
}
