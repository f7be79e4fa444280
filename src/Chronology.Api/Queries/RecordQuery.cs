using Microsoft.AspNetCore.Mvc;

namespace Chronology.Api.Queries;

/// <summary>
/// The query of <c>/records</c>, <c>/timeline</c> and <c>/timeline.ics</c>: filters and paging. Bound as text so that a
/// bad value gets our precise 400 (<see cref="RecordFilter.Read"/>, <see cref="Paging.Read"/>); the OpenAPI document
/// states each one's real type.
/// </summary>
public sealed record RecordQuery(
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "kind")] string? Kind,
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "participant")] string? Participant,
    [FromQuery(Name = "place")] string? Place,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "after")] string? After);
