namespace Chronology.Domain.Records.Editing;

/// <summary>An edit an editor asks for. Decided against the record's state into events, or refused.</summary>
public interface IRecordCommand
{
    Decision Decide(Record record, EditContext context);
}
