using System.Globalization;
using System.Security.Claims;
using Graph.Core;
using Graph.Evidence;
using Graph.Storage;
using Graph.Web.Internal;
using Graph.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Graph.Web.Endpoints;

/// <summary>
/// The state-changing and audited actions (explorer-api.md): unmask a ring (supervisors, with a reason), export an
/// evidence package (masked: everyone; unmasked: supervisors with a reason), read the audit log (supervisors).
/// Every unmask and every export is written to the store's audit log, with who and when, before anything is returned.
/// </summary>
internal static class SupervisorEndpoints
{
    public const string UnmaskAction = "unmask";
    public const string MaskedExportAction = "export-masked";

    public static void MapSupervisorEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/rings/{ringId}/unmask", async (HttpContext http, ExplorerContext explorer, ILoggerFactory loggers, string ringId, UnmaskRequest? body, CancellationToken ct) =>
        {
            var log = loggers.CreateLogger("Graph.Web.Audit");
            var user = http.User;
            if (!ExplorerContext.IsSupervisor(user)) return Forbidden(log, user, "unmask", ringId);
            var reason = body?.Reason?.Trim();
            if (string.IsNullOrEmpty(reason)) return RingEndpoints.BadRequest("Unmasking needs a reason (a case or request number); it goes to the audit log.");
            if (ControlCharacters.In(reason)) return ReasonOnOneLine();
            var view = explorer.Rings.Current();
            if (view is null || !view.ById.ContainsKey(ringId)) return RingEndpoints.NotFound(ringId);
            // Audited before the data is read: there is no unmasked answer without its entry.
            explorer.Store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, ExplorerContext.UserName(user), UnmaskAction, ringId, reason, null));
            ExplorerLog.Unmasked(log, ExplorerContext.UserName(user), ringId);
            // The same entry covers the ring's node records for a while (GET /api/nodes/{id}?ring=…), not audited again.
            var until = explorer.Unmasks.Grant(ExplorerContext.Session(user), ringId);
            return await RingEndpoints.DetailAsync(explorer, ringId, masked: false, ct) is { } detail ? Results.Ok(detail with { UnmaskedUntil = until }) : RingEndpoints.NotFound(ringId);
        });

        api.MapPost("/rings/{ringId}/export", async (HttpContext http, ExplorerContext explorer, ILoggerFactory loggers, string ringId, ExportRequest? body, CancellationToken ct) =>
        {
            var log = loggers.CreateLogger("Graph.Web.Audit");
            var user = http.User;
            bool unmasked = body?.Unmasked == true;
            var reason = body?.Reason?.Trim();
            if (unmasked && !ExplorerContext.IsSupervisor(user)) return Forbidden(log, user, "unmasked export", ringId);
            if (unmasked && string.IsNullOrEmpty(reason)) return RingEndpoints.BadRequest("An unmasked export needs a reason (a case or request number); it goes to the audit log.");
            if (ControlCharacters.In(reason)) return ReasonOnOneLine();
            var view = explorer.Rings.Current();
            if (view is null || !view.ById.ContainsKey(ringId)) return RingEndpoints.NotFound(ringId);

            string name = ExplorerContext.UserName(user);
            var options = new EvidenceOptions { Unmasked = unmasked, Reason = reason, Operator = name, Tools = explorer.Tools };
            // One folder per export: two exports of a ring never collide and an earlier package is never replaced.
            var outDir = Path.Combine(explorer.ExportFolder,
                $"{DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{SafeName(name)}-{Guid.NewGuid().ToString("N")[..8]}");
            EvidencePackage package;
            try
            {
                package = await Task.Run(() => new EvidenceExporter(explorer.Store, options).Export(view.Run, ringId, outDir, ct), ct);
            }
            catch (EvidenceException e)
            {
                return RingEndpoints.BadRequest(e.Message);
            }
            // The exporter audits unmasked packages itself; masked ones are audited here, so every export is in the log.
            if (!unmasked)
                explorer.Store.WriteAudit(new AuditRecord(DateTimeOffset.UtcNow, name, MaskedExportAction, ringId,
                    string.IsNullOrEmpty(reason) ? "masked export from the explorer" : reason, package.ManifestSha256));
            ExplorerLog.Exported(log, name, ringId, unmasked ? "unmasked" : "masked", package.ManifestSha256);
            return Results.Ok(new ExportDto(package.Folder, package.Zip, package.ManifestSha256, package.Masked, package.LeftOut));
        });
    }

    /// <summary><c>GET /api/audit</c>: a read, mapped with the other reads (no anti-forgery token needed).</summary>
    public static void MapAuditEndpoint(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", (HttpContext http, ExplorerContext explorer, ILoggerFactory loggers) =>
        {
            if (!ExplorerContext.IsSupervisor(http.User)) return Forbidden(loggers.CreateLogger("Graph.Web.Audit"), http.User, "audit log", "-");
            var entries = explorer.Store.ReadAudit();
            var list = new List<AuditDto>(entries.Count);
            for (int i = entries.Count - 1; i >= 0; i--)
            {
                var e = entries[i];
                list.Add(new AuditDto(e.At, e.Operator, e.Action, e.RingId, e.Reason, e.PackageSha256));
            }
            return Results.Ok(list);
        });
    }

    private static IResult ReasonOnOneLine() =>
        RingEndpoints.BadRequest("The reason holds a line break or another control character; write it on one line (it goes to the audit log).");

    private static IResult Forbidden(ILogger log, ClaimsPrincipal user, string action, string ringId)
    {
        // The ring id comes from the URL and is not checked yet: any text could be there (a phone number, a forged
        // log line), so only a well-formed ring id reaches the log.
        string logged = ringId == "-" || EvidenceExporter.IsValidRingId(ringId) ? ringId : "(invalid)";
        ExplorerLog.Refused(log, ExplorerContext.UserName(user), action, logged, ExplorerContext.IsSupervisor(user) ? ExplorerRoles.Supervisor : ExplorerRoles.Analyst);
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Supervisors only",
            detail: $"Only a supervisor may do this ({action}); analysts see masked data and export masked packages.");
    }

    /// <summary>A user name as a file name part: letters, digits, dot, dash and underscore only.</summary>
    private static string SafeName(string name)
    {
        var chars = new char[Math.Min(name.Length, 32)];
        for (int i = 0; i < chars.Length; i++) chars[i] = char.IsAsciiLetterOrDigit(name[i]) || name[i] is '.' or '-' or '_' ? name[i] : '_';
        return chars.Length == 0 ? "user" : new string(chars);
    }
}
