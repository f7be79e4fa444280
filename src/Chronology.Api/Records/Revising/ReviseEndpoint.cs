using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Revising;

public static class ReviseEndpoint
{
    [WolverinePatch("/records/{id}", OperationId = "reviseRecord")]
    [Authorize(Policy = Policies.Edit)]
    [EndpointSummary("Revise title, aliases, summary, kind, tags or time zone with an RFC 7396 merge patch (application/merge-patch+json).")]
    public static Task<IResult> Patch(Guid id, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, "revise", RequestBody.MergePatchType);
}
