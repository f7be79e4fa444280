using Microsoft.AspNetCore.Mvc;

namespace Chronology.Api.Records.Reading;

/// <summary>The query of <c>/records/{id}</c> and <c>/records/{id}.ics</c>: which state of the record (<see cref="TimeTravel"/>).</summary>
public sealed record RecordVersionQuery(
    [FromQuery(Name = "revision")] string? Revision,
    [FromQuery(Name = "knownAt")] string? KnownAt,
    [FromQuery(Name = "validAt")] string? ValidAt,
    [FromQuery(Name = "minRevision")] string? MinRevision);
