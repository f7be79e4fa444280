using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Placing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Placing;

public static class PlaceEndpoint
{
    [WolverinePut("/records/{id}/place", OperationId = "setPlace")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Place")]
    [EndpointSummary("Set the place (from `on`), or with `correction: true` correct it for all valid time.")]
    public static Task<EditResponse> Put(Guid id, PlaceBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
