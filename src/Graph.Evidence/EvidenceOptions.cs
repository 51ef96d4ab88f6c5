using Graph.Core;

namespace Graph.Evidence;

/// <summary>How evidence packages are made. Defaults: masked, tools found on PATH, no overwriting.</summary>
public sealed class EvidenceOptions
{
    /// <summary>Write personal data as loaded instead of masked. Requires <see cref="Reason"/> and <see cref="Operator"/>, and is audited.</summary>
    public bool Unmasked { get; init; }

    /// <summary>Who exports (required for an unmasked export); defaults to the OS user name in the manifest.</summary>
    public string? Operator { get; init; }

    /// <summary>Why the export is unmasked (a case number, a police request); required when <see cref="Unmasked"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Replace an existing package folder and zip of the same ring.</summary>
    public bool Force { get; init; }

    /// <summary>Graphviz and Chromium; <see cref="ReportTools.Detect"/> by default.</summary>
    public ReportTools Tools { get; init; } = ReportTools.Detect();

    /// <summary>Time limit of one Graphviz or Chromium call.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Packages made at once by <see cref="EvidenceExporter.ExportFlagged"/> (each runs one Chromium at most).</summary>
    public int MaxParallelism { get; init; } = Math.Max(4, Environment.ProcessorCount);

    /// <summary>The clock of the export time, replaceable in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Every problem with these options, each saying how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Unmasked && string.IsNullOrWhiteSpace(Reason)) errors.Add("An unmasked export needs --reason (why personal data leaves the store; it goes to the audit log).");
        if (Unmasked && string.IsNullOrWhiteSpace(Operator)) errors.Add("An unmasked export needs --operator (who exports; it goes to the audit log).");
        // One audit entry is one line: a reason or operator that could break it or reorder it is refused.
        if (ControlCharacters.FirstNamed(Reason) is { } inReason)
            errors.Add($"--reason holds {inReason}: write it on one line, without control characters (it goes to the audit log).");
        if (ControlCharacters.FirstNamed(Operator) is { } inOperator)
            errors.Add($"--operator holds {inOperator}: give a name without control characters (it goes to the manifest and the audit log).");
        if (MaxParallelism < 1) errors.Add("MaxParallelism must be at least 1.");
        if (ToolTimeout <= TimeSpan.Zero) errors.Add("ToolTimeout must be positive.");
        return errors;
    }
}

/// <summary>An export that cannot be made as asked (unknown ring, invalid id, package exists); the message says what to do.</summary>
public sealed class EvidenceException(string message) : Exception(message);

/// <summary>One package made.</summary>
/// <param name="Folder">The package folder, <c>OUT/RING_ID</c>.</param>
/// <param name="Zip">The same package as <c>OUT/RING_ID.zip</c>.</param>
/// <param name="ManifestSha256">SHA-256 of <c>manifest.json</c>: one value that pins every file of the package.</param>
/// <param name="LeftOut">What the package lacks and how to get it (no Graphviz, no Chromium); empty when complete.</param>
public sealed record EvidencePackage(string RingId, string Folder, string Zip, string ManifestSha256, int Files, bool Masked, IReadOnlyList<string> LeftOut);
