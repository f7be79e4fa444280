using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Views;

namespace Chronology.Api.Exports;

/// <summary>Chooses how a record or the timeline is written, from the request's Accept header.</summary>
public static class Representations
{
    public static IResult Record(HttpContext http, RecordView view) => Results.Json(view, ChronologyJson.Options);

    public static IResult Timeline(HttpContext http, Page<TimelineEntry> page) => Results.Json(page, ChronologyJson.Options);
}
