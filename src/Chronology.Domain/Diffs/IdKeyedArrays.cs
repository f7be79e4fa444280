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

    private IdKeyedArrays(List<string> beforeIds, Dictionary<string, int> beforeIndexes, List<string> afterIds, Dictionary<string, int> afterIndexes)
    {
        (BeforeIds, this.beforeIndexes, AfterIds, this.afterIndexes) = (beforeIds, beforeIndexes, afterIds, afterIndexes);
    }

    public IReadOnlyList<string> BeforeIds { get; }
    public IReadOnlyList<string> AfterIds { get; }

    /// <summary>Whether the items present on both sides are in the same relative order.</summary>
    public bool SurvivorsKeepOrder =>
        BeforeIds.Where(afterIndexes.ContainsKey).SequenceEqual(AfterIds.Where(beforeIndexes.ContainsKey));

    /// <summary>The item's position in the array before, or -1 when it is new.</summary>
    public int IndexBefore(string id) => beforeIndexes.GetValueOrDefault(id, -1);

    public bool KeepsItem(string id) => afterIndexes.ContainsKey(id);

    public static IdKeyedArrays? Match(JsonArray before, JsonArray after) =>
        Ids(before) is var (beforeIds, beforeIndexes) && Ids(after) is var (afterIds, afterIndexes)
            ? new IdKeyedArrays(beforeIds, beforeIndexes, afterIds, afterIndexes)
            : null;

    public static JsonObject? FindItem(JsonArray array, string id) =>
        IndexOf(array, id) is var index and >= 0 ? (JsonObject)array[index]! : null;

    public static int IndexOf(JsonArray array, string id)
    {
        for (var index = 0; index < array.Count; index++)
        {
            if (IdOf(array[index]) == id)
                return index;
        }
        return -1;
    }

    private static (List<string> Ids, Dictionary<string, int> Indexes)? Ids(JsonArray array)
    {
        var ids = new List<string>(array.Count);
        var indexes = new Dictionary<string, int>(array.Count);
        foreach (var item in array)
        {
            if (IdOf(item) is not { } id || !indexes.TryAdd(id, ids.Count))
                return null;
            ids.Add(id);
        }
        return (ids, indexes);
    }

    private static string? IdOf(JsonNode? item) =>
        item is JsonObject obj && obj["id"] is JsonValue id && id.TryGetValue(out string? text) ? text : null;
}
