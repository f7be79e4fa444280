using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Rescheduling;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Rescheduling;

public static class RescheduleEndpoint
{
    [WolverinePost("/records/{id}/reschedule", OperationId = "reschedule")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("The meeting was moved on `on` to a new `start`; earlier starts are kept.")]
    public static Task<EditResponse> Post(Guid id, RescheduleBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
