using System.Diagnostics;
using Graph.Storage.Neo4j.Internal;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// cypher/ is the one source of truth: every file is embedded into Graph.Storage, the store reads its statements
/// from there, and every file passes Neo4j's own linter (tests/cypher-lint) with the parameters it declares.
/// </summary>
public sealed class CypherLibraryTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "cypher")) && File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (with cypher/) above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_file_in_cypher_is_embedded_under_its_own_path()
    {
        var onDisk = Directory.GetFiles(Path.Combine(Root, "cypher"), "*.cypher", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(Root, "cypher"), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, CypherLibrary.Names().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Embedded_statements_are_the_files_without_their_comments()
    {
        var text = File.ReadAllText(Path.Combine(Root, "cypher", "load", "policies.cypher"));
        var statement = CypherLibrary.Statement("load/policies.cypher");
        Assert.StartsWith("UNWIND $rows AS row", statement);
        Assert.DoesNotContain("//", statement);
        Assert.Contains(statement.Split('\n')[1], text);
    }

    [Fact]
    public void Schema_files_split_into_one_constraint_per_node_key()
    {
        var v3 = CypherLibrary.Statements("schema/constraints-v3.cypher");
        var v5 = CypherLibrary.Statements("schema/constraints-v5.cypher");
        Assert.Equal(19, v3.Length);
        Assert.Equal(v3.Length, v5.Length);
        Assert.All(v3, s => Assert.Matches(@"^CREATE CONSTRAINT ON \(n:\w+\) ASSERT n\.\w+ IS UNIQUE$", s));
        Assert.All(v5, s => Assert.Matches(@"^CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:\w+\) REQUIRE n\.\w+ IS UNIQUE$", s));
        // The same label and key in both syntaxes, in the same order.
        for (int i = 0; i < v3.Length; i++)
            Assert.Equal(System.Text.RegularExpressions.Regex.Match(v3[i], @"\(n:\w+\).*n\.\w+").Value.Replace(" ASSERT ", " "),
                System.Text.RegularExpressions.Regex.Match(v5[i], @"\(n:\w+\).*n\.\w+").Value.Replace(" REQUIRE ", " "));
    }

    [Fact]
    public void Splitting_keeps_semicolons_inside_a_line_and_drops_comment_lines()
    {
        var statements = CypherLibrary.Split("// header\nRETURN ';' AS a;\n  // indented comment\nRETURN 2 AS b\n");
        Assert.Equal(["RETURN ';' AS a", "RETURN 2 AS b"], statements);
    }

    [Fact]
    public void Every_file_says_what_it_answers_and_which_parameters_it_takes()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "cypher"), "*.cypher", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            Assert.True(lines.Length > 0 && lines[0].StartsWith("// ", StringComparison.Ordinal), $"{file} starts with a header comment");
            Assert.True(lines.Any(l => l.StartsWith("// params:", StringComparison.Ordinal)), $"{file} declares its parameters");
        }
    }

    [NodeFact]
    public void Every_cypher_file_passes_the_neo4j_linter()
    {
        var lint = InstalledLinter();
        var (code, output) = Run("node", ["lint.mjs"], lint);
        Assert.True(code == 0, "The Neo4j linter reports errors:\n" + output);
        Assert.Matches(@"\d+ files: \d+ linted, \d+ skipped, 0 errors", output);
    }

    [NodeFact]
    public void The_linter_fails_on_a_broken_file()
    {
        var lint = InstalledLinter();
        var folder = Directory.CreateTempSubdirectory("cypher-lint-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "bad.cypher"), "// broken on purpose\n// params: $a\nMATCH (n) WHERE n.x = $b RETURN n\n");
            var (code, output) = Run("node", ["lint.mjs", folder.FullName], lint);
            Assert.Equal(1, code);
            Assert.Contains("Parameter $b is not defined", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static readonly object InstallLock = new();

    /// <summary>tests/cypher-lint with its node_modules installed (npm ci from the committed lock file).</summary>
    private static string InstalledLinter()
    {
        var lint = Path.Combine(Root, "tests", "cypher-lint");
        lock (InstallLock)
        {
            if (!Directory.Exists(Path.Combine(lint, "node_modules", "@neo4j-cypher", "language-support")))
            {
                var (code, output) = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], lint);
                Assert.True(code == 0, "npm ci failed in tests/cypher-lint:\n" + output);
            }
        }
        return lint;
    }

    private static (int Code, string Output) Run(string program, string[] args, string directory)
    {
        var psi = new ProcessStartInfo(program, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout + stderr.Result + "\n(timed out)");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}

/// <summary>A test that needs Node.js; skipped with the reason when <c>node</c> is not installed, unless under CI=true.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (Neo4jServer.IsCi) return;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "node"))) return;
        Skip = "Node.js is not installed: the Neo4j linter (tests/cypher-lint) cannot run.";
    }
}
