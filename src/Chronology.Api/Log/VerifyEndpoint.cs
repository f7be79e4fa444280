using Chronology.Api.Auth;
using Chronology.Domain.Log;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Log;

[Tags("Log")]
[Authorize(Policy = Policies.Administer)]
public static class VerifyEndpoint
{
    [WolverinePost("/admin/log/verify", OperationId = "verifyLog")]
    [EndpointSummary("Derive every log entry again from the events in PostgreSQL, compare each with the stored entry and check every signed tree head; names the first entry that no longer matches.")]
    [EndpointDescription("Answers 200 in both cases: `verified` says whether the log holds. The same check as `Chronology.Worker verify`; it reads the whole event table, so it takes about as long as a rebuild.")]
    [ProducesResponseType<LogVerificationReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Verify(LogVerifier verifier, HttpContext http)
    {
        var verification = await verifier.Verify(null, http.RequestAborted);
        return TypedResults.Ok(new LogVerificationReport(
            verification.Verified, verification.Summary(), verification.Entries, verification.Pending, verification.TreeHeads,
            verification.FirstMismatch, verification.FailedTreeHeads));
    }
}

public sealed record LogVerificationReport(
    bool Verified, string Summary, long Entries, long Pending, int TreeHeads, LogMismatch? FirstMismatch, IReadOnlyList<TreeHeadFailure> FailedTreeHeads);
