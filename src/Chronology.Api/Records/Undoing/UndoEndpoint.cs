using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Undoing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Undoing;

public static class UndoEndpoint
{
    [WolverinePost("/records/{id}/undo", OperationId = "undo")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("History")]
    [EndpointSummary("`{\"revision\": n}`: take back what revision n changed, keeping later edits; 409 listing the paths a later edit changed.")]
    public static Task<EditResponse> Post(Guid id, UndoBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
