namespace Graph.Evidence.Tests;

/// <summary>
/// A test that needs outside programs (Graphviz, Chromium, pdftoppm). Where they are missing it is skipped with
/// the reason, except under <c>CI=true</c>: CI installs them (.ci/install-report-tools.sh), so there a missing
/// program must fail the test instead of hiding it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] programs)
    {
        var missing = ExternalTools.Missing(programs);
        if (missing.Count > 0 && !ExternalTools.IsCi)
            Skip = $"needs {string.Join(", ", missing)} on PATH ({ReportTools.InstallHint} poppler-utils); under CI=true this test fails instead";
    }
}

internal static class ExternalTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static List<string> Missing(IEnumerable<string> programs) => programs.Where(p => Find(p) is null).ToList();

    public static string? Find(string program) =>
        program == "chromium" ? ReportTools.Detect().Chromium : ReportTools.FindOnPath(program);

    /// <summary>The program's path; fails the test (naming the install command) when it is missing.</summary>
    public static string Require(string program) =>
        Find(program) ?? throw new Xunit.Sdk.XunitException($"{program} is not installed; run .ci/install-report-tools.sh ({ReportTools.InstallHint} poppler-utils).");
}
