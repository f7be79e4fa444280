using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronology.Domain.Records.StatusChanges;

/// <summary>
/// Stored events and snapshots keep the JSON they were first written with: the members of <see cref="StatusFacts"/>
/// inline beside the value's own members (<c>{"on", "start", "end", "by", "reason", "sources", …}</c>), not nested.
/// </summary>
internal abstract class InlineStatusFactsConverter<T> : JsonConverter<T>
{
    /// <summary>The names of the value's own members, so they are told apart from the facts when reading.</summary>
    protected abstract string[] OwnMembers { get; }

    /// <summary>The value's own members written before the facts.</summary>
    protected abstract (string Name, object? Value)[] Before(T value);

    /// <summary>The value's own members written after the facts.</summary>
    protected virtual (string Name, object? Value)[] After(T value) => [];

    protected abstract StatusFacts Facts(T value);

    /// <summary>Whether <c>start</c> and <c>end</c> are written: changes that do not date the meeting never had them.</summary>
    protected virtual bool Dated(T value) => true;

    protected abstract T Create(StatusFacts facts, JsonObject own, JsonSerializerOptions options);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var json = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException($"A {typeof(T).Name} is a JSON object.");
        var own = new JsonObject();
        foreach (var name in OwnMembers.Select(member => Name(member, options)))
            if (json.Remove(name, out var value)) own[name] = value;
        var facts = json.Deserialize<StatusFacts>(options) ?? throw new JsonException($"A {typeof(T).Name} needs its facts.");
        return Create(facts, own, options);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var facts = Facts(value);
        writer.WriteStartObject();
        WriteMembers(writer, Before(value), options);
        WriteMember(writer, nameof(StatusFacts.On), facts.On, options);
        if (Dated(value))
        {
            WriteMember(writer, nameof(StatusFacts.Start), facts.Start, options);
            WriteMember(writer, nameof(StatusFacts.End), facts.End, options);
        }
        WriteMember(writer, nameof(StatusFacts.By), facts.By, options);
        WriteMember(writer, nameof(StatusFacts.Reason), facts.Reason, options);
        WriteMember(writer, nameof(StatusFacts.Sources), facts.Sources, options);
        WriteMembers(writer, After(value), options);
        writer.WriteEndObject();
    }

    protected static TMember Member<TMember>(JsonObject own, string member, JsonSerializerOptions options) =>
        own[Name(member, options)].Deserialize<TMember>(options) ?? throw new JsonException($"{member} is missing.");

    private static void WriteMembers(Utf8JsonWriter writer, (string Name, object? Value)[] members, JsonSerializerOptions options)
    {
        foreach (var (name, value) in members) WriteMember(writer, name, value, options);
    }

    private static void WriteMember<TMember>(Utf8JsonWriter writer, string name, TMember value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(Name(name, options));
        JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(TMember), options);
    }

    private static string Name(string member, JsonSerializerOptions options) => options.PropertyNamingPolicy?.ConvertName(member) ?? member;
}

/// <summary>The seven status events: the facts, then the change they record (written for readers of the raw events).</summary>
internal sealed class StatusChangedJson : InlineStatusFactsConverter<StatusChanged>
{
    public override bool CanConvert(Type typeToConvert) => typeof(StatusChanged).IsAssignableFrom(typeToConvert);

    protected override string[] OwnMembers => [nameof(StatusChanged.Change)];

    protected override (string, object?)[] Before(StatusChanged value) => [];

    protected override (string, object?)[] After(StatusChanged value) => [(nameof(StatusChanged.Change), value.Change)];

    protected override StatusFacts Facts(StatusChanged value) => value.Facts;

    protected override bool Dated(StatusChanged value) => StatusChanged.Dates(value.Change);

    protected override StatusChanged Create(StatusFacts facts, JsonObject own, JsonSerializerOptions options) =>
        StatusChanged.Of(Member<StatusChange>(own, nameof(StatusChanged.Change), options), facts);
}

internal sealed class StatusEntryCorrectedJson : InlineStatusFactsConverter<StatusEntryCorrected>
{
    protected override string[] OwnMembers => [nameof(StatusEntryCorrected.Entry)];

    protected override (string, object?)[] Before(StatusEntryCorrected value) => [(nameof(StatusEntryCorrected.Entry), value.Entry)];

    protected override StatusFacts Facts(StatusEntryCorrected value) => value.Facts;

    protected override StatusEntryCorrected Create(StatusFacts facts, JsonObject own, JsonSerializerOptions options) =>
        new(Member<int>(own, nameof(StatusEntryCorrected.Entry), options), facts);
}

internal sealed class StatusEntryJson : InlineStatusFactsConverter<StatusEntry>
{
    protected override string[] OwnMembers => [nameof(StatusEntry.Number), nameof(StatusEntry.Change), nameof(StatusEntry.Revision)];

    protected override (string, object?)[] Before(StatusEntry value) =>
        [(nameof(StatusEntry.Number), value.Number), (nameof(StatusEntry.Change), value.Change)];

    protected override (string, object?)[] After(StatusEntry value) => [(nameof(StatusEntry.Revision), value.Revision)];

    protected override StatusFacts Facts(StatusEntry value) => value.Facts;

    protected override StatusEntry Create(StatusFacts facts, JsonObject own, JsonSerializerOptions options) => new(
        Member<int>(own, nameof(StatusEntry.Number), options), Member<StatusChange>(own, nameof(StatusEntry.Change), options), facts,
        Member<int>(own, nameof(StatusEntry.Revision), options));
}
