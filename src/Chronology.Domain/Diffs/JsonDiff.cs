using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>
/// Differences between two JSON documents: field-level changes that name array items by id (for people, history,
/// blame and undo), and a plain index-based RFC 6902 patch (for any JSON Patch library).
/// The documents are walked as parsed UTF-8 (<see cref="JsonElement"/>): a value whose bytes are the same on both sides
/// is passed over without building anything, and only the values that changed become <see cref="JsonNode"/>s, so a
/// revision costs what it changed, not the record's size (the revisions view diffs every revision it stores).
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
        using var from = Document(before);
        using var to = Document(after);
        return Changes(from.RootElement, to.RootElement);
    }

    /// <inheritdoc cref="Changes(JsonNode?, JsonNode?)"/>
    /// <param name="ignoredPaths">Paths whose changes are left out (as if filtered afterwards, without building them).</param>
    public static IReadOnlyList<FieldChange> Changes(JsonElement before, JsonElement after, IReadOnlySet<string>? ignoredPaths = null)
    {
        var changes = new ChangeList(ignoredPaths ?? NoPaths);
        CollectChanges(JsonPointer.Root, before, after, changes);
        return changes;
    }

    private static readonly HashSet<string> NoPaths = [];

    private sealed class ChangeList(IReadOnlySet<string> ignoredPaths) : List<FieldChange>
    {
        public void Add(JsonPointer path, string op, JsonElement? before, JsonElement? after, int? itemIndex = null)
        {
            var pointer = path.ToString();
            if (!ignoredPaths.Contains(pointer))
                Add(new FieldChange(pointer, op, before is { } from ? Node(from) : null, after is { } to ? Node(to) : null) { ItemIndex = itemIndex });
        }
    }

    /// <summary>A patch that turns <paramref name="before"/> into <paramref name="after"/>, with array indexes into <paramref name="before"/>.</summary>
    public static JsonPatch Patch(JsonNode? before, JsonNode? after)
    {
        using var from = Document(before);
        using var to = Document(after);
        return Patch(from.RootElement, to.RootElement);
    }

    /// <inheritdoc cref="Patch(JsonNode?, JsonNode?)"/>
    public static JsonPatch Patch(JsonElement before, JsonElement after)
    {
        var operations = new List<JsonPatchOperation>();
        CollectOperations(JsonPointer.Root, before, after, operations);
        return new JsonPatch(operations);
    }

    /// <summary>The value as a node of its own (JSON null as null), outliving the document it was read from.</summary>
    public static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        // Written back exactly as the parsed string would be (the writer escapes either), without a document of its own.
        JsonValueKind.String => JsonValue.Create(value.GetString()!),
        _ => JsonNode.Parse(JsonMarshal.GetRawUtf8Value(value)),
    };

    // A missing node is JSON null, as JsonNode.DeepEquals takes it.
    private static JsonDocument Document(JsonNode? node) => JsonSerializer.SerializeToDocument(node);

    /// <summary>
    /// JsonNode.DeepEquals over the parsed documents: the same bytes are the same value (the common case, checked without
    /// building anything); otherwise the values are compared as JSON (member order, number forms).
    /// </summary>
    private static bool Same(JsonElement before, JsonElement after) => SameBytes(before, after) || JsonElement.DeepEquals(before, after);

    private static bool SameBytes(JsonElement before, JsonElement after) =>
        JsonMarshal.GetRawUtf8Value(before).SequenceEqual(JsonMarshal.GetRawUtf8Value(after));

    /// <summary>
    /// The members of two objects that may differ, in the order both walks visit them: those only before (removed, no
    /// value after), then those after in their order (with the value before, if any). Members written with the same bytes
    /// on both sides are left out, and when both objects name the same members in the same order (one type serialised
    /// twice) no member's name is read unless its value changed.
    /// </summary>
    private static List<(string Name, JsonElement? Before, JsonElement? After)> ChangedMembers(JsonElement before, JsonElement after)
    {
        var changed = new List<(string, JsonElement?, JsonElement?)>();
        if (SameNames(before, after))
        {
            using var befores = before.EnumerateObject();
            foreach (var member in after.EnumerateObject())
            {
                befores.MoveNext();
                if (!SameBytes(befores.Current.Value, member.Value))
                    changed.Add((member.Name, befores.Current.Value, member.Value));
            }
            return changed;
        }
        foreach (var member in before.EnumerateObject())
        {
            if (!after.TryGetProperty(member.Name, out _))
                changed.Add((member.Name, member.Value, null));
        }
        foreach (var member in after.EnumerateObject())
            changed.Add((member.Name, before.TryGetProperty(member.Name, out var beforeValue) ? beforeValue : null, member.Value));
        return changed;
    }

    private static bool SameNames(JsonElement before, JsonElement after)
    {
        if (before.GetPropertyCount() != after.GetPropertyCount())
            return false;
        using var befores = before.EnumerateObject();
        foreach (var member in after.EnumerateObject())
        {
            befores.MoveNext();
            if (!JsonMarshal.GetRawUtf8PropertyName(befores.Current).SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(member)))
                return false;
        }
        return true;
    }

    private static void CollectChanges(JsonPointer path, JsonElement before, JsonElement after, ChangeList changes)
    {
        if (Same(before, after))
            return;

        switch (before.ValueKind, after.ValueKind)
        {
            case (JsonValueKind.Object, JsonValueKind.Object):
                foreach (var (name, beforeValue, afterValue) in ChangedMembers(before, after))
                {
                    if (afterValue is not { } value)
                        changes.Add(path.Append(name), RemoveOp, beforeValue, null);
                    else if (beforeValue is { } was)
                        CollectChanges(path.Append(name), was, value, changes);
                    else
                        changes.Add(path.Append(name), AddOp, null, value);
                }
                break;

            case (JsonValueKind.Array, JsonValueKind.Array)
                when IdKeyedArrays.Match(before, after) is { SurvivorsKeepOrder: true } match:
                for (var index = 0; index < match.Before.Length; index++)
                {
                    var id = match.BeforeIds[index];
                    if (!match.KeepsItem(id))
                        changes.Add(path.Append(id), RemoveOp, match.Before[index], null, index);
                }
                for (var index = 0; index < match.After.Length; index++)
                {
                    var id = match.AfterIds[index];
                    var beforeIndex = match.IndexBefore(id);
                    if (beforeIndex >= 0)
                        CollectChanges(path.Append(id), match.Before[beforeIndex], match.After[index], changes);
                    else
                        changes.Add(path.Append(id), AddOp, null, match.After[index], index);
                }
                break;

            default:
                changes.Add(path, ReplaceOp, before, after);
                break;
        }
    }

    private static void CollectOperations(JsonPointer path, JsonElement before, JsonElement after, List<JsonPatchOperation> operations)
    {
        if (Same(before, after))
            return;

        switch (before.ValueKind, after.ValueKind)
        {
            case (JsonValueKind.Object, JsonValueKind.Object):
                foreach (var (name, beforeValue, afterValue) in ChangedMembers(before, after))
                {
                    if (afterValue is not { } value)
                        operations.Add(JsonPatchOperation.Remove(path.Append(name)));
                    else if (beforeValue is { } was)
                        CollectOperations(path.Append(name), was, value, operations);
                    else
                        operations.Add(JsonPatchOperation.Add(path.Append(name), Node(value)));
                }
                break;

            case (JsonValueKind.Array, JsonValueKind.Array):
                switch (IdKeyedArrays.Match(before, after))
                {
                    case null:
                        CollectPositionalOperations(path, [.. before.EnumerateArray()], [.. after.EnumerateArray()], operations);
                        break;
                    case { SurvivorsKeepOrder: true } match:
                        CollectOperationsById(path, match, operations);
                        break;
                    default:
                        operations.Add(JsonPatchOperation.Replace(path, Node(after)));
                        break;
                }
                break;

            default:
                operations.Add(JsonPatchOperation.Replace(path, Node(after)));
                break;
        }
    }

    private static void CollectOperationsById(JsonPointer path, IdKeyedArrays match, List<JsonPatchOperation> operations)
    {
        // Removing from the end backwards keeps the indexes of the items still to be removed valid.
        for (var index = match.Before.Length - 1; index >= 0; index--)
        {
            if (!match.KeepsItem(match.BeforeIds[index]))
                operations.Add(JsonPatchOperation.Remove(path.Append(Index(index))));
        }

        // The array now holds the surviving items in their final order; walking the final order, every item
        // before `index` is already in place, so item `index` is either the next survivor or inserted here.
        for (var index = 0; index < match.After.Length; index++)
        {
            var beforeIndex = match.IndexBefore(match.AfterIds[index]);
            if (beforeIndex >= 0)
                CollectOperations(path.Append(Index(index)), match.Before[beforeIndex], match.After[index], operations);
            else
                operations.Add(JsonPatchOperation.Add(path.Append(Index(index)), Node(match.After[index])));
        }
    }

    /// <summary>Keeps the common head and tail, patches the middle element by element, then removes or adds the rest.</summary>
    private static void CollectPositionalOperations(
        JsonPointer path, JsonElement[] before, JsonElement[] after, List<JsonPatchOperation> operations)
    {
        var head = 0;
        while (head < before.Length && head < after.Length && Same(before[head], after[head]))
            head++;
        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head
               && Same(before[before.Length - 1 - tail], after[after.Length - 1 - tail]))
            tail++;

        var beforeMiddle = before.Length - head - tail;
        var afterMiddle = after.Length - head - tail;
        var paired = Math.Min(beforeMiddle, afterMiddle);
        for (var offset = 0; offset < paired; offset++)
            CollectOperations(path.Append(Index(head + offset)), before[head + offset], after[head + offset], operations);
        for (var offset = beforeMiddle - 1; offset >= paired; offset--)
            operations.Add(JsonPatchOperation.Remove(path.Append(Index(head + offset))));
        for (var offset = paired; offset < afterMiddle; offset++)
            operations.Add(JsonPatchOperation.Add(path.Append(Index(head + offset)), Node(after[head + offset])));
    }

    private static string Index(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
