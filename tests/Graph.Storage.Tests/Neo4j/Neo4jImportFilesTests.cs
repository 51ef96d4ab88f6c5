using Graph.Core;
using Graph.Storage.Neo4j;
using static Graph.Storage.Tests.TestRecords;

namespace Graph.Storage.Tests.Neo4j;

/// <summary>
/// The files <see cref="Neo4jImportFiles"/> writes, without a server: what the online load's semantics make of
/// repeated records, stubs and awkward text. (That Neo4j imports them into the online load's graph is
/// <c>Neo4jImportCliTests</c>, against the real 3.1.1 importer and server.)
/// </summary>
public sealed class Neo4jImportFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fraudgraph-import-").FullName;

    private string Out => Path.Combine(_root, "import");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Neo4jImportResult Import(params InputRecord[] records)
    {
        var files = new Neo4jImportFiles(Out);
        using (var tx = files.BeginLoad(new LoadInfo("f00d", "/data/insurer", At(1))))
        {
            tx.Write(records);
            tx.Commit();
            Assert.Equal(files.Result!.ToString(), tx.Outcome);
        }
        return files.Result!;
    }

    private string[] Lines(string name) => File.ReadAllLines(Path.Combine(Out, name));

    [Fact]
    public void A_repeated_record_keeps_its_last_version_and_a_contact_point_only_an_earlier_version_named_is_left_out()
    {
        Import(Holder("H1", phone: "13800000001"), Holder("H2", phone: "13800000002"), Holder("H1", phone: "13800000003", name: "Second"));

        var holders = Lines("Policyholder.csv");
        Assert.Equal(2, holders.Length);
        Assert.Single(holders, l => l.StartsWith("\"H1\",\"Second\"", StringComparison.Ordinal));
        Assert.Equal(["\"13800000002\"", "\"13800000003\""], Lines("Phone.csv").Select(l => l.Split(',')[0]).Order());
        Assert.Equal(["\"H1\",\"13800000003\"", "\"H2\",\"13800000002\""], Lines("LINKED_TO-Phone.csv").Select(l => string.Join(',', l.Split(',')[..2])).Order());
        Assert.Equal(":START_ID(Policyholder),:END_ID(Phone),evidence:string,source_kind:string,source_id:string,at:string,at_ms:long,:TYPE",
            Lines("LINKED_TO-Phone.header.csv").Single());
    }

    [Fact]
    public void Text_is_quoted_so_that_neo4j_reads_back_quotes_backslashes_line_breaks_and_empty_text_exactly()
    {
        Import(Holder("H1", name: "a \"b\", c:\\d\\\nnext\\"), Holder("H2", city: ""), Holder("H3", city: null));

        Assert.Contains("\"H1\",\"a \"\"b\"\", c:\\\\d\\\\\nnext\\\\\",", File.ReadAllText(Path.Combine(Out, "Policyholder.csv")));
        int city = Array.IndexOf(Lines("Policyholder.header.csv").Single().Split(','), "city:string");
        Assert.True(city > 0);
        var rows = Lines("Policyholder.csv");
        Assert.Equal("\"\"", rows.Single(l => l.StartsWith("\"H2\"", StringComparison.Ordinal)).Split(',')[city]); // empty text stays empty text
        Assert.Equal("", rows.Single(l => l.StartsWith("\"H3\"", StringComparison.Ordinal)).Split(',')[city]);     // a missing value is no property
    }

    [Fact]
    public void Events_on_unknown_policies_and_holders_make_the_stubs_the_online_load_makes()
    {
        Import(
            Holder("H1", phone: "13800000001"),
            Policy("P1", "H1"),
            Change("C1", "H7", "P9", newPhone: "13800000009"),
            Change("C2", null, "P1", newPhone: "13800000008"),
            Change("C3", null, "P8", newPhone: "13800000007"));

        var policies = Lines("Policy.csv");
        Assert.Contains(policies, l => l.StartsWith("\"P9\",\"H7\",", StringComparison.Ordinal) && l.EndsWith(",true,Policy", StringComparison.Ordinal));
        Assert.Contains(policies, l => l.StartsWith("\"P8\",,", StringComparison.Ordinal) && l.EndsWith(",true,Policy", StringComparison.Ordinal));
        Assert.Equal(["\"H1\",\"P1\",HOLDS", "\"H7\",\"P9\",HOLDS"], Lines("HOLDS.csv").Order());
        Assert.Contains(Lines("Policyholder.csv"), l => l.StartsWith("\"H7\",", StringComparison.Ordinal) && l.EndsWith(",true,Policyholder", StringComparison.Ordinal));
        // C2 names only P1: attributed to P1's holder. C3 names a policy nobody holds: no holder, no links.
        Assert.Equal(["\"H1\",\"C2\",CHANGED", "\"H7\",\"C1\",CHANGED"], Lines("CHANGED.csv").Order());
        Assert.DoesNotContain(Lines("LINKED_TO-Phone.csv"), l => l.Contains("13800000007", StringComparison.Ordinal));
        Assert.Equal(3, Lines("ON_POLICY-ContactChange.csv").Length);
    }

    [Fact]
    public void The_files_hold_a_completed_load_and_name_nodes_before_relationships_in_the_commands()
    {
        var result = Import(Holder("H1", phone: "13800000001"), Policy("P1", "H1"));

        Assert.Equal("fingerprint:ID(Load),source:string,started_at:string,committed_at:string,records:long,:LABEL", Lines("Load.header.csv").Single());
        Assert.StartsWith("\"f00d\",\"/data/insurer\",\"2024-03-01T10:00:00.0000000+08:00\",\"", Lines("Load.csv").Single());
        Assert.EndsWith("\",2,Load", Lines("Load.csv").Single());
        Assert.Equal(["Policyholder", "Policy", "Phone", "Load", "LINKED_TO-Phone", "HOLDS"], result.Files.Select(f => f.Name));
        Assert.Equal(4, result.Nodes);
        Assert.Equal(2, result.Relationships);
        Assert.Contains($" --nodes {Out}/Policyholder.header.csv,{Out}/Policyholder.csv ", result.Neo4j3Command);
        Assert.Contains($" --relationships={Out}/HOLDS.header.csv,{Out}/HOLDS.csv neo4j", result.Neo4j5Command);
        Assert.Equal(result.Instructions(), File.ReadAllText(Path.Combine(Out, Neo4jImportResult.CommandsFile)));
        Assert.Equal([Out], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void An_import_that_does_not_complete_leaves_no_files()
    {
        var files = new Neo4jImportFiles(Out);
        using (var tx = files.BeginLoad(new LoadInfo("f00d", "/data/insurer", At(1))))
            tx.Write([Holder("H1", phone: "13800000001")]);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        Assert.Null(files.Result);
    }
}
