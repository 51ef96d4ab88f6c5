using System.CommandLine;
using Graph.Evidence;

namespace Graph.Cli.Commands;

public static class VerifyCommand
{
    public static Command Create()
    {
        var package = new Argument<string>("PACKAGE") { Description = "An evidence package folder or its .zip." };
        var expected = new Option<string?>("--manifest-sha256") { Description = "The manifest SHA-256 given with the referral (or in `fraudgraph audit`); a different manifest fails." };
        var command = new Command("verify",
            "Recompute every file's SHA-256 of an evidence package and compare with its manifest.json: names every altered, " +
            "missing or extra file; exit code 1 on any problem.")
        {
            package, expected,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(package);
            PackageVerification result;
            try
            {
                result = PackageVerifier.Verify(path, parse.GetValue(expected));
            }
            catch (FileNotFoundException e)
            {
                return CliErrors.BadInput(e.Message);
            }
            if (result.Manifest is { } m)
                Console.WriteLine($"{result.Package}: ring {m.RingId}, run {m.RunId}, exported {m.ExportedAt:u} by {m.Operator}{(m.Masked ? "" : ", UNMASKED")}");
            if (result.ManifestSha256 is not null) Console.WriteLine($"manifest SHA-256 {result.ManifestSha256}");
            foreach (var p in result.Problems) Console.WriteLine($"{KindWord(p.Kind)}: {p.Path}: {p.Detail}");
            if (result.Ok)
            {
                Console.WriteLine($"OK: {result.FilesChecked} files match the manifest; nothing missing, nothing extra.");
                return ExitCodes.Ok;
            }
            Console.WriteLine($"FAILED: {result.Problems.Count} problem(s).");
            return ExitCodes.Failure;
        });
        return command;
    }

    private static string KindWord(PackageProblemKind kind) => kind switch
    {
        PackageProblemKind.Altered => "ALTERED",
        PackageProblemKind.Missing => "MISSING",
        PackageProblemKind.Extra => "EXTRA",
        _ => "INVALID MANIFEST",
    };
}
