using System.Text.Json;
using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain;
using Chronology.Domain.Records.Editing;
using Chronology.Domain.Operations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Admin;

/// <summary><c>POST /admin/projections/{name}/skip</c>: the event the projection stopped on, and why it may be left out.</summary>
public sealed record SkipRequest(long? Sequence, string? Reason);

public sealed record RecoveryStatus(
    Guid Id, string Name, string Action, long? Sequence, string? EventType, string? Reason, string State, string RequestedBy,
    DateTimeOffset RequestedAt, string? Error, IReadOnlyList<string> Rebuilds, DateTimeOffset? FinishedAt)
{
    public static RecoveryStatus Of(ProjectionRecovery job) => new(
        job.Id, job.Projection, job.Action.ToString().ToLowerInvariant(), job.Sequence, job.EventType, job.Reason,
        job.State.ToString().ToLowerInvariant(), job.RequestedBy, job.RequestedAt, job.Error,
        (job.Rebuilds ?? []).Select(rebuild => $"/admin/rebuilds/{rebuild}").ToList(), job.FinishedAt);
}

/// <summary>Gets a faulted projection moving again without restarting anything: retry it now, or skip the one event it stopped on.</summary>
[Authorize(Policy = Policies.Administer)]
public static class RecoveryEndpoints
{
    private const int ReasonLimit = 500;

    [WolverinePost("/admin/projections/{name}/retry", OperationId = "retryProjection")]
    [EndpointSummary("Start a faulted projection again now (the worker also retries it every few seconds); answers 202 with the status URL.")]
    public static async Task<IResult> Retry(string name, HttpContext http, IDocumentStore store, StoreOptions options, TimeProvider clock)
    {
        if (!ProjectionsEndpoints.Exists(options, name)) return ProjectionsEndpoints.UnknownProjection(name);
        return await Queue(http, store, ProjectionRecovery.Retry(name, Admin(http), clock.GetUtcNow()));
    }

    [WolverinePost("/admin/projections/{name}/skip", OperationId = "skipProjectionEvent")]
    [EndpointSummary("Skip the event a faulted projection stopped on, with a reason (audited): every view leaves it out, and views that had folded it in are rebuilt without it. Answers 202 with the status URL.")]
    public static async Task<IResult> Skip(
        string name, HttpContext http, IDocumentStore store, StoreOptions options, ProjectionStates projections, TimeProvider clock)
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

        await using var session = store.QuerySession();
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == request.Sequence).FirstOrDefaultAsync(http.RequestAborted);
        if (stored is null) return Problems.ProblemAnswers.NotFound($"There is no event {request.Sequence}.", "event.not-found");
        return await Queue(http, store, ProjectionRecovery.Skip(name, stored.Sequence, stored.EventTypeName, request.Reason!.Trim(), Admin(http), clock.GetUtcNow()));
    }

    [WolverineGet("/admin/recoveries/{id}", OperationId = "recoveryStatus")]
    [EndpointSummary("A retry's or skip's state (queued, running, done, failed), with who asked, why, and the rebuilds it started.")]
    public static async Task<IResult> Status(Guid id, HttpContext http, IQuerySession session) =>
        await session.LoadAsync<ProjectionRecovery>(id, http.RequestAborted) is { } job
            ? Results.Json(RecoveryStatus.Of(job), ChronologyJson.Options)
            : Problems.ProblemAnswers.NotFound($"There is no recovery {id}.", "recovery.not-found");

    private static async Task<IResult> Queue(HttpContext http, IDocumentStore store, ProjectionRecovery job)
    {
        await using var session = store.LightweightSession();
        session.Store(job);
        await session.SaveChangesAsync(http.RequestAborted);
        http.Response.Headers.Location = $"/admin/recoveries/{job.Id}";
        return Results.Json(RecoveryStatus.Of(job), ChronologyJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static string Admin(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
