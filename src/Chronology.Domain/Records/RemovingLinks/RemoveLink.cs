using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.RemovingLinks;

/// <summary>The records are not related after all.</summary>
public sealed record RemoveLink(Guid LinkId) : IRecordCommand
{
    public Decision Decide(Record record, EditContext context) =>
        record.Links.Any(l => l.Id == LinkId)
            ? Decision.Accept(new LinkRemoved(LinkId))
            : Decision.Refuse(RecordErrors.ItemNotFound("link", LinkId));
}
