using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.Exports;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Domain.Views;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace Chronology.Api.Timeline;

public static class TimelineEndpoint
{
    [WolverineGet("/timeline", OperationId = "timeline")]
    [Authorize(Policy = Policies.Read)]
    [Tags("Timeline")]
    [ProducesResponseType<Page<TimelineEntry>>(StatusCodes.Status200OK)]
    [Serves("text/csv", "text/calendar", "application/ld+json")]
    [Cacheable]
    [EndpointSummary("Records' own dates and every status change across records, in valid-time order (by earliest instant); filters as /records.")]
    public static async Task<IResult> Get([AsParameters] RecordQuery query, HttpContext http, ViewReader views, ConditionalReads caching)
    {
        var (filter, problem) = RecordFilter.Read(query);
        if (problem is not null) return problem;
        var (paging, pagingProblem) = Paging.Read(query.Limit, query.After);
        if (pagingProblem is not null) return pagingProblem;

        var format = Representations.TimelineFormat(http);
        var tag = new RepresentationTag(await views.CurrentRecordsVersion(http.RequestAborted), format);
        if (caching.Current(http, tag) is { } conditional) return conditional;

        var entries = await Entries(views, filter!, paging!, http.RequestAborted);
        if (entries is null) return Paging.BadCursor();
        var page = entries.Take(paging!.Limit).ToList();
        var next = entries.Count > paging.Limit
            ? Paging.Encode(page[^1].EarliestSeconds, page[^1].LatestSeconds, page[^1].RecordId, page[^1].Key)
            : null;
        return await Representations.Timeline(http, new Page<TimelineEntry>(page, next), views, format);
    }

    /// <summary>The timeline entries after the cursor, one more than a page; null when the cursor is not ours.</summary>
    public static async Task<List<TimelineEntry>?> Entries(ViewReader views, RecordFilter filter, Paging paging, CancellationToken cancellation)
    {
        var command = new NpgsqlCommand();
        var conditions = filter.Conditions("d", command).ToList();
        const string earliest = "(e.entry ->> 'earliestSeconds')::bigint";
        const string latest = "(e.entry ->> 'latestSeconds')::bigint";
        // An entry belongs to the range when its own date overlaps it, not merely its record.
        if (filter.From is not null) conditions.Add($"{latest} >= {RecordFilter.Add(command, filter.From.Earliest.SecondsSinceUnixEpoch)}");
        if (filter.To is not null) conditions.Add($"{earliest} <= {RecordFilter.Add(command, filter.To.Latest.SecondsSinceUnixEpoch)}");
        if (paging.After is not null)
        {
            if (paging.Decode(4) is not [var e, var l, var r, var k] || !long.TryParse(e, out var afterEarliest) ||
                !long.TryParse(l, out var afterLatest) || !Guid.TryParse(r, out var afterRecord))
                return null;
            conditions.Add($"({earliest}, {latest}, d.id, e.entry ->> 'key') > ({RecordFilter.Add(command, afterEarliest)}, " +
                           $"{RecordFilter.Add(command, afterLatest)}, {RecordFilter.Add(command, afterRecord.ToString())}::uuid, {RecordFilter.Add(command, k)})");
        }
        command.CommandText = $"""
            select e.entry from {await views.CurrentRecords(cancellation)} d, jsonb_array_elements(d.data -> 'timeline') as e(entry)
            {(conditions.Count > 0 ? "where " + string.Join(" and ", conditions) : "")}
            order by {earliest}, {latest}, d.id, e.entry ->> 'key'
            limit {paging.Limit + 1}
            """;
        return await views.Documents<TimelineEntry>(command, cancellation);
    }
}
