using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Domain.Views;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.History;

public sealed record HistoryItem(
    int Revision, DateTimeOffset RecordedAt, string Editor, string? ImportedBy, string? Comment, bool Correction,
    IReadOnlyList<string> EventTypes, IReadOnlyList<string> ChangedPaths,
    [property: System.ComponentModel.Description("The revision's entry in the signed transparency log (GET /log/entries, /log/proof/inclusion); null until the log has it.")]
    long? LogIndex = null);

public static class HistoryEndpoint
{
    [WolverineGet("/records/{id}/history", OperationId = "recordHistory")]
    [Authorize(Policy = Policies.Read)]
    [Tags("History")]
    [ProducesResponseType<Page<HistoryItem>>(StatusCodes.Status200OK)]
    [Cacheable(FixedWhen = "`after` is given and every revision on the page has its log index")]
    [EndpointSummary("The record's revisions, newest first: when, who, why, which events and which fields.")]
    public static async Task<IResult> Get(Guid id, string? limit, string? after, HttpContext http, IQuerySession session, ConditionalReads caching)
    {
        var (paging, problem) = Paging.Read(limit, after);
        if (problem is not null) return problem;
        var before = int.MaxValue;
        if (paging!.After is not null && (paging.Decode(1) is not [var last] || !int.TryParse(last, out before)))
            return Paging.BadCursor();

        var revisions = await session.Query<RevisionView>()
            .Where(revision => revision.RecordId == id && revision.Revision < before)
            .OrderByDescending(revision => revision.Revision)
            .Take(paging.Limit + 1)
            .ToListAsync(http.RequestAborted);
        if (revisions.Count == 0 && await session.Events.FetchStreamStateAsync(id, http.RequestAborted) is null)
            return Problems.ProblemAnswers.NotFound($"There is no record {id}.");

        var items = revisions.Take(paging.Limit)
            .Select(r => new HistoryItem(r.Revision, r.RecordedAt, r.Editor, r.ImportedBy, r.Comment, r.Correction, r.EventTypes, r.ChangedPaths.ToList()))
            .ToList();
        items = await Chronology.Api.Log.LogIndexes.Attach(session, id, items, http.RequestAborted);
        // The revisions are projected in order, so a page is fixed by its newest revision, until the log has indexed each of
        // them; a page below a cursor holds revisions that all exist, so once all are in the log it never changes again.
        var logged = items.Count(item => item.LogIndex is not null);
        var tag = new RepresentationTag($"{items.FirstOrDefault()?.Revision ?? 0}.{logged}");
        var conditional = paging.After is not null && items.Count > 0 && logged == items.Count
            ? caching.Fixed(http, tag, items[0].RecordedAt)
            : caching.Current(http, tag);
        if (conditional is not null) return conditional;
        var next = revisions.Count > paging.Limit ? Paging.Encode(items[^1].Revision) : null;
        return TypedResults.Ok(new Page<HistoryItem>(items, next));
    }
}
