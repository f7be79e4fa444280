using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Api.Records.Reading;
using Chronology.Domain.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.History;

/// <summary>The status over valid time, oldest first.</summary>
public sealed record StatusHistoryAnswer(IReadOnlyList<StatusInterval> Intervals);

public static class StatusHistoryEndpoint
{
    [WolverineGet("/records/{id}/status-history", OperationId = "statusHistory")]
    [Authorize(Policy = Policies.Read)]
    [Tags("History")]
    [ProducesResponseType<StatusHistoryAnswer>(StatusCodes.Status200OK)]
    [Cacheable(FixedWhen = "`revision` is given")]
    [EndpointSummary("The status over valid time, as intervals (from/to EDTF; to null while open), each with the change and the revision that asserted it; as recorded now, at a `revision` or by an instant of recorded time (`knownAt`).")]
    public static async Task<IResult> Get(Guid id, string? revision, string? knownAt, HttpContext http, ViewReader views, TimeProvider clock, ConditionalReads caching)
    {
        var (query, problem) = TimeTravel.Read(revision, knownAt, validAt: null, minRevision: null);
        if (query is null) return problem!;
        if (await RecordVersions.Read(id, query, views, clock, http.RequestAborted) is not { } record)
            return Problems.ProblemAnswers.NotFound(GetRecordEndpoint.NotFound(id, query), "record.not-found");
        var tag = RepresentationTag.Of(record.View);
        return (query.Revision is not null ? caching.Fixed(http, tag, record.UpdatedAt) : caching.Current(http, tag))
               ?? TypedResults.Ok(new StatusHistoryAnswer(Lifecycle.Intervals(record.State.StatusEntries)));
    }
}
