using JasperFx.Events.Daemon;
using Microsoft.AspNetCore.Diagnostics;

namespace Chronology.Api.Problems;

/// <summary>
/// The last line of defence: a client mistake that escaped the endpoints (a body too large for Kestrel,
/// a malformed request) still gets its 4xx problem, PostgreSQL being out of reach a 503 with Retry-After,
/// and a real bug a 500 problem with no stack trace.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>A PostgreSQL restart here keeps it away about 2 s; failover takes longer, and the client retries again then.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellation)
    {
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ProblemAnswers.TooLarge(RequestLimits.BodyBytes),
            BadHttpRequestException bad => ProblemAnswers.InvalidInput(bad.Message, code: "request.malformed"),
            _ => null,
        };
        if (result is null && TransientFailures.IsTransient(exception))
        {
            logger.LogWarning(exception, "PostgreSQL could not be reached on {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result = ProblemAnswers.Unavailable(RetryAfterSeconds);
        }
        if (result is null)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", http.Request.Method, http.Request.Path);
            result = ProblemAnswers.Unexpected(http.TraceIdentifier);
        }
        await result.ExecuteAsync(http);
        return true;
    }
}
