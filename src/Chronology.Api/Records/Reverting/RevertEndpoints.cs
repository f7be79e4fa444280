using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Reverting;

[Authorize(Policy = Policies.Edit)]
public static class RevertEndpoints
{
    [WolverinePost("/records/{id}/revert", OperationId = "revert")]
    [EndpointSummary("`{\"toRevision\": n}`: a new revision whose content equals revision n's, as ordinary events marked as a revert.")]
    public static Task<IResult> Revert(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "revert");

    [WolverinePost("/records/{id}/undo", OperationId = "undo")]
    [EndpointSummary("`{\"revision\": n}`: take back what revision n changed, keeping later edits; 409 listing the paths a later edit changed.")]
    public static Task<IResult> Undo(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "undo");
}
