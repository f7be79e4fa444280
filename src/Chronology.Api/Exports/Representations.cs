using System.Text;
using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Views;

namespace Chronology.Api.Exports;

/// <summary>Chooses how a record or the timeline is written, from the request's Accept header.</summary>
public static class Representations
{
    /// <summary>The representation of a record the Accept header asks for; caches keep one copy per Accept.</summary>
    public static ExportFormat RecordFormat(HttpContext http)
    {
        http.Response.Headers.Vary = "Accept";
        return Negotiation.Choose(http.Request, ExportFormat.JsonLd, ExportFormat.Calendar);
    }

    public static IResult Record(HttpContext http, RecordView view, ExportFormat format)
    {
        var urls = RecordUrls.Of(http.Request);
        return format switch
        {
            ExportFormat.JsonLd => JsonLd(SchemaOrgEvents.Record(view, urls)),
            ExportFormat.Calendar => Calendar(ICalendarExport.Write([view], urls)),
            _ => TypedResults.Ok(view),
        };
    }

    /// <summary>The representation of the timeline the Accept header asks for; caches keep one copy per Accept.</summary>
    public static ExportFormat TimelineFormat(HttpContext http)
    {
        http.Response.Headers.Vary = "Accept";
        return Negotiation.Choose(http.Request, ExportFormat.JsonLd, ExportFormat.Calendar, ExportFormat.Csv);
    }

    /// <summary>The JSON-LD and calendar forms describe the records on the page, so those are read here, each once.</summary>
    public static async Task<IResult> Timeline(HttpContext http, Page<TimelineEntry> page, ViewReader views, ExportFormat format)
    {
        if (format == ExportFormat.Json) return TypedResults.Ok(page);

        // The other formats have no place for the cursor in their body, so it travels in a Link header (RFC 8288).
        if (page.Next is not null) http.Response.Headers.Link = $"<{NextPage(http.Request, page.Next)}>; rel=\"next\"";
        if (format == ExportFormat.Csv) return Text(TimelineCsv.Write(page.Items), "text/csv");

        var urls = RecordUrls.Of(http.Request);
        var records = await Records(page, views, http.RequestAborted);
        return format == ExportFormat.JsonLd
            ? JsonLd(SchemaOrgEvents.Timeline(records, urls))
            : Calendar(ICalendarExport.Write(records, urls));
    }

    private static async Task<List<RecordView>> Records(Page<TimelineEntry> page, ViewReader views, CancellationToken cancellation)
    {
        var records = new List<RecordView>();
        foreach (var id in page.Items.Select(entry => entry.RecordId).Distinct())
            if (await views.Current(id, cancellation) is { } current)
                records.Add(current.View);
        return records;
    }

    private static string NextPage(HttpRequest request, string cursor)
    {
        var query = request.Query.Where(pair => pair.Key != "after")
            .SelectMany(pair => pair.Value.Select(value => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(value ?? "")}"))
            .Append($"after={Uri.EscapeDataString(cursor)}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static IResult JsonLd(System.Text.Json.Nodes.JsonObject document) =>
        Text(document.ToJsonString(ChronologyJson.Options), "application/ld+json");

    private static IResult Calendar(string calendar) => Text(calendar, "text/calendar");

    private static IResult Text(string content, string mediaType) => Results.Text(content, mediaType, Encoding.UTF8);
}
