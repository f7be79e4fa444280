using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// The problem answers of the HTTP contract (chronology.md, "Status codes"), and which routes can give each: decided
/// from the route, the method and the authorization metadata, so that no endpoint has to list them.
/// </summary>
public static class ConventionalProblems
{
    public static IEnumerable<(int Status, string Description)> For(RouteShape route)
    {
        yield return (400, "The input is malformed or invalid: bad JSON, wrong types, an invalid EDTF date, language tag or URL, a bad query parameter or header. `errors` names the fields.");
        if (route.Secured)
        {
            yield return (401, "Credentials are missing or wrong.");
            yield return (403, "The principal's role does not allow this.");
        }
        if (route.HasPathParameters) yield return (404, "Nothing is at this address: an unknown record, revision or item.");
        if (route.IsCommand)
            yield return (409, "A rule refuses the command (`code` names it), or concurrent edits kept winning and retries ran out.");
        if (route.TakesIfMatch)
            yield return (412, "`If-Match` named an older revision; `currentRevision` is the record's revision now (also in `ETag`).");
        if (route.ReadsBody)
        {
            yield return (413, "The body is over the size limit (256 KiB for commands).");
            yield return (415, "The body is not in the media type the operation takes.");
        }
        if (route.IsRecordCommand) yield return (422, "The `Idempotency-Key` was first used with a different request.");
        yield return (429, "Too many requests from this principal (or address); retry after `Retry-After` seconds.");
        yield return (503, "PostgreSQL cannot be reached; retry after `Retry-After` seconds (with the same `Idempotency-Key`, an edit is never stored twice).");
    }

    public static OpenApiResponse Response(int status, string description, OpenApiDocument document)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ContractComponents.Problem, document) },
            },
        };
        if (status is 429 or 503)
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
                },
            };
        return response;
    }
}
