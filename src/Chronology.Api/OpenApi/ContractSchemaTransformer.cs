using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Chronology.Domain.Dates;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// Schemas for what System.Text.Json cannot describe on its own (types with converters of ours, fields read as text:
/// <see cref="TextFields"/>), and required fields read from the types: a constructor parameter that takes no null and
/// has no default, or a property marked [Required], must be sent.
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(string) && context.JsonPropertyInfo is { } field && field.DeclaringType.Namespace?.StartsWith("Chronology.", StringComparison.Ordinal) == true)
            TextFields.Describe(schema, field.Name);
        if (type == typeof(EdtfDate))
        {
            schema.Type = JsonSchemaType.String;
            schema.Description ??= $"A date of valid time. {ContractValues.EdtfDescription}";
            schema.Examples ??= ["2018-06-12"];
        }
        else if (type == typeof(Instant))
        {
            schema.Type = JsonSchemaType.String;
            schema.Pattern = @"^-?\d{4,9}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$";
            schema.Description ??= "An instant in UTC to the second, over a range of years far wider than date-time's (years may be negative or longer than four digits).";
            schema.Examples ??= ["2018-06-12T00:00:00Z"];
        }
        else if (type == typeof(DateTimeOffset))
        {
            // Written by ChronologyJson's converter (an instant of recorded time, to the second, in UTC), which hides the type.
            schema.Type = JsonSchemaType.String;
            schema.Format = "date-time";
            schema.Examples ??= ["2018-05-24T03:12:45Z"];
        }
        else if (type == typeof(Chronology.Domain.Records.Revising.ReviseBody))
        {
            MergePatchSchema.Describe(schema);
        }
        else if (type == typeof(JsonArray))
        {
            schema.Type = JsonSchemaType.Array;
            schema.Description ??= "An RFC 6902 JSON Patch: the operations that turn one revision into the other.";
            schema.Items ??= new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "op", "path" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["op"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["add", "remove", "replace", "move", "copy", "test"] },
                    ["path"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A JSON Pointer (RFC 6901); list items are addressed by position." },
                    ["from"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["value"] = new OpenApiSchema { Description = "Any JSON value." },
                },
            };
        }
        else if (type.IsEnum && schema.Enum is { Count: > 0 })
        {
            // Enums are written as camelCase strings (ChronologyJson); say so, so clients get string unions.
            schema.Type = JsonSchemaType.String;
        }
        else if (schema.Properties is { Count: > 0 } properties)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(property => properties.ContainsKey(property.Name)))
            {
                if (property.AssociatedParameter is { IsNullable: false, HasDefaultValue: false } ||
                    property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
                    (schema.Required ??= new HashSet<string>()).Add(property.Name);
                // A member left out when null (an edit's itemId) is not always there, whatever its constructor says.
                if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
                        .OfType<JsonIgnoreAttribute>().Any(ignore => ignore.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true)
                    schema.Required?.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }
}
