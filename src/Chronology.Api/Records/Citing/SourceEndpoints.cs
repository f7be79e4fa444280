using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Citing;

[Authorize(Policy = Policies.Edit)]
public static class SourceEndpoints
{
    [WolverinePost("/records/{id}/sources", OperationId = "citeSource")]
    [EndpointSummary("Cite a source (absolute http(s) URL); answers the new item id.")]
    public static Task<IResult> Add(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "citeSource");

    [WolverineDelete("/records/{id}/sources/{sid}", OperationId = "withdrawSource")]
    [EndpointSummary("Remove the item by its id; a JSON body may carry a comment.")]
    public static Task<IResult> Remove(Guid id, Guid sid, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, "withdrawSource", bodyOptional: true, routeFields: new JsonObject { ["itemId"] = sid });
}
