using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.RetractingOutcomes;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.RetractingOutcomes;

public static class RetractOutcomeEndpoint
{
    [WolverineDelete("/records/{id}/outcomes/{oid}", OperationId = "retractOutcome")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Outcomes")]
    [EndpointSummary("Retract the outcome by its id; a JSON body may carry a comment.")]
    public static Task<EditResponse> Delete(Guid id, Guid oid, RetractOutcomeBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body with { ItemId = oid });
}
