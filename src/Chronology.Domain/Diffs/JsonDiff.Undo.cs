using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

// Undoing one revision while keeping later ones: the revision's field changes, resolved by id in the current document.
public static partial class JsonDiff
{
    /// <summary>
    /// The paths of <paramref name="changesOfRevision"/> where <paramref name="current"/> no longer holds what the
    /// revision left there (a later edit changed it), so undoing the revision would lose that edit.
    /// </summary>
    public static IReadOnlyList<string> Conflicts(IEnumerable<FieldChange> changesOfRevision, JsonNode? current) =>
        [.. changesOfRevision
            .Where(change =>
            {
                var isPresent = TryResolve(current, JsonPointer.Parse(change.Path), out var value);
                return change.Op == RemoveOp ? isPresent : !isPresent || !JsonNode.DeepEquals(value, change.After);
            })
            .Select(change => change.Path)
            .Distinct()];

    /// <summary>
    /// <paramref name="current"/> with <paramref name="changes"/> inverted: added members and items removed,
    /// removed ones restored (items at their old index where the array is long enough), replaced values restored.
    /// </summary>
    /// <exception cref="InvalidOperationException">A change's parent (an object or item) no longer exists.</exception>
    public static JsonNode? Revert(IEnumerable<FieldChange> changes, JsonNode? current)
    {
        var document = current?.DeepClone();
        // A removed item's old index counts the items before it, so restore removals last and in index order.
        var inverseOrder = changes
            .OrderBy(change => change.Op == RemoveOp)
            .ThenBy(change => change.ItemIndex ?? 0);
        foreach (var change in inverseOrder)
            document = RevertChange(change, document);
        return document;
    }

    private static JsonNode? RevertChange(FieldChange change, JsonNode? document)
    {
        var path = JsonPointer.Parse(change.Path);
        if (path.IsRoot)
            return change.Before?.DeepClone();
        if (!TryResolve(document, path.Parent, out var container))
            throw new InvalidOperationException($"Cannot undo the change at {change.Path}: {path.Parent} no longer exists.");

        var name = path.LastSegment;
        switch (container)
        {
            case JsonObject obj when change.Op == AddOp:
                obj.Remove(name);
                break;
            case JsonObject obj:
                obj[name] = change.Before?.DeepClone();
                break;
            case JsonArray array when IdKeyedArrays.IndexOf(array, name) is var index and >= 0:
                if (change.Op == AddOp)
                    array.RemoveAt(index);
                else
                    array[index] = change.Before?.DeepClone();
                break;
            case JsonArray array when change.Op != AddOp:
                array.Insert(Math.Min(change.ItemIndex ?? array.Count, array.Count), change.Before?.DeepClone());
                break;
            case JsonArray:
                break; // The added item is already gone.
            default:
                throw new InvalidOperationException($"Cannot undo the change at {change.Path}: {path.Parent} is not an object or array.");
        }
        return document;
    }

    /// <summary>Follows an id-based path: in an array, a segment names the item whose "id" it is.</summary>
    private static bool TryResolve(JsonNode? document, JsonPointer path, out JsonNode? value)
    {
        value = document;
        foreach (var segment in path.Segments)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var member):
                    value = member;
                    break;
                case JsonArray array when IdKeyedArrays.FindItem(array, segment) is { } item:
                    value = item;
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }
}
