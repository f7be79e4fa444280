using Chronology.Api.Auth;
using Chronology.Api.Jobs;
using Chronology.Api.Queries;
using Chronology.Domain.Operations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Wolverine.Http;

namespace Chronology.Api.Admin;

[Authorize(Policy = Policies.Administer)]
[Tags("Admin")]
public static class ProjectionsEndpoints
{
    [WolverineGet("/admin/projections", OperationId = "listProjections")]
    [EndpointSummary("List the async projections with their lag and state")]
    [EndpointDescription("Every async projection: version, position, high water mark, lag in events and seconds, state (running, faulted, unassigned, rebuilding), the failure a faulted one stopped on, dead letters.")]
    public static async Task<Ok<ProjectionList>> List(HttpContext http, ProjectionStates projections, ViewReader views)
    {
        var cancellation = http.RequestAborted;
        var (states, highWaterMark) = await projections.Read(cancellation);
        var items = new List<ProjectionItem>();
        foreach (var projection in states)
            items.Add(new ProjectionItem(
                projection.Name, projection.Version, projection.Position, highWaterMark, projection.EventsBehind(highWaterMark),
                await LagSeconds(views, projection.Position, highWaterMark, cancellation), projection.State,
                await DeadLetters(views, projection.Name, cancellation), projection.Failure));
        return TypedResults.Ok(new ProjectionList(items));
    }

    [WolverinePost("/admin/projections/{name}/rebuild", OperationId = "rebuildProjection")]
    [EndpointSummary("Rebuild a projection")]
    [EndpointDescription("Rebuilds the projection from every event, in a worker, while reads keep being served; answers 202 with the status URL.")]
    [ProducesResponseType<RebuildStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Rebuild(string name, HttpContext http, StoreOptions options, JobQueue jobs, TimeProvider clock)
    {
        if (!Exists(options, name)) return UnknownProjection(name);
        var job = RebuildJob.Requested(name, http.User.Identity?.Name ?? "unknown", clock.GetUtcNow());
        return await jobs.Queue(job, new RebuildProjection(job.Id), RebuildStatus.Url(job.Id), RebuildStatus.Of);
    }

    [WolverineGet("/admin/rebuilds/{id}", OperationId = "rebuildStatus")]
    [EndpointSummary("A rebuild's state and progress")]
    [EndpointDescription("The rebuild's state (queued, running, done, failed) and progress (events processed of total).")]
    [ProducesResponseType<RebuildStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Status(Guid id, HttpContext http, IQuerySession session) =>
        await session.LoadAsync<RebuildJob>(id, http.RequestAborted) is { } job
            ? TypedResults.Ok(RebuildStatus.Of(job))
            : Problems.ProblemAnswers.NotFound($"There is no rebuild {id}.", "rebuild.not-found");

    internal static bool Exists(StoreOptions options, string name) => options.Projections.AllShards().Any(shard => shard.Name.Name == name);

    internal static IResult UnknownProjection(string name) =>
        Problems.ProblemAnswers.NotFound($"There is no async projection '{name}'.", "projection.not-found");

    private static async Task<double> LagSeconds(ViewReader views, long position, long highWaterMark, CancellationToken cancellation)
    {
        if (position >= highWaterMark) return 0;
        // The time of the last event at or before each position, found through the sequence's index: max(timestamp) over every
        // event up to a position read the whole log at each call (0.47 s at 200,000 events in the bench), and whoever watches a
        // projection catch up (an operator, the bench) calls this every few hundred milliseconds, taking a core from the catch-up.
        var command = new NpgsqlCommand(
            $"select extract(epoch from (select timestamp from {views.EventsTable} where seq_id <= @high order by seq_id desc limit 1) - " +
            $"coalesce((select timestamp from {views.EventsTable} where seq_id <= @position order by seq_id desc limit 1), " +
            $"(select timestamp from {views.EventsTable} order by seq_id limit 1)))::float8");
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
