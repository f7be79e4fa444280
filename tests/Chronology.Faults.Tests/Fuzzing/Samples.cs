using System.Text.Json.Nodes;

namespace Chronology.Faults.Tests.Fuzzing;

/// <summary>The ids a request can name so that it reaches past "not found": a record and one item of each kind on it.</summary>
public sealed record KnownIds(Guid Record, Guid OtherRecord, Guid Participant, Guid Outcome, Guid Source, Guid Link);

/// <summary>
/// A plausible instance of a schema: every property present, values shaped the way the contract reads them (EDTF dates
/// for date fields, known ids for ids, language maps), so that mutations of one field reach the code behind the others.
/// </summary>
public static class Samples
{
    public static JsonNode? Of(JsonNode? schema, string name, KnownIds ids, int depth = 0)
    {
        if (schema is not JsonObject shape || depth > 8) return Text(name, ids);
        if (shape["enum"] is JsonArray choices && choices.Count > 0) return choices[0]?.DeepClone();
        var types = shape["type"] switch
        {
            JsonArray many => many.Select(type => type!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => shape["properties"] is not null ? ["object"] : ["string"],
        };
        var type = types.FirstOrDefault(t => t != "null") ?? "null";
        return type switch
        {
            "object" when shape["properties"] is JsonObject properties => new JsonObject(properties.Select(property =>
                KeyValuePair.Create(property.Key, Of(property.Value, property.Key, ids, depth + 1)))),
            "object" => new JsonObject { ["en"] = Of(shape["additionalProperties"], name, ids, depth + 1) },
            "array" => new JsonArray(Of(shape["items"], name, ids, depth + 1)),
            "integer" => 1,
            "number" => 37.956,
            "boolean" => false,
            "null" => null,
            _ => Text(name, ids),
        };
    }

    private static JsonNode Text(string name, KnownIds ids) => name switch
    {
        "on" or "start" or "end" or "publishedOn" => "2018-05-24",
        "kind" => "summit",
        "relation" => "followUpOf",
        "recordId" => ids.OtherRecord.ToString(),
        "itemId" => ids.Participant.ToString(),
        "sources" => ids.Source.ToString(),
        "url" => "https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談",
        "country" or "side" => "KP",
        "timeZone" => "Asia/Seoul",
        "command" => "addOutcome",
        _ => "統一閣 Tongilgak",
    };

    /// <summary>Every place in an instance a mutation can go: "title.en", "sources[0]", "coordinates.lat", ….</summary>
    public static IEnumerable<string> Paths(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (key, value) in members)
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    yield return path;
                    foreach (var inner in Paths(value, path)) yield return inner;
                }
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    yield return $"{prefix}[{i}]";
                    foreach (var inner in Paths(items[i], $"{prefix}[{i}]")) yield return inner;
                }
                break;
        }
    }
}
