using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.CitingSources;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.CitingSources;

public static class CiteSourceEndpoint
{
    [WolverinePost("/records/{id}/sources", OperationId = "citeSource")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Sources")]
    [EndpointSummary("Cite a source (absolute http(s) URL); answers the new item id.")]
    public static Task<EditResponse> Post(Guid id, CiteSourceBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body);
}
