using System.Text;
using Chronology.Api.Auth;
using Chronology.Api.Jobs;
using Chronology.Api.Records.Editing;
using Chronology.Domain;
using Chronology.Domain.Imports;
using Chronology.Domain.Operations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Features;
using Wolverine.Http;

namespace Chronology.Api.Imports;

[Authorize(Policy = Policies.Edit)]
[Tags("Imports")]
public static class ImportEndpoints
{
    public const string MediaType = "application/x-ndjson";
    /// <summary>
    /// The largest upload, in characters. The body streams into PostgreSQL part by part (never held whole), so the limit
    /// guards the database's disk, not the API's memory; larger files go through the worker's <c>import</c> command.
    /// </summary>
    public const long ImportLimit = 256 * 1024 * 1024;

    [WolverinePost("/imports", OperationId = "import")]
    [EndpointSummary("Import NDJSON edit commands")]
    [EndpointDescription("Imports edit commands, one JSON object a line (application/x-ndjson), run by a worker in bulk with the same rules as the API (up to 256 MiB, streamed into the database part by part); each line's key makes it idempotent. Answers 202 with the status URL.")]
    [ProducesResponseType<ImportStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Post(HttpContext http, JobQueue jobs, IDocumentStore store, TimeProvider clock)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = ImportLimit;
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), MediaType, StringComparison.OrdinalIgnoreCase))
            return Problems.ProblemAnswers.UnsupportedMediaType(MediaType);
        if (http.Request.ContentLength > ImportLimit) return Problems.ProblemAnswers.TooLarge(ImportLimit);

        var id = Guid.CreateVersion7();
        var upload = new ImportUpload(store, id);
        if (await upload.Store(http.Request.Body, ImportLimit, http.RequestAborted) is { } refused) return refused;

        var job = new ImportJob(
            id, JobState.Queued, Content: "", http.User.Identity?.Name ?? "unknown", http.User.IsInRole(Roles.Admin),
            clock.GetUtcNow(), Lines: upload.Lines, Parts: upload.Parts);
        return await jobs.Queue(job, new RunImport(job.Id), ImportStatus.Url(job.Id), ImportStatus.Of);
    }

    [WolverineGet("/imports/{id}", OperationId = "importStatus")]
    [EndpointSummary("An import's state and line counts")]
    [EndpointDescription("The import's state (queued, running, done, failed), its progress (lines done, imported, skipped, refused; records created, events stored, lines per second) and the first 1,000 lines refused, with their numbers.")]
    [ProducesResponseType<ImportStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Status(Guid id, HttpContext http, IQuerySession session) =>
        await session.LoadAsync<ImportJob>(id, http.RequestAborted) is { } job
            ? TypedResults.Ok(ImportStatus.Of(job))
            : Problems.ProblemAnswers.NotFound($"There is no import {id}.", "import.not-found");
}
