using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Imports;

/// <summary>One import line as the file spells it: the command, its record's local name, its body and the note.</summary>
internal sealed record ImportLine(
    string? Key, string? Record, string? Command, JsonElement? Body, string? Editor, string? Comment, bool? Correction);

/// <summary>
/// An import line read as far as it can be without the database and without the lines before it: its JSON parsed once
/// and bound to <see cref="ImportLine"/> (or the reason it cannot be), the hash its receipt keeps, the "@names" its body
/// uses, and, when it uses none, its command read and validated (or refused). The lines of a chunk are prepared while
/// the chunk before it is being written, so that work overlaps the database's.
/// </summary>
internal sealed record PreparedLine(
    NumberedLine Source, ImportLine? Line, string? Error, string Hash, IReadOnlyList<string> References, (ReadCommand? Read, DomainError? Refusal)? Command)
{
    public static List<PreparedLine> Prepare(IReadOnlyList<NumberedLine> lines)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var prepared = new List<PreparedLine>(lines.Count);
        foreach (var source in lines)
        {
            var utf8 = Encoding.UTF8.GetBytes(source.Text);
            sha256.AppendData(utf8);
            prepared.Add(Prepare(source, utf8, Convert.ToHexString(sha256.GetHashAndReset())));
        }
        return prepared;
    }

    private static PreparedLine Prepare(NumberedLine source, byte[] utf8, string hash)
    {
        if (JsonText.Check(utf8) is { } invalid) return Refused(invalid.Message);
        ImportLine? line;
        try
        {
            line = JsonSerializer.Deserialize<ImportLine>(utf8, ChronologyJson.Options);
        }
        catch (JsonException e)
        {
            return Refused($"not a JSON line of the import format: {e.Message.Split(" Path:")[0]}");
        }
        if (line is not { Key.Length: > 0, Record.Length: > 0, Command.Length: > 0, Body: { ValueKind: JsonValueKind.Object } body })
            return Refused("a line needs key, record, command and an object body.");
        var references = new List<string>();
        AddReferences(body, references);
        return new PreparedLine(source, line, null, hash, references, references.Count == 0 ? CommandCatalogue.Read(line.Command, body, Guid.CreateVersion7) : null);

        PreparedLine Refused(string error) => new(source, null, error, hash, [], null);
    }

    /// <summary>The names (without their '@') of the strings in a body that name a record or an earlier line ("@name").</summary>
    private static void AddReferences(JsonElement element, List<string> references)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject()) AddReferences(member.Value, references);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) AddReferences(item, references);
                break;
            case JsonValueKind.String when element.GetString() is ['@', _, ..] reference:
                references.Add(reference[1..]);
                break;
        }
    }

    /// <summary>The strings of a body that name a record or an earlier line ("@name"), to replace them.</summary>
    public static IEnumerable<JsonValue> ReferencesIn(JsonNode? body) =>
        Strings(body).Where(value => value.GetValue<string>() is ['@', _, ..]);

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(member => Strings(member.Value)).ToList(),
        JsonArray a => a.SelectMany(Strings).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v],
        _ => [],
    };
}
