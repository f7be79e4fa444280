using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.RemovingLinks;

/// <summary>The body of <c>removeLink</c>.</summary>
public sealed record RemoveLinkBody : ItemBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) => new RemoveLink(Item(validation));
}
