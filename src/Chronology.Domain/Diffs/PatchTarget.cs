using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>A failed operation: where it conflicts with the document, and why.</summary>
internal sealed class PatchConflictException(JsonPointer path, string reason) : Exception(reason)
{
    public JsonPointer Path { get; } = path;
}

/// <summary>The document a patch is being applied to; it owns its nodes and may replace its root.</summary>
internal sealed class PatchTarget(JsonNode? root)
{
    public JsonNode? Root { get; private set; } = root;

    public void Apply(JsonPatchOperation operation)
    {
        switch (operation.Type)
        {
            case JsonPatchOperationType.Add:
                Add(operation.Path, operation.Value?.DeepClone());
                break;
            case JsonPatchOperationType.Remove:
                Remove(operation.Path);
                break;
            case JsonPatchOperationType.Replace:
                Replace(operation.Path, operation.Value?.DeepClone());
                break;
            case JsonPatchOperationType.Move:
                Move(operation.From!, operation.Path);
                break;
            case JsonPatchOperationType.Copy:
                Add(operation.Path, Get(operation.From!)?.DeepClone());
                break;
            case JsonPatchOperationType.Test:
                Test(operation.Path, operation.Value);
                break;
        }
    }

    public JsonNode? Get(JsonPointer path)
    {
        var node = Root;
        for (var depth = 0; depth < path.Segments.Count; depth++)
        {
            var segment = path.Segments[depth];
            var reached = path.Take(depth + 1);
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var member) => member,
                JsonArray array => array[ExistingIndex(array, segment, reached)],
                _ => throw Missing(reached),
            };
        }
        return node;
    }

    private void Add(JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            Root = value;
            return;
        }
        switch (Container(path))
        {
            case JsonObject obj:
                obj[path.LastSegment] = value;
                break;
            case JsonArray array when path.LastSegment == "-":
                array.Add(value);
                break;
            case JsonArray array:
                var index = ArrayIndex(path.LastSegment, path);
                if (index > array.Count)
                    throw new PatchConflictException(path, $"cannot add at {path}: index {index} is past the end of an array of {array.Count}");
                array.Insert(index, value);
                break;
        }
    }

    private JsonNode? Remove(JsonPointer path)
    {
        if (path.IsRoot)
            throw new PatchConflictException(path, "cannot remove the whole document");
        switch (Container(path))
        {
            case JsonObject obj:
                if (!obj.Remove(path.LastSegment, out var member))
                    throw Missing(path);
                return member;
            case JsonArray array:
                var index = ExistingIndex(array, path.LastSegment, path);
                var item = array[index];
                array.RemoveAt(index);
                return item;
            default:
                throw Missing(path);
        }
    }

    private void Replace(JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            Root = value;
            return;
        }
        switch (Container(path))
        {
            case JsonObject obj when obj.ContainsKey(path.LastSegment):
                obj[path.LastSegment] = value;
                break;
            case JsonArray array:
                array[ExistingIndex(array, path.LastSegment, path)] = value;
                break;
            default:
                throw Missing(path);
        }
    }

    private void Move(JsonPointer from, JsonPointer path)
    {
        if (from.IsProperPrefixOf(path))
            throw new PatchConflictException(path, $"cannot move {from} into its own child {path}");
        Add(path, Remove(from));
    }

    private void Test(JsonPointer path, JsonNode? expected)
    {
        var actual = Get(path);
        if (!JsonNode.DeepEquals(actual, expected))
            throw new PatchConflictException(path, $"test failed at {path}: expected {Json(expected)}, found {Json(actual)}");
    }

    /// <summary>The object or array that holds (or is to hold) the value at <paramref name="path"/>.</summary>
    private JsonNode Container(JsonPointer path)
    {
        var container = Get(path.Parent);
        return container is JsonObject or JsonArray
            ? container
            : throw new PatchConflictException(path, $"path {path} does not exist: {path.Parent} is {JsonPatch.Describe(container)}, not an object or array");
    }

    private static int ExistingIndex(JsonArray array, string segment, JsonPointer path)
    {
        var index = ArrayIndex(segment, path);
        return index < array.Count
            ? index
            : throw new PatchConflictException(path, $"path {path} does not exist: index {index} is out of range for an array of {array.Count}");
    }

    private static int ArrayIndex(string segment, JsonPointer path)
    {
        var isCanonical = segment.Length > 0
            && segment.All(char.IsAsciiDigit)
            && (segment == "0" || segment[0] != '0');
        if (!isCanonical || !int.TryParse(segment, out var index))
            throw new PatchConflictException(path, $"\"{segment}\" in {path} is not an array index (digits without leading zeros, or \"-\" to append)");
        return index;
    }

    private static PatchConflictException Missing(JsonPointer path) => new(path, $"path {path} does not exist");

    // Messages are read by people: keep "金正恩" readable rather than \u-escaped.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(JsonNode? value) => value?.ToJsonString(Readable) ?? "null";
}
