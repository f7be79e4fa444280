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
    private const long ImportLimit = 16 * 1024 * 1024;

    [WolverinePost("/imports", OperationId = "import")]
    [EndpointSummary("Import NDJSON edit commands")]
    [EndpointDescription("Imports edit commands, one JSON object a line (application/x-ndjson), run by a worker through the same write path as the API; each line's key makes it idempotent. Answers 202 with the status URL.")]
    [ProducesResponseType<ImportStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Post(HttpContext http, JobQueue jobs, TimeProvider clock)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = ImportLimit;
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), MediaType, StringComparison.OrdinalIgnoreCase))
            return Problems.ProblemAnswers.UnsupportedMediaType(MediaType);
        if (http.Request.ContentLength > ImportLimit) return Problems.ProblemAnswers.TooLarge(ImportLimit);

        string content;
        try
        {
            using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            content = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return Problems.ProblemAnswers.InvalidInput("The import is not valid UTF-8.", code: "import.encoding");
        }
        if (content.Length > ImportLimit) return Problems.ProblemAnswers.TooLarge(ImportLimit);
        if (string.IsNullOrWhiteSpace(content)) return Problems.ProblemAnswers.InvalidInput("The import has no lines.", code: "import.empty");
        // PostgreSQL cannot store NUL in text; JSON lines never need one raw (inside strings it is refused per line).
        if (content.IndexOf('\0') is var nul and >= 0)
            return Problems.ProblemAnswers.InvalidInput(
                $"The import holds a NUL character on line {content.AsSpan(0, nul).Count('\n') + 1}; NDJSON lines are text.", code: "import.encoding");

        var job = new ImportJob(
            Guid.CreateVersion7(), JobState.Queued, content, http.User.Identity?.Name ?? "unknown", http.User.IsInRole(Roles.Admin),
            clock.GetUtcNow(), Lines: content.Split('\n').Count(line => line.Trim().Length > 0));
        return await jobs.Queue(job, new RunImport(job.Id), ImportStatus.Url(job.Id), ImportStatus.Of);
    }

    [WolverineGet("/imports/{id}", OperationId = "importStatus")]
    [EndpointSummary("An import's state and line counts")]
    [EndpointDescription("The import's state (queued, running, done, failed), line counts and the lines refused, with their numbers.")]
    [ProducesResponseType<ImportStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Status(Guid id, HttpContext http, IQuerySession session) =>
        await session.LoadAsync<ImportJob>(id, http.RequestAborted) is { } job
            ? TypedResults.Ok(ImportStatus.Of(job))
            : Problems.ProblemAnswers.NotFound($"There is no import {id}.", "import.not-found");
}
