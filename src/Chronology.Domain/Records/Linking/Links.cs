using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.Linking;

public sealed record AddLink(Guid LinkId, LinkRelation Relation, Guid RecordId) : IAddsItem
{
    public Guid ItemId => LinkId;
}

public sealed record RemoveLink(Guid LinkId) : IRecordCommand;

public sealed record LinkBody : EditBody, ICommandBody
{
    public string? Relation { get; init; }
    public Guid? RecordId { get; init; }

    public IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId, bool correction)
    {
        var relation = validation.Enum<LinkRelation>("relation", Relation);
        if (RecordId is null) validation.Add("recordId", "is required: the id of the linked record.");
        return validation.IsValid ? new AddLink(newItemId(), relation, RecordId!.Value) : null;
    }
}

public static class LinkDecisions
{
    public static Decision Decide(Guid recordId, Record record, AddLink command)
    {
        if (command.RecordId == recordId)
            return Decision.Refuse(new DomainError("link.to-itself", "A record cannot be linked to itself.", RefusalKind.InvalidInput));
        if (record.Links.Any(l => l.Relation == command.Relation && l.RecordId == command.RecordId))
            return Decision.NothingChanged;
        return Decision.Accept(new LinkAdded(command.LinkId, command.Relation, command.RecordId));
    }

    public static Decision Decide(Record record, RemoveLink command) =>
        record.Links.Any(l => l.Id == command.LinkId)
            ? Decision.Accept(new LinkRemoved(command.LinkId))
            : Decision.Refuse(RecordErrors.ItemNotFound("link", command.LinkId));
}
