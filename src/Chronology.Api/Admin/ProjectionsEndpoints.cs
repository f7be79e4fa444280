using Chronology.Api.Auth;
using Chronology.Api.Queries;
using Chronology.Domain;
using Chronology.Domain.Operations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;

namespace Chronology.Api.Admin;

public sealed record ProjectionItem(
    string Name, uint Version, long Position, long HighWaterMark, long LagEvents, double LagSeconds, string State, long DeadLetters,
    ProjectionFailure? Failure);

public sealed record RebuildStatus(Guid Id, string Name, string State, long Processed, long Total, string? Error, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt)
{
    public static RebuildStatus Of(RebuildJob job) => new(
        job.Id, job.Projection, job.State.ToString().ToLowerInvariant(), job.Processed, job.Total, job.Error, job.RequestedAt, job.FinishedAt);
}

[Authorize(Policy = Policies.Administer)]
public static class ProjectionsEndpoints
{
    [WolverineGet("/admin/projections", OperationId = "listProjections")]
    [EndpointSummary("Every async projection: version, position, high water mark, lag in events and seconds, state (running, faulted, unassigned, rebuilding), the failure a faulted one stopped on, dead letters.")]
    public static async Task<IResult> List(HttpContext http, ProjectionStates projections, ViewReader views)
    {
        var cancellation = http.RequestAborted;
        var (states, highWaterMark) = await projections.Read(cancellation);
        var items = new List<ProjectionItem>();
        foreach (var projection in states)
            items.Add(new ProjectionItem(
                projection.Name, projection.Version, projection.Position, highWaterMark, projection.EventsBehind(highWaterMark),
                await LagSeconds(views, projection.Position, highWaterMark, cancellation), projection.State,
                await DeadLetters(views, projection.Name, cancellation), projection.Failure));
        return Results.Json(new { items }, ChronologyJson.Options);
    }

    [WolverinePost("/admin/projections/{name}/rebuild", OperationId = "rebuildProjection")]
    [EndpointSummary("Rebuild a projection from every event, in the worker, while reads keep being served; answers 202 with the status URL.")]
    public static async Task<IResult> Rebuild(string name, HttpContext http, IDocumentStore store, StoreOptions options, TimeProvider clock)
    {
        if (!Exists(options, name)) return UnknownProjection(name);
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
            : Problems.ProblemAnswers.NotFound($"There is no rebuild {id}.", "rebuild.not-found");

    internal static bool Exists(StoreOptions options, string name) => options.Projections.AllShards().Any(shard => shard.Name.Name == name);

    internal static IResult UnknownProjection(string name) =>
        Problems.ProblemAnswers.NotFound($"There is no async projection '{name}'.", "projection.not-found");

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
