using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>The components every operation can refer to: the problem answer and the bearer scheme.</summary>
public static class ContractComponents
{
    public const string Problem = "Problem";
    public const string Bearer = "bearer";

    public static void EnsureIn(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(Problem, ProblemSchema());
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key of a configured principal, or a JWT from the configured authority: `Authorization: Bearer <key or token>`. " +
                          "Editing needs the editor role, /admin the admin role; reads are open unless the server sets `Auth:RequireAuthForReads`.",
        });
    }

    /// <summary>RFC 9457 problem details as every 4xx and 5xx answer carries them, with the stable <c>code</c> to act on.</summary>
    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem (application/problem+json). `type` and `code` are stable; `detail` says what is wrong in words.",
        Required = new HashSet<string> { "type", "title", "status", "detail", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("The kind of problem, a URN such as urn:chronology:problem:invalid-input.", "urn:chronology:problem:invalid-input"),
            ["title"] = Text("A short summary of the kind of problem.", "The request is not valid."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code.", Examples = [400] },
            ["detail"] = Text("What is wrong with this request, in words.", "on: '2018-13-01' is not an EDTF date: month 13 does not exist."),
            ["instance"] = Text("The request the problem occurred on.", "/records/0193b5a8-6f1e-7c4d-9a51-3e2f1b0c7d11/cancel"),
            ["code"] = Text("A stable, machine-readable code for the failure, such as `input.invalid`, `status.transition` or `revision.stale`.", "input.invalid"),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For invalid input: the messages for each field, by field name (JSON path for nested fields).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                Examples = [new JsonObject { ["on"] = new JsonArray("is not an EDTF date: month 13 does not exist.") }],
            },
            ["currentRevision"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int32", Description = "With 412: the record's current revision, to read again and retry.", Examples = [7],
            },
        },
    };

    private static OpenApiSchema Text(string description, string example) =>
        new() { Type = JsonSchemaType.String, Description = description, Examples = [example] };
}
