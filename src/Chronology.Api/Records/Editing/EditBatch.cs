using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;

namespace Chronology.Api.Records.Editing;

/// <summary>The commands of an <c>/edits</c> body, each read through the <see cref="CommandCatalogue"/>.</summary>
public sealed record EditBatch(IReadOnlyList<IRecordCommand> Commands, string? Comment, bool Correction)
{
    public const int Limit = 100;

    public static (EditBatch? Batch, DomainError? Error) Read(EditBatchBody body)
    {
        if (body.Commands is not { Count: > 0 and <= Limit } items)
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
            var (read, error) = CommandCatalogue.Read(name, item.Body, Guid.CreateVersion7);
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
