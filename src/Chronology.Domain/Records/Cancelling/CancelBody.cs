using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Cancelling;

/// <summary>The body of <c>cancel</c>.</summary>
public sealed record CancelBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Cancelled) is { } facts ? new CancelMeeting(facts, Correction) : null;
}
