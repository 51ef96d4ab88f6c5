// Compiled into the CLI, nightly and analytics test projects (see their csproj): one copy of the helpers they need.
using Microsoft.Data.Sqlite;

namespace Graph.TestSupport;

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fraudgraph-test-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
