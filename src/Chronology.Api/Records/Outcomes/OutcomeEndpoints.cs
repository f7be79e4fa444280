using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Outcomes;

[Authorize(Policy = Policies.Edit)]
public static class OutcomeEndpoints
{
    [WolverinePost("/records/{id}/outcomes", OperationId = "addOutcome")]
    [EndpointSummary("An outcome of the meeting; answers the new item id.")]
    public static Task<IResult> Add(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "addOutcome");

    [WolverineDelete("/records/{id}/outcomes/{oid}", OperationId = "retractOutcome")]
    [EndpointSummary("Remove the item by its id; a JSON body may carry a comment.")]
    public static Task<IResult> Remove(Guid id, Guid oid, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, "retractOutcome", bodyOptional: true, routeFields: new JsonObject { ["itemId"] = oid });
}
