using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Cancelling;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Cancelling;

public static class CancelEndpoint
{
    [WolverinePost("/records/{id}/cancel", OperationId = "cancel")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("The meeting was cancelled on `on`.")]
    public static Task<EditResponse> Post(Guid id, CancelBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
