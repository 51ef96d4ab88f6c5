using Graph.Storage.Neo4j;
using Graph.Storage.Neo4j.Internal;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>Which schema syntax a server version gets.</summary>
public sealed class Neo4jVersionTests
{
    [Theory]
    [InlineData("3.1.1", false)]
    [InlineData("3.5.35", false)]
    [InlineData("4.3.24", false)]
    [InlineData("4.4.30", true)]
    [InlineData("5.26.0", true)]
    [InlineData("2025.01.0", true)]
    [InlineData("5.13.0-aura", true)]
    public void Constraint_syntax_follows_the_server_version(string version, bool modern)
    {
        var (major, minor) = Neo4jConnection.ParseVersion(version);
        Assert.Equal(modern, new Neo4jServerInfo(version, major, minor, Neo4jProtocol.Transactional, null).ModernSchema);
    }
}
