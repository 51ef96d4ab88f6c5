using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Graph.Cli.Tests;

/// <summary>
/// The layering README.md's architecture section draws, checked against the project files themselves, so the
/// picture cannot drift from the code and no project grows a reference the layering forbids.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = RepoRoot();

    [Fact]
    public void The_readme_lists_every_project_with_exactly_the_projects_it_references()
    {
        var drawn = DrawnReferences();
        var actual = ProjectReferences();

        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), drawn.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, references) in actual)
            Assert.True(references.SetEquals(drawn[project]),
                $"{project}: README.md draws {string.Join(", ", drawn[project].Order())}, the project file has {string.Join(", ", references.Order())}");
    }

    [Fact]
    public void No_project_references_one_drawn_above_it()
    {
        var order = DrawnReferences().Keys.ToList();
        foreach (var (project, references) in ProjectReferences())
            foreach (var reference in references)
                Assert.True(order.IndexOf(reference) > order.IndexOf(project), $"{project} references {reference}, which README.md draws above it");
    }

    [Fact]
    public void The_analytics_reference_no_store_and_the_stores_no_analytics()
    {
        var references = ProjectReferences();
        Assert.Equal(["Graph.Core"], references["Graph.Analytics"]);
        Assert.Equal(["Graph.Core"], references["Graph.Storage"]);
    }

    /// <summary>Project name to the names of the projects its file references, for every project under src/.</summary>
    private static Dictionary<string, HashSet<string>> ProjectReferences()
    {
        var projects = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(file).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToHashSet(StringComparer.Ordinal);
            projects.Add(Path.GetFileNameWithoutExtension(file), references);
        }
        return projects;
    }

    /// <summary>The lines <c>Graph.X → A, B</c> of the first text block under README.md's "## Architecture", in order.</summary>
    private static Dictionary<string, HashSet<string>> DrawnReferences()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        int section = readme.IndexOf("\n## Architecture\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '## Architecture' section");
        int start = readme.IndexOf("```text\n", section, StringComparison.Ordinal) + "```text\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var drawn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in readme[start..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = DrawnLine().Match(line);
            Assert.True(match.Success, $"README.md architecture line not understood: '{line}'");
            var targets = match.Groups[2].Value.Trim() == "(none)"
                ? []
                : match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries).Select(name => "Graph." + name);
            drawn.Add(match.Groups[1].Value, targets.ToHashSet(StringComparer.Ordinal));
        }
        return drawn;
    }

    [GeneratedRegex(@"^(Graph\.\w+)\s+→\s+(.+)$")]
    private static partial Regex DrawnLine();

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Graph.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Graph.sln not found above {AppContext.BaseDirectory}");
    }
}
