using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>The schemas of the values the contract reads from text: EDTF dates, revisions and names of enum members.</summary>
public static class ContractValues
{
    public const string EdtfDescription =
        "EDTF (ISO 8601-2, level 1): a day (2018-06-12), a month (2018-09) or a year (2018), possibly uncertain (2018-06-12?), " +
        "approximate (2018-06~), with unspecified digits (2018-XX) or an interval (2018-09-18/2018-09-20).";

    public static OpenApiSchema Edtf(string description, string example) => new()
    {
        Type = JsonSchemaType.String,
        Description = $"{description} {EdtfDescription}",
        Examples = [example],
    };

    public static OpenApiSchema Revision(string description) =>
        new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Description = description, Examples = [3] };

    /// <summary>One of an enum's members, named as ChronologyJson writes them (camelCase).</summary>
    public static OpenApiSchema OneOf<T>(string description) where T : struct, Enum => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = Enum.GetNames<T>().Select(name => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(name))).ToList(),
    };
}
