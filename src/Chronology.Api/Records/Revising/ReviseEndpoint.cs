using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Revising;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Revising;

public static class ReviseEndpoint
{
    [WolverinePatch("/records/{id}", OperationId = "reviseRecord")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Records")]
    [EndpointSummary("Revise title, aliases, summary, kind, tags or time zone with an RFC 7396 merge patch (application/merge-patch+json).")]
    [MergePatch]
    public static Task<EditResponse> Patch(Guid id, ReviseBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
