using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

public enum JsonPatchOperationType { Add, Remove, Replace, Move, Copy, Test }

/// <summary>One RFC 6902 operation. <see cref="Value"/> is the JSON value (null is JSON null) for add, replace and test.</summary>
public sealed class JsonPatchOperation
{
    private JsonPatchOperation(JsonPatchOperationType type, JsonPointer path, JsonPointer? from, JsonNode? value)
    {
        Type = type;
        Path = path;
        From = from;
        Value = value;
    }

    public JsonPatchOperationType Type { get; }
    public JsonPointer Path { get; }
    public JsonPointer? From { get; }
    public JsonNode? Value { get; }

    public string Name => Type.ToString().ToLowerInvariant();

    // Values are cloned so that an operation never shares nodes with a caller's document.
    public static JsonPatchOperation Add(JsonPointer path, JsonNode? value) => new(JsonPatchOperationType.Add, path, null, value?.DeepClone());
    public static JsonPatchOperation Remove(JsonPointer path) => new(JsonPatchOperationType.Remove, path, null, null);
    public static JsonPatchOperation Replace(JsonPointer path, JsonNode? value) => new(JsonPatchOperationType.Replace, path, null, value?.DeepClone());
    public static JsonPatchOperation Move(JsonPointer from, JsonPointer path) => new(JsonPatchOperationType.Move, path, from, null);
    public static JsonPatchOperation Copy(JsonPointer from, JsonPointer path) => new(JsonPatchOperationType.Copy, path, from, null);
    public static JsonPatchOperation Test(JsonPointer path, JsonNode? value) => new(JsonPatchOperationType.Test, path, null, value?.DeepClone());

    public bool HasValue => Type is JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["op"] = Name };
        if (From is not null)
            json["from"] = From.ToString();
        json["path"] = Path.ToString();
        if (HasValue)
            json["value"] = Value?.DeepClone();
        return json;
    }

    public override string ToString() => ToJson().ToJsonString();
}
