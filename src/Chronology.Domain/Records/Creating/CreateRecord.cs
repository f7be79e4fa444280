namespace Chronology.Domain.Records.Creating;

public sealed record CreateRecord(
    RecordKind Kind,
    LanguageText Title,
    LanguageNames Aliases,
    LanguageText Summary,
    ImmutableList<string> Tags,
    string? TimeZone) : Editing.IRecordCommand;

public static class Create
{
    public static Decision Decide(Record? existing, CreateRecord command) => existing is not null
        ? Decision.Refuse(Editing.RecordErrors.AlreadyExists(existing.Id))
        : Decision.Accept(new RecordCreated(command.Kind, command.Title, command.Aliases, command.Summary, command.Tags, command.TimeZone));
}
