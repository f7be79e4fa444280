using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Holding;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Holding;

public static class HoldEndpoint
{
    [WolverinePost("/records/{id}/hold", OperationId = "hold")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("The meeting was held on `on` (optionally from `start` to `end`).")]
    public static Task<EditResponse> Post(Guid id, HoldBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
