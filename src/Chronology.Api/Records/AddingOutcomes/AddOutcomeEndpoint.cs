using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.AddingOutcomes;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.AddingOutcomes;

public static class AddOutcomeEndpoint
{
    [WolverinePost("/records/{id}/outcomes", OperationId = "addOutcome")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Outcomes")]
    [EndpointSummary("An outcome of the meeting; answers the new item id.")]
    public static Task<EditResponse> Post(Guid id, AddOutcomeBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
