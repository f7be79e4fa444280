using System.Text.Json;
using Chronology.Api.Auth;
using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Views;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Changes;

public sealed record ChangeItem(
    long Position, Guid RecordId, int Revision, string Editor, string? Comment, bool Correction,
    IReadOnlyList<string> EventTypes, DateTimeOffset RecordedAt)
{
    public static ChangeItem From(ChangeFeedEntry entry) => new(
        entry.Position, entry.RecordId, entry.Revision, entry.Editor, entry.Comment, entry.Correction, entry.EventTypes, entry.RecordedAt);
}

public static class ChangesEndpoints
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    [WolverineGet("/changes", OperationId = "changes")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("Every accepted revision across records, in order of position; `after` is the last position seen.")]
    public static async Task<IResult> Get(string? limit, string? after, HttpContext http, IQuerySession session)
    {
        var (paging, problem) = Paging.Read(limit, after);
        if (problem is not null) return problem;
        var position = 0L;
        if (paging!.After is not null && !long.TryParse(paging.After, out position)) return Paging.BadCursor();

        var entries = await After(session, position, paging.Limit + 1, http.RequestAborted);
        var items = entries.Take(paging.Limit).Select(ChangeItem.From).ToList();
        var next = items.Count > 0 ? items[^1].Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : paging.After;
        return Results.Json(new Page<ChangeItem>(items, entries.Count > paging.Limit || items.Count > 0 ? next : null), ChronologyJson.Options);
    }

    [WolverineGet("/changes/stream", OperationId = "changeStream")]
    [Authorize(Policy = Policies.Read)]
    [EndpointSummary("The change feed as Server-Sent Events (id = position); resumes after Last-Event-ID, or `after`; heartbeats every 10 s.")]
    public static async Task Stream(string? after, HttpContext http, IDocumentStore store)
    {
        var resumeFrom = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId ? lastEventId : after;
        long? position = long.TryParse(resumeFrom, out var resumed) ? resumed : null;

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var cancellation = http.RequestAborted;
        var lastWrite = DateTime.UtcNow;
        try
        {
            // A new subscriber starts at the feed's end as of its connection: fixed before the client hears it is
            // connected, so a change the client makes once connected is always delivered.
            if (position is null)
            {
                await using var first = store.QuerySession();
                position = (await first.Query<ChangeFeedEntry>().OrderByDescending(entry => entry.Position).FirstOrDefaultAsync(cancellation))?.Position ?? 0;
            }
            await http.Response.WriteAsync(": connected\n\n", cancellation);
            await http.Response.Body.FlushAsync(cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                await using var session = store.QuerySession();
                var entries = await After(session, position.Value, Paging.MaxLimit, cancellation);
                foreach (var entry in entries)
                {
                    var data = JsonSerializer.Serialize(ChangeItem.From(entry), ChronologyJson.Options);
                    await http.Response.WriteAsync($"id: {entry.Position}\nevent: change\ndata: {data}\n\n", cancellation);
                    position = entry.Position;
                }
                if (entries.Count == 0 && DateTime.UtcNow - lastWrite > Heartbeat)
                    await http.Response.WriteAsync(": heartbeat\n\n", cancellation);
                if (entries.Count > 0 || DateTime.UtcNow - lastWrite > Heartbeat)
                {
                    await http.Response.Body.FlushAsync(cancellation);
                    lastWrite = DateTime.UtcNow;
                }
                if (entries.Count < Paging.MaxLimit) await Task.Delay(PollInterval, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away: the stream simply ends.
        }
    }

    private static Task<IReadOnlyList<ChangeFeedEntry>> After(IQuerySession session, long position, int count, CancellationToken cancellation) =>
        session.Query<ChangeFeedEntry>().Where(entry => entry.Position > position).OrderBy(entry => entry.Position).Take(count).ToListAsync(cancellation);
}
