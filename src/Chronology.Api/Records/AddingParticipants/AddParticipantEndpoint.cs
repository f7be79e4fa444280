using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.AddingParticipants;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.AddingParticipants;

public static class AddParticipantEndpoint
{
    [WolverinePost("/records/{id}/participants", OperationId = "addParticipant")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Participants")]
    [EndpointSummary("A participant (name per language, role, side); answers the new item id.")]
    public static Task<EditResponse> Post(Guid id, AddParticipantBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
