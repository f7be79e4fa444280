using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Placing;

public static class PlaceEndpoint
{
    [WolverinePut("/records/{id}/place", OperationId = "setPlace")]
    [Authorize(Policy = Policies.Edit)]
    [EndpointSummary("Set the place (from `on`), or with `correction: true` correct it for all valid time.")]
    public static Task<IResult> Put(Guid id, HttpContext http, HttpEdits edits) => edits.Command(http, id, "place");
}
