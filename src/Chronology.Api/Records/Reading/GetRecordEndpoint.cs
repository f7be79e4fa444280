using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.Exports;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Domain.Erasing;
using Chronology.Domain.Views;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Records.Reading;

public static class GetRecordEndpoint
{
    [WolverineGet("/records/{id}", OperationId = "getRecord")]
    [Authorize(Policy = Policies.Read)]
    [Tags("Records")]
    [ProducesResponseType<RecordView>(StatusCodes.Status200OK)]
    [Serves("application/ld+json", "text/calendar")]
    [Cacheable(FixedWhen = "`revision` is given")]
    [EndpointSummary("A record: now, at a revision (`revision`), as stored at an instant (`knownAt`), and/or as the world stood on a date (`validAt`, EDTF). `minRevision` waits for (or aggregates) at least that revision. ETag is the revision; a fixed `revision` is cacheable for a day (immutable), every other read revalidates (If-None-Match → 304).")]
    public static async Task<IResult> Get(Guid id, [AsParameters] RecordVersionQuery version, HttpContext http, ViewReader views, TimeProvider clock, ConditionalReads caching)
    {
        var (query, problem) = TimeTravel.Read(version.Revision, version.KnownAt, version.ValidAt, version.MinRevision);
        if (query is null) return problem!;
        var format = Representations.RecordFormat(http);
        // A client revalidating its copy of the current state needs only the tag, which this API remembers once it served it.
        if (query == TimeTravel.Now && http.Request.Headers.IfNoneMatch.Count > 0 &&
            await views.CurrentTag(id, format, http.RequestAborted) is { } current &&
            caching.Current(http, current) is { } unchanged)
            return unchanged;

        var epoch = views.RevalidationEpoch;
        var record = await RecordVersions.Read(id, query, views, clock, http.RequestAborted);
        if (record is null) return Problems.ProblemAnswers.NotFound(NotFound(id, query), "record.not-found");

        var view = query.ValidAt is { } date
            ? RecordView.Of(record.State.AsOf(date), record.CreatedAt, record.UpdatedAt, record.LastEditor)
            : record.View;
        var erasures = await views.ErasureGeneration(id, RecordErasures.ItemsOf(record.State), http.RequestAborted);
        var tag = RepresentationTag.Of(view, format, erasures);
        // Memory keeps the JSON's tag, from which every format's is made (the calendar's drops the erasures).
        if (query == TimeTravel.Now) views.RememberCurrentTag(id, RepresentationTag.Of(view, ExportFormat.Json, erasures), epoch);
        // A revision never changes once recorded; now, an instant of recorded time or a date of valid time may.
        var conditional = query.Revision is not null ? caching.Fixed(http, tag, view.UpdatedAt) : caching.Current(http, tag);
        return conditional ?? Representations.Record(http, view, format);
    }

    internal static string NotFound(Guid id, TimeTravel query) => query switch
    {
        { Revision: { } n } => $"Record {id} has no revision {n}.",
        { KnownAt: { } at } => $"Record {id} did not exist yet at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
        _ => $"There is no record {id}.",
    };
}
