using System.CommandLine;
using System.Text;
using Graph.Web;
using Graph.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Graph.Cli.Commands;

public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Addresses to listen on (default {ExplorerOptions.DefaultUrl}); anything but loopback needs --users.",
            AllowMultipleArgumentsPerToken = true,
        };
        var users = new Option<FileInfo?>("--users") { Description = "JSON users file: { \"users\": [ { \"name\", \"role\": \"analyst\"|\"supervisor\", \"passwordHash\" } ] }." };
        var exports = new Option<DirectoryInfo?>("--exports") { Description = "Folder for evidence packages made from the explorer (default explorer-exports beside the store)." };
        var hash = new Option<bool>("--hash-password") { Description = "Read a password (from the terminal without echo, or one line of standard input) and print its hash for the users file; starts no server." };
        var command = new Command("serve",
            "The SIU web explorer: ring list, ring graphs, node records, holder search and evidence export in a browser, over the store. " +
            "Personal data is masked; supervisors may unmask with a reason, and every unmasking and export is audited.")
        {
            urls, users, exports, hash,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(hash)) return HashPassword();

            var options = new ExplorerOptions
            {
                Store = parse.GetRequiredValue(GlobalOptions.Store),
                Database = parse.GetValue(GlobalOptions.Database),
                UsersFile = parse.GetValue(users)?.FullName,
                ExportFolder = parse.GetValue(exports)?.FullName,
            };
            var given = parse.GetValue(urls);
            if (given is { Length: > 0 })
            {
                options.Urls.Clear();
                foreach (var u in given)
                    foreach (var part in u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) options.Urls.Add(part);
            }
            // The users file is read and every option checked here, once, before the store is opened.
            IReadOnlyList<ExplorerUser> configured;
            try
            {
                configured = ExplorerApp.Check(options);
            }
            catch (ExplorerConfigurationException e)
            {
                foreach (var line in e.Message.Split(Environment.NewLine)) Console.Error.WriteLine($"error: {line}");
                return ExitCodes.BadInput;
            }

            using var store = GlobalOptions.OpenStore(parse);
            var app = ExplorerApp.Build(options, configured, store);
            await using (app)
            {
                try
                {
                    await app.StartAsync(ct);
                    var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                    Console.WriteLine($"FraudGraph explorer over {store.Location}");
                    foreach (var a in bound) Console.WriteLine($"  listening on {a}");
                    Console.WriteLine(configured.Count == 0
                        ? $"  no users configured: loopback only, everyone is the analyst '{LocalUser.Name}'"
                        : $"  {configured.Count} user(s) configured: log in at the page");
                    Console.WriteLine("  personal data is masked; supervisors may unmask with a reason (audited). Ctrl+C stops.");
                    await app.WaitForShutdownAsync(ct);
                }
                catch (ExplorerConfigurationException e)
                {
                    // A bound address the options did not name (configuration's Kestrel section) that needs users.
                    return CliErrors.BadInput(e.Message);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: a normal way to stop a server.
                }
                catch (InvalidOperationException e)
                {
                    // Kestrel's own words, e.g. an https:// address without a certificate.
                    return CliErrors.Failure($"cannot start the explorer: {e.Message}");
                }
                await app.StopAsync(CancellationToken.None);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int HashPassword()
    {
        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = ReadHidden("Password: ");
            if (ReadHidden("Again: ") != password) return CliErrors.BadInput("the two passwords differ.");
        }
        if (string.IsNullOrEmpty(password)) return CliErrors.BadInput("empty password.");
        if (password.Length < 8) return CliErrors.BadInput("a password needs at least 8 characters.");
        Console.WriteLine(PasswordHash.Create(password));
        return ExitCodes.Ok;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) sb.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return sb.ToString();
    }
}
