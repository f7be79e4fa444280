using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Postponing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Postponing;

public static class PostponeEndpoint
{
    [WolverinePost("/records/{id}/postpone", OperationId = "postpone")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("The meeting was postponed on `on`, with no new date.")]
    public static Task<EditResponse> Post(Guid id, PostponeBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
