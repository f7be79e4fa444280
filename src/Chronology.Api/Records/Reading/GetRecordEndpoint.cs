using Chronology.Api.Auth;
using Chronology.Api.Exports;
using Chronology.Api.Queries;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records;
using Chronology.Domain.Views;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Reading;

public static class GetRecordEndpoint
{
    private static readonly TimeSpan ReadYourWritesWait = TimeSpan.FromSeconds(1);

    [WolverineGet("/records/{id}", OperationId = "getRecord")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("A record: now, at a revision (`revision`), as stored at an instant (`knownAt`), and/or as the world stood on a date (`validAt`, EDTF). `minRevision` waits for (or aggregates) at least that revision. ETag is the revision.")]
    public static async Task<IResult> Get(
        Guid id, string? revision, string? knownAt, string? validAt, string? minRevision, HttpContext http, ViewReader views, IDocumentStore store)
    {
        var (query, problem) = TimeTravel.Read(revision, knownAt, validAt, minRevision);
        if (problem is not null) return problem;
        var cancellation = http.RequestAborted;

        var record = query!.Revision is not null || query.KnownAt is not null
            ? await Past(id, query, views, store, cancellation)
            : await Now(id, query.MinRevision, views, store, cancellation);
        if (record is null) return Problems.Problems.NotFound(NotFound(id, query), "record.not-found");

        var view = query.ValidAt is { } date
            ? RecordView.Of(record.State.AsOf(date), record.CreatedAt, record.UpdatedAt, record.LastEditor)
            : record.View;
        http.Response.Headers.ETag = ETags.Of(view.Revision);
        return Representations.Record(http, view);
    }

    private static async Task<CurrentRecord?> Now(Guid id, int? minRevision, ViewReader views, IDocumentStore store, CancellationToken cancellation)
    {
        var current = await views.Current(id, cancellation);
        if (minRevision is not { } wanted || (current?.Revision ?? 0) >= wanted) return current;

        // Read-your-writes: wait briefly for the worker, then fold the stream here rather than answer older.
        var deadline = DateTime.UtcNow + ReadYourWritesWait;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellation);
            if (await views.Current(id, cancellation) is { } projected && projected.Revision >= wanted) return projected;
        }
        return await Live(id, store, _ => true, cancellation);
    }

    /// <summary>A past revision from the revisions view (one read), or folded from the stream while that view lags.</summary>
    private static async Task<CurrentRecord?> Past(Guid id, TimeTravel query, ViewReader views, IDocumentStore store, CancellationToken cancellation)
    {
        var stored = query.Revision is { } number
            ? await views.Revision(id, number, cancellation)
            : await views.RevisionKnownAt(id, query.KnownAt!.Value, cancellation);
        if (stored is not null) return new CurrentRecord(id, stored.State, stored.View.CreatedAt, stored.View.UpdatedAt, stored.View.LastEditor);

        return await Live(id, store, e => query.Revision is { } last
            ? EventMetadata.Revision(e) <= last
            : e.Timestamp <= query.KnownAt!.Value, cancellation) is { } folded && (query.Revision is null || folded.Revision == query.Revision)
            ? folded
            : null;
    }

    private static async Task<CurrentRecord?> Live(Guid id, IDocumentStore store, Func<IEvent, bool> upTo, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(id, token: cancellation)).TakeWhile(upTo).ToList();
        return LiveRecord.Fold(events);
    }

    private static string NotFound(Guid id, TimeTravel query) => query switch
    {
        { Revision: { } n } => $"Record {id} has no revision {n}.",
        { KnownAt: { } at } => $"Record {id} did not exist yet at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
        _ => $"There is no record {id}.",
    };
}
