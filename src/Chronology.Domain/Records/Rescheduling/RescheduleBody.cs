using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Rescheduling;

/// <summary>The body of <c>reschedule</c>.</summary>
public sealed record RescheduleBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Rescheduled) is { } facts ? new RescheduleMeeting(facts, Correction) : null;
}
