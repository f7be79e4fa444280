using Chronology.Domain.Records.Editing;
using Chronology.Domain.Records.StatusChanges;

namespace Chronology.Domain.Records.Scheduling;

/// <summary>The meeting was scheduled on <c>Facts.On</c> for <c>Facts.Start</c> (and <c>Facts.End</c>).</summary>
public sealed record ScheduleMeeting(StatusFacts Facts, bool Correction = false) : StatusChangeCommand(Facts, Correction)
{
    public override Decision Decide(Record record, EditContext context) => Decide(record, new MeetingScheduled(Facts));
}
