using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Reinstating;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Reinstating;

public static class ReinstateEndpoint
{
    [WolverinePost("/records/{id}/reinstate", OperationId = "reinstate")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("A cancelled or postponed meeting was back on from `on`: it is scheduled again.")]
    public static Task<EditResponse> Post(Guid id, ReinstateBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
