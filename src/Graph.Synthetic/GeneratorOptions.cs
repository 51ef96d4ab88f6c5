namespace Graph.Synthetic;

/// <summary>Which insurer <see cref="InsurerGenerator"/> makes.</summary>
public enum GeneratorProfile
{
    /// <summary>
    /// The original world: 24 large cities, fixed base rates, rings of six kinds with strong traces, and a few
    /// look-alikes (families, a corporate client, an honest agent, a surrender wave, the hotline). Its files for a
    /// seed never change.
    /// </summary>
    Classic,

    /// <summary>
    /// A world the detector was not tuned on: base rates, channel mix, ring sizes and timings drawn per seed over
    /// wide ranges; 50 cities and census surname shares; shared infrastructure (branch counter terminals and Wi-Fi,
    /// carrier NAT addresses, agents' tablets) and look-alikes (families and colleagues who surrender together, honest
    /// agents typing their own phone, a product-wide surrender wave), each planted as a decoy group; small, slow,
    /// template-reusing and representative-sharing rings beside the classic kinds.
    /// </summary>
    Hard,
}

/// <summary>Options of <see cref="InsurerGenerator"/>. Defaults give a mid-sized insurer in a few seconds.</summary>
public sealed class GeneratorOptions
{
    /// <summary>Policyholders in the base book (at least 500). Agents, policies and events scale with it.</summary>
    public int Holders { get; init; } = 20_000;

    /// <summary>The kind of insurer to make (<see cref="GeneratorProfile.Classic"/> by default).</summary>
    public GeneratorProfile Profile { get; init; } = GeneratorProfile.Classic;

    /// <summary>Seed of every random choice: the same options give byte-identical files.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Share of rows (per file, roughly) spoiled so that a loader must quarantine them. 0 to 0.5.</summary>
    public double BadRowRate { get; init; } = 0.01;

    /// <summary>Monthly increment folders written beside the base folder (<c>DIR-increment-01</c>, ...). 0 to 99.</summary>
    public int Increments { get; init; } = 0;
}

/// <summary>Progress of one stage: <paramref name="Done"/> of <paramref name="Total"/> rows.</summary>
public sealed record GenerationProgress(string Stage, long Done, long Total);

/// <summary>A file written, relative to the base folder's parent for increments, and its data rows (header excluded).</summary>
public sealed record GeneratedFile(string Name, long Rows);

/// <summary>What was written: the files, how many rings and decoys were planted, and how many rows were spoiled on purpose.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedFile> Files, int Rings, int Decoys, int QuarantineRowsPlanted);
