using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain;
using Chronology.Domain.Views;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Reading;

public static class GetRecordEndpoint
{
    [WolverineGet("/records/{id}", OperationId = "getRecord")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("The record's current state; ETag is its revision.")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session)
    {
        var events = await session.Events.FetchStreamAsync(id, token: http.RequestAborted);
        if (LiveRecord.From(events) is not { } view) return Problems.Problems.NotFound($"There is no record {id}.");
        http.Response.Headers.ETag = ETags.Of(view.Revision);
        return Results.Json(view, ChronologyJson.Options);
    }
}
