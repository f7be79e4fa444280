using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Chronology.Api.Auth;
using Chronology.Api.Caching;
using Chronology.Api.OpenApi;
using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Chronologies;
using Chronology.Domain.Views;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Chronology.Api.Changes;

[Tags("Changes")]
public static class ChangesEndpoints
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    [WolverineGet("/changes", OperationId = "changes")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("The change feed, page by page")]
    [EndpointDescription("Every accepted revision across records, in order of position; `after` is the last position seen.")]
    [ProducesResponseType<Page<ChangeItem>>(StatusCodes.Status200OK)]
    [Cacheable]
    public static async Task<IResult> Get(string? limit, string? after, HttpContext http, IQuerySession session, ConditionalReads caching)
    {
        var (paging, problem) = Paging.Read(limit, after);
        if (problem is not null) return problem;
        var position = 0L;
        if (paging!.After is not null && !long.TryParse(paging.After, out position)) return Paging.BadCursor();

        var entries = await After(session, position, paging.Limit + 1, http.RequestAborted);
        // The feed is projected in order of position, so a page is fixed by the position of its last entry.
        var tag = new RepresentationTag(entries.Take(paging.Limit).LastOrDefault()?.Position.ToString(CultureInfo.InvariantCulture) ?? "0");
        if (caching.Current(http, tag) is { } conditional) return conditional;
        var items = entries.Take(paging.Limit).Select(ChangeItem.From).ToList();
        var next = items.Count > 0 ? items[^1].Position.ToString(CultureInfo.InvariantCulture) : paging.After;
        return TypedResults.Ok(new Page<ChangeItem>(items, entries.Count > paging.Limit || items.Count > 0 ? next : null));
    }

    [WolverineGet("/changes/stream", OperationId = "changeStream")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("The change feed as Server-Sent Events")]
    [EndpointDescription("Each change is an event `change` whose id is its position and whose data is the change item; resumes after Last-Event-ID, or `after`; a comment every 10 s keeps an idle connection open.")]
    public static ServerSentEventsResult<string> Stream(string? after, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var resumeFrom = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId ? lastEventId : after;
        long? position = long.TryParse(resumeFrom, out var resumed) ? resumed : null;
        http.Response.Headers["X-Accel-Buffering"] = "no";
        // The data is the change item serialised here, so the stream's JSON is the feed's JSON exactly.
        return TypedResults.ServerSentEvents(Changes(position, http.Response, store, clock, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Changes(
        long? position, HttpResponse response, IDocumentStore store, TimeProvider clock, [EnumeratorCancellation] CancellationToken cancellation)
    {
        // A new subscriber starts at the feed's end as of its connection: fixed before the client hears it is connected,
        // so a change the client makes once connected is always delivered.
        position ??= (await Read(store, session => session.Query<ChangeFeedEntry>().OrderByDescending(entry => entry.Position).FirstOrDefaultAsync(cancellation)))?.Position ?? 0;
        if (!await Comment(response, "connected", cancellation)) yield break;

        var lastWrite = clock.GetUtcNow();
        while (!cancellation.IsCancellationRequested)
        {
            var from = position.Value;
            var entries = await Read(store, session => After(session, from, Paging.MaxLimit, cancellation));
            if (entries is null) yield break;
            foreach (var entry in entries)
            {
                var id = entry.Position.ToString(CultureInfo.InvariantCulture);
                yield return new SseItem<string>(JsonSerializer.Serialize(ChangeItem.From(entry), ChronologyJson.Options), "change") { EventId = id };
                position = entry.Position;
            }
            if (entries.Count > 0) lastWrite = clock.GetUtcNow();
            else if (clock.GetUtcNow() - lastWrite > Heartbeat)
            {
                if (!await Comment(response, "heartbeat", cancellation)) yield break;
                lastWrite = clock.GetUtcNow();
            }
            if (entries.Count < Paging.MaxLimit && !await Pause(clock, cancellation)) yield break;
        }
    }

    /// <summary>
    /// An SSE comment line, written straight to the stream between events (the SSE formatter writes events only and
    /// flushes after each, so the two never interleave): "connected" once subscribed, "heartbeat" while idle.
    /// </summary>
    private static async Task<bool> Comment(HttpResponse response, string text, CancellationToken cancellation)
    {
        try
        {
            await response.WriteAsync($": {text}\n\n", cancellation);
            await response.Body.FlushAsync(cancellation);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads with a session of its own; null once the client has gone away, which simply ends the stream.</summary>
    private static async Task<T?> Read<T>(IDocumentStore store, Func<IQuerySession, Task<T>> query)
    {
        try
        {
            await using var session = store.ChronologyQuery();
            return await query(session);
        }
        catch (OperationCanceledException)
        {
            return default;
        }
    }

    private static async Task<bool> Pause(TimeProvider clock, CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(PollInterval, clock, cancellation);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static Task<IReadOnlyList<ChangeFeedEntry>> After(IQuerySession session, long position, int count, CancellationToken cancellation) =>
        session.Query<ChangeFeedEntry>().Where(entry => entry.Position > position).OrderBy(entry => entry.Position).Take(count).ToListAsync(cancellation);
}
