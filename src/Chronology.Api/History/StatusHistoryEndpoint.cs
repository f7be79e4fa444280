using Chronology.Api.Auth;
using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Records;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.History;

public static class StatusHistoryEndpoint
{
    [WolverineGet("/records/{id}/status-history", OperationId = "statusHistory")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("The status over valid time, as intervals (from/to EDTF; to null while open), each with the change and the revision that asserted it.")]
    public static async Task<IResult> Get(Guid id, HttpContext http, ViewReader views) =>
        await views.Current(id, http.RequestAborted) is { } record
            ? Results.Json(new { intervals = Lifecycle.Intervals(record.State.StatusEntries) }, ChronologyJson.Options)
            : Problems.ProblemAnswers.NotFound($"There is no record {id}.");
}
