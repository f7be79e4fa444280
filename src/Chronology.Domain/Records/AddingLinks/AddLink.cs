using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.AddingLinks;

/// <summary>The meeting relates to another record (follows up on it, is part of it …).</summary>
public sealed record AddLink(Guid LinkId, LinkRelation Relation, Guid RecordId) : IAddsItem
{
    public Guid ItemId => LinkId;

    public Decision Decide(Record record, EditContext context)
    {
        if (RecordId == context.RecordId)
            return Decision.Refuse(new DomainError("link.to-itself", "A record cannot be linked to itself.", RefusalKind.InvalidInput));
        if (record.Links.Any(l => l.Relation == Relation && l.RecordId == RecordId))
            return Decision.NothingChanged;
        return Decision.Accept(new LinkAdded(LinkId, Relation, RecordId));
    }
}
