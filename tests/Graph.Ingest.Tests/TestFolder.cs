using System.Text;

namespace Graph.Ingest.Tests;

/// <summary>A temporary input folder, deleted on dispose.</summary>
internal sealed class TestFolder : IDisposable
{
    public const string HoldersHeader = "holder_id,name,id_number,phone,address,city,created_at";
    public const string PoliciesHeader = "policy_id,holder_id,agent_id,product,premium,issued_at,status";

    public TestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fg-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A folder with the two required files holding one holder and one policy.</summary>
    public static TestFolder WithMinimalRequiredFiles()
    {
        var f = new TestFolder();
        f.Write("policyholders.csv", HoldersHeader + "\nH1,张三,,13812345678,北京市朝阳区,北京,2020-01-01\n");
        f.Write("policies.csv", PoliciesHeader + "\nP1,H1,A1,终身寿险,1200.50,2020-01-02,in_force\n");
        return f;
    }

    public void Write(string file, string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        File.WriteAllBytes(System.IO.Path.Combine(Path, file), bytes);
    }

    public void WriteBytes(string file, byte[] bytes) => File.WriteAllBytes(System.IO.Path.Combine(Path, file), bytes);

    public string Quarantine(string file) => System.IO.Path.Combine(Path, "quarantine", file);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
