using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.RemovingParticipants;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.RemovingParticipants;

public static class RemoveParticipantEndpoint
{
    [WolverineDelete("/records/{id}/participants/{pid}", OperationId = "removeParticipant")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Participants")]
    [EndpointSummary("Remove the participant by its id; a JSON body may carry a comment.")]
    public static Task<EditResponse> Delete(Guid id, Guid pid, RemoveParticipantBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body with { ItemId = pid });
}
