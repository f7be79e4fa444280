using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>An RFC 6902 JSON Patch document: operations applied in order, all or nothing.</summary>
public sealed class JsonPatch
{
    public JsonPatch(IEnumerable<JsonPatchOperation> operations) => Operations = [.. operations];

    public IReadOnlyList<JsonPatchOperation> Operations { get; }

    public static JsonPatch Parse(string json) => Parse(JsonNode.Parse(json));

    public static JsonPatch Parse(JsonNode? json)
    {
        if (json is not JsonArray operations)
            throw new JsonPatchException(null, null, "a JSON Patch document must be an array of operations");
        return new JsonPatch(operations.Select((operation, index) => ParseOperation(operation, index)));
    }

    public JsonArray ToJson() => [.. Operations.Select(operation => operation.ToJson())];

    public override string ToString() => ToJson().ToJsonString();

    /// <summary>The patched copy of <paramref name="document"/>, which itself is left untouched.</summary>
    /// <exception cref="JsonPatchException">An operation failed; it names the operation and the conflicting path.</exception>
    public JsonNode? Apply(JsonNode? document)
    {
        var target = new PatchTarget(document?.DeepClone());
        for (var index = 0; index < Operations.Count; index++)
        {
            try
            {
                target.Apply(Operations[index]);
            }
            catch (PatchConflictException conflict)
            {
                throw new JsonPatchException(index, conflict.Path.ToString(), conflict.Message);
            }
        }
        return target.Root;
    }

    private static JsonPatchOperation ParseOperation(JsonNode? json, int index)
    {
        if (json is not JsonObject operation)
            throw new JsonPatchException(index, null, "an operation must be a JSON object");

        var name = RequiredString(operation, "op", index);
        var path = RequiredPointer(operation, "path", index);
        return name switch
        {
            "add" => JsonPatchOperation.Add(path, RequiredValue(operation, index)),
            "remove" => JsonPatchOperation.Remove(path),
            "replace" => JsonPatchOperation.Replace(path, RequiredValue(operation, index)),
            "move" => JsonPatchOperation.Move(RequiredPointer(operation, "from", index), path),
            "copy" => JsonPatchOperation.Copy(RequiredPointer(operation, "from", index), path),
            "test" => JsonPatchOperation.Test(path, RequiredValue(operation, index)),
            _ => throw new JsonPatchException(index, path.ToString(), $"unknown op \"{name}\" (expected add, remove, replace, move, copy or test)"),
        };
    }

    private static string RequiredString(JsonObject operation, string member, int index)
    {
        if (!operation.TryGetPropertyValue(member, out var value))
            throw new JsonPatchException(index, null, $"missing \"{member}\" member");
        if (value is not JsonValue scalar || !scalar.TryGetValue(out string? text))
            throw new JsonPatchException(index, null, $"\"{member}\" must be a string, not {Describe(value)}");
        return text;
    }

    private static JsonPointer RequiredPointer(JsonObject operation, string member, int index)
    {
        var text = RequiredString(operation, member, index);
        try
        {
            return JsonPointer.Parse(text);
        }
        catch (FormatException invalid)
        {
            throw new JsonPatchException(index, text, $"\"{member}\" is not a JSON Pointer: {invalid.Message}");
        }
    }

    private static JsonNode? RequiredValue(JsonObject operation, int index) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value
            : throw new JsonPatchException(index, null, "missing \"value\" member");

    internal static string Describe(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();
}
