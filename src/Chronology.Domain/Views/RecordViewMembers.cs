using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chronology.Domain.Views;

/// <summary>
/// Two record views written with only the members that may differ between them, in the order the whole view writes them,
/// so that a revision serialises and diffs what its events changed rather than the whole record twice. A member left out
/// holds the same object on both sides (the fold carries every member an event does not set over from the state before)
/// or an equal string or value (instants are written in UTC, so equal instants are written alike): either way it writes
/// the same JSON on both sides, where the whole-view diff finds no change. Every member is written whatever its value
/// (nulls too), so both views always name the same members and the diff walks them in the same order as the whole views.
/// </summary>
internal static class RecordViewMembers
{
    private static readonly JsonTypeInfo Contract = ChronologyJson.Options.GetTypeInfo(typeof(RecordView));

    private static readonly JsonWriterOptions Writing = new() { Encoder = ChronologyJson.Options.Encoder };

    public static (byte[] Before, byte[] After) Differing(RecordView before, RecordView after)
    {
        var (from, to) = (new ArrayBufferWriter<byte>(256), new ArrayBufferWriter<byte>(256));
        using (var fromWriter = new Utf8JsonWriter(from, Writing))
        using (var toWriter = new Utf8JsonWriter(to, Writing))
        {
            fromWriter.WriteStartObject();
            toWriter.WriteStartObject();
            foreach (var member in Contract.Properties)
            {
                var (was, value) = (member.Get!(before), member.Get!(after));
                if (Same(was, value)) continue;
                Write(fromWriter, member, was);
                Write(toWriter, member, value);
            }
            fromWriter.WriteEndObject();
            toWriter.WriteEndObject();
        }
        return (from.WrittenSpan.ToArray(), to.WrittenSpan.ToArray());
    }

    private static bool Same(object? before, object? after) =>
        ReferenceEquals(before, after) || (before is ValueType or string && before.Equals(after));

    private static void Write(Utf8JsonWriter writer, JsonPropertyInfo member, object? value)
    {
        writer.WritePropertyName(member.Name);
        JsonSerializer.Serialize(writer, value, member.PropertyType, ChronologyJson.Options);
    }
}
