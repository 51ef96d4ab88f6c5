using System.CommandLine;
using System.Globalization;
using Graph.Core;
using Graph.Storage;

namespace Graph.Cli.Commands;

public static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "List the store's audit log: unmasked evidence exports (when, who, which ring, why, package hash), oldest first.");
        command.SetAction(parse =>
        {
            using var store = GlobalOptions.OpenStore(parse, readOnly: true);
            var records = store.ReadAudit();
            if (records.Count == 0)
            {
                Console.WriteLine($"The audit log of {store.Location} is empty.");
                return ExitCodes.Ok;
            }
            Console.WriteLine($"{"when (UTC)",-20} {"operator",-16} {"action",-16} {"ring",-10} {"package (manifest SHA-256)",-64}  reason");
            // Escaped: an entry written before control characters were refused still prints as one honest line.
            foreach (var r in records)
                Console.WriteLine($"{r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {Escaped(r.Operator),-16} {Escaped(r.Action),-16} " +
                    $"{Escaped(r.RingId ?? "-"),-10} {Escaped(r.PackageSha256 ?? "-"),-64}  {Escaped(r.Reason)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Escaped(string text) => ControlCharacters.Escaped(text);
}
