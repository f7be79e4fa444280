using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Revising;

/// <summary>
/// The body of <c>revise</c>: an RFC 7396 merge patch of title, aliases, summary, kind, tags and timeZone (a member set to
/// null removes the field, a member left out keeps it), beside the edit's comment and correction flag.
/// </summary>
[JsonConverter(typeof(ReviseBodyJson))]
public sealed record ReviseBody(JsonObject Patch) : EditBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId)
    {
        foreach (var field in Patch.Select(member => member.Key).Where(field => !ReviseRecord.Fields.Contains(field)))
            validation.Add(field, $"cannot be revised with a merge patch; revisable fields: {string.Join(", ", ReviseRecord.Fields)}.");
        if (Patch.Count == 0) validation.Add("body", "The merge patch changes no field.");
        return new ReviseRecord(Patch);
    }
}

/// <summary>A merge patch tells a member set to null from one left out, which a record with a property per field cannot.</summary>
internal sealed class ReviseBodyJson : JsonConverter<ReviseBody>
{
    public override ReviseBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var patch = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("A merge patch is a JSON object.");
        return new ReviseBody(patch)
        {
            Comment = Take<string>(patch, "comment", options),
            Correction = Take<bool?>(patch, "correction", options) ?? false,
        };
    }

    public override void Write(Utf8JsonWriter writer, ReviseBody value, JsonSerializerOptions options)
    {
        var body = (JsonObject)value.Patch.DeepClone();
        if (value.Comment is { } comment) body["comment"] = comment;
        if (value.Correction) body["correction"] = true;
        body.WriteTo(writer, options);
    }

    private static T? Take<T>(JsonObject patch, string name, JsonSerializerOptions options) =>
        patch.Remove(name, out var value) ? value.Deserialize<T>(options) : default;
}
