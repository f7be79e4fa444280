using System.ComponentModel;
using Chronology.Api.Auth;
using Chronology.Domain.Log;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Chronology.Api.Log;

public sealed record LogPublicKey(
    [property: Description("Always Ed25519 (RFC 8032).")] string Algorithm,
    [property: Description("Base64 of the raw 32-byte public key.")] string PublicKey);

[Tags("Log")]
[Authorize(Policy = Policies.Read)]
public static class PublicKeyEndpoint
{
    [WolverineGet("/log/public-key", OperationId = "logPublicKey")]
    [EndpointSummary("The Ed25519 public key tree heads are signed with. Verifiers should pin it rather than fetch it each time.")]
    [ProducesResponseType<LogPublicKey>(StatusCodes.Status200OK)]
    public static async Task<IResult> PublicKey(IQuerySession session, HttpContext http) =>
        await session.LoadAsync<LogSigningKey>(LogSigningKey.CurrentId, http.RequestAborted) is { } key
            ? TypedResults.Ok(new LogPublicKey("Ed25519", key.PublicKey))
            : Problems.ProblemAnswers.NotFound("The worker has published no signing key yet (it needs Log:SigningKey or Log:SigningKeyFile).", "log.no-key");
}
