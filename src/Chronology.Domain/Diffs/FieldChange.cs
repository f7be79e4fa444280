using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronology.Domain.Diffs;

/// <summary>
/// One field-level change between two documents. <see cref="Path"/> is a JSON Pointer that names items of
/// id-keyed arrays by id (<c>/participants/{itemId}/role</c>); <see cref="Op"/> is "add", "remove" or "replace".
/// </summary>
public sealed record FieldChange(string Path, string Op, JsonNode? Before, JsonNode? After)
{
    /// <summary>
    /// For an item added to or removed from an id-keyed array, its index after (add) or before (remove) the change,
    /// so that undoing a removal can put the item back where it was. Not part of the change's JSON shape.
    /// </summary>
    [JsonIgnore]
    public int? ItemIndex { get; init; }
}
