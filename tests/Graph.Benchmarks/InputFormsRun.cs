using System.Diagnostics;
using System.Text;
using Graph.Ingest;
using Graph.Ingest.Internal;
using Graph.Storage.Sqlite;
using Graph.Synthetic;
using MiniExcelLibs;

namespace Graph.Benchmarks;

/// <summary>
/// What each input form costs (the figures in docs/benchmarks.md):
/// <c>input-forms [--holders 200000] [--seed 1] [--rounds 3]</c> generates an insurer, writes it as UTF-8, GB18030 and
/// UTF-16 CSV and as .xlsx workbooks (text cells), loads each into a fresh SQLite store, and prints per form the
/// seconds of the encoding check alone (the pass over the bytes made before parsing) and of the whole load, with
/// ratios to the UTF-8 load of the same run. One UTF-8 load first warms up (JIT, file cache) and is not counted; then
/// every round loads every form once, in turn, and each figure is the median over the rounds, so a slow spell of a
/// shared machine falls on all forms alike.
/// </summary>
public static class InputFormsRun
{
    public static int Execute(string[] args)
    {
        int holders = 200_000, seed = 1, rounds = 3;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--holders": holders = int.Parse(args[i + 1]); break;
                case "--seed": seed = int.Parse(args[i + 1]); break;
                case "--rounds": rounds = Math.Max(1, int.Parse(args[i + 1])); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var root = Directory.CreateTempSubdirectory("fraudgraph-forms-");
        try
        {
            var utf8 = Path.Combine(root.FullName, "utf8");
            new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed }).Generate(utf8, null);
            var forms = new List<(string Name, string Folder, InputEncoding Checked)> { ("UTF-8", utf8, InputEncoding.Utf8) };
            forms.Add(("GB18030", Rewrite(utf8, Path.Combine(root.FullName, "gb18030"), text => Encoding.GetEncoding("GB18030").GetBytes(text)), InputEncoding.Gb18030));
            forms.Add(("UTF-16LE", Rewrite(utf8, Path.Combine(root.FullName, "utf16"), text => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]), InputEncoding.Utf16LE));
            forms.Add(("xlsx", Workbooks(utf8, Path.Combine(root.FullName, "xlsx")), InputEncoding.Auto));

            Console.WriteLine($"{holders:N0} holders, seed {seed}, median of {rounds} rounds; machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");
            Load(utf8, Path.Combine(root.FullName, "warm-up.db"));
            var checks = new List<double>[forms.Count];
            var loads = new List<double>[forms.Count];
            long rows = 0;
            for (int f = 0; f < forms.Count; f++) (checks[f], loads[f]) = ([], []);
            for (int round = 0; round < rounds; round++)
            {
                for (int f = 0; f < forms.Count; f++)
                {
                    var (name, folder, encoding) = forms[f];
                    checks[f].Add(encoding == InputEncoding.Auto ? 0 : Check(folder, encoding));
                    var clock = Stopwatch.StartNew();
                    long read = Load(folder, Path.Combine(root.FullName, $"{name}-{round}.db")).Read;
                    if (rows != 0 && read != rows) throw new InvalidOperationException($"{name} read {read:N0} rows, UTF-8 {rows:N0}");
                    rows = read;
                    loads[f].Add(clock.Elapsed.TotalSeconds);
                }
            }
            Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg")[..14]}; {rows:N0} rows read per load");
            Console.WriteLine("form       bytes        check s   load s   rows/s     load vs UTF-8");
            double utf8Load = Median(loads[0]);
            for (int f = 0; f < forms.Count; f++)
            {
                var (name, folder, _) = forms[f];
                long bytes = Directory.GetFiles(folder).Sum(file => new FileInfo(file).Length);
                double load = Median(loads[f]);
                Console.WriteLine($"{name,-10} {bytes,12:N0} {Median(checks[f]),8:F2} {load,8:F1} {rows / load,10:N0} {load / utf8Load,10:F2}x");
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            root.Delete(recursive: true);
        }
    }

    /// <summary>Loads <paramref name="folder"/> into a new store, then deletes the store (thirteen 200k stores would fill the disk).</summary>
    private static LoadSummary Load(string folder, string storePath)
    {
        LoadSummary summary;
        using (var store = new SqliteGraphStore(storePath)) summary = new FolderLoader(store).Load(folder);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(storePath)!, Path.GetFileName(storePath) + "*")) File.Delete(file);
        return summary;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Seconds of the validity scan the loader makes before parsing each text file.</summary>
    private static double Check(string folder, InputEncoding encoding)
    {
        var clock = Stopwatch.StartNew();
        foreach (var file in Directory.GetFiles(folder, "*.csv"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (TextEncodings.FirstInvalidByte(stream, encoding, file) >= 0) throw new InvalidDataException($"{file} is not valid {encoding}");
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static string Rewrite(string source, string target, Func<string, byte[]> encode)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*.csv"))
            File.WriteAllBytes(Path.Combine(target, Path.GetFileName(file)), encode(File.ReadAllText(file, Encoding.UTF8)));
        return target;
    }

    /// <summary>Each CSV file as a workbook of text cells (read with CsvHelper, written with MiniExcel).</summary>
    private static string Workbooks(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*.csv"))
        {
            using var reader = new CsvHelper.CsvReader(new StreamReader(file), System.Globalization.CultureInfo.InvariantCulture);
            reader.Read();
            reader.ReadHeader();
            var header = reader.HeaderRecord!;
            var rows = new List<Dictionary<string, object?>>();
            while (reader.Read())
            {
                var row = new Dictionary<string, object?>(header.Length);
                for (int i = 0; i < header.Length; i++) row[header[i]] = reader.GetField(i);
                rows.Add(row);
            }
            MiniExcel.SaveAs(Path.Combine(target, Path.ChangeExtension(Path.GetFileName(file), ".xlsx")), rows, sheetName: Path.GetFileNameWithoutExtension(file));
        }
        return target;
    }
}
