using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Imports;

/// <summary>One import line as the file spells it: the command, its record's local name, its body and the note.</summary>
internal sealed record ImportLine(
    string? Key, string? Record, string? Command, JsonNode? Body, string? Editor, string? Comment, bool? Correction);

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
        var (json, invalid) = JsonText.Parse(utf8);
        if (invalid is not null) return Refused(invalid.Message);
        ImportLine? line;
        try
        {
            line = json.Deserialize<ImportLine>(ChronologyJson.Options);
        }
        catch (JsonException e)
        {
            return Refused($"not a JSON line of the import format: {e.Message.Split(" Path:")[0]}");
        }
        if (line is not { Key.Length: > 0, Record.Length: > 0, Command.Length: > 0, Body: JsonObject body })
            return Refused("a line needs key, record, command and an object body.");
        var references = ReferencesIn(body).Select(reference => reference.GetValue<string>()[1..]).ToList();
        return new PreparedLine(source, line, null, hash, references, references.Count == 0 ? CommandCatalogue.Read(line.Command, body, Guid.CreateVersion7) : null);

        PreparedLine Refused(string error) => new(source, null, error, hash, [], null);
    }

    /// <summary>The strings of a body that name a record or an earlier line ("@name").</summary>
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
