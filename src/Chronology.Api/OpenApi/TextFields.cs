using Chronology.Domain.Records;
using Microsoft.OpenApi;

namespace Chronology.Api.OpenApi;

/// <summary>
/// Body fields a command reads as text, so that a wrong value gets a precise 400 naming the field, while the contract gives
/// them a type: EDTF dates of valid time and the names of the record's enums. Keyed by the field's JSON name, which is the
/// contract's (chronology.md), whatever body it is in.
/// </summary>
public static class TextFields
{
    private static readonly Dictionary<string, Func<OpenApiSchema>> ByName = new()
    {
        ["on"] = () => ContractValues.Edtf("When it happened in the world (valid time).", "2018-05-24"),
        ["start"] = () => ContractValues.Edtf("When the meeting starts (or started).", "2018-06-12"),
        ["end"] = () => ContractValues.Edtf("When the meeting ends (or ended).", "2018-09-20"),
        ["publishedOn"] = () => ContractValues.Edtf("When the source was published.", "2018-05-25"),
        ["kind"] = () => ContractValues.OneOf<RecordKind>("What the record is."),
        ["status"] = () => ContractValues.OneOf<MeetingStatus>("Where the meeting stands in the world."),
        ["relation"] = () => ContractValues.OneOf<LinkRelation>("How this record relates to the other."),
    };

    /// <summary>Gives a text field of a body its contract type, keeping the description its property has.</summary>
    public static void Describe(OpenApiSchema schema, string name)
    {
        if (!ByName.TryGetValue(name, out var make)) return;
        var described = make();
        schema.Type = JsonSchemaType.String;
        schema.Enum = described.Enum;
        schema.Examples ??= described.Examples;
        schema.Description ??= described.Description;
    }
}
