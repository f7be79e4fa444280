using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronology.Domain.PersonalData;

/// <summary>
/// A personal value in an event's JSON: <c>{"commitment": "…"}</c> in the versions that commit to their personal
/// values, the plain value in the first versions (read by the same type through Marten's upcast of the old name).
/// </summary>
public sealed class PersonalJson : JsonConverterFactory
{
    public const string CommitmentMember = "commitment";

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Personal<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    /// <summary>The commitment a stored JSON value holds, or null when it is a plain value.</summary>
    public static string? CommitmentIn(JsonNode? node) =>
        node is JsonObject { Count: 1 } members && members[CommitmentMember] is JsonValue value && value.TryGetValue<string>(out var commitment)
            ? commitment
            : null;

    /// <summary>Every commitment in a JSON document (an entry of the log, an event's data), in document order.</summary>
    public static IEnumerable<string> Commitments(JsonNode? node)
    {
        if (CommitmentIn(node) is { } commitment)
        {
            yield return commitment;
            yield break;
        }
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject members => members.Select(member => member.Value),
            JsonArray items => items,
            _ => [],
        };
        foreach (var inner in children.SelectMany(Commitments)) yield return inner;
    }

    private sealed class Converter<T> : JsonConverter<Personal<T>> where T : class
    {
        public override Personal<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader);
            return CommitmentIn(node) is { } commitment
                ? Personal<T>.Committed(commitment)
                : Personal<T>.Of(node.Deserialize<T>(options) ?? throw new JsonException($"A personal {typeof(T).Name} cannot be null here."));
        }

        public override void Write(Utf8JsonWriter writer, Personal<T> value, JsonSerializerOptions options) => value.Write(writer, options);
    }
}
