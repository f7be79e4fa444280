using System.Text.Json.Nodes;

namespace Chronology.Domain.Diffs;

/// <summary>
/// Two arrays whose items are all objects with a unique string "id" (participants, sources, …):
/// such arrays are compared item by item by id instead of by position.
/// </summary>
internal sealed class IdKeyedArrays
{
    private IdKeyedArrays(List<string> beforeIds, List<string> afterIds)
    {
        BeforeIds = beforeIds;
        AfterIds = afterIds;
    }

    public IReadOnlyList<string> BeforeIds { get; }
    public IReadOnlyList<string> AfterIds { get; }

    /// <summary>Whether the items present on both sides are in the same relative order.</summary>
    public bool SurvivorsKeepOrder =>
        BeforeIds.Where(AfterIds.Contains).SequenceEqual(AfterIds.Where(BeforeIds.Contains));

    public static IdKeyedArrays? Match(JsonArray before, JsonArray after) =>
        Ids(before) is { } beforeIds && Ids(after) is { } afterIds ? new IdKeyedArrays(beforeIds, afterIds) : null;

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

    private static List<string>? Ids(JsonArray array)
    {
        var ids = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (IdOf(item) is not { } id || ids.Contains(id))
                return null;
            ids.Add(id);
        }
        return ids;
    }

    private static string? IdOf(JsonNode? item) =>
        item is JsonObject obj && obj["id"] is JsonValue id && id.TryGetValue(out string? text) ? text : null;
}
