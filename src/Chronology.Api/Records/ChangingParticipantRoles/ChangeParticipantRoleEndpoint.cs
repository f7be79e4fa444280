using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.ChangingParticipantRoles;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.ChangingParticipantRoles;

public static class ChangeParticipantRoleEndpoint
{
    [WolverinePatch("/records/{id}/participants/{pid}", OperationId = "changeParticipantRole")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Participants")]
    [EndpointSummary("Change a participant's role (application/merge-patch+json: {\"role\"}).")]
    [MergePatch]
    public static Task<EditResponse> Patch(Guid id, Guid pid, ChangeParticipantRoleBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body with { ItemId = pid });
}
