using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Domain;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;

namespace Chronology.Api.Records.Editing;

/// <summary><c>POST /records/{id}/edits</c>: <c>{ "comment", "correction", "commands": [ {"command", "body"} ] }</c>.</summary>
public sealed record EditBatch(IReadOnlyList<IRecordCommand> Commands, string? Comment, bool Correction)
{
    public const int Limit = 100;

    private sealed record Body(string? Comment, bool Correction, List<Item?>? Commands);

    private sealed record Item(string? Command, JsonNode? Body);

    public static (EditBatch? Batch, DomainError? Error) Read(JsonNode? json)
    {
        Body? body;
        try
        {
            body = json.Deserialize<Body>(ChronologyJson.Options);
        }
        catch (JsonException e)
        {
            return (null, CommandReader.JsonError(e));
        }
        if (body?.Commands is not { Count: > 0 and <= Limit } items)
            return (null, DomainError.Invalid("commands", $"needs between 1 and {Limit} commands."));
        if (body.Comment is { Length: > Validation.CommentLimit })
            return (null, DomainError.Invalid("comment", $"is longer than {Validation.CommentLimit} characters."));

        var commands = new List<IRecordCommand>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
                return (null, DomainError.Invalid($"commands[{i}]", $"commands[{i}] must be an object: {{\"command\", \"body\"}}."));
            var name = item.Command;
            if (name is null or "create")
                return (null, DomainError.Invalid($"commands[{i}].command", "names a command on this record (create is not one)."));
            var (read, error) = CommandReader.Read(name, item.Body, Guid.CreateVersion7);
            if (error is not null)
                return (null, error with
                {
                    Message = $"commands[{i}] ({name}): {error.Message}",
                    Fields = error.Fields?.ToDictionary(pair => $"commands[{i}].{pair.Key}", pair => pair.Value),
                });
            commands.Add(read!.Command);
        }
        return (new EditBatch(commands, body.Comment, body.Correction), null);
    }
}
