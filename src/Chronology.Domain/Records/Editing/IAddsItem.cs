namespace Chronology.Domain.Records.Editing;

/// <summary>A command that adds an item to one of the record's lists; the item's id is minted before deciding.</summary>
public interface IAddsItem : IRecordCommand
{
    Guid ItemId { get; }
}
