namespace Chronology.Domain.Records.Editing;

/// <summary>An edit an editor asks for. Decided against the record's state into events, or refused.</summary>
public interface IRecordCommand;

/// <summary>A command that adds an item to one of the record's lists; the item's id is minted before deciding.</summary>
public interface IAddsItem : IRecordCommand
{
    Guid ItemId { get; }
}
