namespace Graph.Synthetic;

/// <summary>Options of <see cref="InsurerGenerator"/>. Defaults give a mid-sized insurer in a few seconds.</summary>
public sealed class GeneratorOptions
{
    /// <summary>Policyholders in the base book (at least 500). Agents, policies and events scale with it.</summary>
    public int Holders { get; init; } = 20_000;

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
