using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.RemovingLinks;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.RemovingLinks;

public static class RemoveLinkEndpoint
{
    [WolverineDelete("/records/{id}/links/{lid}", OperationId = "removeLink")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Links")]
    [EndpointSummary("Remove the link by its id; a JSON body may carry a comment.")]
    public static Task<EditResponse> Delete(Guid id, Guid lid, RemoveLinkBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body with { ItemId = lid });
}
