using Chronology.Domain.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chronology.Api.Problems;

/// <summary>RFC 9457 problem details with stable types, one per kind of failure a client can act on.</summary>
public static class ProblemAnswers
{
    public const string ContentType = "application/problem+json";
    private const string TypePrefix = "urn:chronology:problem:";

    public static JsonHttpResult<ProblemDetails> InvalidInput(string detail, IReadOnlyDictionary<string, string[]>? errors = null, string code = "input.invalid") =>
        Problem(StatusCodes.Status400BadRequest, "invalid-input", "The request is not valid.", detail, code, errors);

    public static JsonHttpResult<ProblemDetails> From(DomainError error) => error.Kind switch
    {
        RefusalKind.InvalidInput => InvalidInput(error.Message, error.Fields, error.Code),
        RefusalKind.NotFound => Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", error.Message, error.Code, error.Fields),
        _ => Problem(StatusCodes.Status409Conflict, "rule-violated", "The chronology's rules refuse this edit.", error.Message, error.Code, error.Fields),
    };

    public static JsonHttpResult<ProblemDetails> NotFound(string detail, string code = "record.not-found") =>
        Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", detail, code);

    public static JsonHttpResult<ProblemDetails> Stale(int currentRevision) => Problem(
        StatusCodes.Status412PreconditionFailed, "stale-revision", "The record has changed since the revision you sent.",
        $"If-Match named an older revision; the record is at revision {currentRevision}. Read it again and retry.",
        "revision.stale", extensions: new() { ["currentRevision"] = currentRevision });

    public static JsonHttpResult<ProblemDetails> Contended(int attempts) => Problem(
        StatusCodes.Status409Conflict, "edit-contended", "Concurrent edits kept winning.",
        $"The edit lost the race to concurrent edits {attempts} times. Retry it.", "revision.contended");

    public static JsonHttpResult<ProblemDetails> KeyReused(string key) => Problem(
        StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "The Idempotency-Key was used with another request.",
        $"Idempotency-Key '{key}' was first used with a different request; use a new key for a new request.", "idempotency.key-reused");

    public static JsonHttpResult<ProblemDetails> UnsupportedMediaType(string expected) => Problem(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type.",
        $"Send the body as {expected}.", "request.media-type");

    public static JsonHttpResult<ProblemDetails> TooLarge(long limit) => Problem(
        StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large.",
        $"Bodies are limited to {limit / 1024} KiB.", "request.too-large");

    public static JsonHttpResult<ProblemDetails> Unauthorized(string detail) => Problem(
        StatusCodes.Status401Unauthorized, "unauthorized", "Credentials are missing or wrong.", detail, "auth.unauthorized");

    public static JsonHttpResult<ProblemDetails> Forbidden(string detail) => Problem(
        StatusCodes.Status403Forbidden, "forbidden", "Your role does not allow this.", detail, "auth.forbidden");

    public static JsonHttpResult<ProblemDetails> TooManyRequests(int retryAfterSeconds) => Problem(
        StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
        $"Slow down: retry after {retryAfterSeconds} s.", "request.rate-limited");

    /// <summary>PostgreSQL cannot be reached (down, restarting, failing over): the client should retry after a pause.</summary>
    public static JsonHttpResult<ProblemDetails> Unavailable(int retryAfterSeconds) => Problem(
        StatusCodes.Status503ServiceUnavailable, "unavailable", "The chronology's database cannot be reached.",
        $"PostgreSQL cannot be reached right now; retry after {retryAfterSeconds} s. Retrying an edit with the same Idempotency-Key " +
        "is always safe, even if this attempt was stored.", "server.unavailable");

    public static JsonHttpResult<ProblemDetails> Unexpected(string traceId) => Problem(
        StatusCodes.Status500InternalServerError, "unexpected", "Something went wrong on our side.",
        $"The failure was logged with trace id {traceId}.", "server.unexpected");

    public static JsonHttpResult<ProblemDetails> Problem(
        int status, string type, string title, string detail, string code,
        IReadOnlyDictionary<string, string[]>? errors = null, Dictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypePrefix + type, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (errors is not null) problem.Extensions["errors"] = errors;
        foreach (var (name, value) in extensions ?? []) problem.Extensions[name] = value;
        return TypedResults.Json(problem, contentType: ContentType, statusCode: status);
    }
}
