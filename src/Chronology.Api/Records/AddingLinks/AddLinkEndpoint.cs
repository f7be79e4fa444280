using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.AddingLinks;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.AddingLinks;

public static class AddLinkEndpoint
{
    [WolverinePost("/records/{id}/links", OperationId = "addLink")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Links")]
    [EndpointSummary("Link to another record (followUpOf, partOf, precededBy, relatedTo); answers the new item id.")]
    public static Task<EditResponse> Post(Guid id, AddLinkBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
