using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Scheduling;

/// <summary>The body of <c>schedule</c>.</summary>
public sealed record ScheduleBody : StatusChangeBody
{
    public override IRecordCommand? ToCommand(Validation validation, Func<Guid> newItemId) =>
        Facts(validation, StatusChange.Scheduled) is { } facts ? new ScheduleMeeting(facts, Correction) : null;
}
