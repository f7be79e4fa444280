using Chronology.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Editing;

public static class EditsEndpoint
{
    [WolverinePost("/records/{id}/edits", OperationId = "editBatch")]
    [Authorize(Policy = Policies.Edit)]
    [EndpointSummary("Several commands decided together as one revision (for backfilling history).")]
    public static Task<IResult> Post(Guid id, HttpContext http, HttpEdits edits) => edits.Batch(http, id);
}
