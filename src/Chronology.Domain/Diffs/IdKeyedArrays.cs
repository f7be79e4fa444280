using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>
/// Two arrays whose items are all objects with a unique string "id" (participants, sources, …):
/// such arrays are compared item by item by id instead of by position.
/// </summary>
internal sealed class IdKeyedArrays
{
    // Positions by id, so that matching two arrays stays linear in their length (records gather hundreds of outcomes).
    private readonly Dictionary<string, int> beforeIndexes, afterIndexes;

    private IdKeyedArrays(
        JsonElement[] before, List<string> beforeIds, Dictionary<string, int> beforeIndexes,
        JsonElement[] after, List<string> afterIds, Dictionary<string, int> afterIndexes)
    {
        (Before, BeforeIds, this.beforeIndexes, After, AfterIds, this.afterIndexes) = (before, beforeIds, beforeIndexes, after, afterIds, afterIndexes);
    }

    // The items by position (a JsonElement array finds its n-th item by walking the ones before it).
    public JsonElement[] Before { get; }
    public JsonElement[] After { get; }

    public IReadOnlyList<string> BeforeIds { get; }
    public IReadOnlyList<string> AfterIds { get; }

    /// <summary>Whether the items present on both sides are in the same relative order.</summary>
    public bool SurvivorsKeepOrder =>
        BeforeIds.Where(afterIndexes.ContainsKey).SequenceEqual(AfterIds.Where(beforeIndexes.ContainsKey));

    /// <summary>The item's position in the array before, or -1 when it is new.</summary>
    public int IndexBefore(string id) => beforeIndexes.GetValueOrDefault(id, -1);

    public bool KeepsItem(string id) => afterIndexes.ContainsKey(id);

    public static IdKeyedArrays? Match(JsonElement before, JsonElement after)
    {
        JsonElement[] beforeItems = [.. before.EnumerateArray()], afterItems = [.. after.EnumerateArray()];
        return Ids(beforeItems) is var (beforeIds, beforeIndexes) && Ids(afterItems) is var (afterIds, afterIndexes)
            ? new IdKeyedArrays(beforeItems, beforeIds, beforeIndexes, afterItems, afterIds, afterIndexes)
            : null;
    }

    public static JsonObject? FindItem(JsonArray array, string id) =>
        IndexOf(array, id) is var index and >= 0 ? (JsonObject)array[index]! : null;

    public static int IndexOf(JsonArray array, string id)
    {
        for (var index = 0; index < array.Count; index++)
        {
            if (array[index] is JsonObject item && item["id"] is JsonValue itemId && itemId.TryGetValue(out string? text) && text == id)
                return index;
        }
        return -1;
    }

    private static (List<string> Ids, Dictionary<string, int> Indexes)? Ids(JsonElement[] items)
    {
        var ids = new List<string>(items.Length);
        var indexes = new Dictionary<string, int>(items.Length);
        foreach (var item in items)
        {
            if (IdOf(item) is not { } id || !indexes.TryAdd(id, ids.Count))
                return null;
            ids.Add(id);
        }
        return (ids, indexes);
    }

    private static string? IdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}
