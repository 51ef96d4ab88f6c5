using System.Text.RegularExpressions;
using Graph.Core;
using Graph.Evidence;
using Graph.Storage;
using Graph.Web.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Graph.Web.Endpoints;

/// <summary>
/// <c>GET /api/search?q=</c>: holders by id prefix or by masked phone (<c>138****5678</c>). A raw phone or id
/// number is refused, so full numbers never travel in URLs, browser history or access logs.
/// </summary>
internal static partial class SearchEndpoints
{
    public const int MaxHits = 50;

    public static void MapSearchEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/search", async (ExplorerContext explorer, string? q, CancellationToken ct) =>
        {
            // Folded first, so a full-width number is refused (or a full-width masked phone found) like its ASCII form.
            var query = FoldedText.Of(q ?? "").Text.Trim();
            if (query.Length == 0) return RingEndpoints.BadRequest("Give q: a holder id (or its beginning) or a masked phone such as 138****5678.");
            IReadOnlyList<HolderMatch> matches;
            if (MaskedPhone().Match(query) is { Success: true } phone)
                matches = await explorer.Store.FindHoldersByPhonePatternAsync(phone.Groups[1].Value, phone.Groups[3].Value, query.Length, MaxHits + 1, ct);
            else if (LongDigitRun().IsMatch(query))
                return RingEndpoints.BadRequest("Search by a masked phone (first three and last four digits, e.g. 138****5678) or a holder id; full phone and id numbers are not accepted.");
            else
                matches = await explorer.Store.FindHoldersByIdPrefixAsync(query, MaxHits + 1, ct);

            var view = explorer.Rings.Current();
            var masker = RecordMasker.For(HolderRecords.Empty);
            var hits = new List<SearchHitDto>(Math.Min(matches.Count, MaxHits));
            for (int i = 0; i < matches.Count && i < MaxHits; i++)
                hits.Add(new SearchHitDto(NodeIds.Holder(matches[i].HolderId), RecordViews.HolderLabel(matches[i].HolderId, matches[i].Name, masker),
                    view?.RingsOf(matches[i].HolderId) ?? []));
            return Results.Ok(new SearchDto(hits, matches.Count > MaxHits));
        });
    }

    /// <summary>Three digits, stars, four digits: 138****5678 (stars as the mask writes them; 7 to 16 digits in all).</summary>
    [GeneratedRegex(@"\A([0-9]{3})(\*{1,9})([0-9]{4})\z")]
    private static partial Regex MaskedPhone();

    /// <summary>
    /// Nothing but seven or more digits (spaces, dashes, dots, a leading + or a final X allowed): a phone, an account or
    /// an id number, not a search key. Holder ids carry a letter (<c>H00000123</c>) and pass.
    /// </summary>
    [GeneratedRegex(@"\A\+?[0-9](?:[ \p{Pd}.]{0,2}[0-9]){6,}[Xx]?\z")]
    private static partial Regex LongDigitRun();
}
