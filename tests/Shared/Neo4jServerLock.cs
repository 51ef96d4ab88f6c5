// Compiled into every test project that wipes the shared Neo4j test server (see their csproj).
namespace Graph.TestSupport;

/// <summary>
/// One lock file per Neo4j server address, so two test processes (the storage and the CLI tests run in parallel)
/// never wipe and load the same database at once.
/// </summary>
public static class Neo4jServerLock
{
    /// <summary>Takes the lock of the server at <paramref name="url"/>, waiting up to 30 minutes; dispose to release.</summary>
    public static FileStream Acquire(string url)
    {
        var name = new System.Text.StringBuilder("fraudgraph-neo4j-");
        foreach (var ch in url) name.Append(char.IsLetterOrDigit(ch) ? ch : '_');
        var path = Path.Combine(Path.GetTempPath(), name.Append(".lock").ToString());
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }
}
