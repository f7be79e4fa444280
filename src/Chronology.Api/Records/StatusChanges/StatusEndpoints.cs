using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.StatusChanges;

/// <summary>What happened to the meeting in the world, on the valid date <c>on</c>. The lifecycle decides.</summary>
[Authorize(Policy = Policies.Edit)]
public static class StatusEndpoints
{
    [WolverinePost("/records/{id}/announce", OperationId = "announce")]
    [EndpointSummary("The meeting was announced on `on`.")]
    public static Task<IResult> Announce(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "announce");

    [WolverinePost("/records/{id}/schedule", OperationId = "schedule")]
    [EndpointSummary("The meeting was scheduled on `on` for `start` (and `end`).")]
    public static Task<IResult> Schedule(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "schedule");

    [WolverinePost("/records/{id}/reschedule", OperationId = "reschedule")]
    [EndpointSummary("The meeting was moved on `on` to a new `start`; earlier starts are kept.")]
    public static Task<IResult> Reschedule(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "reschedule");

    [WolverinePost("/records/{id}/postpone", OperationId = "postpone")]
    [EndpointSummary("The meeting was postponed on `on`, with no new date.")]
    public static Task<IResult> Postpone(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "postpone");

    [WolverinePost("/records/{id}/cancel", OperationId = "cancel")]
    [EndpointSummary("The meeting was cancelled on `on`.")]
    public static Task<IResult> Cancel(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "cancel");

    [WolverinePost("/records/{id}/reinstate", OperationId = "reinstate")]
    [EndpointSummary("A cancelled or postponed meeting was back on from `on`: it is scheduled again.")]
    public static Task<IResult> Reinstate(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "reinstate");

    [WolverinePost("/records/{id}/hold", OperationId = "hold")]
    [EndpointSummary("The meeting was held on `on` (optionally from `start` to `end`).")]
    public static Task<IResult> Hold(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "hold");
}
