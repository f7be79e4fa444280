using Chronology.Api.Auth;
using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Operations;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;

namespace Chronology.Api.Admin;

public sealed record ProjectionItem(
    string Name, uint Version, long Position, long HighWaterMark, long LagEvents, double LagSeconds, string State, long DeadLetters);

public sealed record RebuildStatus(Guid Id, string Name, string State, long Processed, long Total, string? Error, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt)
{
    public static RebuildStatus Of(RebuildJob job) => new(
        job.Id, job.Projection, job.State.ToString().ToLowerInvariant(), job.Processed, job.Total, job.Error, job.RequestedAt, job.FinishedAt);
}

[Authorize(Policy = Policies.Administer)]
public static class ProjectionsEndpoints
{
    // A worker that has not reported for this long is taken to be gone.
    private static readonly TimeSpan StatusFreshness = TimeSpan.FromSeconds(30);

    [WolverineGet("/admin/projections", OperationId = "listProjections")]
    [EndpointSummary("Every async projection: version, position, high water mark, lag in events and seconds, state, dead letters.")]
    public static async Task<IResult> List(HttpContext http, IDocumentStore store, StoreOptions options, ViewReader views, TimeProvider clock)
    {
        var cancellation = http.RequestAborted;
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellation)).ToDictionary(p => p.ShardName, p => p.Sequence);
        var highWaterMark = progress.GetValueOrDefault(ShardName.HighWaterMarkFor("").Identity,
            progress.GetValueOrDefault("HighWaterMark", (await store.Advanced.FetchEventStoreStatistics(token: cancellation)).EventSequenceNumber));

        await using var session = store.QuerySession();
        var rebuilding = (await session.Query<RebuildJob>().Where(job => job.State == JobState.Running || job.State == JobState.Queued)
            .ToListAsync(cancellation)).Select(job => job.Projection).ToHashSet();
        var statuses = (await session.Query<ProjectionStatus>().ToListAsync(cancellation)).ToDictionary(status => status.Id);

        var items = new List<ProjectionItem>();
        foreach (var shard in options.Projections.AllShards())
        {
            var position = progress.GetValueOrDefault(shard.Name.Identity);
            var state = rebuilding.Contains(shard.Name.Name) ? "rebuilding" : State(statuses.GetValueOrDefault(shard.Name.Identity), clock);
            items.Add(new ProjectionItem(
                shard.Name.Name, shard.Name.Version, position, highWaterMark, Math.Max(0, highWaterMark - position),
                await LagSeconds(views, position, highWaterMark, cancellation), state,
                await DeadLetters(views, shard.Name.Name, cancellation)));
        }
        return Results.Json(new { items }, ChronologyJson.Options);
    }

    [WolverinePost("/admin/projections/{name}/rebuild", OperationId = "rebuildProjection")]
    [EndpointSummary("Rebuild a projection from every event, in the worker; answers 202 with the status URL.")]
    public static async Task<IResult> Rebuild(string name, HttpContext http, IDocumentStore store, StoreOptions options, TimeProvider clock)
    {
        if (options.Projections.AllShards().All(shard => shard.Name.Name != name))
            return Problems.Problems.NotFound($"There is no async projection '{name}'.", "projection.not-found");
        var job = RebuildJob.Requested(name, http.User.Identity?.Name ?? "unknown", clock.GetUtcNow());
        await using var session = store.LightweightSession();
        session.Store(job);
        await session.SaveChangesAsync(http.RequestAborted);
        http.Response.Headers.Location = $"/admin/rebuilds/{job.Id}";
        return Results.Json(RebuildStatus.Of(job), ChronologyJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [WolverineGet("/admin/rebuilds/{id}", OperationId = "rebuildStatus")]
    [EndpointSummary("A rebuild's state (queued, running, done, failed) and progress (events processed of total).")]
    public static async Task<IResult> Status(Guid id, HttpContext http, IQuerySession session) =>
        await session.LoadAsync<RebuildJob>(id, http.RequestAborted) is { } job
            ? Results.Json(RebuildStatus.Of(job), ChronologyJson.Options)
            : Problems.Problems.NotFound($"There is no rebuild {id}.", "rebuild.not-found");

    private static string State(ProjectionStatus? status, TimeProvider clock) => status switch
    {
        null => "unassigned",
        _ when clock.GetUtcNow() - status.ReportedAt > StatusFreshness => "unassigned",
        { State: "running" or "started" } => "running",
        { State: "paused" } => "paused",
        _ => "faulted",
    };

    private static async Task<double> LagSeconds(ViewReader views, long position, long highWaterMark, CancellationToken cancellation)
    {
        if (position >= highWaterMark) return 0;
        var command = new NpgsqlCommand(
            $"select extract(epoch from (select max(timestamp) from {views.EventsTable} where seq_id <= @high) - " +
            $"coalesce((select max(timestamp) from {views.EventsTable} where seq_id <= @position), (select min(timestamp) from {views.EventsTable})))::float8");
        command.Parameters.AddWithValue("high", highWaterMark);
        command.Parameters.AddWithValue("position", position);
        return Math.Round(await views.Scalar<double?>(command, cancellation) ?? 0, 3);
    }

    private static async Task<long> DeadLetters(ViewReader views, string projection, CancellationToken cancellation)
    {
        var table = $"{views.Table<JasperFx.Events.Daemon.DeadLetterEvent>()}";
        var command = new NpgsqlCommand(
            $"select case when to_regclass('{table}') is null then 0 else (select count(*) from {table} where data ->> 'projectionName' = @name) end");
        command.Parameters.AddWithValue("name", projection);
        return await views.Scalar<long?>(command, cancellation) ?? 0;
    }
}
