using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Linking;

[Authorize(Policy = Policies.Edit)]
public static class LinkEndpoints
{
    [WolverinePost("/records/{id}/links", OperationId = "addLink")]
    [EndpointSummary("Link to another record (followUpOf, partOf, precededBy, relatedTo); answers the new item id.")]
    public static Task<IResult> Add(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "addLink");

    [WolverineDelete("/records/{id}/links/{lid}", OperationId = "removeLink")]
    [EndpointSummary("Remove the item by its id; a JSON body may carry a comment.")]
    public static Task<IResult> Remove(Guid id, Guid lid, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, "removeLink", bodyOptional: true, routeFields: new JsonObject { ["itemId"] = lid });
}
