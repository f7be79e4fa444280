using Chronology.Api.Auth;
using Chronology.Api.Records.Editing;
using Chronology.Domain.Records.WithdrawingSources;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Chronology.Api.Records.WithdrawingSources;

public static class WithdrawSourceEndpoint
{
    [WolverineDelete("/records/{id}/sources/{sid}", OperationId = "withdrawSource")]
    [Authorize(Policy = Policies.Edit)]
    [Tags("Sources")]
    [EndpointSummary("Withdraw the source by its id; a JSON body may carry a comment.")]
    public static Task<EditResponse> Delete(Guid id, Guid sid, WithdrawSourceBody body, HttpContext http, HttpEdits edits) =>
        edits.Command(http, id, body with { ItemId = sid });
}
