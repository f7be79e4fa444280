using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain.Chronologies;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using Marten;

namespace Chronology.Domain.Imports;

/// <summary>
/// Imports NDJSON edit commands through the same path as the HTTP API: each line is read, validated,
/// decided and appended as one revision, or refused and reported with its line number while the other
/// lines go in. A line's <c>key</c> makes it idempotent: importing the same file again adds nothing.
/// </summary>
public sealed class NdjsonImport(IDocumentStore store, RecordEditor editor)
{
    public const string IdempotencyScope = "import";

    private sealed record Line(
        string? Key, string? Record, string? Command, JsonNode? Body, string? Editor, string? Comment, bool? Correction);

    public async Task<ImportProgress> Run(
        string content, Importer importer, string correlationId, Func<ImportProgress, Task> report, CancellationToken cancellation)
    {
        var lines = content.Split('\n').Select((text, index) => (Number: index + 1, Text: text.Trim())).Where(line => line.Text.Length > 0).ToList();
        var progress = new ImportProgress(lines.Count, 0, 0, 0, []);
        var errors = new List<ImportError>();
        foreach (var (number, text) in lines)
        {
            var outcome = await ImportLine(text, importer, correlationId, cancellation);
            if (outcome.Error is { } reason) errors.Add(new ImportError(number, reason));
            progress = progress with
            {
                Done = progress.Done + 1,
                Imported = progress.Imported + (outcome.Imported ? 1 : 0),
                Skipped = progress.Skipped + (outcome.Skipped ? 1 : 0),
                Errors = errors.ToList(),
            };
            await report(progress);
        }
        return progress;
    }

    private async Task<(bool Imported, bool Skipped, string? Error)> ImportLine(string text, Importer importer, string correlationId, CancellationToken cancellation)
    {
        var (json, invalid) = JsonText.Parse(text);
        if (invalid is not null) return (false, false, invalid.Message);
        Line? line;
        try
        {
            line = json.Deserialize<Line>(ChronologyJson.Options);
        }
        catch (JsonException e)
        {
            return (false, false, $"not a JSON line of the import format: {e.Message.Split(" Path:")[0]}");
        }
        if (line is not { Key.Length: > 0, Record.Length: > 0, Command.Length: > 0, Body: JsonObject })
            return (false, false, "a line needs key, record, command and an object body.");

        var creating = line.Command == "create";
        var recordId = await Resolve(ImportName.ForRecord(line.Record), cancellation);
        if (recordId is null && !creating) return (false, false, $"record '{line.Record}' is not known: create it on an earlier line.");

        var (body, unresolved) = await ResolveNames(line.Body, cancellation);
        if (unresolved is not null) return (false, false, $"'@{unresolved}' names no record or line imported before.");
        var (read, refusal) = CommandCatalogue.Read(line.Command, body, Guid.CreateVersion7);
        if (refusal is not null) return (false, false, refusal.Message);

        var note = new EditNote(
            importer.IsAdmin && line.Editor is { Length: > 0 } named ? named : importer.Name,
            line.Comment ?? read!.Comment, line.Correction ?? read!.Correction, line.Key, importer.Name);
        var claim = new IdempotencyClaim(IdempotencyScope, line.Key, Hash(text), Lifetime: null);
        var result = await editor.Edit(
            new EditRequest(recordId ?? Guid.CreateVersion7(), [read!.Command], note, CorrelationId: correlationId, Idempotency: claim), cancellation);

        switch (result)
        {
            case EditResult.Accepted accepted:
                await Remember(line, accepted, cancellation);
                return (!accepted.Replayed, accepted.Replayed, null);
            case EditResult.Refused refused:
                return (false, false, refused.Error.Message);
            case EditResult.KeyReused:
                return (false, false, $"key '{line.Key}' was imported before with different content.");
            default:
                return (false, false, $"the record kept changing under the import ({result}); import the line again.");
        }
    }

    /// <summary>Keeps the ids a line's local names stand for, so later lines (and later imports) can use them.</summary>
    private async Task Remember(Line line, EditResult.Accepted accepted, CancellationToken cancellation)
    {
        await using var session = store.ChronologySession();
        if (line.Command == "create") session.Store(new ImportName(ImportName.ForRecord(line.Record!), accepted.RecordId));
        if (accepted.ItemId is { } item) session.Store(new ImportName(ImportName.ForItem(line.Key!), item));
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Replaces every "@name" string in the body by the id of the record or item it names.</summary>
    private async Task<(JsonNode Body, string? Unresolved)> ResolveNames(JsonNode body, CancellationToken cancellation)
    {
        var copy = body.DeepClone();
        var references = Strings(copy).Where(value => value.GetValue<string>() is ['@', _, ..]).ToList();
        foreach (var reference in references)
        {
            var name = reference.GetValue<string>()[1..];
            var id = await Resolve(ImportName.ForRecord(name), cancellation) ?? await Resolve(ImportName.ForItem(name), cancellation);
            if (id is null) return (copy, name);
            reference.ReplaceWith(JsonValue.Create(id.Value.ToString()));
        }
        return (copy, null);
    }

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(member => Strings(member.Value)).ToList(),
        JsonArray a => a.SelectMany(Strings).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v],
        _ => [],
    };

    private async Task<Guid?> Resolve(string name, CancellationToken cancellation)
    {
        await using var session = store.ChronologyQuery();
        return (await session.LoadAsync<ImportName>(name, cancellation))?.Value;
    }

    private static string Hash(string line) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
}
