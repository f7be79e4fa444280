using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>
/// Differences between two JSON documents: field-level changes that name array items by id (for people, history,
/// blame and undo), and a plain index-based RFC 6902 patch (for any JSON Patch library).
/// </summary>
public static partial class JsonDiff
{
    public const string AddOp = "add";
    public const string RemoveOp = "remove";
    public const string ReplaceOp = "replace";

    public static string ToPointer(IEnumerable<string> segments) => new JsonPointer(segments).ToString();

    /// <summary>
    /// Objects are compared member by member; arrays of objects with unique string ids by id (surviving items
    /// in the same order); any other array, and any change of type, as one replaced value.
    /// </summary>
    public static IReadOnlyList<FieldChange> Changes(JsonNode? before, JsonNode? after)
    {
        var changes = new List<FieldChange>();
        CollectChanges(JsonPointer.Root, before, after, changes);
        return changes;
    }

    /// <summary>A patch that turns <paramref name="before"/> into <paramref name="after"/>, with array indexes into <paramref name="before"/>.</summary>
    public static JsonPatch Patch(JsonNode? before, JsonNode? after)
    {
        var operations = new List<JsonPatchOperation>();
        CollectOperations(JsonPointer.Root, before, after, operations);
        return new JsonPatch(operations);
    }

    private static void CollectChanges(JsonPointer path, JsonNode? before, JsonNode? after, List<FieldChange> changes)
    {
        if (JsonNode.DeepEquals(before, after))
            return;

        switch (before, after)
        {
            case (JsonObject beforeObject, JsonObject afterObject):
                foreach (var (name, value) in beforeObject)
                {
                    if (!afterObject.ContainsKey(name))
                        changes.Add(Change(path.Append(name), RemoveOp, value, null));
                }
                foreach (var (name, value) in afterObject)
                {
                    if (beforeObject.TryGetPropertyValue(name, out var beforeValue))
                        CollectChanges(path.Append(name), beforeValue, value, changes);
                    else
                        changes.Add(Change(path.Append(name), AddOp, null, value));
                }
                break;

            case (JsonArray beforeArray, JsonArray afterArray)
                when IdKeyedArrays.Match(beforeArray, afterArray) is { SurvivorsKeepOrder: true } match:
                for (var index = 0; index < beforeArray.Count; index++)
                {
                    var id = match.BeforeIds[index];
                    if (!match.KeepsItem(id))
                        changes.Add(Change(path.Append(id), RemoveOp, beforeArray[index], null) with { ItemIndex = index });
                }
                for (var index = 0; index < afterArray.Count; index++)
                {
                    var id = match.AfterIds[index];
                    var beforeIndex = match.IndexBefore(id);
                    if (beforeIndex >= 0)
                        CollectChanges(path.Append(id), beforeArray[beforeIndex], afterArray[index], changes);
                    else
                        changes.Add(Change(path.Append(id), AddOp, null, afterArray[index]) with { ItemIndex = index });
                }
                break;

            default:
                changes.Add(Change(path, ReplaceOp, before, after));
                break;
        }
    }

    private static FieldChange Change(JsonPointer path, string op, JsonNode? before, JsonNode? after) =>
        new(path.ToString(), op, before?.DeepClone(), after?.DeepClone());

    private static void CollectOperations(JsonPointer path, JsonNode? before, JsonNode? after, List<JsonPatchOperation> operations)
    {
        if (JsonNode.DeepEquals(before, after))
            return;

        switch (before, after)
        {
            case (JsonObject beforeObject, JsonObject afterObject):
                foreach (var (name, _) in beforeObject)
                {
                    if (!afterObject.ContainsKey(name))
                        operations.Add(JsonPatchOperation.Remove(path.Append(name)));
                }
                foreach (var (name, value) in afterObject)
                {
                    if (beforeObject.TryGetPropertyValue(name, out var beforeValue))
                        CollectOperations(path.Append(name), beforeValue, value, operations);
                    else
                        operations.Add(JsonPatchOperation.Add(path.Append(name), value));
                }
                break;

            case (JsonArray beforeArray, JsonArray afterArray):
                switch (IdKeyedArrays.Match(beforeArray, afterArray))
                {
                    case null:
                        CollectPositionalOperations(path, beforeArray, afterArray, operations);
                        break;
                    case { SurvivorsKeepOrder: true } match:
                        CollectOperationsById(path, beforeArray, afterArray, match, operations);
                        break;
                    default:
                        operations.Add(JsonPatchOperation.Replace(path, after));
                        break;
                }
                break;

            default:
                operations.Add(JsonPatchOperation.Replace(path, after));
                break;
        }
    }

    private static void CollectOperationsById(
        JsonPointer path, JsonArray before, JsonArray after, IdKeyedArrays match, List<JsonPatchOperation> operations)
    {
        // Removing from the end backwards keeps the indexes of the items still to be removed valid.
        for (var index = before.Count - 1; index >= 0; index--)
        {
            if (!match.KeepsItem(match.BeforeIds[index]))
                operations.Add(JsonPatchOperation.Remove(path.Append(Index(index))));
        }

        // The array now holds the surviving items in their final order; walking the final order, every item
        // before `index` is already in place, so item `index` is either the next survivor or inserted here.
        for (var index = 0; index < after.Count; index++)
        {
            var beforeIndex = match.IndexBefore(match.AfterIds[index]);
            if (beforeIndex >= 0)
                CollectOperations(path.Append(Index(index)), before[beforeIndex], after[index], operations);
            else
                operations.Add(JsonPatchOperation.Add(path.Append(Index(index)), after[index]));
        }
    }

    /// <summary>Keeps the common head and tail, patches the middle element by element, then removes or adds the rest.</summary>
    private static void CollectPositionalOperations(
        JsonPointer path, JsonArray before, JsonArray after, List<JsonPatchOperation> operations)
    {
        var head = 0;
        while (head < before.Count && head < after.Count && JsonNode.DeepEquals(before[head], after[head]))
            head++;
        var tail = 0;
        while (tail < before.Count - head && tail < after.Count - head
               && JsonNode.DeepEquals(before[before.Count - 1 - tail], after[after.Count - 1 - tail]))
            tail++;

        var beforeMiddle = before.Count - head - tail;
        var afterMiddle = after.Count - head - tail;
        var paired = Math.Min(beforeMiddle, afterMiddle);
        for (var offset = 0; offset < paired; offset++)
            CollectOperations(path.Append(Index(head + offset)), before[head + offset], after[head + offset], operations);
        for (var offset = beforeMiddle - 1; offset >= paired; offset--)
            operations.Add(JsonPatchOperation.Remove(path.Append(Index(head + offset))));
        for (var offset = paired; offset < afterMiddle; offset++)
            operations.Add(JsonPatchOperation.Add(path.Append(Index(head + offset)), after[head + offset]));
    }

    private static string Index(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
