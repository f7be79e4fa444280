using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Holding;

/// <summary>The body of <c>hold</c>.</summary>
public sealed record HoldBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Held) is { } facts ? new HoldMeeting(facts, Correction) : null;
}
