using Chronology.Domain.Records.Editing;

namespace Chronology.Domain.Records.RemovingParticipants;

/// <summary>The body of <c>removeParticipant</c>.</summary>
public sealed record RemoveParticipantBody : ItemBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) => new RemoveParticipant(Item(validation));
}
