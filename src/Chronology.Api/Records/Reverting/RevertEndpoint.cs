using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Reverting;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Reverting;

public static class RevertEndpoint
{
    [WolverinePost("/records/{id}/revert", OperationId = "revert")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("History")]
    [EndpointSummary("`{\"toRevision\": n}`: a new revision whose content equals revision n's, as ordinary events marked as a revert.")]
    public static Task<EditResponse> Post(Guid id, RevertBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
