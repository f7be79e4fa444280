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
/// the whole views.
/// </summary>
internal static class RecordViewMembers
{
    private static readonly JsonTypeInfo Contract = ChronologyJson.Options.GetTypeInfo(typeof(RecordView));

    private static readonly JsonWriterOptions Writing = new() { Encoder = ChronologyJson.Options.Encoder };

    // Each folding thread writes both sides into buffers of its own, reused from one revision to the next: a fresh buffer
    // grown to a record's size for every revision was most of what the fold allocated.
    [ThreadStatic] private static Side? before, after;

    public static IReadOnlyList<FieldChange> Changes(RecordView from, RecordView to, IReadOnlySet<string> ignoredPaths)
    {
        var (was, now) = (before ??= new Side(), after ??= new Side());
        was.Start();
        now.Start();
        foreach (var member in Contract.Properties)
        {
            var (wasValue, value) = (member.Get!(from), member.Get!(to));
            if (Same(wasValue, value)) continue;
            was.Write(member, wasValue);
            now.Write(member, value);
        }
        using var wasDocument = was.End();
        using var nowDocument = now.End();
        return JsonDiff.Changes(wasDocument.RootElement, nowDocument.RootElement, ignoredPaths);
    }

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

        /// <summary>The side as a document over the buffer itself: valid until the next <see cref="Start"/> on this thread.</summary>
        public JsonDocument End()
        {
            writer.WriteEndObject();
            writer.Flush();
            return JsonDocument.Parse(buffer.WrittenMemory);
        }
    }
}
