using Graph.Storage;

namespace Graph.Nightly.Tests;

/// <summary>An inbox, an output folder and a store in a temporary folder, and in-process cycles over them.</summary>
public sealed class World : IDisposable
{
    private readonly TempDir _dir = new();

    public World()
    {
        Inbox = _dir.Combine("inbox");
        Directory.CreateDirectory(Inbox);
        Output = _dir.Combine("out");
        StorePath = _dir.Combine("graph.db");
    }

    public string Root => _dir.Path;
    public string Inbox { get; }
    public string Output { get; }
    public string StorePath { get; }
    public string Archive => _dir.Combine("archive");
    public string Failed => _dir.Combine("failed");

    public NightlyOptions Options => new() { Inbox = Inbox, Output = Output, Store = StorePath };

    public CycleResult Cycle(CancellationToken cancellationToken = default, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        using var store = GraphStores.Open(StorePath);
        return new NightlyCycle(Options, store, loggers).Run(cancellationToken);
    }

    public string[] Folders(string parent) =>
        Directory.Exists(parent) ? Directory.GetDirectories(parent).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray() : [];

    public string[] CliArgs(params string[] extra) => ["nightly", "--once", "--inbox", Inbox, "--output", Output, "--store", StorePath, .. extra];

    public void Dispose() => _dir.Dispose();
}
