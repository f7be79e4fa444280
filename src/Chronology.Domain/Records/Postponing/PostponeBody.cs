using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Postponing;

/// <summary>The body of <c>postpone</c>.</summary>
public sealed record PostponeBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Postponed) is { } facts ? new PostponeMeeting(facts, Correction) : null;
}
