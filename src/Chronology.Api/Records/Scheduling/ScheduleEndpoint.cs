using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Scheduling;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Scheduling;

public static class ScheduleEndpoint
{
    [WolverinePost("/records/{id}/schedule", OperationId = "schedule")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("The meeting was scheduled on `on` for `start` (and `end`).")]
    public static Task<EditResponse> Post(Guid id, ScheduleBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
