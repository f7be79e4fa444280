using Chronology.Domain.Records;
using Chronology.Domain.Records.Revising;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// The schema of <see cref="ReviseBody"/>, which its converter hides from System.Text.Json: an RFC 7396 merge patch of the
/// revisable fields (<see cref="ReviseRecord.Fields"/>), each optional, null removing it, beside the edit's comment and flag.
/// </summary>
public static class MergePatchSchema
{
    public static void Describe(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Description = "An RFC 7396 merge patch (application/merge-patch+json): a member left out keeps the field, null removes it.";
        schema.AdditionalPropertiesAllowed = false;
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            // Every record keeps a title: its languages can be removed one by one, the title not.
            ["title"] = LanguageMap("The title in each language (BCP 47 tag → text); a language set to null is removed."),
            ["summary"] = Nullable(LanguageMap("The summary in each language (BCP 47 tag → text); a language set to null is removed.")),
            ["aliases"] = Nullable(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Other names in each language (BCP 47 tag → names).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            }),
            // Every record has a kind: it can be changed, not removed.
            ["kind"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Enum.GetNames<RecordKind>().Select(name => (System.Text.Json.Nodes.JsonNode)(char.ToLowerInvariant(name[0]) + name[1..]))],
            },
            ["tags"] = Nullable(new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }),
            ["timeZone"] = Nullable(new OpenApiSchema { Type = JsonSchemaType.String, Description = "An IANA time zone.", Examples = ["Asia/Seoul"] }),
            ["comment"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The edit summary." },
            ["correction"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Whether the edit corrects a mistake rather than records a change in the world." },
        };
    }

    private static OpenApiSchema LanguageMap(string description) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
    };

    private static OpenApiSchema Nullable(OpenApiSchema schema)
    {
        schema.Type |= JsonSchemaType.Null;
        return schema;
    }
}
