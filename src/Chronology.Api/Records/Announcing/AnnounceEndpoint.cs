using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Announcing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Announcing;

public static class AnnounceEndpoint
{
    [WolverinePost("/records/{id}/announce", OperationId = "announce")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Status")]
    [EndpointSummary("The meeting was announced on `on`.")]
    public static Task<EditResponse> Post(Guid id, AnnounceBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
