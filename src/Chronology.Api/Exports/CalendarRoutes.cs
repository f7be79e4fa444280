using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Api.Records.Reading;
using Chronology.Api.Timeline;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Exports;

/// <summary>
/// <c>.ics</c> addresses for calendar applications, which subscribe by URL and cannot send an Accept header.
/// Each asks for text/calendar and then answers exactly as the resource without the suffix does (same 404s,
/// filters, paging and ETag). Routing prefers the <c>{id}.ics</c> segment over a bare <c>{id}</c>.
/// </summary>
public static class CalendarRoutes
{
    [WolverineGet("/records/{id}.ics", OperationId = "getRecordCalendar")]
    [Authorize(Policy = Policies.Read)]
    [Tags("Exports")]
    [Serves("text/calendar", Only = true)]
    [Cacheable(FixedWhen = "`revision` is given")]
    [EndpointSummary("The record as an iCalendar VEVENT (as GET /records/{id} with Accept: text/calendar).")]
    public static Task<IResult> Record(Guid id, [AsParameters] RecordVersionQuery query, HttpContext http, ViewReader views, TimeProvider clock, ConditionalReads caching)
    {
        AskForCalendar(http);
        return GetRecordEndpoint.Get(id, query, http, views, clock, caching);
    }

    [WolverineGet("/timeline.ics", OperationId = "timelineCalendar")]
    [Authorize(Policy = Policies.Read)]
    [Tags("Exports")]
    [Serves("text/calendar", Only = true)]
    [Cacheable]
    [EndpointSummary("The records on a timeline page as iCalendar (as GET /timeline with Accept: text/calendar).")]
    public static Task<IResult> Timeline([AsParameters] RecordQuery query, HttpContext http, ViewReader views, ConditionalReads caching)
    {
        AskForCalendar(http);
        return TimelineEndpoint.Get(query, http, views, caching);
    }

    private static void AskForCalendar(HttpContext http) => http.Request.Headers.Accept = "text/calendar";
}
