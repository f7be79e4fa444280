using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.Creating;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.Creating;

public static class CreateEndpoint
{
    [WolverinePost("/records", OperationId = "createRecord")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Records")]
    [EndpointSummary("Create a record (revision 1); answers 201 with its id and Location.")]
    public static Task<CreateResponse> Post(CreateRecordBody body, HttpContext http, HttpEdits edits) =>
        edits.Create(http, body);
}
