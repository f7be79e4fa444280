using Chronology.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Editing;

public static class EditsEndpoint
{
    [WolverinePost("/records/{id}/edits", OperationId = "editBatch")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Records")]
    [EndpointSummary("Several commands decided together as one revision (for backfilling history).")]
    public static Task<EditResponse> Post(Guid id, EditBatchBody body, HttpContext http, HttpEdits edits) => edits.Batch(http, id, body);
}
