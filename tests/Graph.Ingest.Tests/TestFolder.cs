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

    /// <summary>Writes <paramref name="text"/> in <paramref name="encoding"/>, with its byte-order mark when <paramref name="bom"/>.</summary>
    public void WriteEncoded(string file, string text, Encoding encoding, bool bom) =>
        WriteBytes(file, [.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)]);

    /// <summary>GB18030, UTF-16LE and UTF-16BE writers that put no byte-order mark into <see cref="Encoding.GetBytes(string)"/>.</summary>
    public static class Encodings
    {
        public static Encoding Utf8 { get; } = new UTF8Encoding(true);
        public static Encoding Gb18030 { get; } = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
        public static Encoding Utf16LE { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        public static Encoding Utf16BE { get; } = new UnicodeEncoding(bigEndian: true, byteOrderMark: true);

        public static Encoding For(InputEncoding encoding) => encoding switch
        {
            InputEncoding.Utf8 => Utf8,
            InputEncoding.Gb18030 => Gb18030,
            InputEncoding.Utf16LE => Utf16LE,
            InputEncoding.Utf16BE => Utf16BE,
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };
    }

    public string Quarantine(string file) => System.IO.Path.Combine(Path, "quarantine", file);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
