using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronology.Domain.Diffs;

namespace Chronology.Domain.Views;

/// <summary>
/// The field changes between two record views from only the members that may differ between them, so that a revision
/// serialises and diffs what its events changed rather than the whole record twice. A member left out holds the same
/// object on both sides (the fold carries every member an event does not set over from the state before) or an equal
/// string or value (instants are written in UTC, so equal instants are written alike): either way it writes the same JSON
/// on both sides, where the whole-view diff finds no change. The members kept are written in the order the whole view
/// writes them, whatever their value (nulls too), so both sides name the same members and the diff walks them as it walks
/// the whole views. In a list of items keyed by id (participants, outcomes, …) that the diff compares by id, an item that
/// is the same object on both sides is written as its id alone, alike on both sides: the diff matches it by that id and
/// finds it unchanged, as it would the whole item, so a revision that adds one outcome does not write all the others twice.
/// </summary>
internal static class RecordViewMembers
{
    private static readonly JsonTypeInfo Contract = ChronologyJson.Options.GetTypeInfo(typeof(RecordView));

    // The lists whose items all have a Guid "id" (written as a string): the diff compares them by id.
    private static readonly Dictionary<JsonPropertyInfo, (Type Item, JsonPropertyInfo Id)> ListsById = Contract.Properties
        .Select(member => (member, Item: ItemType(member.PropertyType)))
        .Select(list => (list.member, list.Item, Id: list.Item is null ? null : ChronologyJson.Options.GetTypeInfo(list.Item).Properties
            .SingleOrDefault(property => property.Name == "id" && property.PropertyType == typeof(Guid))))
        .Where(list => list.Id is not null)
        .ToDictionary(list => list.member, list => (list.Item!, list.Id!));

    private static readonly JsonWriterOptions Writing = new() { Encoder = ChronologyJson.Options.Encoder };

    // Each folding thread writes both sides into buffers of its own, reused from one revision to the next: a fresh buffer
    // grown to a record's size for every revision was most of what the fold allocated.
    [ThreadStatic] private static Side? before, after;

    // Each member's path, as the diff names it.
    private static readonly Dictionary<JsonPropertyInfo, string> Paths = Contract.Properties.ToDictionary(member => member, member => JsonDiff.ToPointer([member.Name]));

    /// <summary>
    /// The changes <see cref="JsonDiff.Changes(JsonElement, JsonElement, IReadOnlySet{string}?)"/> finds between the two
    /// views; a member whose path is ignored is left out whole rather than written and diffed to be dropped (the edit
    /// metadata, written with every revision, are scalars: their only change is at their own path).
    /// </summary>
    public static IReadOnlyList<FieldChange> Changes(RecordView from, RecordView to, IReadOnlySet<string> ignoredPaths)
    {
        var (was, now) = (before ??= new Side(), after ??= new Side());
        was.Start();
        now.Start();
        foreach (var member in Contract.Properties)
        {
            if (ignoredPaths.Contains(Paths[member])) continue;
            var (wasValue, value) = (member.Get!(from), member.Get!(to));
            if (Same(wasValue, value)) continue;
            if (ListsById.TryGetValue(member, out var list) && Kept(wasValue, value, list.Id) is { } kept)
            {
                was.WriteList(member, (IEnumerable<object>)wasValue!, list.Item, list.Id, kept);
                now.WriteList(member, (IEnumerable<object>)value!, list.Item, list.Id, kept);
                continue;
            }
            was.Write(member, wasValue);
            now.Write(member, value);
        }
        using var wasDocument = was.End();
        using var nowDocument = now.End();
        return JsonDiff.Changes(wasDocument.RootElement, nowDocument.RootElement, ignoredPaths);
    }

    /// <summary>
    /// The items that are the same object on both sides, when the diff compares the two lists by id (every item has a
    /// unique id on its side, and the items on both sides keep their order); otherwise null, and the lists are written whole.
    /// </summary>
    private static HashSet<object>? Kept(object? before, object? after, JsonPropertyInfo id)
    {
        if (before is not IEnumerable<object> befores || after is not IEnumerable<object> afters) return null;
        var (beforeIds, beforeById) = (new List<Guid>(), new Dictionary<Guid, object>());
        foreach (var item in befores)
        {
            if (item is null || !beforeById.TryAdd((Guid)id.Get!(item)!, item)) return null;
            beforeIds.Add((Guid)id.Get!(item)!);
        }
        var afterIds = new HashSet<Guid>();
        var kept = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var survivorsAfter = new List<Guid>();
        foreach (var item in afters)
        {
            if (item is null) return null;
            var itemId = (Guid)id.Get!(item)!;
            if (!afterIds.Add(itemId)) return null;
            if (!beforeById.TryGetValue(itemId, out var was)) continue;
            survivorsAfter.Add(itemId);
            if (ReferenceEquals(was, item)) kept.Add(item);
        }
        return beforeIds.Where(afterIds.Contains).SequenceEqual(survivorsAfter) ? kept : null;
    }

    private static Type? ItemType(Type list) =>
        list.IsGenericType && list.GetGenericTypeDefinition() == typeof(ImmutableList<>) ? list.GetGenericArguments()[0] : null;

    private static bool Same(object? before, object? after) =>
        ReferenceEquals(before, after) || (before is ValueType or string && before.Equals(after));

    private sealed class Side
    {
        private readonly ArrayBufferWriter<byte> buffer = new(4096);
        private readonly Utf8JsonWriter writer;

        public Side() => writer = new Utf8JsonWriter(buffer, Writing);

        public void Start()
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
        }

        public void Write(JsonPropertyInfo member, object? value)
        {
            writer.WritePropertyName(member.Name);
            JsonSerializer.Serialize(writer, value, member.PropertyType, ChronologyJson.Options);
        }

        public void WriteList(JsonPropertyInfo member, IEnumerable<object> items, Type itemType, JsonPropertyInfo id, HashSet<object> kept)
        {
            writer.WritePropertyName(member.Name);
            writer.WriteStartArray();
            foreach (var item in items)
            {
                if (kept.Contains(item))
                {
                    writer.WriteStartObject();
                    writer.WriteString(id.Name, (Guid)id.Get!(item)!);
                    writer.WriteEndObject();
                }
                else JsonSerializer.Serialize(writer, item, itemType, ChronologyJson.Options);
            }
            writer.WriteEndArray();
        }

        /// <summary>The side as a document over the buffer itself: valid until the next <see cref="Start"/> on this thread.</summary>
        public JsonDocument End()
        {
            writer.WriteEndObject();
            writer.Flush();
            return JsonDocument.Parse(buffer.WrittenMemory);
        }
    }
}
