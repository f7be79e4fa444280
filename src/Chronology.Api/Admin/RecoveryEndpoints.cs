using System.Text.Json;
using Chronology.Api.Auth;
using Chronology.Api.Jobs;
using Chronology.Api.Records.Editing;
using Chronology.Domain;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Operations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Admin;

/// <summary>Gets a faulted projection moving again without restarting anything: retry it now, or skip the one event it stopped on.</summary>
[Authorize(Policy = Policies.Administer)]
[Tags("Admin")]
public static class RecoveryEndpoints
{
    private const int ReasonLimit = 500;

    [WolverinePost("/admin/projections/{name}/retry", OperationId = "retryProjection")]
    [EndpointSummary("Retry a faulted projection")]
    [EndpointDescription("Starts a faulted projection again (it stays stopped until then); answers 202 with the status URL.")]
    [ProducesResponseType<RecoveryStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Retry(string name, HttpContext http, StoreOptions options, JobQueue jobs, TimeProvider clock)
    {
        if (!ProjectionsEndpoints.Exists(options, name)) return ProjectionsEndpoints.UnknownProjection(name);
        return await Queue(jobs, ProjectionRecovery.Retry(name, Admin(http), clock.GetUtcNow()));
    }

    [WolverinePost("/admin/projections/{name}/skip", OperationId = "skipProjectionEvent")]
    [EndpointSummary("Skip the event a faulted projection stopped on")]
    [EndpointDescription("Skips the event a faulted projection stopped on, with a reason (audited): every view leaves it out, and views that had folded it in are rebuilt without it. Answers 202 with the status URL.")]
    [ProducesResponseType<RecoveryStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Skip(
        string name, HttpContext http, IQuerySession session, StoreOptions options, ProjectionStates projections, JobQueue jobs, TimeProvider clock)
    {
        if (!ProjectionsEndpoints.Exists(options, name)) return ProjectionsEndpoints.UnknownProjection(name);
        var (body, bodyProblem) = await RequestBody.Read(http, RequestBody.JsonType);
        if (bodyProblem is not null) return bodyProblem;
        SkipRequest request;
        try
        {
            request = body!.Json.Deserialize<SkipRequest>(ChronologyJson.Options) ?? new SkipRequest(null, null);
        }
        catch (JsonException e)
        {
            return Problems.ProblemAnswers.From(CommandCatalogue.JsonError(e));
        }
        var errors = new Dictionary<string, string[]>();
        if (request.Sequence is not > 0) errors["sequence"] = ["is required: the sequence number of the event the projection stopped on."];
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > ReasonLimit)
            errors["reason"] = [$"is required: why the event may be left out of every view (at most {ReasonLimit} characters)."];
        if (errors.Count > 0) return Problems.ProblemAnswers.InvalidInput(string.Join(" ", errors.Select(e => $"{e.Key} {e.Value[0]}")), errors);

        if (await projections.StoppedAt(name, http.RequestAborted) != request.Sequence)
            return Problems.ProblemAnswers.Problem(
                StatusCodes.Status409Conflict, "rule-violated", "Only the event a projection stopped on can be skipped.",
                $"Projection '{name}' is not faulted at event {request.Sequence}; GET /admin/projections names the event it stopped on.",
                "projection.not-faulted-at-event");

        var stored = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == request.Sequence).FirstOrDefaultAsync(http.RequestAborted);
        if (stored is null) return Problems.ProblemAnswers.NotFound($"There is no event {request.Sequence}.", "event.not-found");
        return await Queue(jobs, ProjectionRecovery.Skip(name, stored.Sequence, stored.EventTypeName, request.Reason!.Trim(), Admin(http), clock.GetUtcNow()));
    }

    [WolverineGet("/admin/recoveries/{id}", OperationId = "recoveryStatus")]
    [EndpointSummary("A retry's or skip's state")]
    [EndpointDescription("The retry's or skip's state (queued, running, done, failed), with who asked, why, and the rebuilds it started.")]
    [ProducesResponseType<RecoveryStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Status(Guid id, HttpContext http, IQuerySession session) =>
        await session.LoadAsync<ProjectionRecovery>(id, http.RequestAborted) is { } job
            ? TypedResults.Ok(RecoveryStatus.Of(job))
            : Problems.ProblemAnswers.NotFound($"There is no recovery {id}.", "recovery.not-found");

    private static async Task<IResult> Queue(JobQueue jobs, ProjectionRecovery job) =>
        await jobs.Queue(job, new RecoverProjection(job.Id), RecoveryStatus.Url(job.Id), RecoveryStatus.Of);

    private static string Admin(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
