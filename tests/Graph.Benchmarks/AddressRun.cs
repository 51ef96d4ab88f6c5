using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Graph.Core;
using Graph.Synthetic;

namespace Graph.Benchmarks;

/// <summary>
/// The address parser's cost inside a load, and how the generator's addresses fare: generates a synthetic insurer,
/// takes every address it wrote (holders' with their city column, contact changes', complaint senders'), adds one
/// rewritten spelling of each (no province or city, dashed shorthand, Chinese numerals) and normalizes
/// <c>--count</c> of them, timed against the plain normalization the parser replaced.
/// </summary>
internal static class AddressRun
{
    public static int Execute(string[] args)
    {
        int count = 1_000_000, holders = 20_000, seed = 1;
        for (int i = 1; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--count": count = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--holders": holders = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {PlantedPartitionRun.RuntimeInformationText()}, load average {PlantedPartitionRun.LoadAverage()}");

        var dir = Path.Combine(Path.GetTempPath(), "fraudgraph-address-" + Environment.ProcessId);
        try
        {
            new InsurerGenerator(new GeneratorOptions { Holders = holders, Seed = seed }).Generate(dir, null);
            var written = ReadAddresses(dir);
            Report(written);
            var variants = Variants(written);
            var all = written.Concat(variants).ToArray();
            Console.WriteLine($"timing {count:N0} normalizations over {all.Length:N0} distinct spellings ({written.Count:N0} from the generator, {variants.Count:N0} rewritten)");
            Time(all, count);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static List<(string Raw, string? City, string Source)> ReadAddresses(string dir)
    {
        var list = new List<(string, string?, string)>();
        foreach (var row in Rows(Path.Combine(dir, "policyholders.csv")))
            if (row.TryGetValue("address", out var a) && a.Length > 0) list.Add((a, row.GetValueOrDefault("city"), "holder"));
        foreach (var row in Rows(Path.Combine(dir, "contact_changes.csv")))
        {
            if (row.GetValueOrDefault("field") != "address") continue;
            foreach (var column in new[] { "old_value", "new_value" })
                if (row.TryGetValue(column, out var a) && a.Length > 0) list.Add((a, null, "change"));
        }
        foreach (var row in Rows(Path.Combine(dir, "complaints.csv")))
            if (row.TryGetValue("sender_address", out var a) && a.Length > 0) list.Add((a, null, "complaint"));
        return list;
    }

    private static IEnumerable<Dictionary<string, string>> Rows(string path)
    {
        if (!File.Exists(path)) yield break;
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++) row[header[i]] = csv.GetField(i) ?? "";
            yield return row;
        }
    }

    /// <summary>How many of the generator's addresses parse, and how many nodes they make before and after.</summary>
    private static void Report(List<(string Raw, string? City, string Source)> written)
    {
        int parsed = 0;
        var plain = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var unparsed = new List<string>();
        foreach (var (raw, city, _) in written)
        {
            plain.Add(TextNormalizer.CollapseWhitespace(TextNormalizer.ToHalfWidth(raw)));
            keys.Add(AddressNormalizer.Normalize(raw, city).Value!);
            if (ChineseAddress.KeyOf(raw, city) is not null) parsed++;
            else if (unparsed.Count < 5) unparsed.Add(raw);
        }
        Console.WriteLine($"generator addresses: {written.Count:N0} ({written.Count(w => w.Source == "holder"):N0} holders', {written.Count(w => w.Source == "change"):N0} contact changes', {written.Count(w => w.Source == "complaint"):N0} complaint senders')");
        Console.WriteLine($"  parsed {parsed:N0} ({100.0 * parsed / Math.Max(1, written.Count):F2}%), plain normalization kept for {written.Count - parsed:N0}");
        Console.WriteLine($"  distinct values: {plain.Count:N0} plain, {keys.Count:N0} keys");
        // Synthetic data, not personal: shown so that a parse failure can be diagnosed.
        foreach (var u in unparsed) Console.WriteLine($"  not parsed: {u}");
    }

    /// <summary>
    /// One rewritten spelling per parsed address, as a holder might type it with the city in its own column: no
    /// province, city or district, the building in Chinese numerals, unit and room as dashed shorthand. Reports how
    /// many give the same key as the original.
    /// </summary>
    private static List<(string Raw, string? City, string Source)> Variants(List<(string Raw, string? City, string Source)> written)
    {
        var variants = new List<(string, string?, string)>();
        int agree = 0;
        foreach (var (raw, city, _) in written)
        {
            var a = ChineseAddress.Parse(raw, city);
            if (a?.City is null || a.Road is null || a.RoadNumber is null) continue;
            string inside = a.Building is null ? a.Room ?? ""
                : a.Unit is null ? $"{Chinese(a.Building)}栋{a.Room}"
                : $"{a.Building}-{a.Unit}-{a.Room}";
            string variant = $"{a.District}{a.Road}{a.RoadNumber}号 {a.Compound}{inside}";
            variants.Add((variant, a.City, "variant"));
            if (AddressNormalizer.Normalize(variant, a.City).Value == a.Key) agree++;
        }
        Console.WriteLine($"rewritten spellings: {variants.Count:N0}, {agree:N0} give the original's key");
        return variants;
    }

    private static string Chinese(string digits) =>
        int.TryParse(digits, CultureInfo.InvariantCulture, out int n) && n is > 0 and < 100
            ? (n >= 20 ? "二三四五六七八九"[n / 10 - 2].ToString() : "") + (n >= 10 ? "十" : "") + (n % 10 > 0 ? "一二三四五六七八九"[n % 10 - 1].ToString() : "")
            : digits;

    private static void Time((string Raw, string? City, string Source)[] spellings, int count)
    {
        // Warm both paths up (JIT tiers, the region tables), then time each over the same sequence.
        Run(spellings, 50_000, plain: true);
        Run(spellings, 50_000, plain: false);
        var (plainWall, plainCpu, plainBytes) = Run(spellings, count, plain: true);
        var (parseWall, parseCpu, parseBytes) = Run(spellings, count, plain: false);
        Console.WriteLine($"plain normalization (before): {plainWall.TotalMilliseconds * 1e6 / count,7:F0} ns/address wall, {plainCpu.TotalMilliseconds * 1e6 / count,7:F0} ns CPU, {plainBytes / (double)count,5:F0} B allocated");
        Console.WriteLine($"parsed key (now):             {parseWall.TotalMilliseconds * 1e6 / count,7:F0} ns/address wall, {parseCpu.TotalMilliseconds * 1e6 / count,7:F0} ns CPU, {parseBytes / (double)count,5:F0} B allocated");
        Console.WriteLine($"ratio now/before (CPU): {parseCpu / plainCpu:F1}; {count:N0} addresses cost {parseCpu.TotalSeconds:F2} s CPU in all");
    }

    private static (TimeSpan Wall, TimeSpan Cpu, long Bytes) Run((string Raw, string? City, string Source)[] spellings, int count, bool plain)
    {
        long checksum = 0;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var (raw, city, _) = spellings[i % spellings.Length];
            string? v = plain ? TextNormalizer.CollapseWhitespace(TextNormalizer.ToHalfWidth(raw)) : AddressNormalizer.Normalize(raw, city).Value;
            checksum += v?.Length ?? 0;
        }
        var wall = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        if (checksum == 0) Console.WriteLine("(no output)");
        return (wall, cpu, bytes);
    }
}
