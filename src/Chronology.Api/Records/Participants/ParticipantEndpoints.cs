using System.Text.Json.Nodes;
using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Participants;

[Authorize(Policy = Policies.Edit)]
public static class ParticipantEndpoints
{
    [WolverinePost("/records/{id}/participants", OperationId = "addParticipant")]
    [EndpointSummary("A participant (name per language, role, side); answers the new item id.")]
    public static Task<IResult> Add(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "addParticipant");

    [WolverineDelete("/records/{id}/participants/{pid}", OperationId = "removeParticipant")]
    [EndpointSummary("Remove the item by its id; a JSON body may carry a comment.")]
    public static Task<IResult> Remove(Guid id, Guid pid, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, "removeParticipant", bodyOptional: true, routeFields: new JsonObject { ["itemId"] = pid });

    [WolverinePatch("/records/{id}/participants/{pid}", OperationId = "changeParticipantRole")]
    [EndpointSummary("Change a participant's role (application/merge-patch+json: {\"role\"}).")]
    public static Task<IResult> ChangeRole(Guid id, Guid pid, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, "changeParticipantRole", RequestBody.MergePatchType, routeFields: new JsonObject { ["itemId"] = pid });
}
