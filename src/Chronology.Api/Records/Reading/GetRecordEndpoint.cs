using Chronology.Api.Auth;
using Chronology.Api.Exports;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Views;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Records.Reading;

public static class GetRecordEndpoint
{
    private static readonly TimeSpan ReadYourWritesWait = TimeSpan.FromSeconds(1);

    [WolverineGet("/records/{id}", OperationId = "getRecord")]
    [Authorize(Policy = Policies.Read)]
    [Tags("Records")]
    [ProducesResponseType<RecordView>(StatusCodes.Status200OK)]
    [Serves("application/ld+json", "text/calendar")]
    [EndpointSummary("A record: now, at a revision (`revision`), as stored at an instant (`knownAt`), and/or as the world stood on a date (`validAt`, EDTF). `minRevision` waits for (or aggregates) at least that revision. ETag is the revision.")]
    public static async Task<IResult> Get(Guid id, [AsParameters] RecordVersionQuery version, HttpContext http, ViewReader views, TimeProvider clock)
    {
        var (query, problem) = TimeTravel.Read(version.Revision, version.KnownAt, version.ValidAt, version.MinRevision);
        if (problem is not null) return problem;
        var cancellation = http.RequestAborted;

        var record = query!.Revision is not null || query.KnownAt is not null
            ? await views.Past(id, query.Revision, query.KnownAt, cancellation)
            : await Now(id, query.MinRevision, views, clock, cancellation);
        if (record is null) return Problems.ProblemAnswers.NotFound(NotFound(id, query), "record.not-found");

        var view = query.ValidAt is { } date
            ? RecordView.Of(record.State.AsOf(date), record.CreatedAt, record.UpdatedAt, record.LastEditor)
            : record.View;
        http.Response.Headers.ETag = ETags.Of(view.Revision);
        return Representations.Record(http, view);
    }

    private static async Task<CurrentRecord?> Now(Guid id, int? minRevision, ViewReader views, TimeProvider clock, CancellationToken cancellation)
    {
        var current = await views.Current(id, cancellation);
        if (minRevision is not { } wanted || (current?.Revision ?? 0) >= wanted) return current;

        // Read-your-writes: wait briefly for the worker, then fold the stream here rather than answer older.
        var deadline = clock.GetUtcNow() + ReadYourWritesWait;
        while (clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, cancellation);
            if (await views.Current(id, cancellation) is { } projected && projected.Revision >= wanted) return projected;
        }
        return await views.Live(id, _ => true, cancellation);
    }

    private static string NotFound(Guid id, TimeTravel query) => query switch
    {
        { Revision: { } n } => $"Record {id} has no revision {n}.",
        { KnownAt: { } at } => $"Record {id} did not exist yet at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
        _ => $"There is no record {id}.",
    };
}
