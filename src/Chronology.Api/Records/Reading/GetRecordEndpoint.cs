using Chronology.Api.Auth;
using Chronology.Api.Exports;
using Chronology.Api.Queries;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Views;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Reading;

public static class GetRecordEndpoint
{
    private static readonly TimeSpan ReadYourWritesWait = TimeSpan.FromSeconds(1);

    [WolverineGet("/records/{id}", OperationId = "getRecord")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("The record's current state from the worker's view; ETag is its revision. `minRevision` waits for (or aggregates) at least that revision.")]
    public static async Task<IResult> Get(Guid id, int? minRevision, HttpContext http, ViewReader views, IDocumentStore store)
    {
        var view = (await views.Current(id, http.RequestAborted))?.View;
        if (minRevision is { } wanted && (view?.Revision ?? 0) < wanted)
            view = await AtLeast(id, wanted, views, store, http.RequestAborted);
        if (view is null) return Problems.Problems.NotFound($"There is no record {id}.");

        http.Response.Headers.ETag = ETags.Of(view.Revision);
        return Representations.Record(http, view);
    }

    /// <summary>Read-your-writes: wait briefly for the worker, then fold the stream here rather than answer older.</summary>
    private static async Task<RecordView?> AtLeast(Guid id, int revision, ViewReader views, IDocumentStore store, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + ReadYourWritesWait;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellation);
            if ((await views.Current(id, cancellation))?.View is { } projected && projected.Revision >= revision) return projected;
        }
        await using var session = store.QuerySession();
        return LiveRecord.From(await session.Events.FetchStreamAsync(id, token: cancellation));
    }
}
