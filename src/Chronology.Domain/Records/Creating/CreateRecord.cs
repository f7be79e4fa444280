using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Creating;

/// <summary>A new record, revision 1: what the meeting is called, in which languages, what kind it is.</summary>
public sealed record CreateRecord(
    RecordKind Kind,
    LanguageText Title,
    LanguageNames Aliases,
    LanguageText Summary,
    ImmutableList<string> Tags,
    string? TimeZone) : IRecordCommand
{
    public Decision Decide(Record? existing) => existing is not null
        ? Decision.Refuse(RecordErrors.AlreadyExists(existing.Id))
        : Decision.Accept(new RecordCreated(Kind, Title, Aliases, Summary, Tags, TimeZone));

    public Decision Decide(Record record, EditContext context) => Decide(record);
}
